# /upload: the upload form, each upload's progress and what it became.
upload-intro = Fichiers FIT, TCX, GPX et Polar HRM, compressés en gzip ou non, ou des zips de ces fichiers, ainsi que les archives de compte de Strava et Polar Flow. Déposez un fichier HRM avec sa trace GPX pour obtenir une seule séance avec les deux. Un fichier déjà importé est reconnu et n’est pas ajouté deux fois.
upload-drop = Déposez les fichiers ici
upload-choose = ou choisissez-les :
upload-files = Fichiers de séances
upload-list = Importations
upload-open-calendar = Ouvrir le calendrier
upload-all-workouts = Toutes les séances
upload-size-mb = { $size } Mo
upload-size-kb = { $size } Ko

## Progress
upload-bar-sending = Envoi de { $name }
upload-bar-importing = Importation de { $name }
upload-bar-uploaded = { $name } envoyé
upload-told-waiting = { $name } : en attente
upload-told-sending = { $name } : envoi
upload-told-importing = { $name } : importation
upload-told-importing-items = { $name } : importation de { $total } éléments, { $percent } % effectués
upload-waiting = En attente…
upload-sending = Envoi…
upload-importing = Importation…
upload-importing-items = Importation : { $done } sur { $total } éléments
# A file (or an archive's entry) and what became of it.
upload-named = { $name } : { $text }

## Failures
upload-failed-start = L’importation n’a pas pu démarrer dans ce navigateur.
upload-failed-connection = Laps est injoignable, ou la connexion a été interrompue. Vérifiez votre connexion ; ce qui a été importé est conservé, et importer à nouveau les mêmes fichiers n’ajoute que le reste.
upload-failed-too-large = Cette importation dépasse la taille acceptée par le serveur. Répartissez-la en zips plus petits.
upload-failed-signed-out = Vous avez été déconnecté. Reconnectez-vous, puis importez.
upload-failed-busy = Laps est occupé par d’autres requêtes en ce moment ; réessayez dans un instant.
upload-failed-status = L’importation a échoué ({ $status }).
upload-unreadable = La réponse du serveur n’a pas pu être lue.
upload-answer-cut = La réponse s’est arrêtée avant la fin de l’importation ; ce qui est listé est enregistré. Importez à nouveau les mêmes fichiers pour importer le reste.

## Results
upload-see-month = Voir { $month } dans le calendrier
upload-group-refused = Refusés ({ $count })
upload-group-imported = Importées ({ $workouts })
upload-group-duplicates = Déjà présents ({ $count })
upload-open-workout = ouvrir la séance
upload-next-session = séance suivante
upload-manual = (saisie manuelle)
upload-overlaps = (chevauche une autre séance)
upload-also-from = (désormais aussi depuis { $service })
upload-linked-from = déjà présente, désormais aussi depuis { $service } :
upload-status-imported = Importé
upload-status-duplicate = Déjà présent
upload-status-linked = Lié
upload-status-refused = Refusé
upload-status-days = Jours d’activité
upload-status-settings = Réglages
upload-status-gear = Équipement
upload-status-skipped = Ignoré
upload-days-stored = { $stored ->
    [one] { $stored } enregistré
   *[other] { $stored } enregistrés
}
upload-days-stored-kept = { $stored ->
    [one] { $stored } enregistré
   *[other] { $stored } enregistrés
}, { $kept ->
    [one] { $kept } conservé depuis une source préférée
   *[other] { $kept } conservés depuis une source préférée
}
upload-gear-stored = { $stored ->
    [one] { $stored } restauré
   *[other] { $stored } restaurés
}
upload-gear-stored-kept = { $stored ->
    [one] { $stored } restauré
   *[other] { $stored } restaurés
}, { $kept ->
    [one] { $kept } déjà présent, laissé tel quel
   *[other] { $kept } déjà présents, laissés tels quels
}
upload-with-refused = { $text } ; refusés : { $refused }
upload-settings-restored = restaurés (unités, fuseau horaire, fréquences cardiaques et zones)
upload-settings-unchanged = déjà identiques à l’export
# $kind is what the archive calls them ("sleep", "monitoring").
upload-skipped = { $count ->
    [one] { $count } entrée de type « { $kind } » ne contient rien que Laps importe
   *[other] { $count } entrées de type « { $kind } » ne contiennent rien que Laps importe
}

## The summary: the parts that apply, joined by commas
upload-summary-manual = { $count ->
    [one] { $count } saisie manuelle
   *[other] { $count } saisies manuelles
}
upload-summary-duplicates = { $count ->
    [one] { $count } déjà importé
   *[other] { $count } déjà importés
}
upload-summary-linked = { $count ->
    [one] { $count } liée à une séance déjà présente
   *[other] { $count } liées à des séances déjà présentes
}
upload-summary-days = { $count ->
    [one] { $count } jour d’activité
   *[other] { $count } jours d’activité
}
upload-summary-days-kept = { $count ->
    [one] { $count } jour conservé depuis une source préférée
   *[other] { $count } jours conservés depuis une source préférée
}
upload-summary-refused = { $count ->
    [one] { $count } refusé
   *[other] { $count } refusés
}
upload-summary-days-refused = { $count ->
    [one] { $count } jour refusé
   *[other] { $count } jours refusés
}
upload-summary-settings = paramètres restaurés
upload-summary-gear = équipement restauré
upload-summary-gear-refused = { $count ->
    [one] { $count } équipement refusé
   *[other] { $count } équipements refusés
}
upload-summary-skipped = { $count ->
    [one] { $count } ignoré ({ $kinds })
   *[other] { $count } ignorés ({ $kinds })
}
upload-summary-nothing = rien
