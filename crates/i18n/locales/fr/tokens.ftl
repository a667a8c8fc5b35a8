# /settings/tokens: personal access tokens.
tokens-title = Jetons d’accès
# A paragraph around two pieces of code: "… Send it as" `Authorization: Bearer …` "; apps …
# may add" `?access_token=…` "to the URL …".
tokens-intro-before = Un jeton permet à un script, une application mobile ou une application compagnon de capteur d’importer ou de synchroniser des séances en votre nom, sans votre mot de passe. Envoyez-le comme
tokens-intro-middle = ; les applications qui ne peuvent pas définir d’en-têtes peuvent ajouter
tokens-intro-after = à l’URL (moins sûr : les URL finissent dans les journaux).
tokens-revoked = Révoqué. Les applications qui utilisent ce jeton sont refusées désormais.
tokens-copy = Copiez le jeton « { $name } » maintenant : il n’est affiché qu’une fois.
tokens-empty = Aucun jeton pour l’instant.
tokens-may = Peut
tokens-made-at = Créé
tokens-last-used = Dernière utilisation
tokens-never = jamais
tokens-revoke = Révoquer
tokens-revoke-label = Révoquer { $name }
tokens-make-title = Créer un jeton
tokens-made = Créé.
tokens-name-placeholder = Import depuis le téléphone
tokens-it-may = Il peut
tokens-scope-upload-label = Importer des fichiers de séances
tokens-scope-sync-label = Synchroniser les données des capteurs
tokens-scope-read-label = Lire les séances et les exports
tokens-make = Créer le jeton
# What a token may do, in the list.
tokens-scope-upload = importer
tokens-scope-sync = synchroniser
tokens-scope-read = lire

## What the form refuses
tokens-name-invalid = Donnez au jeton un nom de 1 à 80 caractères.
tokens-scopes-invalid = Choisissez au moins une chose que le jeton peut faire.
tokens-no-such-token = Ce jeton n’existe pas.
