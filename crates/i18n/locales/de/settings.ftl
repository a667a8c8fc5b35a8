# /settings: the athlete's preferences.
settings-title = Einstellungen
settings-change-password = Passwort ändern
settings-connected-apps = Verbundene Apps
settings-moved = { $count ->
    [one] Gespeichert. { $count } Einheit wurde in deine neue Zeitzone verschoben.
   *[other] Gespeichert. { $count } Einheiten wurden in deine neue Zeitzone verschoben.
}
settings-language = Sprache
settings-language-automatic = Automatisch (Sprache des Browsers)
settings-units = Einheiten
settings-units-metric = Metrisch (km, m, km/h, min/km)
settings-units-imperial = Imperial (mi, ft, mph, min/mi)
settings-time-zone = Zeitzone
settings-time-zone-hint = Für Einheiten ohne GPS und für Polar-HRM-Dateien, die nur die Ortszeit aufzeichnen. Einheiten mit GPS bekommen die Zeitzone ihres Startorts.
settings-first-day = Erster Tag der Woche
settings-max-hr = Maximum (bpm)
settings-resting-hr = Ruhepuls (bpm)
settings-zones = Zonen: wo jede beginnt (bpm)
settings-zone = Zone { $number }
settings-zones-hint = Zone 5 endet bei deinem Maximum. Üblicherweise beginnen die Zonen bei 50, 60, 70, 80 und 90 % davon.
settings-training-load = Trainingsbelastung
settings-ftp = FTP (W)
settings-trimp = Herzfrequenzbelastung (TRIMP)
settings-trimp-men = Banister-Koeffizienten für Männer
settings-trimp-women = Banister-Koeffizienten für Frauen
settings-ftp-hint = Mit deiner FTP bekommen Einheiten mit Leistung ihre Belastung daraus (Trainingsstress); die anderen aus der Herzfrequenz, mit deinem Ruhe- und Maximalpuls von oben. Lass das Feld leer, wenn du sie nicht kennst.
settings-weeks-start = Wochen beginnen am { $weekday }.

## What the form refuses
settings-error-heart-rate-range = Herzfrequenzen müssen zwischen 30 und 250 bpm liegen.
settings-error-resting-above-max = Der Ruhepuls muss unter dem Maximum liegen.
settings-error-zone-order = Die Zonengrenzen müssen von Zone 1 bis Zone 5 ansteigen und unter der maximalen Herzfrequenz bleiben.
settings-error-ftp-range = Die FTP muss zwischen 30 und 700 W liegen oder leer bleiben.
settings-error-time-zone = Unbekannte Zeitzone: { $zone }
