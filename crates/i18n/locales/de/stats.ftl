stats-title = Statistiken
stats-this-years = Statistiken dieses Jahres
stats-heading = Statistiken { $year }
stats-years = Jahre
stats-this-year = Dieses Jahr
stats-streaks = Serien
stats-longest = Längste Serie
stats-longest-none = Noch keine Einheiten.
stats-current = Aktuelle Serie
stats-current-none = Keine: weder gestern noch heute eine Einheit.
stats-active-days = Aktive Tage im Jahr { $year }
stats-day-by-day = { $year }, Tag für Tag
stats-totals-by = Summen nach
stats-period-week = Wochen
stats-period-month = Monaten
stats-period-year = Jahren
stats-all-sports = Alle Sportarten
stats-year = Jahr
stats-show = Anzeigen
stats-streak-days = { $count ->
    [one] { $count } Tag
   *[other] { $count } Tage
}
stats-date-range = { $from } bis { $to }
stats-new = neu
stats-change-title = { $from } bis { $to }: { $value }
stats-vs-last-year = ggü. Vorjahr
stats-time-against = Zeit im Vergleich zum selben Zeitraum ein Jahr zuvor
stats-distance-against = Distanz im Vergleich zum selben Zeitraum ein Jahr zuvor
stats-by-week = Summen nach Wochen
stats-by-month = Summen nach Monaten
stats-by-year = Summen nach Jahren
stats-week = Woche
stats-month = Monat
stats-note-week = Bewegungszeit, Distanz und Anstieg; jede Woche im Vergleich zur Woche 52 Wochen davor (dieselben Wochentage ein Jahr zuvor).
stats-note-month = Bewegungszeit, Distanz und Anstieg; jeder Monat im Vergleich zum selben Monat ein Jahr zuvor.
stats-note-year = Bewegungszeit, Distanz und Anstieg; jedes Jahr im Vergleich zum Vorjahr.
stats-week-in-month = { $from }.–{ $to }. { $month }
stats-week-across = { $from }. { $from_month } – { $to }. { $to_month }
stats-by-sport = Nach Sportart
stats-span = { $from } bis { $to }, im Vergleich zu { $before_from } bis { $before_to }.
stats-no-workouts = Keine Einheiten in diesem Zeitraum.
stats-out-of-range = Statistiken gibt es für die Jahre { $first } bis { $last }.
stats-no-year = Das Jahr { $year } gibt es nicht.

## Die Heatmap
stats-days-of = Tage im Jahr { $year }
stats-heatmap-caption = Einheiten an jedem Tag des Jahres { $year }: { $count ->
    [one] { $count } aktiver Tag
   *[other] { $count } aktive Tage
}. Eine Spalte pro Woche, eine Zeile pro Wochentag; ein Tag mit Einheiten verlinkt auf seinen Monat im Kalender.
stats-day = { $date }: { $workouts }, { $time }
stats-day-rest = { $date }: keine Einheiten
stats-shades = Farbstufen nach Dauer
stats-level-0 = Keine Einheit
stats-level-1 = Unter 30 min
stats-level-2 = 30 min bis 1 h
stats-level-3 = 1 bis 2 h
stats-level-4 = 2 h oder mehr
