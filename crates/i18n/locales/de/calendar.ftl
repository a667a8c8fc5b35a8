calendar-earlier = Früher:
calendar-later = Später:
calendar-latest = Neueste Einheiten:
calendar-month = Monat
calendar-year = Jahr
calendar-show = Anzeigen
calendar-all-of = Das ganze Jahr { $year }
calendar-months = Monate
calendar-years = Jahre
calendar-previous-year = Vorheriges Jahr
calendar-previous-month = Vorheriger Monat
calendar-today = Heute
calendar-next-month = Nächster Monat
calendar-next-year = Nächstes Jahr
calendar-list = Liste
calendar-workouts = { $count ->
    [one] { $count } Einheit
   *[other] { $count } Einheiten
}
calendar-caption = Einheiten im { $month }, eine Zeile pro Woche, Summen in der letzten Spalte
calendar-week = Woche
calendar-empty-month = Keine Einheiten im { $month }.
calendar-empty-year = Keine Einheiten im Jahr { $year }.
calendar-steps = { $count ->
    [one] { $count } Schritt
   *[other] { $count } Schritte
}
calendar-workout-label = { $title }: { $summary }
calendar-weekday-day = { $weekday } { $day }.
calendar-day-month = { $day }. { $month }
calendar-week-of = Woche ab { $date }
calendar-mini-caption = { $month }: { $totals }
