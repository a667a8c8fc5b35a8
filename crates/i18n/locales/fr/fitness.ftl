fitness-title = Condition physique
fitness-pending = Analyse de votre historique en cours : { $count ->
    [one] { $count } séance reste à analyser ; sa charge n’est pas encore comptée.
   *[other] { $count } séances restent à analyser ; leur charge n’est pas encore comptée.
}
fitness-basis-ftp = Les séances avec puissance comptent leur stress d’entraînement à partir de votre FTP ; les autres leur charge cardiaque (TRIMP).
fitness-basis-hr = Les charges viennent de la fréquence cardiaque (TRIMP, avec vos fréquences de repos et maximale). Renseignez votre FTP pour compter les sorties avec puissance par leur stress d’entraînement.
fitness-fitness = Condition
fitness-fatigue = Fatigue
fitness-form = Fraîcheur
fitness-empty = Aucune charge d’entraînement au cours de la dernière année.
fitness-empty-hint = Les séances avec fréquence cardiaque (ou puissance, si votre FTP est renseignée) donnent une charge à chaque jour ; la condition se construit sur des semaines.
fitness-explained = La condition est la moyenne de votre charge sur 42 jours, la fatigue sa moyenne sur 7 jours, la fraîcheur leur différence : reposé quand elle est positive.
