# Accounts: signing in and up, the password, the errors of account forms, unknown addresses.

## /signin
account-sign-in = Se connecter
account-signing-in = Connexion…
account-username = Nom d’utilisateur
account-password = Mot de passe
account-fresh = Ce Laps n’a encore aucun compte.
account-fresh-detail = Le premier compte que vous créez en devient l’administrateur : il peut ouvrir les inscriptions, ajouter et gérer d’autres comptes, et enregistrer des applications partenaires.
account-create-first = Créer le premier compte
account-new-here = Nouveau ici ?

## /signup
account-sign-up-title = Créer un compte
account-first = Vous êtes le premier : ce compte devient l’administrateur de ce Laps. Vous pourrez ouvrir les inscriptions à d’autres personnes ou ajouter leurs comptes depuis Administration.
account-username-hint = Lettres, chiffres, « . », « - » et « _ » ; 32 caractères au plus.
account-password-hint = Au moins 10 caractères. Quelques mots dont vous vous souviendrez font un bon mot de passe.
account-create = Créer le compte
account-have-account = Vous avez déjà un compte ?
account-sign-up-closed = Les inscriptions sont fermées sur ce Laps. Demandez un compte à son administrateur.

## /settings/password
account-change-password = Changer le mot de passe
account-other-devices = Vos autres appareils seront déconnectés.
account-password-changed = Votre mot de passe a été changé.
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe
account-new-password-hint = Au moins 10 caractères.
account-also = En outre
account-revoke-tokens = Révoquer mes jetons d’accès
account-revoke-apps = Déconnecter mes applications partenaires
account-compromised = Je pense que mon mot de passe a été compromis (révoque tous les jetons et déconnecte toutes les applications)

## What an account form refuses
account-username-empty = Choisissez un nom d’utilisateur.
account-username-too-long = Un nom d’utilisateur compte au plus { $max } caractères.
account-username-characters = N’utilisez que des lettres, des chiffres, « . », « - » et « _ » dans un nom d’utilisateur.
account-password-too-short = Un mot de passe doit compter au moins { $min } caractères.
account-password-too-long = Un mot de passe compte au plus { $max } caractères.
account-username-taken = Ce nom d’utilisateur est déjà pris.
account-wrong-credentials = Nom d’utilisateur ou mot de passe incorrect.
account-wrong-current-password = Ce n’est pas votre mot de passe actuel.
account-throttled-sign-in = { $minutes ->
    [one] Trop de tentatives de connexion échouées. Réessayez dans une minute.
   *[other] Trop de tentatives de connexion échouées. Réessayez dans { $minutes } minutes.
}
account-throttled-requests = { $minutes ->
    [one] Trop de requêtes depuis votre adresse. Réessayez dans une minute.
   *[other] Trop de requêtes depuis votre adresse. Réessayez dans { $minutes } minutes.
}
account-disabled = Ce compte est désactivé. Adressez-vous à l’administrateur de ce Laps.
account-own-account = Vous ne pouvez pas faire cela à votre propre compte ; demandez à un autre administrateur.
account-confirmation-mismatch = Saisissez exactement le nom d’utilisateur du compte pour confirmer.
account-unknown-user = Il n’y a pas d’utilisateur nommé { $name }.

## Any unknown address
account-not-found = Page introuvable
account-not-found-text = Il n’y a aucune page à cette adresse.
account-not-found-home = Aller à votre carnet d’entraînement
