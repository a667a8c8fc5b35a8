# /settings: the athlete's preferences.
settings-title = Settings
settings-change-password = Change your password
settings-connected-apps = Connected apps
settings-moved = { $count ->
    [one] Saved. { $count } workout moved to your new time zone.
   *[other] Saved. { $count } workouts moved to your new time zone.
}
settings-language = Language
settings-language-automatic = Automatic (the browser's language)
settings-units = Units
settings-units-metric = Metric (km, m, km/h, min/km)
settings-units-imperial = Imperial (mi, ft, mph, min/mi)
settings-time-zone = Time zone
settings-time-zone-hint = For workouts without GPS and for Polar HRM files, which record local time only. Workouts with GPS take the zone of where they started.
settings-first-day = First day of the week
settings-max-hr = Maximum (bpm)
settings-resting-hr = Resting (bpm)
settings-zones = Zones: where each begins (bpm)
settings-zone = Zone { $number }
settings-zones-hint = Zone 5 ends at your maximum. The usual zones start at 50, 60, 70, 80 and 90% of it.
settings-training-load = Training load
settings-ftp = FTP (W)
settings-trimp = Heart-rate load (TRIMP)
settings-trimp-men = Banister's coefficients for men
settings-trimp-women = Banister's coefficients for women
settings-ftp-hint = With your FTP, workouts with power get their load from it (training stress); the others from heart rate, with your resting and maximum heart rate above. Leave it empty if you do not know it.
settings-weeks-start = Weeks start on { $weekday }.

## What the form refuses
settings-error-heart-rate-range = Heart rates must be between 30 and 250 bpm.
settings-error-resting-above-max = The resting heart rate must be below the maximum.
settings-error-zone-order = Zone limits must rise from zone 1 to zone 5 and stay below the maximum heart rate.
settings-error-ftp-range = FTP must be between 30 and 700 W, or empty.
settings-error-time-zone = Unknown time zone: { $zone }
