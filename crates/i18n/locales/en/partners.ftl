# Partner apps: the registry (/admin/partners), the consent page (/oauth/authorize) and the
# user's connected apps (/settings/connections).

## The registry
partners-title = Partner apps
partners-intro = Apps that read athletes' data through OAuth and the AccessLink-compatible /v3 API. A new app starts in the sandbox: only you can connect it until you approve it.
partners-secret-once = Copy the client secret now: it is shown only once.
partners-empty = No partner apps yet.
partners-col-app = App
partners-col-status = Status
partners-col-redirect-uris = Redirect URIs
partners-col-actions = Actions
partners-kind-public = public
partners-kind-standard = standard
partners-status-sandbox = sandbox
partners-status-approved = approved
partners-status-suspended = suspended
partners-approve = Approve
partners-suspend = Suspend
partners-reinstate = Reinstate
partners-new-secret = New secret
partners-register-title = Register an app
partners-registered = Registered.
partners-homepage = Homepage
partners-redirect-uris = Redirect URIs, one per line (matched exactly)
partners-scopes-legend = What it may read (standard apps)
partners-daily-activity = Daily activity
partners-profile = Profile
partners-test-users = Test users while in the sandbox (usernames)
partners-accesslink = AccessLink-compatible (for clients written for Polar AccessLink: year-long tokens, PKCE optional)
partners-public = Public client (mobile or desktop app without a secret; must use PKCE)
partners-approved = Approved: anyone on this Laps may connect it
partners-register = Register

## What an app may read
partners-scope-workouts = Read your workouts: summaries, heart rate, pace, routes and the workout files
partners-scope-activity = Read your daily activity: steps, active time and calories
partners-scope-profile = Read your profile: name and heart-rate settings
partners-scope-all = Read all your training data: workouts with routes and files, daily activity and profile

## The consent page
partners-consent-title = Connect an app
partners-consent-heading = Connect { $name } to your Laps?
partners-consent-from = From
partners-consent-asks = { $name } asks to:
partners-consent-read-only = It cannot change or delete anything, and you can disconnect it at any time under Settings → Connected apps.
partners-consent-sent-to = After you decide you will be sent to
partners-consent-allow = Allow { $name }
partners-consent-deny = Deny
partners-consent-refused = This link cannot connect an app
partners-consent-nothing-shared = Nothing was shared. Tell the app's makers, or go back to it.
partners-redirecting = Redirecting…

## Connected apps
partners-connections-title = Connected apps
partners-disconnected = Disconnected. The app can no longer read your data.
partners-connections-empty = No apps are connected.
partners-connections-empty-hint = When a coach's platform or another service asks to read your training data, it appears here, and you can disconnect it at any time.
partners-connected = Connected { $granted } · last used { $used }
partners-never = never
partners-disconnect = Disconnect
partners-disconnect-label = Disconnect { $name }

## Why a request or a registration is refused
partners-not-found = There is no such partner.
partners-page-no-client-id = The link does not say which app is asking (no client_id).
partners-page-unknown-client = No app with this client_id is registered here.
partners-page-redirect-unregistered = The address { $name } wants to send you back to is not one it registered.
partners-page-redirect-unsafe = The address { $name } wants to send you back to is not safe to follow.
partners-page-no-redirect = { $name } has no redirect URI registered.
partners-page-suspended = { $name } is suspended on this server.
partners-invalid-name = A partner needs a name of 1 to 100 characters.
partners-invalid-no-redirect = A partner needs at least one redirect URI.
partners-invalid-homepage = The homepage must be an http(s) URL.
partners-invalid-no-scope = A partner needs at least one scope.
partners-invalid-scope = Unknown scope { $scope }.
partners-invalid-public-client = A public client has no secret.
partners-invalid-username = { $name } is not a valid username.
partners-invalid-no-user = There is no user named { $name }.
partners-uri-fragment = Redirect URI { $uri }: must not have a fragment.
partners-uri-spaces = Redirect URI { $uri }: must not contain spaces.
partners-uri-backslash = Redirect URI { $uri }: must not contain a backslash.
partners-uri-invalid = Redirect URI { $uri }: is not a valid URL.
partners-uri-userinfo = Redirect URI { $uri }: must not contain a user name or password (user@host).
partners-uri-no-host = Redirect URI { $uri }: has no host.
partners-uri-plain-http = Redirect URI { $uri }: plain http is allowed only for localhost, 127.0.0.1 and [::1].
partners-uri-scheme = Redirect URI { $uri }: must be https://, http:// on loopback, or a reverse-domain scheme like com.example.app:/cb.
