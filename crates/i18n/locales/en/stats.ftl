# /stats: streaks, the year's heatmap, and totals per period and per sport against a year earlier.
stats-title = Statistics
stats-this-years = This year's statistics
stats-heading = Statistics { $year }
stats-years = Years
stats-this-year = This year
stats-streaks = Streaks
stats-longest = Longest streak
stats-longest-none = No workouts yet.
stats-current = Current streak
stats-current-none = None: no workout yesterday or today.
stats-active-days = Active days in { $year }
stats-day-by-day = { $year }, day by day
stats-totals-by = Totals by
# The choices after "Totals by".
stats-period-week = Weeks
stats-period-month = Months
stats-period-year = Years
stats-all-sports = All sports
stats-year = Year
stats-show = Show
stats-streak-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
stats-date-range = { $from } to { $to }
# A change against a year earlier when there was nothing a year earlier.
stats-new = new
# A change's tooltip: the period a year earlier and its value.
stats-change-title = { $from } to { $to }: { $value }
stats-vs-last-year = vs last year
stats-time-against = Time against the same period a year earlier
stats-distance-against = Distance against the same period a year earlier
stats-by-week = Totals by week
stats-by-month = Totals by month
stats-by-year = Totals by year
stats-week = Week
stats-month = Month
stats-note-week = Moving time, distance and ascent; each week against the week 52 weeks before it (the same weekdays a year earlier).
stats-note-month = Moving time, distance and ascent; each month against the same month a year earlier.
stats-note-year = Moving time, distance and ascent; each year against the year before.
# A week's row: "13–19 May" within a month, "29 Apr – 5 May" across two.
stats-week-in-month = { $from }–{ $to } { $month }
stats-week-across = { $from } { $from_month } – { $to } { $to_month }
stats-by-sport = By sport
stats-span = { $from } to { $to }, against { $before_from } to { $before_to }.
stats-no-workouts = No workouts in these days.
stats-out-of-range = Statistics cover the years { $first } to { $last }.
stats-no-year = There is no year { $year }.

## The heatmap
stats-days-of = Days of { $year }
stats-heatmap-caption = Workouts on each day of { $year }: { $count ->
    [one] { $count } active day
   *[other] { $count } active days
}. One column per week, one row per weekday; a day with workouts links to its month in the calendar.
# A day's cell: "2024-05-03: 2 workouts, 1:10:00" (its distance follows when it has one).
stats-day = { $date }: { $workouts }, { $time }
stats-day-rest = { $date }: no workouts
stats-shades = Shades, by time
stats-level-0 = No workout
stats-level-1 = Under 30 min
stats-level-2 = 30 min to 1 h
stats-level-3 = 1 to 2 h
stats-level-4 = 2 h or more
