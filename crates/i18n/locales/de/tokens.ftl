# /settings/tokens: personal access tokens.
tokens-title = Zugriffstokens
# A paragraph around two pieces of code: "… Send it as" `Authorization: Bearer …` "; apps …
# may add" `?access_token=…` "to the URL …".
tokens-intro-before = Mit einem Token kann ein Skript, eine Handy-App oder eine Sensor-App Einheiten in deinem Namen hochladen oder synchronisieren, ohne dein Passwort. Sende es als
tokens-intro-middle = ; Apps, die keine Header setzen können, dürfen
tokens-intro-after = an die URL anhängen (weniger sicher: URLs landen in Logs).
tokens-revoked = Widerrufen. Apps mit diesem Token werden ab jetzt abgewiesen.
tokens-copy = Kopiere das Token „{ $name }“ jetzt: Es wird nur einmal angezeigt.
tokens-empty = Noch keine Tokens.
tokens-may = Darf
tokens-made-at = Erstellt
tokens-last-used = Zuletzt benutzt
tokens-never = nie
tokens-revoke = Widerrufen
tokens-revoke-label = { $name } widerrufen
tokens-make-title = Token erstellen
tokens-made = Erstellt.
tokens-name-placeholder = Handy-Uploader
tokens-it-may = Es darf
tokens-scope-upload-label = Trainingsdateien hochladen
tokens-scope-sync-label = Sensordaten synchronisieren
tokens-scope-read-label = Einheiten und Exporte lesen
tokens-make = Token erstellen
# What a token may do, in the list.
tokens-scope-upload = hochladen
tokens-scope-sync = synchronisieren
tokens-scope-read = lesen

## What the form refuses
tokens-name-invalid = Gib dem Token einen Namen mit 1 bis 80 Zeichen.
tokens-scopes-invalid = Wähle mindestens eine Sache, die das Token darf.
tokens-no-such-token = Dieses Token gibt es nicht.
