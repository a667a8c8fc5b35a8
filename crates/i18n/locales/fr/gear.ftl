# /gear: shoes, bikes and other gear with their totals and wear, forms to add and edit, and
# the default gear per sport; the gear forms' errors.
gear-title = Équipement
gear-add = Ajouter un équipement
gear-intro = Chaussures, vélos et tout ce que vous usez. Une séance indique l’équipement avec lequel elle a été faite ; sa distance et son temps s’additionnent ici.
gear-retired = Hors service
gear-retired-intro = Plus utilisés : ils ne sont plus proposés pour les nouvelles séances ni par défaut pour un sport. Leurs totaux sont conservés.
gear-empty = Aucun équipement pour l’instant.
gear-empty-hint = Ajoutez vos chaussures de course, vos vélos et tout ce que vous usez, puis choisissez-les sur la page de chaque séance (ou définissez un équipement par défaut par sport ci-dessous). Leurs kilomètres et leurs heures s’additionnent ici, et les chaussures vous avertissent à 700 km, quand la plupart sont usées. Un export Strava apporte son équipement avec ses activités.

## Kinds: one item, and several as a heading
gear-kind-shoes = Chaussures
gear-kind-bike = Vélo
gear-kind-other = Autre
gear-kinds-shoes = Chaussures
gear-kinds-bike = Vélos
gear-kinds-other = Autre équipement

## A piece of gear
gear-used = Utilisé
gear-used-never = pas encore
gear-retired-tag = hors service
# Distances with their unit; the share in percent.
gear-wear = { $done } sur { $warn } ({ $percent } %)
gear-wear-label = Vers sa distance d’alerte : { $wear }
gear-past = Distance d’alerte dépassée
# Follows gear-past, in the same sentence.
gear-past-detail = { "\u202F" }: { $over } au-delà de { $warn }. Il est temps de penser à le remplacer.
gear-near = Presque à sa distance d’alerte : encore { $left }.
gear-save-changes = Enregistrer les modifications
gear-retire = Mettre hors service
gear-retire-label = Mettre { $name } hors service
gear-unretire = Remettre en service
gear-unretire-label = Remettre { $name } en service
gear-delete = Supprimer…
gear-delete-explained = L’équipement est supprimé ; ses séances restent, sans équipement. Pour conserver ses totaux, mettez-le plutôt hors service.
gear-delete-label = Supprimer { $name } définitivement
gear-option-retired = { $name } (hors service)

## The gear form
gear-kind = Type
gear-brand = Marque
gear-model = Modèle
gear-warn-at = Alerter à ({ $unit })
gear-warn-hint-edit = Vide ou 0 : jamais d’alerte.
gear-warn-hint-new = Laissez vide pour la valeur habituelle : 700 km pour les chaussures, pas d’alerte pour les vélos et les autres équipements. 0 : jamais d’alerte.

## Defaults per sport
gear-defaults = Équipement par défaut par sport
gear-defaults-intro = Une nouvelle séance reçoit l’équipement par défaut de son sport quand son fichier ou son export n’en indique aucun. Vous pouvez toujours le changer sur la page de la séance.
gear-defaults-empty = Aucun équipement par défaut pour l’instant.
gear-default = { $sport } : { $name }
gear-deleted = (supprimé)
gear-default-remove = Retirer
gear-default-remove-label = Retirer l’équipement par défaut pour { $sport }
gear-defaults-none-active = Ajoutez d’abord un équipement en service, puis choisissez-le ici.
gear-default-set = Définir par défaut
# A link to the workouts, then " · " and this.
gear-your-workouts = Vos séances
gear-choose-on-workout = choisissez l’équipement sur la page de chaque séance.

## Errors
gear-error-kind = Choisissez des chaussures, un vélo ou un autre équipement.
gear-error-sport = Choisissez un sport dans la liste.
gear-error-warn-number = Indiquez la distance en nombre de { $unit }, par exemple 700.
gear-error-warn-range = Une distance d’alerte est supérieure à 0 et d’au plus { $max } km ; laissez-la vide pour ne jamais être alerté.
gear-error-no-such-gear = Cet équipement n’existe pas. Il a peut-être été supprimé.
gear-error-name-taken = Vous avez déjà un équipement nommé « { $name } » ; choisissez un autre nom.
gear-error-retired-default = « { $name } » est hors service et ne peut donc pas être l’équipement par défaut des nouvelles séances ; remettez-le d’abord en service.
gear-error-name-missing = Donnez un nom à l’équipement.
gear-error-name-long = Les noms comptent au plus { $max } caractères.
gear-error-name-line = Les noms tiennent sur une ligne, sans caractères de contrôle.
gear-error-brand-long = Les marques comptent au plus { $max } caractères.
gear-error-brand-line = Les marques tiennent sur une ligne, sans caractères de contrôle.
gear-error-model-long = Les modèles comptent au plus { $max } caractères.
gear-error-model-line = Les modèles tiennent sur une ligne, sans caractères de contrôle.
gear-error-notes-long = Les notes comptent au plus { $max } caractères.
gear-error-notes-control = Les notes ne peuvent pas contenir de caractères de contrôle.
