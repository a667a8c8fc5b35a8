# Accounts: signing in and up, the password, the errors of account forms, unknown addresses.

## /signin
account-sign-in = Anmelden
account-signing-in = Anmeldung läuft…
account-username = Benutzername
account-password = Passwort
account-fresh = Dieses Laps hat noch keine Konten.
account-fresh-detail = Das erste Konto, das du anlegst, wird sein Administrator: Es kann die Registrierung öffnen, weitere Konten anlegen und verwalten und Partner-Apps registrieren.
account-create-first = Erstes Konto anlegen
account-new-here = Neu hier?

## /signup
account-sign-up-title = Konto erstellen
account-first = Du bist die erste Person hier: Dieses Konto wird zum Administrator dieses Laps. Du kannst die Registrierung für andere öffnen oder ihre Konten unter „Verwaltung“ anlegen.
account-username-hint = Buchstaben, Ziffern, '.', '-' und '_'; höchstens 32 Zeichen.
account-password-hint = Mindestens 10 Zeichen. Ein paar Wörter, die du dir merken kannst, ergeben ein gutes Passwort.
account-create = Konto erstellen
account-have-account = Du hast schon ein Konto?
account-sign-up-closed = Die Registrierung ist auf diesem Laps geschlossen. Bitte seinen Administrator um ein Konto.

## /settings/password
account-change-password = Passwort ändern
account-other-devices = Deine anderen Geräte werden abgemeldet.
account-password-changed = Dein Passwort wurde geändert.
account-current-password = Aktuelles Passwort
account-new-password = Neues Passwort
account-new-password-hint = Mindestens 10 Zeichen.
account-also = Außerdem
account-revoke-tokens = Meine Zugriffstokens widerrufen
account-revoke-apps = Meine Partner-Apps trennen
account-compromised = Ich glaube, mein Passwort ist nicht mehr sicher (widerruft alle Tokens und trennt alle Apps)

## What an account form refuses
account-username-empty = Wähle einen Benutzernamen.
account-username-too-long = Benutzernamen haben höchstens { $max } Zeichen.
account-username-characters = Verwende im Benutzernamen nur Buchstaben, Ziffern, '.', '-' und '_'.
account-password-too-short = Passwörter brauchen mindestens { $min } Zeichen.
account-password-too-long = Passwörter haben höchstens { $max } Zeichen.
account-username-taken = Dieser Benutzername ist schon vergeben.
account-wrong-credentials = Benutzername oder Passwort ist falsch.
account-wrong-current-password = Das ist nicht dein aktuelles Passwort.
account-throttled-sign-in = { $minutes ->
    [one] Zu viele fehlgeschlagene Anmeldeversuche. Versuch es in einer Minute noch einmal.
   *[other] Zu viele fehlgeschlagene Anmeldeversuche. Versuch es in { $minutes } Minuten noch einmal.
}
account-throttled-requests = { $minutes ->
    [one] Zu viele Anfragen von deiner Adresse. Versuch es in einer Minute noch einmal.
   *[other] Zu viele Anfragen von deiner Adresse. Versuch es in { $minutes } Minuten noch einmal.
}
account-disabled = Dieses Konto ist deaktiviert. Wende dich an den Administrator dieses Laps.
account-own-account = Das geht mit deinem eigenen Konto nicht; bitte einen anderen Administrator darum.
account-confirmation-mismatch = Gib zur Bestätigung den Benutzernamen des Kontos genau so ein, wie er lautet.
account-unknown-user = Es gibt keinen Benutzer namens { $name }.

## Any unknown address
account-not-found = Nicht gefunden
account-not-found-text = Unter dieser Adresse gibt es keine Seite.
account-not-found-home = Zu deinem Trainingstagebuch
