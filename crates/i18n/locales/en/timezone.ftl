# /settings/time-zone: moving the workouts placed by the previous time zone; the browser's zone
# on the sign-up form.
timezone-title = Move workouts to your time zone
timezone-heading = Move workouts to your time zone?
timezone-nothing = No workout has its local time from { $zone } any more: nothing to move.
timezone-back = Back to settings
timezone-explained = { $count ->
    [one] { $count } workout took its local time from your previous time zone, { $zone }, when it was imported: it has no position to tell where it was recorded, or it is one of the Polar HRM files, which record local time only.
   *[other] { $count } workouts took their local time from your previous time zone, { $zone }, when they were imported: they have no position to tell where they were recorded, or some are Polar HRM files, which record local time only.
}
# Followed by timezone-days.
timezone-moved-to = Moved to { $zone }:
timezone-days = { $count ->
    [0] none lands on another day.
    [one] { $count } lands on another day.
   *[other] { $count } land on another day.
}
timezone-clocks = HRM files keep the time on their clock; the others keep their moment and show the new local time.
timezone-more = … and { $count } more.
timezone-move = { $count ->
    [one] Move { $count } workout
   *[other] Move { $count } workouts
}
timezone-keep = Keep them as they are
timezone-another-day = another day
timezone-from-browser = Time zone: { $zone } (from this browser; you can change it in Settings).
