activity-title = Tagesaktivität
activity-on = Aktivität am { $date }
activity-none = Für diesen Tag ist keine Aktivität bekannt. Die Begleit-App eines Wearables schickt sie über die Sync-API; Kontoarchive (Garmin Connect, Polar Flow, Apple Health, Google Fit) bringen vergangene Tage über die Upload-Seite herein.
activity-steps = Schritte
activity-active-calories = Aktive Kalorien
activity-active-time = Aktive Zeit
activity-source-device = Zahlen von deinem Gerät.
activity-source-archive = Zahlen aus dem Export von { $service }.
activity-by-hour = Schritte pro Stunde
activity-hour-title = { $time } · { $steps ->
    [1] { $steps } Schritt
   *[other] { $steps } Schritte
}
activity-hour-label = { $time }, { $steps ->
    [1] { $steps } Schritt
   *[other] { $steps } Schritte
}
activity-back = Zurück zum Kalender
