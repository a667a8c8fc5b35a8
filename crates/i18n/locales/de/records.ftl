# /records: the athlete's bests per sport, all time, of a year or between two days; the tabs of
# the pages that answer questions (records, curves, fitness).
records-title = Bestleistungen
records-answers = Auswertungen
records-pending = Dein Verlauf wird ausgewertet: { $count ->
    [one] { $count } Einheit ist noch zu analysieren. Bestleistungen können sich noch ändern, sobald sie fertig ist.
   *[other] { $count } Einheiten sind noch zu analysieren. Bestleistungen können sich noch ändern, sobald sie fertig sind.
}
records-empty = Noch keine Bestleistungen.
records-empty-filtered = Hier gibt es keine Bestleistungen.
records-empty-hint = Einheiten mit Distanz, Leistung oder Herzfrequenz ergeben Bestleistungen: die schnellsten 1 km, 5 km und Marathons, die beste 5- und 20-Minuten-Leistung und mehr.

## The filter
records-all-sports = Alle Sportarten
records-period = Zeitraum
records-all-time = Gesamter Zeitraum
records-between = Oder zwischen zwei Tagen
records-from = Von
records-to = Bis
records-range-hint = Angegebene Tage haben Vorrang vor dem Zeitraum.
records-indoor-distances = Distanzen auf Laufband und Rollentrainer mitzählen
records-show = Anzeigen
# $day is the text typed, in quotes.
records-error-first-day = Der erste Tag { $day } ist kein Datum (JJJJ-MM-TT).
records-error-last-day = Der letzte Tag { $day } ist kein Datum (JJJJ-MM-TT).
records-error-order = Der erste Tag ({ $first }) liegt nach dem letzten ({ $last }).

## The tables
records-fastest = Schnellste Zeiten
records-best-power = Beste Leistung
records-highest-hr = Höchste Herzfrequenz
records-workout = Einheit
records-mean-power = Mittlere Leistung
records-mean-hr = Mittlere Herzfrequenz
records-longest = Längste
records-indoor = (Indoor)
records-mile = 1 Meile
records-half-marathon = Halbmarathon
records-marathon = Marathon
