# Shared by every page: the frame, dates, sports, errors and words used in many places.

## Dates
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec
weekday-short-0 = Mon
weekday-short-1 = Tue
weekday-short-2 = Wed
weekday-short-3 = Thu
weekday-short-4 = Fri
weekday-short-5 = Sat
weekday-short-6 = Sun
weekday-0 = Monday
weekday-1 = Tuesday
weekday-2 = Wednesday
weekday-3 = Thursday
weekday-4 = Friday
weekday-5 = Saturday
weekday-6 = Sunday
date-month-year = { $month } { $year }
date-medium = { $day } { $month } { $year }
date-long = { $weekday } { $day } { $month } { $year }

## Sports
sport-running = Running
sport-cycling = Cycling
sport-walking = Walking
sport-hiking = Hiking
sport-swimming = Swimming
sport-rowing = Rowing
sport-paddling = Paddling
sport-cross_country_skiing = Cross-country skiing
sport-alpine_skiing = Alpine skiing
sport-inline_skating = Inline skating
sport-mountaineering = Mountaineering
sport-training = Training
sport-fitness_equipment = Fitness equipment
sport-transition = Transition
sport-generic = Generic

## Counts
workout-count = { $count ->
    [0] No workouts
    [one] { $count } workout
   *[other] { $count } workouts
}

## The frame
skip-to-content = Skip to content
nav-main = Main
nav-calendar = Calendar
nav-workouts = Workouts
nav-upload = Upload
nav-record = Record
nav-records = Records
nav-map = Map
nav-gear = Gear
nav-stats = Stats
menu-label = Account menu for { $name }
menu-account = Account
menu-settings = Settings
menu-password = Change password
menu-export = Export everything (zip)
menu-administration = Administration
menu-users = Users
menu-sign-out = Sign out
loading = Loading…
upload-workouts = Upload workouts
empty-log = Your training log is empty.
empty-log-hint = Drop your FIT, TCX, GPX or Polar HRM files (or a zip of years of them) on the upload page: they will appear here, with their heart-rate and pace charts.

## Errors every server function can answer
error-bad-request = The form was incomplete. Reload the page and try again.
error-unauthorized = Please sign in first.
error-forbidden = Only an administrator can do that.
error-not-found = There is no such workout. It may have been deleted.
error-unreachable = Laps could not be reached. Check your connection and try again.
error-internal = Something went wrong on our side. Please try again in a moment.

## Words used on many pages
word-sport = Sport
word-distance = Distance
word-time = Time
word-duration = Duration
word-pace = Pace
word-speed = Speed
word-heart-rate = Heart rate
word-power = Power
word-cadence = Cadence
word-ascent = Ascent
word-elevation = Elevation
word-calories = Calories
word-date = Date
word-name = Name
word-title = Title
word-notes = Notes
word-workouts = Workouts
word-laps = Laps
word-total = Total
word-save = Save
word-edit = Edit
word-saved = Saved.
