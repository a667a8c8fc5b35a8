workout-title = Séance
workout-start = { $date } à { $time } (UTC{ $offset }{ $zone })
workout-also-in = Aussi dans : { $sources }
workout-overlaps = Une autre séance chevauche celle-ci dans le temps (peut-être la même séance enregistrée par un autre appareil) :

## Tuiles
workout-moving-time = Temps en mouvement
workout-avg-speed = Vitesse moy.
workout-avg-pace = Allure moy.
workout-avg-hr = FC moy.
workout-max-hr = FC max.
workout-avg-cadence = Cadence moy.
workout-avg-power = Puissance moy.
workout-max-power = Puissance max.
workout-training-stress = Stress d’entraînement
workout-load-trimp = Charge (TRIMP)
workout-curve-link = Sa courbe face à vos records
workout-export-label = Export
workout-export = Exporter :
workout-export-original = Original

## Graphiques, zones, parcours
workout-charts = Graphiques
workout-chart-axis = Axe horizontal des graphiques
workout-by-time = Par temps
workout-by-distance = Par distance
workout-marked = Repéré : l’effort de { $from } à { $to } depuis le début de la séance.
workout-zones = Zones de fréquence cardiaque
workout-zone = Zone { $zone } · { $low }–{ $high } bpm
workout-zones-from = Zones issues de vos
workout-zones-settings = réglages
workout-route = Parcours

## Tours
workout-splits-mile = Temps intermédiaires (par mile)
workout-splits-kilometre = Temps intermédiaires (par kilomètre)
workout-lap = Tour
workout-normalized-power = Puissance normalisée
workout-ended-by = Terminé par
workout-trigger-manual = manuel
workout-trigger-time = temps
workout-trigger-distance = distance
workout-trigger-position = position
workout-trigger-heart-rate = fréquence cardiaque
workout-trigger-session-end = fin de séance
workout-trigger-split = intermédiaire
workout-trigger-other = autre

## Modification
workout-edit = Titre, sport et notes
workout-title-length = Un titre compte de 1 à { $max } caractères.
workout-sport-unknown = Choisissez un sport dans la liste.
workout-notes-length = Les notes comptent au plus { $max } caractères.

## Équipement
workout-gear = Équipement
workout-gear-saved = Équipement enregistré.
workout-gear-done = Réalisée avec
workout-gear-retired = , désormais hors service
workout-gear-none-chosen = Aucun équipement choisi.
workout-gear-add-before = Ajoutez vos chaussures ou votre vélo sur la
workout-gear-add-link = page Équipement
workout-gear-add-after = , puis choisissez-les ici ; leurs kilomètres s’y additionnent.
workout-gear-none = Aucun
workout-gear-set = Choisir le matériel
workout-no-such-gear = Ce matériel n’existe pas. Il a peut-être été supprimé.

## Suppression
workout-delete = Supprimer cette séance…
workout-delete-warning = La séance, ses tours, ses mesures et son fichier d’origine sont supprimés définitivement. Exportez-la d’abord si vous pensez en avoir besoin plus tard.
workout-delete-confirm = Supprimer définitivement
