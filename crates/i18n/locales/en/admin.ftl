# /admin: instance settings and accounts.
admin-title = Administration
admin-sign-up = Sign-up
admin-sign-up-open = Anyone who can reach this Laps may create an account
admin-accounts = Accounts
admin-account-count = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}, { $admins ->
    [one] { $admins } administrator
   *[other] { $admins } administrators
}.
admin-manage-users = Manage users
admin-manage-users-what = (add, temporary passwords, disable, delete).
admin-partners-link = Register and manage partner apps
admin-partners-what = (OAuth clients of the AccessLink-compatible API).

# /admin/users: adding, disabling and deleting accounts.
admin-users-title = Users
admin-users-added = Added { $user }. Give them their password; they can change it under Settings → Change password.
admin-users-reset = { $user } has a temporary password (below) and was signed out everywhere.
admin-users-disabled = { $user } is disabled: signed out, and their sign-in, access tokens and partner apps are refused until you enable the account. Their data is kept.
admin-users-enabled = { $user } can sign in again.
admin-users-admin = { $user } is an administrator now.
admin-users-athlete = { $user } is no longer an administrator.
admin-users-deleted = { $user } and all their data were deleted.
admin-users-add = Add an account
admin-users-add-hint = Sign-up need not be open. Choose a first password and give it to them; they can change it under Settings → Change password.
admin-users-username = Username
admin-users-username-hint = Letters, digits, '.', '-' and '_'; up to 32 characters.
admin-users-password = First password
admin-users-password-hint = At least 10 characters.
admin-users-make-admin-on-add = Administrator (may manage accounts and this Laps)
admin-users-add-button = Add account
admin-users-temporary = The temporary password of { $user }, shown only once:
admin-users-temporary-hint = Give it to them in person or by a channel you trust; they change it under Settings → Change password.
admin-users-count = { $count ->
    [one] { $count } account.
   *[other] { $count } accounts.
}
admin-users-summary = Since { $date } · { $count ->
    [one] { $count } workout
   *[other] { $count } workouts
}
admin-users-role-admin = Administrator
admin-users-role-athlete = Athlete
admin-users-you = (you)
admin-users-disabled-badge = Disabled
admin-users-own = Your own account: change its password under
admin-users-withdraw-admin = Withdraw administrator
admin-users-make-admin = Make administrator
admin-users-reset-label = Set a temporary password for { $user }
admin-users-reset-button = Temporary password
admin-users-enable = Enable
admin-users-disable = Disable
admin-users-delete-summary = Delete { $user }…
admin-users-confirm = { $count ->
    [one] Type { $user } to delete the account and its { $count } workout for good
   *[other] Type { $user } to delete the account and its { $count } workouts for good
}
admin-users-delete-button = Delete { $user } and their data
