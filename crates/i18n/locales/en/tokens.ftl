# /settings/tokens: personal access tokens.
tokens-title = Access tokens
# A paragraph around two pieces of code: "… Send it as" `Authorization: Bearer …` "; apps …
# may add" `?access_token=…` "to the URL …".
tokens-intro-before = A token lets a script, a phone app or a sensor companion app upload or sync workouts as you, without your password. Send it as
tokens-intro-middle = ; apps that cannot set headers may add
tokens-intro-after = to the URL (less safe: URLs end up in logs).
tokens-revoked = Revoked. Apps using that token are refused from now on.
tokens-copy = Copy the token “{ $name }” now: it is shown only once.
tokens-empty = No tokens yet.
tokens-may = May
tokens-made-at = Made
tokens-last-used = Last used
tokens-never = never
tokens-revoke = Revoke
tokens-revoke-label = Revoke { $name }
tokens-make-title = Make a token
tokens-made = Made.
tokens-name-placeholder = Phone uploader
tokens-it-may = It may
tokens-scope-upload-label = Upload workout files
tokens-scope-sync-label = Sync sensor data
tokens-scope-read-label = Read workouts and exports
tokens-make = Make token
# What a token may do, in the list.
tokens-scope-upload = upload
tokens-scope-sync = sync
tokens-scope-read = read

## What the form refuses
tokens-name-invalid = Give the token a name of 1 to 80 characters.
tokens-scopes-invalid = Choose at least one thing the token may do.
tokens-no-such-token = There is no such token.
