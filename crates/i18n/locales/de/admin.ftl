# /admin: instance settings and accounts.
admin-title = Verwaltung
admin-sign-up = Registrierung
admin-sign-up-open = Alle, die dieses Laps erreichen, dürfen ein Konto anlegen
admin-accounts = Konten
admin-account-count = { $count ->
    [one] { $count } Konto
   *[other] { $count } Konten
}, { $admins ->
    [one] { $admins } Administrator
   *[other] { $admins } Administratoren
}.
admin-manage-users = Benutzer verwalten
admin-manage-users-what = (anlegen, temporäre Passwörter, deaktivieren, löschen).
admin-partners-link = Partner-Apps registrieren und verwalten
admin-partners-what = (OAuth-Clients der AccessLink-kompatiblen API).

# /admin/users: adding, disabling and deleting accounts.
admin-users-title = Benutzer
admin-users-added = { $user } wurde angelegt. Gib der Person ihr Passwort; ändern kann sie es unter Einstellungen → Passwort ändern.
admin-users-reset = { $user } hat ein temporäres Passwort (unten) und wurde überall abgemeldet.
admin-users-disabled = { $user } ist deaktiviert: abgemeldet, und Anmeldung, Zugriffstokens und Partner-Apps werden abgewiesen, bis du das Konto wieder aktivierst. Die Daten bleiben erhalten.
admin-users-enabled = { $user } kann sich wieder anmelden.
admin-users-admin = { $user } ist jetzt Administrator.
admin-users-athlete = { $user } ist kein Administrator mehr.
admin-users-deleted = { $user } und alle zugehörigen Daten wurden gelöscht.
admin-users-add = Konto anlegen
admin-users-add-hint = Die Registrierung muss dafür nicht offen sein. Wähle ein erstes Passwort und gib es der Person; ändern kann sie es unter Einstellungen → Passwort ändern.
admin-users-username = Benutzername
admin-users-username-hint = Buchstaben, Ziffern, '.', '-' und '_'; höchstens 32 Zeichen.
admin-users-password = Erstes Passwort
admin-users-password-hint = Mindestens 10 Zeichen.
admin-users-make-admin-on-add = Administrator (darf Konten und dieses Laps verwalten)
admin-users-add-button = Konto anlegen
admin-users-temporary = Das temporäre Passwort von { $user }, nur einmal angezeigt:
admin-users-temporary-hint = Gib es persönlich oder über einen vertrauenswürdigen Weg weiter; geändert wird es unter Einstellungen → Passwort ändern.
admin-users-count = { $count ->
    [one] { $count } Konto.
   *[other] { $count } Konten.
}
admin-users-summary = Seit { $date } · { $count ->
    [one] { $count } Einheit
   *[other] { $count } Einheiten
}
admin-users-role-admin = Administrator
admin-users-role-athlete = Sportler
admin-users-you = (du)
admin-users-disabled-badge = Deaktiviert
admin-users-own = Dein eigenes Konto: Sein Passwort änderst du unter
admin-users-withdraw-admin = Administratorrechte entziehen
admin-users-make-admin = Zum Administrator machen
admin-users-reset-label = Temporäres Passwort für { $user } setzen
admin-users-reset-button = Temporäres Passwort
admin-users-enable = Aktivieren
admin-users-disable = Deaktivieren
admin-users-delete-summary = { $user } löschen…
admin-users-confirm = { $count ->
    [one] Gib { $user } ein, um das Konto und seine { $count } Einheit endgültig zu löschen
   *[other] Gib { $user } ein, um das Konto und seine { $count } Einheiten endgültig zu löschen
}
admin-users-delete-button = { $user } und alle Daten löschen
