# /records: the athlete's bests per sport, all time, of a year or between two days; the tabs of
# the pages that answer questions (records, curves, fitness).
records-title = Records
records-answers = Analyses
records-pending = Analyse de votre historique en cours : { $count ->
    [one] { $count } séance reste à analyser. Les records peuvent changer une fois qu’elle sera traitée.
   *[other] { $count } séances restent à analyser. Les records peuvent changer à mesure qu’elles sont traitées.
}
records-empty = Aucun record pour l’instant.
records-empty-filtered = Aucun record ici.
records-empty-hint = Les séances avec distance, puissance ou fréquence cardiaque donnent des records : les 1 km, 5 km et marathon les plus rapides, la meilleure puissance sur 5 et 20 minutes, et plus encore.

## The filter
records-all-sports = Tous les sports
records-period = Période
records-all-time = Depuis toujours
records-between = Ou entre deux jours
records-from = Du
records-to = Au
records-range-hint = Les jours indiqués l’emportent sur la période.
records-indoor-distances = Compter les distances sur tapis de course et home trainer
records-show = Afficher
# $day is the text typed, in quotes.
records-error-first-day = Le premier jour { $day } n’est pas une date (AAAA-MM-JJ).
records-error-last-day = Le dernier jour { $day } n’est pas une date (AAAA-MM-JJ).
records-error-order = Le premier jour ({ $first }) est après le dernier ({ $last }).

## The tables
records-fastest = Meilleurs temps
records-best-power = Meilleure puissance
records-highest-hr = Fréquence cardiaque la plus élevée
records-workout = Séance
records-mean-power = Puissance moyenne
records-mean-hr = Fréquence cardiaque moyenne
records-longest = La plus longue
records-indoor = (en intérieur)
records-mile = 1 mile
records-half-marathon = Semi-marathon
records-marathon = Marathon
