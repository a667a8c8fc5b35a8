# /calendar: the month grid, its agenda for phones, and /calendar/YYYY, the year.
calendar-earlier = Earlier:
calendar-later = Later:
calendar-latest = Latest workouts:
calendar-month = Month
calendar-year = Year
calendar-show = Show
calendar-all-of = All of { $year }
calendar-months = Months
calendar-years = Years
calendar-previous-year = Previous year
calendar-previous-month = Previous month
calendar-today = Today
calendar-next-month = Next month
calendar-next-year = Next year
calendar-list = List
calendar-workouts = { $count ->
    [one] { $count } workout
   *[other] { $count } workouts
}
calendar-caption = Workouts in { $month }, one row per week, totals in the last column
calendar-week = Week
calendar-empty-month = No workouts in { $month }.
calendar-empty-year = No workouts in { $year }.
calendar-steps = { $count ->
    [one] { $count } step
   *[other] { $count } steps
}
# A workout in a day's cell, for screen readers: its title, then its sport, time and distance.
calendar-workout-label = { $title }: { $summary }
# An agenda row's day: "Mon 3".
calendar-weekday-day = { $weekday } { $day }
# A week's first day in the agenda: "3 Mar".
calendar-day-month = { $day } { $month }
calendar-week-of = Week of { $date }
# A small month of the year page, for screen readers: "March 2024: 2 workouts · 1:30:00".
calendar-mini-caption = { $month }: { $totals }
