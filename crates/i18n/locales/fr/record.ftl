# /record: live recording from Bluetooth sensors.
record-needs-script = L’enregistrement nécessite JavaScript et un navigateur compatible Web Bluetooth.
record-checking = Recherche de Web Bluetooth…
record-unsupported = Ce navigateur ne peut pas communiquer avec les capteurs Bluetooth.
record-unsupported-hint = L’enregistrement en direct nécessite Web Bluetooth : Chrome, Edge ou Opera sur un ordinateur ou un téléphone Android (pas Firefox ni Safari), en https ou sur cet ordinateur. Vous pouvez toujours enregistrer avec votre montre ou une application mobile et importer le fichier, ou le synchroniser avec un jeton d’accès.

## An unfinished recording found on the device
record-found = Un enregistrement inachevé a été trouvé.
# $time: when it started ("07:12"); $elapsed: how long it ran ("0:42:10").
record-found-hint = Commencé à { $time }, { $elapsed } enregistré. Poursuivez-le (reconnectez vos capteurs, puis Reprendre), ou terminez-le et enregistrez-le tel quel.
record-continue = Poursuivre l’enregistrement
record-finish = Terminer et enregistrer

## Sensors
# The sentences below say "votre", which fits every sensor's gender.
record-sensor-heart-rate = ceinture cardio
record-sensor-footpod = capteur de foulée
record-sensor-speed-cadence = capteur de vitesse/cadence
record-sensor-power = capteur de puissance
record-connect = Connecter votre { $sensor }
record-choose = Choisissez votre { $sensor } dans la liste du navigateur…
record-connected = Connecté : { $name }.
# A connected sensor: the name it advertises and what it is.
record-sensor-named = { $name } ({ $sensor })
record-connect-failed = Impossible de connecter votre { $sensor } : { $error }
record-sensor-disconnected = Connexion perdue avec votre { $sensor } ; reconnexion…
record-sensor-back = Votre { $sensor } est de retour.
record-sensor-lost = Impossible de reconnecter votre { $sensor } ; l’enregistrement garde ce qu’il avait.

## Figures and controls
record-hrv = VFC (RMSSD)
record-other-sport = Autre
record-start = Démarrer
record-pause = Pause
record-resume = Reprendre
record-lap = Tour
record-saving = Sauvegarde…
record-discard = Abandonner
record-discard-confirm = Abandonner cet enregistrement ? Il ne sera pas sauvegardé.
record-discarded = L’enregistrement a été abandonné.
record-save-failed = La sauvegarde a échoué : { $error }. Votre enregistrement reste sur cet appareil ; réessayez.

## Keeping and sending the recording
record-sync = Sur le serveur : { $sent ->
    [one] { $sent } partie
   *[other] { $sent } parties
}. En attente sur cet appareil : { $waiting }.
record-sync-failed = Le serveur est injoignable ({ $error }) ; les parties seront envoyées dès qu’il le sera.
record-screen-off = L’écran peut s’éteindre pendant l’enregistrement ({ $error }), et le navigateur risque alors d’arrêter l’enregistrement : gardez-le allumé.
record-not-kept = Ce navigateur ne permet pas à Laps de conserver l’enregistrement sur l’appareil ({ $error }) : il est seulement envoyé au fil de l’enregistrement.
record-no-wake-lock = ce navigateur ne peut pas garder l’écran allumé
record-no-indexeddb = ce navigateur n’a pas d’IndexedDB
record-not-recording = aucun enregistrement en cours
record-nothing-recorded = rien n’a été enregistré
record-no-session = le serveur n’a ouvert aucune session
record-server-refused = le serveur a refusé
