# /curves: the best mean power, pace or heart rate held for each duration, over three spans
# and a workout's own.
curves-title = Kurven
curves-curve = Kurve
curves-all-sports = Alle Sportarten
curves-show = Anzeigen
curves-hint = Der beste Mittelwert, den du für jede Dauer gehalten hast, von 1 Sekunde bis zu Stunden; die Zeitachse ist logarithmisch. Die Kurve einer Einheit im Vergleich dazu öffnest du auf ihrer Seite.
curves-empty = Hier noch keine Kurve.
curves-empty-hint = Einheiten, die mit Leistungsmesser, GPS oder Herzfrequenzgurt aufgezeichnet wurden, ergeben diese Kurven: das Beste, was du für jede Dauer von Sekunden bis Stunden gehalten hast.
curves-best = Bestwert je Dauer

## The chart: its name and its lines' names
curves-power = Leistungskurve
curves-pace = Pace-Kurve
curves-hr = Herzfrequenzkurve
curves-all-time = Gesamter Zeitraum
curves-this-year = Dieses Jahr
curves-last-90-days = Letzte 90 Tage
