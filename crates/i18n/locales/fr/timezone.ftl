# /settings/time-zone: moving the workouts placed by the previous time zone; the browser's zone
# on the sign-up form.
timezone-title = Déplacer les séances vers votre fuseau horaire
timezone-heading = Déplacer les séances vers votre fuseau horaire ?
timezone-nothing = Plus aucune séance ne tient son heure locale de { $zone } : rien à déplacer.
timezone-back = Retour aux réglages
timezone-explained = { $count ->
    [one] { $count } séance a pris son heure locale de votre ancien fuseau horaire, { $zone }, lors de son import : elle n’a pas de position indiquant où elle a été enregistrée, ou c’est un fichier Polar HRM, qui n’enregistre que l’heure locale.
   *[other] { $count } séances ont pris leur heure locale de votre ancien fuseau horaire, { $zone }, lors de leur import : elles n’ont pas de position indiquant où elles ont été enregistrées, ou certaines sont des fichiers Polar HRM, qui n’enregistrent que l’heure locale.
}
# Followed by timezone-days.
timezone-moved-to = Vers { $zone } :
timezone-days = { $count ->
    [0] aucune ne change de jour.
    [one] { $count } change de jour.
   *[other] { $count } changent de jour.
}
timezone-clocks = Les fichiers HRM gardent l’heure de leur horloge ; les autres gardent leur instant et affichent la nouvelle heure locale.
timezone-more = { $count ->
    [one] … et { $count } autre.
   *[other] … et { $count } autres.
}
timezone-move = { $count ->
    [one] Déplacer { $count } séance
   *[other] Déplacer { $count } séances
}
timezone-keep = Les laisser telles quelles
timezone-another-day = autre jour
timezone-from-browser = Fuseau horaire : { $zone } (celui de ce navigateur ; vous pouvez le changer dans Réglages).
