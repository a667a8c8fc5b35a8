list-upload-finished = Upload abgeschlossen: { $imported } importiert, { $duplicates } schon vorhanden, { $refused } abgelehnt.
list-views = Ansichten
list-all-sports = Alle Sportarten
list-show = Anzeigen
list-workout = Einheit
list-avg-hr = Ø HF
list-pages = Seiten
list-newer = ‹ Neuere
list-older = Ältere ›
list-page = Seite { $page } von { $pages } · { $count ->
    [one] { $count } Einheit
   *[other] { $count } Einheiten
}
