# /gear: shoes, bikes and other gear with their totals and wear, forms to add and edit, and
# the default gear per sport; the gear forms' errors.
gear-title = Ausrüstung
gear-add = Ausrüstung hinzufügen
gear-intro = Schuhe, Räder und alles andere, was sich abnutzt. Eine Einheit nennt die Ausrüstung, mit der sie gemacht wurde; ihre Distanz und Zeit summieren sich hier.
gear-retired = Ausgemustert
gear-retired-intro = Nicht mehr in Gebrauch: für keine neue Einheit angeboten und für keine Sportart Standard. Ihre Summen bleiben.
gear-empty = Noch keine Ausrüstung.
gear-empty-hint = Füge deine Laufschuhe, deine Räder und alles andere hinzu, was sich abnutzt, und wähle es dann auf der Seite jeder Einheit (oder lege unten einen Standard pro Sportart fest). Kilometer und Stunden summieren sich hier, und Schuhe warnen dich bei 700 km, wenn die meisten abgelaufen sind. Ein Strava-Export bringt seine Ausrüstung zusammen mit den Aktivitäten mit.

## Kinds: one item, and several as a heading
gear-kind-shoes = Schuhe
gear-kind-bike = Fahrrad
gear-kind-other = Sonstiges
gear-kinds-shoes = Schuhe
gear-kinds-bike = Fahrräder
gear-kinds-other = Sonstige Ausrüstung

## A piece of gear
gear-used = Genutzt
gear-used-never = noch nicht
gear-retired-tag = ausgemustert
# Distances with their unit; the share in percent.
gear-wear = { $done } von { $warn } ({ $percent } %)
gear-wear-label = Bis zur Warndistanz: { $wear }
gear-past = Warndistanz überschritten
# Follows gear-past, in the same sentence.
gear-past-detail = : { $over } über { $warn }. Zeit, über Ersatz nachzudenken.
gear-near = Fast an der Warndistanz: noch { $left }.
gear-save-changes = Änderungen speichern
gear-retire = Ausmustern
gear-retire-label = { $name } ausmustern
gear-unretire = Wieder in Gebrauch nehmen
gear-unretire-label = { $name } wieder in Gebrauch nehmen
gear-delete = Löschen…
gear-delete-explained = Die Ausrüstung wird gelöscht; ihre Einheiten bleiben, ohne Ausrüstung. Um ihre Summen zu behalten, mustere sie stattdessen aus.
gear-delete-label = { $name } endgültig löschen
gear-option-retired = { $name } (ausgemustert)

## The gear form
gear-kind = Art
gear-brand = Marke
gear-model = Modell
gear-warn-at = Warnen bei ({ $unit })
gear-warn-hint-edit = Leer oder 0: nie warnen.
gear-warn-hint-new = Leer lassen für den üblichen Wert: 700 km für Schuhe, keine Warnung für Räder und sonstige Ausrüstung. 0: nie warnen.

## Defaults per sport
gear-defaults = Standard pro Sportart
gear-defaults-intro = Eine neue Einheit bekommt die Standardausrüstung ihrer Sportart, wenn ihre Datei oder ihr Export keine nennt. Auf der Seite der Einheit kannst du sie trotzdem ändern.
gear-defaults-empty = Noch keine Standards.
gear-default = { $sport }: { $name }
gear-deleted = (gelöscht)
gear-default-remove = Entfernen
gear-default-remove-label = Standard für { $sport } entfernen
gear-defaults-none-active = Füge zuerst Ausrüstung in Gebrauch hinzu; dann wähle sie hier.
gear-default-set = Als Standard festlegen
# A link to the workouts, then " · " and this.
gear-your-workouts = Deine Einheiten
gear-choose-on-workout = Ausrüstung wählst du auf der Seite jeder Einheit.

## Errors
gear-error-kind = Wähle Schuhe, ein Fahrrad oder sonstige Ausrüstung.
gear-error-sport = Wähle eine Sportart aus der Liste.
gear-error-warn-number = Gib die Distanz als Zahl in { $unit } an, etwa 700.
gear-error-warn-range = Eine Warndistanz ist größer als 0 und höchstens { $max } km; lass sie leer, um nie gewarnt zu werden.
gear-error-no-such-gear = Diese Ausrüstung gibt es nicht. Vielleicht wurde sie gelöscht.
gear-error-name-taken = Du hast schon Ausrüstung namens „{ $name }“; wähle einen anderen Namen.
gear-error-retired-default = „{ $name }“ ist ausgemustert und kann daher nicht Standard für neue Einheiten sein; nimm sie zuerst wieder in Gebrauch.
gear-error-name-missing = Gib der Ausrüstung einen Namen.
gear-error-name-long = Namen haben höchstens { $max } Zeichen.
gear-error-name-line = Namen sind eine Zeile, ohne Steuerzeichen.
gear-error-brand-long = Marken haben höchstens { $max } Zeichen.
gear-error-brand-line = Marken sind eine Zeile, ohne Steuerzeichen.
gear-error-model-long = Modelle haben höchstens { $max } Zeichen.
gear-error-model-line = Modelle sind eine Zeile, ohne Steuerzeichen.
gear-error-notes-long = Notizen haben höchstens { $max } Zeichen.
gear-error-notes-control = Notizen dürfen keine Steuerzeichen enthalten.
