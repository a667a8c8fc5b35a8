stats-title = Statistiques
stats-this-years = Statistiques de cette année
stats-heading = Statistiques { $year }
stats-years = Années
stats-this-year = Cette année
stats-streaks = Séries
stats-longest = Plus longue série
stats-longest-none = Aucune séance pour l’instant.
stats-current = Série en cours
stats-current-none = Aucune : pas de séance hier ni aujourd’hui.
stats-active-days = Jours actifs en { $year }
stats-day-by-day = { $year }, jour par jour
stats-totals-by = Totaux par
stats-period-week = Semaines
stats-period-month = Mois
stats-period-year = Années
stats-all-sports = Tous les sports
stats-year = Année
stats-show = Afficher
stats-streak-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
stats-date-range = du { $from } au { $to }
stats-new = nouveau
stats-change-title = Du { $from } au { $to } : { $value }
stats-vs-last-year = vs l’an dernier
stats-time-against = Temps par rapport à la même période un an plus tôt
stats-distance-against = Distance par rapport à la même période un an plus tôt
stats-by-week = Totaux par semaine
stats-by-month = Totaux par mois
stats-by-year = Totaux par année
stats-week = Semaine
stats-month = Mois
stats-note-week = Temps en mouvement, distance et dénivelé positif ; chaque semaine comparée à la semaine 52 semaines plus tôt (les mêmes jours de la semaine un an avant).
stats-note-month = Temps en mouvement, distance et dénivelé positif ; chaque mois comparé au même mois un an plus tôt.
stats-note-year = Temps en mouvement, distance et dénivelé positif ; chaque année comparée à l’année précédente.
stats-week-in-month = { $from }–{ $to } { $month }
stats-week-across = { $from } { $from_month } – { $to } { $to_month }
stats-by-sport = Par sport
stats-span = Du { $from } au { $to }, comparé à la période du { $before_from } au { $before_to }.
stats-no-workouts = Aucune séance sur cette période.
stats-out-of-range = Les statistiques couvrent les années { $first } à { $last }.
stats-no-year = L’année { $year } n’existe pas.

## La carte de chaleur
stats-days-of = Jours de { $year }
stats-heatmap-caption = Séances de chaque jour de { $year } : { $count ->
    [one] { $count } jour actif
   *[other] { $count } jours actifs
}. Une colonne par semaine, une ligne par jour de la semaine ; un jour avec des séances renvoie à son mois dans le calendrier.
stats-day = { $date } : { $workouts }, { $time }
stats-day-rest = { $date } : aucune séance
stats-shades = Nuances selon la durée
stats-level-0 = Aucune séance
stats-level-1 = Moins de 30 min
stats-level-2 = 30 min à 1 h
stats-level-3 = 1 à 2 h
stats-level-4 = 2 h ou plus
