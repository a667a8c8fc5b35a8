## Dates
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
month-short-1 = janv.
month-short-2 = févr.
month-short-3 = mars
month-short-4 = avr.
month-short-5 = mai
month-short-6 = juin
month-short-7 = juil.
month-short-8 = août
month-short-9 = sept.
month-short-10 = oct.
month-short-11 = nov.
month-short-12 = déc.
weekday-short-0 = lun.
weekday-short-1 = mar.
weekday-short-2 = mer.
weekday-short-3 = jeu.
weekday-short-4 = ven.
weekday-short-5 = sam.
weekday-short-6 = dim.
weekday-0 = lundi
weekday-1 = mardi
weekday-2 = mercredi
weekday-3 = jeudi
weekday-4 = vendredi
weekday-5 = samedi
weekday-6 = dimanche
date-month-year = { $month } { $year }
date-medium = { $day } { $month } { $year }
date-long = { $weekday } { $day } { $month } { $year }

## Sports
sport-running = Course à pied
sport-cycling = Vélo
sport-walking = Marche
sport-hiking = Randonnée
sport-swimming = Natation
sport-rowing = Aviron
sport-paddling = Canoë-kayak
sport-cross_country_skiing = Ski de fond
sport-alpine_skiing = Ski alpin
sport-inline_skating = Roller
sport-mountaineering = Alpinisme
sport-training = Entraînement
sport-fitness_equipment = Appareils de fitness
sport-transition = Transition
sport-generic = Autre

## Nombres
workout-count = { $count ->
    [0] Aucune séance
    [one] { $count } séance
   *[other] { $count } séances
}

## Cadre
skip-to-content = Aller au contenu
nav-main = Principal
nav-calendar = Calendrier
nav-workouts = Séances
nav-upload = Importer
nav-record = Enregistrement
nav-records = Records
nav-map = Carte
nav-gear = Équipement
nav-stats = Statistiques
menu-label = Menu du compte de { $name }
menu-account = Compte
menu-settings = Réglages
menu-password = Changer le mot de passe
menu-export = Tout exporter (zip)
menu-administration = Administration
menu-users = Utilisateurs
menu-sign-out = Se déconnecter
loading = Chargement…
upload-workouts = Importer des séances
empty-log = Votre carnet d’entraînement est vide.
empty-log-hint = Déposez vos fichiers FIT, TCX, GPX ou Polar HRM (ou un zip de plusieurs années) sur la page d’import : ils apparaîtront ici, avec leurs courbes de fréquence cardiaque et d’allure.

## Erreurs
error-bad-request = Le formulaire était incomplet. Rechargez la page et réessayez.
error-unauthorized = Veuillez d’abord vous connecter.
error-forbidden = Seul un administrateur peut faire cela.
error-not-found = Cette séance n’existe pas. Elle a peut-être été supprimée.
error-unreachable = Laps est injoignable. Vérifiez votre connexion et réessayez.
error-internal = Un problème est survenu de notre côté. Veuillez réessayer dans un instant.

## Mots
word-sport = Sport
word-distance = Distance
word-time = Temps
word-duration = Durée
word-pace = Allure
word-speed = Vitesse
word-heart-rate = Fréquence cardiaque
word-power = Puissance
word-cadence = Cadence
word-ascent = Dénivelé positif
word-elevation = Altitude
word-calories = Calories
word-date = Date
word-name = Nom
word-title = Titre
word-notes = Notes
word-workouts = Séances
word-laps = Tours
word-total = Total
word-save = Enregistrer
word-edit = Modifier
word-saved = Enregistré.
