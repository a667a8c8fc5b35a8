# /record: live recording from Bluetooth sensors.
record-needs-script = Zum Aufzeichnen brauchst du JavaScript und einen Browser mit Web Bluetooth.
record-checking = Web Bluetooth wird geprüft…
record-unsupported = Dieser Browser kann nicht mit Bluetooth-Sensoren sprechen.
record-unsupported-hint = Live-Aufzeichnung braucht Web Bluetooth: Chrome, Edge oder Opera auf einem Computer oder Android-Handy (nicht Firefox oder Safari), über https oder auf diesem Computer. Du kannst trotzdem mit deiner Uhr oder einer Handy-App aufzeichnen und die Datei hochladen oder sie mit einem Zugriffstoken synchronisieren.

## An unfinished recording found on the device
record-found = Eine nicht abgeschlossene Aufzeichnung wurde gefunden.
# $time: when it started ("07:12"); $elapsed: how long it ran ("0:42:10").
record-found-hint = Gestartet um { $time }, { $elapsed } aufgezeichnet. Setze sie fort (verbinde deine Sensoren erneut, dann Fortsetzen) oder beende sie und speichere sie so, wie sie ist.
record-continue = Aufzeichnung fortsetzen
record-finish = Beenden und speichern

## Sensors
# Every sensor's name is masculine: the sentences below say "der", "den", "zum".
record-sensor-heart-rate = Brustgurt
record-sensor-footpod = Footpod
record-sensor-speed-cadence = Geschwindigkeits-/Trittfrequenzsensor
record-sensor-power = Leistungsmesser
record-connect = { $sensor } verbinden
record-choose = Wähle deinen { $sensor } in der Liste des Browsers…
record-connected = Verbunden: { $name }.
# A connected sensor: the name it advertises and what it is.
record-sensor-named = { $name } ({ $sensor })
record-connect-failed = Der { $sensor } konnte nicht verbunden werden: { $error }
record-sensor-disconnected = Verbindung zum { $sensor } getrennt; neu verbinden…
record-sensor-back = Der { $sensor } ist wieder da.
record-sensor-lost = Der { $sensor } kam nicht zurück; die Aufzeichnung behält, was sie hat.

## Figures and controls
record-hrv = HRV (RMSSD)
record-other-sport = Andere
record-start = Start
record-pause = Pause
record-resume = Fortsetzen
record-lap = Runde
record-saving = Wird gespeichert…
record-discard = Verwerfen
record-discard-confirm = Diese Aufzeichnung verwerfen? Sie wird nicht gespeichert.
record-discarded = Die Aufzeichnung wurde verworfen.
record-save-failed = Speichern fehlgeschlagen: { $error }. Deine Aufzeichnung bleibt auf diesem Gerät; versuche es noch einmal.

## Keeping and sending the recording
record-sync = Auf dem Server: { $sent ->
    [one] { $sent } Teil
   *[other] { $sent } Teile
}. Wartend auf diesem Gerät: { $waiting }.
record-sync-failed = Der Server war nicht erreichbar ({ $error }); die Teile werden gesendet, sobald er es wieder ist.
record-screen-off = Der Bildschirm kann sich während der Aufzeichnung ausschalten ({ $error }), und der Browser hört dann womöglich auf aufzuzeichnen: Lass ihn an.
record-not-kept = Dieser Browser lässt Laps die Aufzeichnung nicht auf dem Gerät speichern ({ $error }): sie wird nur gesendet, während du aufzeichnest.
record-no-wake-lock = dieser Browser kann den Bildschirm nicht anlassen
record-no-indexeddb = dieser Browser hat keine IndexedDB
record-not-recording = es wird nichts aufgezeichnet
record-nothing-recorded = es wurde nichts aufgezeichnet
record-no-session = der Server hat keine Sitzung geöffnet
record-server-refused = der Server hat abgelehnt
