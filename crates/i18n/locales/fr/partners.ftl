# Partner apps: the registry (/admin/partners), the consent page (/oauth/authorize) and the
# user's connected apps (/settings/connections).

## The registry
partners-title = Applications partenaires
partners-intro = Applications qui lisent les données des athlètes via OAuth et l’API /v3 compatible AccessLink. Une nouvelle application démarre dans le bac à sable : vous seul pouvez la connecter jusqu’à ce que vous l’approuviez.
partners-secret-once = Copiez le secret client maintenant : il n’est affiché qu’une seule fois.
partners-empty = Aucune application partenaire pour l’instant.
partners-col-app = Application
partners-col-status = Statut
partners-col-redirect-uris = URI de redirection
partners-col-actions = Actions
partners-kind-public = public
partners-kind-standard = standard
partners-status-sandbox = bac à sable
partners-status-approved = approuvée
partners-status-suspended = suspendue
partners-approve = Approuver
partners-suspend = Suspendre
partners-reinstate = Rétablir
partners-new-secret = Nouveau secret
partners-register-title = Enregistrer une application
partners-registered = Enregistrée.
partners-homepage = Site web
partners-redirect-uris = URI de redirection, une par ligne (comparées à l’identique)
partners-scopes-legend = Ce qu’elle peut lire (applications standard)
partners-daily-activity = Activité quotidienne
partners-profile = Profil
partners-test-users = Utilisateurs de test pendant la phase bac à sable (noms d’utilisateur)
partners-accesslink = Compatible AccessLink (pour les clients écrits pour Polar AccessLink : jetons valables un an, PKCE facultatif)
partners-public = Client public (application mobile ou de bureau sans secret ; PKCE obligatoire)
partners-approved = Approuvée : tout le monde sur ce Laps peut la connecter
partners-register = Enregistrer

## What an app may read
partners-scope-workouts = Lire vos séances : résumés, fréquence cardiaque, allure, parcours et fichiers des séances
partners-scope-activity = Lire votre activité quotidienne : pas, temps actif et calories
partners-scope-profile = Lire votre profil : nom et réglages de fréquence cardiaque
partners-scope-all = Lire toutes vos données d’entraînement : séances avec parcours et fichiers, activité quotidienne et profil

## The consent page
partners-consent-title = Connecter une application
partners-consent-heading = Connecter { $name } à votre Laps ?
partners-consent-from = De
partners-consent-asks = { $name } demande à :
partners-consent-read-only = Elle ne peut rien modifier ni supprimer, et vous pouvez la déconnecter à tout moment dans Réglages → Applications connectées.
partners-consent-sent-to = Après votre décision, vous serez redirigé vers
partners-consent-allow = Autoriser { $name }
partners-consent-deny = Refuser
partners-consent-refused = Ce lien ne permet pas de connecter une application
partners-consent-nothing-shared = Rien n’a été partagé. Prévenez les auteurs de l’application, ou retournez-y.
partners-redirecting = Redirection…

## Connected apps
partners-connections-title = Applications connectées
partners-disconnected = Déconnectée. L’application ne peut plus lire vos données.
partners-connections-empty = Aucune application n’est connectée.
partners-connections-empty-hint = Lorsque la plateforme d’un entraîneur ou un autre service demande à lire vos données d’entraînement, il apparaît ici, et vous pouvez le déconnecter à tout moment.
partners-connected = Connectée le { $granted } · dernière utilisation : { $used }
partners-never = jamais
partners-disconnect = Déconnecter
partners-disconnect-label = Déconnecter { $name }

## Why a request or a registration is refused
partners-not-found = Ce partenaire n’existe pas.
partners-page-no-client-id = Le lien n’indique pas quelle application fait la demande (pas de client_id).
partners-page-unknown-client = Aucune application avec ce client_id n’est enregistrée ici.
partners-page-redirect-unregistered = L’adresse vers laquelle { $name } veut vous renvoyer ne fait pas partie de celles qu’elle a enregistrées.
partners-page-redirect-unsafe = L’adresse vers laquelle { $name } veut vous renvoyer n’est pas sûre.
partners-page-no-redirect = { $name } n’a aucune URI de redirection enregistrée.
partners-page-suspended = { $name } est suspendue sur ce serveur.
partners-invalid-name = Un partenaire doit avoir un nom de 1 à 100 caractères.
partners-invalid-no-redirect = Un partenaire doit avoir au moins une URI de redirection.
partners-invalid-homepage = Le site web doit être une URL http(s).
partners-invalid-no-scope = Un partenaire doit avoir au moins un scope.
partners-invalid-scope = Scope inconnu { $scope }.
partners-invalid-public-client = Un client public n’a pas de secret.
partners-invalid-username = { $name } n’est pas un nom d’utilisateur valide.
partners-invalid-no-user = Il n’y a aucun utilisateur nommé { $name }.
partners-uri-fragment = URI de redirection { $uri } : ne doit pas contenir de fragment.
partners-uri-spaces = URI de redirection { $uri } : ne doit pas contenir d’espaces.
partners-uri-backslash = URI de redirection { $uri } : ne doit pas contenir de barre oblique inverse.
partners-uri-invalid = URI de redirection { $uri } : n’est pas une URL valide.
partners-uri-userinfo = URI de redirection { $uri } : ne doit pas contenir de nom d’utilisateur ni de mot de passe (user@host).
partners-uri-no-host = URI de redirection { $uri } : n’a pas d’hôte.
partners-uri-plain-http = URI de redirection { $uri } : le http non chiffré n’est autorisé que pour localhost, 127.0.0.1 et [::1].
partners-uri-scheme = URI de redirection { $uri } : doit être en https://, en http:// sur la boucle locale, ou utiliser un schéma de domaine inversé comme com.example.app:/cb.
