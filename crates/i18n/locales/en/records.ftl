# /records: the athlete's bests per sport, all time, of a year or between two days; the tabs of
# the pages that answer questions (records, curves, fitness).
records-title = Records
records-answers = Answers
records-pending = Working through your history: { $count ->
    [one] { $count } workout
   *[other] { $count } workouts
} still to analyse. Records may change as they are done.
records-empty = No records yet.
records-empty-filtered = No records here.
records-empty-hint = Workouts with distance, power or heart rate give records: the fastest 1 km, 5 km and marathon, the best 5-minute and 20-minute power, and more.

## The filter
records-all-sports = All sports
records-period = Period
records-all-time = All time
records-between = Or between two days
records-from = From
records-to = To
records-range-hint = Days given win over the period.
records-indoor-distances = Count treadmill and trainer distances
records-show = Show
# $day is the text typed, in quotes.
records-error-first-day = The first day { $day } is not a date (YYYY-MM-DD).
records-error-last-day = The last day { $day } is not a date (YYYY-MM-DD).
records-error-order = The first day ({ $first }) is after the last ({ $last }).

## The tables
records-fastest = Fastest times
records-best-power = Best power
records-highest-hr = Highest heart rate
records-workout = Workout
records-mean-power = Mean power
records-mean-hr = Mean heart rate
records-longest = Longest
records-indoor = (indoor)
records-mile = 1 mile
records-half-marathon = Half marathon
records-marathon = Marathon
