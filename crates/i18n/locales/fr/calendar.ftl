calendar-earlier = Avant :
calendar-later = Après :
calendar-latest = Dernières séances :
calendar-month = Mois
calendar-year = Année
calendar-show = Afficher
calendar-all-of = Toute l’année { $year }
calendar-months = Mois
calendar-years = Années
calendar-previous-year = Année précédente
calendar-previous-month = Mois précédent
calendar-today = Aujourd’hui
calendar-next-month = Mois suivant
calendar-next-year = Année suivante
calendar-list = Liste
calendar-workouts = { $count ->
    [one] { $count } séance
   *[other] { $count } séances
}
calendar-caption = Séances de { $month }, une ligne par semaine, totaux dans la dernière colonne
calendar-week = Semaine
calendar-empty-month = Aucune séance en { $month }.
calendar-empty-year = Aucune séance en { $year }.
calendar-steps = { $count ->
    [one] { $count } pas
   *[other] { $count } pas
}
calendar-workout-label = { $title } : { $summary }
calendar-weekday-day = { $weekday } { $day }
calendar-day-month = { $day } { $month }
calendar-week-of = Semaine du { $date }
calendar-mini-caption = { $month } : { $totals }
