## Datum
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember
month-short-1 = Jan.
month-short-2 = Feb.
month-short-3 = März
month-short-4 = Apr.
month-short-5 = Mai
month-short-6 = Juni
month-short-7 = Juli
month-short-8 = Aug.
month-short-9 = Sept.
month-short-10 = Okt.
month-short-11 = Nov.
month-short-12 = Dez.
weekday-short-0 = Mo
weekday-short-1 = Di
weekday-short-2 = Mi
weekday-short-3 = Do
weekday-short-4 = Fr
weekday-short-5 = Sa
weekday-short-6 = So
weekday-0 = Montag
weekday-1 = Dienstag
weekday-2 = Mittwoch
weekday-3 = Donnerstag
weekday-4 = Freitag
weekday-5 = Samstag
weekday-6 = Sonntag
date-month-year = { $month } { $year }
date-medium = { $day }. { $month } { $year }
date-long = { $weekday }., { $day }. { $month } { $year }

## Sportarten
sport-running = Laufen
sport-cycling = Radfahren
sport-walking = Gehen
sport-hiking = Wandern
sport-swimming = Schwimmen
sport-rowing = Rudern
sport-paddling = Paddeln
sport-cross_country_skiing = Skilanglauf
sport-alpine_skiing = Ski alpin
sport-inline_skating = Inlineskaten
sport-mountaineering = Bergsteigen
sport-training = Training
sport-fitness_equipment = Fitnessgeräte
sport-transition = Wechsel
sport-generic = Allgemein

## Anzahlen
workout-count = { $count ->
    [0] Keine Einheiten
    [one] { $count } Einheit
   *[other] { $count } Einheiten
}

## Rahmen
skip-to-content = Zum Inhalt springen
nav-main = Hauptmenü
nav-calendar = Kalender
nav-workouts = Einheiten
nav-upload = Hochladen
nav-record = Aufzeichnen
nav-records = Bestleistungen
nav-map = Karte
nav-gear = Ausrüstung
nav-stats = Statistik
menu-label = Kontomenü von { $name }
menu-account = Konto
menu-settings = Einstellungen
menu-password = Passwort ändern
menu-export = Alles exportieren (ZIP)
menu-administration = Verwaltung
menu-users = Benutzer
menu-sign-out = Abmelden
loading = Wird geladen…
upload-workouts = Einheiten hochladen
empty-log = Dein Trainingstagebuch ist leer.
empty-log-hint = Lege deine FIT-, TCX-, GPX- oder Polar-HRM-Dateien (oder ein ZIP mit Jahren davon) auf der Upload-Seite ab: sie erscheinen dann hier, mit Herzfrequenz- und Pace-Diagrammen.

## Fehler
error-bad-request = Das Formular war unvollständig. Lade die Seite neu und versuche es noch einmal.
error-unauthorized = Bitte melde dich zuerst an.
error-forbidden = Das darf nur eine Administratorin oder ein Administrator.
error-not-found = Diese Einheit gibt es nicht. Vielleicht wurde sie gelöscht.
error-unreachable = Laps ist nicht erreichbar. Prüfe deine Verbindung und versuche es noch einmal.
error-internal = Bei uns ist etwas schiefgegangen. Bitte versuche es gleich noch einmal.

## Wörter
word-sport = Sportart
word-distance = Distanz
word-time = Zeit
word-duration = Dauer
word-pace = Pace
word-speed = Geschwindigkeit
word-heart-rate = Herzfrequenz
word-power = Leistung
word-cadence = Kadenz
word-ascent = Anstieg
word-elevation = Höhe
word-calories = Kalorien
word-date = Datum
word-name = Name
word-title = Titel
word-notes = Notizen
word-workouts = Einheiten
word-laps = Runden
word-total = Gesamt
word-save = Speichern
word-edit = Bearbeiten
word-saved = Gespeichert.
