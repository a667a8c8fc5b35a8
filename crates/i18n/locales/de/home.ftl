home-hello = Hallo, { $name }
home-latest = Neueste Einheiten
home-upload-more = Mehr hochladen
home-week-and-month = Diese Woche und dieser Monat
home-this-week = Diese Woche
home-this-month = Dieser Monat
home-statistics = Statistiken ›
home-none-yet = Noch keine Einheiten
