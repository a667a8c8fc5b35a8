workout-title = Einheit
workout-start = { $date }, { $time } (UTC{ $offset }{ $zone })
workout-also-in = Auch in: { $sources }
workout-overlaps = Eine andere Einheit überschneidet sich zeitlich mit dieser (vielleicht dieselbe Einheit von einem anderen Gerät):

## Kacheln
workout-moving-time = Bewegungszeit
workout-avg-speed = Ø Geschwindigkeit
workout-avg-pace = Ø Pace
workout-avg-hr = Ø HF
workout-max-hr = Max. HF
workout-avg-cadence = Ø Kadenz
workout-avg-power = Ø Leistung
workout-max-power = Max. Leistung
workout-training-stress = Trainingsstress
workout-load-trimp = Belastung (TRIMP)
workout-curve-link = Die Kurve dieser Einheit im Vergleich zu deinen Bestleistungen
workout-export-label = Export
workout-export = Export:
workout-export-original = Original

## Diagramme, Zonen, Strecke
workout-charts = Diagramme
workout-chart-axis = x-Achse der Diagramme
workout-by-time = Nach Zeit
workout-by-distance = Nach Distanz
workout-marked = Markiert: der Abschnitt von { $from } bis { $to } der Einheit.
workout-zones = Herzfrequenzzonen
workout-zone = Zone { $zone } · { $low }–{ $high } bpm
workout-zones-from = Zonen aus deinen
workout-zones-settings = Einstellungen
workout-route = Strecke

## Runden
workout-splits-mile = Zwischenzeiten (pro Meile)
workout-splits-kilometre = Zwischenzeiten (pro Kilometer)
workout-lap = Runde
workout-normalized-power = Normalisierte Leistung
workout-ended-by = Beendet durch
workout-trigger-manual = manuell
workout-trigger-time = Zeit
workout-trigger-distance = Distanz
workout-trigger-position = Position
workout-trigger-heart-rate = Herzfrequenz
workout-trigger-session-end = Ende der Aufzeichnung
workout-trigger-split = Zwischenzeit
workout-trigger-other = sonstiges

## Bearbeiten
workout-edit = Titel, Sportart und Notizen
workout-title-length = Ein Titel hat 1 bis { $max } Zeichen.
workout-sport-unknown = Wähle eine Sportart aus der Liste.
workout-notes-length = Notizen haben höchstens { $max } Zeichen.

## Ausrüstung
workout-gear = Ausrüstung
workout-gear-saved = Ausrüstung gespeichert.
workout-gear-done = Absolviert mit
workout-gear-retired = , inzwischen ausgemustert
workout-gear-none-chosen = Keine Ausrüstung gewählt.
workout-gear-add-before = Lege deine Schuhe oder dein Rad auf der
workout-gear-add-link = Ausrüstungsseite
workout-gear-add-after = { " " }an und wähle sie dann hier aus; dort summieren sich ihre Kilometer.
workout-gear-none = Keine
workout-gear-set = Ausrüstung festlegen
workout-no-such-gear = Diese Ausrüstung gibt es nicht. Vielleicht wurde sie gelöscht.

## Löschen
workout-delete = Diese Einheit löschen…
workout-delete-warning = Die Einheit, ihre Runden, Messwerte und die Originaldatei werden endgültig gelöscht. Exportiere sie vorher, falls du sie vielleicht zurückhaben möchtest.
workout-delete-confirm = Endgültig löschen
