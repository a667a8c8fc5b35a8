map-title = Karte
map-routes = { $count ->
    [one] { $count } Strecke.
   *[other] { $count } Strecken.
}
map-newest = Die neuesten { $shown } von { $matching } Strecken (eine Karte fasst höchstens { $max }): Wähle ein Jahr oder eine Sportart, um andere zu sehen.
map-unreadable = { $shown } von { $matching } Strecken (die anderen konnten nicht gelesen werden).
map-all-sports = Alle Sportarten
map-period = Zeitraum
map-all-time = Gesamter Zeitraum
map-show = Anzeigen
map-empty = Noch keine Strecken.
map-empty-filtered = Hier gibt es keine Strecken.
map-empty-hint = Mit GPS aufgezeichnete Einheiten erscheinen hier, alle auf einer Karte: Die Wege, die du am häufigsten nimmst, stechen hervor.
map-route-label = Strecke auf einer Karte; fahre mit dem Zeiger über die Strecke oder die Diagramme, um ihr zu folgen
map-routes-label = Alle Strecken auf einer Karte
map-picture = { $count ->
    [one] Karte mit { $count } Strecke, ohne Kartenkacheln gezeichnet
   *[other] Karte mit { $count } Strecken, ohne Kartenkacheln gezeichnet
}
