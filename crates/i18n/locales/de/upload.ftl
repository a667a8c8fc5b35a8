# /upload: the upload form, each upload's progress and what it became.
upload-intro = FIT-, TCX-, GPX- und Polar-HRM-Dateien, gezippt oder nicht, oder ZIP-Archive davon, dazu die Kontoarchive von Strava und Polar Flow. Lege eine HRM-Datei zusammen mit ihrem GPX-Track ab, um eine Einheit mit beidem zu bekommen. Eine Datei, die du schon einmal hochgeladen hast, wird erkannt und nicht doppelt angelegt.
upload-drop = Dateien hier ablegen
upload-choose = oder auswählen:
upload-files = Trainingsdateien
upload-list = Uploads
upload-open-calendar = Kalender öffnen
upload-all-workouts = Alle Einheiten
upload-size-mb = { $size } MB
upload-size-kb = { $size } KB

## Progress
upload-bar-sending = { $name } wird gesendet
upload-bar-importing = { $name } wird importiert
upload-bar-uploaded = { $name } hochgeladen
upload-told-waiting = { $name }: wartet
upload-told-sending = { $name }: wird gesendet
upload-told-importing = { $name }: wird importiert
upload-told-importing-items = { $name }: { $total } Einträge werden importiert, { $percent } % erledigt
upload-waiting = Wartet…
upload-sending = Wird gesendet…
upload-importing = Wird importiert…
upload-importing-items = Import: { $done } von { $total } Einträgen
# A file (or an archive's entry) and what became of it.
upload-named = { $name }: { $text }

## Failures
upload-failed-start = Der Upload konnte in diesem Browser nicht starten.
upload-failed-connection = Laps war nicht erreichbar oder die Verbindung ist abgebrochen. Prüfe deine Verbindung; was schon importiert ist, bleibt, und wenn du dieselben Dateien noch einmal hochlädst, kommt nur der Rest dazu.
upload-failed-too-large = Dieser Upload ist größer, als der Server annimmt. Teile ihn in kleinere ZIP-Archive auf.
upload-failed-signed-out = Du wurdest abgemeldet. Melde dich wieder an und lade dann hoch.
upload-failed-busy = Laps ist gerade mit anderen Anfragen beschäftigt; versuche es gleich noch einmal.
upload-failed-status = Der Upload ist fehlgeschlagen ({ $status }).
upload-unreadable = Die Antwort des Servers konnte nicht gelesen werden.
upload-answer-cut = Die Antwort endete vor dem Upload; was aufgelistet ist, ist gespeichert. Lade dieselben Dateien noch einmal hoch, um den Rest zu importieren.

## Results
upload-see-month = { $month } im Kalender ansehen
upload-group-refused = Abgelehnt ({ $count })
upload-group-imported = Importiert ({ $workouts })
upload-group-duplicates = Schon vorhanden ({ $count })
upload-open-workout = Einheit öffnen
upload-next-session = nächste Einheit
upload-manual = (manueller Eintrag)
upload-overlaps = (überschneidet sich mit einer anderen Einheit)
upload-also-from = (jetzt auch von { $service })
upload-linked-from = schon vorhanden, jetzt auch von { $service }:
upload-status-imported = Importiert
upload-status-duplicate = Schon vorhanden
upload-status-linked = Verknüpft
upload-status-refused = Abgelehnt
upload-status-days = Aktivitätstage
upload-status-settings = Einstellungen
upload-status-gear = Ausrüstung
upload-status-skipped = Übersprungen
upload-days-stored = { $stored } gespeichert
upload-days-stored-kept = { $stored } gespeichert, { $kept } aus einer bevorzugten Quelle beibehalten
upload-gear-stored = { $stored } wiederhergestellt
upload-gear-stored-kept = { $stored } wiederhergestellt, { $kept } schon vorhanden und unverändert gelassen
upload-with-refused = { $text }; abgelehnt: { $refused }
upload-settings-restored = wiederhergestellt (Einheiten, Zeitzone, Herzfrequenzen und Zonen)
upload-settings-unchanged = schon wie im Export
# $kind is what the archive calls them ("sleep", "monitoring").
upload-skipped = { $count ->
    [one] { $count } Eintrag vom Typ „{ $kind }“ enthält nichts, was Laps importiert
   *[other] { $count } Einträge vom Typ „{ $kind }“ enthalten nichts, was Laps importiert
}

## The summary: the parts that apply, joined by commas
upload-summary-manual = { $count ->
    [one] { $count } manueller Eintrag
   *[other] { $count } manuelle Einträge
}
upload-summary-duplicates = { $count } schon importiert
upload-summary-linked = { $count ->
    [one] { $count } mit einer vorhandenen Einheit verknüpft
   *[other] { $count } mit vorhandenen Einheiten verknüpft
}
upload-summary-days = { $count ->
    [one] { $count } Aktivitätstag
   *[other] { $count } Aktivitätstage
}
upload-summary-days-kept = { $count ->
    [one] { $count } Tag aus einer bevorzugten Quelle beibehalten
   *[other] { $count } Tage aus einer bevorzugten Quelle beibehalten
}
upload-summary-refused = { $count } abgelehnt
upload-summary-days-refused = { $count ->
    [one] { $count } Tag abgelehnt
   *[other] { $count } Tage abgelehnt
}
upload-summary-settings = Einstellungen wiederhergestellt
upload-summary-gear = Ausrüstung wiederhergestellt
upload-summary-gear-refused = { $count ->
    [one] { $count } Ausrüstungseintrag abgelehnt
   *[other] { $count } Ausrüstungseinträge abgelehnt
}
upload-summary-skipped = { $count } übersprungen ({ $kinds })
upload-summary-nothing = nichts
