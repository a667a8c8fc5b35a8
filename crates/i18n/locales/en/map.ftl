# /map: every route on one map; and the maps' descriptions.
map-title = Map
map-routes = { $count ->
    [one] { $count } route.
   *[other] { $count } routes.
}
map-newest = The newest { $shown } of { $matching } routes (a map holds at most { $max }): choose a year or a sport to see others.
map-unreadable = { $shown } of { $matching } routes (the others could not be read).
map-all-sports = All sports
map-period = Period
map-all-time = All time
map-show = Show
map-empty = No routes yet.
map-empty-filtered = No routes here.
map-empty-hint = Workouts recorded with GPS show here, all on one map: the roads you take most stand out.
map-route-label = Route on a map; hover the route or the charts to follow it
map-routes-label = All routes on a map
map-picture = { $count ->
    [one] Map of { $count } route, drawn without map tiles
   *[other] Map of { $count } routes, drawn without map tiles
}
