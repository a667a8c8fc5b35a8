# /admin: instance settings and accounts.
admin-title = Administration
admin-sign-up = Inscription
admin-sign-up-open = Toute personne qui peut accéder à ce Laps peut créer un compte
admin-accounts = Comptes
admin-account-count = { $count ->
    [one] { $count } compte
   *[other] { $count } comptes
}, { $admins ->
    [one] { $admins } administrateur
   *[other] { $admins } administrateurs
}.
admin-manage-users = Gérer les utilisateurs
admin-manage-users-what = (ajout, mots de passe temporaires, désactivation, suppression).
admin-partners-link = Enregistrer et gérer les applications partenaires
admin-partners-what = (clients OAuth de l’API compatible AccessLink).

# /admin/users: adding, disabling and deleting accounts.
admin-users-title = Utilisateurs
admin-users-added = { $user } a été ajouté. Transmettez-lui son mot de passe ; il pourra le modifier dans Réglages → Changer le mot de passe.
admin-users-reset = { $user } a un mot de passe temporaire (ci-dessous) et a été déconnecté partout.
admin-users-disabled = { $user } est désactivé : déconnecté, et sa connexion, ses jetons d’accès et ses applications partenaires sont refusés jusqu’à ce que vous réactiviez le compte. Ses données sont conservées.
admin-users-enabled = { $user } peut de nouveau se connecter.
admin-users-admin = { $user } est désormais administrateur.
admin-users-athlete = { $user } n’est plus administrateur.
admin-users-deleted = { $user } et toutes ses données ont été supprimés.
admin-users-add = Ajouter un compte
admin-users-add-hint = L’inscription n’a pas besoin d’être ouverte. Choisissez un premier mot de passe et transmettez-le ; la personne pourra le modifier dans Réglages → Changer le mot de passe.
admin-users-username = Nom d’utilisateur
admin-users-username-hint = Lettres, chiffres, « . », « - » et « _ » ; 32 caractères au plus.
admin-users-password = Premier mot de passe
admin-users-password-hint = Au moins 10 caractères.
admin-users-make-admin-on-add = Administrateur (peut gérer les comptes et ce Laps)
admin-users-add-button = Ajouter le compte
admin-users-temporary = Le mot de passe temporaire de { $user }, affiché une seule fois :
admin-users-temporary-hint = Transmettez-le en personne ou par un canal de confiance ; il se change dans Réglages → Changer le mot de passe.
admin-users-count = { $count ->
    [one] { $count } compte.
   *[other] { $count } comptes.
}
admin-users-summary = Depuis le { $date } · { $count ->
    [one] { $count } séance
   *[other] { $count } séances
}
admin-users-role-admin = Administrateur
admin-users-role-athlete = Athlète
admin-users-you = (vous)
admin-users-disabled-badge = Désactivé
admin-users-own = Votre propre compte : changez son mot de passe dans
admin-users-withdraw-admin = Retirer les droits d’administrateur
admin-users-make-admin = Nommer administrateur
admin-users-reset-label = Définir un mot de passe temporaire pour { $user }
admin-users-reset-button = Mot de passe temporaire
admin-users-enable = Réactiver
admin-users-disable = Désactiver
admin-users-delete-summary = Supprimer { $user }…
admin-users-confirm = { $count ->
    [0] Saisissez { $user } pour supprimer définitivement le compte
    [one] Saisissez { $user } pour supprimer définitivement le compte et sa séance
   *[other] Saisissez { $user } pour supprimer définitivement le compte et ses { $count } séances
}
admin-users-delete-button = Supprimer { $user } et ses données
