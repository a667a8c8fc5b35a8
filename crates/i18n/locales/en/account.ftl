# Accounts: signing in and up, the password, the errors of account forms, unknown addresses.

## /signin
account-sign-in = Sign in
account-signing-in = Signing in…
account-username = Username
account-password = Password
account-fresh = This Laps has no accounts yet.
account-fresh-detail = The first account you create becomes its administrator: it can open sign-up, add and manage other accounts, and register partner apps.
account-create-first = Create the first account
account-new-here = New here?

## /signup
account-sign-up-title = Create an account
account-first = You are the first: this account becomes the administrator of this Laps. You can open sign-up for others or add their accounts under Administration.
account-username-hint = Letters, digits, '.', '-' and '_'; up to 32 characters.
account-password-hint = At least 10 characters. A few words you will remember make a good one.
account-create = Create account
account-have-account = Already have an account?
account-sign-up-closed = Sign-up is closed on this Laps. Ask its administrator for an account.

## /settings/password
account-change-password = Change password
account-other-devices = Your other devices will be signed out.
account-password-changed = Your password has been changed.
account-current-password = Current password
account-new-password = New password
account-new-password-hint = At least 10 characters.
account-also = Also
account-revoke-tokens = Revoke my access tokens
account-revoke-apps = Disconnect my partner apps
account-compromised = I think my password was compromised (revokes every token and disconnects every app)

## What an account form refuses
account-username-empty = Choose a username.
account-username-too-long = Usernames have at most { $max } characters.
account-username-characters = Use only letters, digits, '.', '-' and '_' in a username.
account-password-too-short = Passwords need at least { $min } characters.
account-password-too-long = Passwords have at most { $max } characters.
account-username-taken = That username is taken.
account-wrong-credentials = Wrong username or password.
account-wrong-current-password = That is not your current password.
account-throttled-sign-in = { $minutes ->
    [one] Too many failed sign-in attempts. Try again in a minute.
   *[other] Too many failed sign-in attempts. Try again in { $minutes } minutes.
}
account-throttled-requests = { $minutes ->
    [one] Too many requests from your address. Try again in a minute.
   *[other] Too many requests from your address. Try again in { $minutes } minutes.
}
account-disabled = This account is disabled. Ask the administrator of this Laps.
account-own-account = You cannot do that to your own account; ask another administrator.
account-confirmation-mismatch = Type the account's username exactly to confirm.
account-unknown-user = There is no user named { $name }.

## Any unknown address
account-not-found = Not found
account-not-found-text = There is no page at this address.
account-not-found-home = Go to your training log
