# /curves: the best mean power, pace or heart rate held for each duration, over three spans
# and a workout's own.
curves-title = Curves
curves-curve = Curve
curves-all-sports = All sports
curves-show = Show
curves-hint = The best mean held for each duration, from 1 second to hours; the time axis is logarithmic. Open a workout's curve against these from its page.
curves-empty = No curve here yet.
curves-empty-hint = Workouts recorded with a power meter, GPS or a heart-rate strap draw these curves: the best you held for every duration from seconds to hours.
curves-best = Best for each duration

## The chart: its name and its lines' names
curves-power = Power curve
curves-pace = Pace curve
curves-hr = Heart-rate curve
curves-all-time = All time
curves-this-year = This year
curves-last-90-days = Last 90 days
