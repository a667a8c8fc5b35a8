# Partner apps: the registry (/admin/partners), the consent page (/oauth/authorize) and the
# user's connected apps (/settings/connections).

## The registry
partners-title = Partner-Apps
partners-intro = Apps, die über OAuth und die AccessLink-kompatible /v3-API Daten von Sportlern lesen. Eine neue App startet in der Sandbox: Nur du kannst sie verbinden, bis du sie freigibst.
partners-secret-once = Kopiere das Client-Secret jetzt: Es wird nur einmal angezeigt.
partners-empty = Noch keine Partner-Apps.
partners-col-app = App
partners-col-status = Status
partners-col-redirect-uris = Weiterleitungs-URIs
partners-col-actions = Aktionen
partners-kind-public = öffentlich
partners-kind-standard = Standard
partners-status-sandbox = Sandbox
partners-status-approved = freigegeben
partners-status-suspended = gesperrt
partners-approve = Freigeben
partners-suspend = Sperren
partners-reinstate = Wieder freigeben
partners-new-secret = Neues Secret
partners-register-title = App registrieren
partners-registered = Registriert.
partners-homepage = Website
partners-redirect-uris = Weiterleitungs-URIs, eine pro Zeile (müssen genau übereinstimmen)
partners-scopes-legend = Was sie lesen darf (Standard-Apps)
partners-daily-activity = Tagesaktivität
partners-profile = Profil
partners-test-users = Testbenutzer während der Sandbox-Phase (Benutzernamen)
partners-accesslink = AccessLink-kompatibel (für Clients, die für Polar AccessLink geschrieben wurden: Tokens für ein Jahr, PKCE optional)
partners-public = Öffentlicher Client (Mobil- oder Desktop-App ohne Secret; muss PKCE nutzen)
partners-approved = Freigegeben: Alle auf diesem Laps dürfen sie verbinden
partners-register = Registrieren

## What an app may read
partners-scope-workouts = Deine Einheiten lesen: Zusammenfassungen, Herzfrequenz, Pace, Strecken und die Trainingsdateien
partners-scope-activity = Deine Tagesaktivität lesen: Schritte, aktive Zeit und Kalorien
partners-scope-profile = Dein Profil lesen: Name und Herzfrequenz-Einstellungen
partners-scope-all = Alle deine Trainingsdaten lesen: Einheiten mit Strecken und Dateien, Tagesaktivität und Profil

## The consent page
partners-consent-title = App verbinden
partners-consent-heading = { $name } mit deinem Laps verbinden?
partners-consent-from = Von
partners-consent-asks = { $name } möchte:
partners-consent-read-only = Die App kann nichts ändern oder löschen, und du kannst sie jederzeit unter Einstellungen → Verbundene Apps trennen.
partners-consent-sent-to = Nach deiner Entscheidung geht es weiter zu
partners-consent-allow = { $name } erlauben
partners-consent-deny = Ablehnen
partners-consent-refused = Über diesen Link lässt sich keine App verbinden
partners-consent-nothing-shared = Es wurde nichts geteilt. Sag den Entwicklern der App Bescheid oder kehre zu ihr zurück.
partners-redirecting = Weiterleitung…

## Connected apps
partners-connections-title = Verbundene Apps
partners-disconnected = Getrennt. Die App kann deine Daten nicht mehr lesen.
partners-connections-empty = Keine Apps verbunden.
partners-connections-empty-hint = Wenn die Plattform deines Trainers oder ein anderer Dienst deine Trainingsdaten lesen möchte, erscheint er hier, und du kannst ihn jederzeit trennen.
partners-connected = Verbunden: { $granted } · zuletzt genutzt: { $used }
partners-never = nie
partners-disconnect = Trennen
partners-disconnect-label = { $name } trennen

## Why a request or a registration is refused
partners-not-found = Diesen Partner gibt es nicht.
partners-page-no-client-id = Der Link sagt nicht, welche App anfragt (keine client_id).
partners-page-unknown-client = Hier ist keine App mit dieser client_id registriert.
partners-page-redirect-unregistered = Die Adresse, an die { $name } dich zurückschicken will, hat die App nicht registriert.
partners-page-redirect-unsafe = Die Adresse, an die { $name } dich zurückschicken will, ist nicht sicher.
partners-page-no-redirect = { $name } hat keine Weiterleitungs-URI registriert.
partners-page-suspended = { $name } ist auf diesem Server gesperrt.
partners-invalid-name = Ein Partner braucht einen Namen mit 1 bis 100 Zeichen.
partners-invalid-no-redirect = Ein Partner braucht mindestens eine Weiterleitungs-URI.
partners-invalid-homepage = Die Website muss eine http(s)-URL sein.
partners-invalid-no-scope = Ein Partner braucht mindestens einen Scope.
partners-invalid-scope = Unbekannter Scope { $scope }.
partners-invalid-public-client = Ein öffentlicher Client hat kein Secret.
partners-invalid-username = { $name } ist kein gültiger Benutzername.
partners-invalid-no-user = Es gibt keinen Benutzer namens { $name }.
partners-uri-fragment = Weiterleitungs-URI { $uri }: darf kein Fragment enthalten.
partners-uri-spaces = Weiterleitungs-URI { $uri }: darf keine Leerzeichen enthalten.
partners-uri-backslash = Weiterleitungs-URI { $uri }: darf keinen Backslash enthalten.
partners-uri-invalid = Weiterleitungs-URI { $uri }: ist keine gültige URL.
partners-uri-userinfo = Weiterleitungs-URI { $uri }: darf keinen Benutzernamen und kein Passwort enthalten (user@host).
partners-uri-no-host = Weiterleitungs-URI { $uri }: hat keinen Host.
partners-uri-plain-http = Weiterleitungs-URI { $uri }: Unverschlüsseltes http ist nur für localhost, 127.0.0.1 und [::1] erlaubt.
partners-uri-scheme = Weiterleitungs-URI { $uri }: muss https://, http:// auf Loopback oder ein Reverse-Domain-Schema wie com.example.app:/cb sein.
