home-hello = Bonjour, { $name }
home-latest = Dernières séances
home-upload-more = Importer d’autres séances
home-week-and-month = Cette semaine et ce mois-ci
home-this-week = Cette semaine
home-this-month = Ce mois-ci
home-statistics = Statistiques ›
home-none-yet = Aucune séance pour l’instant
