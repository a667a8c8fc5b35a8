# /settings: the athlete's preferences.
settings-title = Réglages
settings-change-password = Changer votre mot de passe
settings-connected-apps = Applications connectées
settings-moved = { $count ->
    [one] Enregistré. { $count } séance a été déplacée vers votre nouveau fuseau horaire.
   *[other] Enregistré. { $count } séances ont été déplacées vers votre nouveau fuseau horaire.
}
settings-language = Langue
settings-language-automatic = Automatique (la langue du navigateur)
settings-units = Unités
settings-units-metric = Métriques (km, m, km/h, min/km)
settings-units-imperial = Impériales (mi, ft, mph, min/mi)
settings-time-zone = Fuseau horaire
settings-time-zone-hint = Pour les séances sans GPS et les fichiers Polar HRM, qui n’enregistrent que l’heure locale. Les séances avec GPS prennent le fuseau de leur lieu de départ.
settings-first-day = Premier jour de la semaine
settings-max-hr = Maximale (bpm)
settings-resting-hr = Au repos (bpm)
settings-zones = Zones : début de chacune (bpm)
settings-zone = Zone { $number }
settings-zones-hint = La zone 5 s’arrête à votre maximum. Les zones usuelles commencent à 50, 60, 70, 80 et 90 % de celui-ci.
settings-training-load = Charge d’entraînement
settings-ftp = FTP (W)
settings-trimp = Charge cardiaque (TRIMP)
settings-trimp-men = Coefficients de Banister pour les hommes
settings-trimp-women = Coefficients de Banister pour les femmes
settings-ftp-hint = Avec votre FTP, les séances avec puissance tirent leur charge de celle-ci (stress d’entraînement) ; les autres de la fréquence cardiaque, avec vos fréquences de repos et maximale ci-dessus. Laissez vide si vous ne la connaissez pas.
# The weekday is the short name ("lun."), which brings its own full stop.
settings-weeks-start = Les semaines commencent le { $weekday }.

## What the form refuses
settings-error-heart-rate-range = La fréquence cardiaque doit être comprise entre 30 et 250 bpm.
settings-error-resting-above-max = La fréquence cardiaque au repos doit être inférieure à la maximale.
settings-error-zone-order = Les limites des zones doivent croître de la zone 1 à la zone 5 et rester sous la fréquence cardiaque maximale.
settings-error-ftp-range = La FTP doit être comprise entre 30 et 700 W, ou rester vide.
settings-error-time-zone = Fuseau horaire inconnu : { $zone }
