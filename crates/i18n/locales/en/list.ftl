# /workouts: every workout, newest first, paged.
list-upload-finished = Upload finished: { $imported } imported, { $duplicates } already there, { $refused } refused.
list-views = Views
list-all-sports = All sports
list-show = Show
list-workout = Workout
list-avg-hr = Avg HR
list-pages = Pages
list-newer = ‹ Newer
list-older = Older ›
list-page = Page { $page } of { $pages } · { $count ->
    [one] { $count } workout
   *[other] { $count } workouts
}
