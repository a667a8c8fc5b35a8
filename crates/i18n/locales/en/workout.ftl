# /workouts/{id}: one workout, and the messages of its server functions.
workout-title = Workout
workout-start = { $date }, { $time } (UTC{ $offset }{ $zone })
workout-also-in = Also in: { $sources }
workout-overlaps = Another workout overlaps this one in time (perhaps the same session from another device):

## Tiles
workout-moving-time = Moving time
workout-avg-speed = Avg speed
workout-avg-pace = Avg pace
workout-avg-hr = Avg HR
workout-max-hr = Max HR
workout-avg-cadence = Avg cadence
workout-avg-power = Avg power
workout-max-power = Max power
workout-training-stress = Training stress
workout-load-trimp = Load (TRIMP)
workout-curve-link = Its curve against your bests
workout-export-label = Export
workout-export = Export:
workout-export-original = Original

## Charts, zones, route
workout-charts = Charts
workout-chart-axis = Chart x axis
workout-by-time = By time
workout-by-distance = By distance
workout-marked = Marked: the effort from { $from } to { $to } into the workout.
workout-zones = Heart-rate zones
workout-zone = Zone { $zone } · { $low }–{ $high } bpm
# Followed by a link to the settings (workout-zones-settings) and a full stop.
workout-zones-from = Zones from your
workout-zones-settings = settings
workout-route = Route

## Laps
workout-splits-mile = Splits (every mile)
workout-splits-kilometre = Splits (every kilometre)
workout-lap = Lap
workout-normalized-power = Normalized power
workout-ended-by = Ended by
workout-trigger-manual = manual
workout-trigger-time = time
workout-trigger-distance = distance
workout-trigger-position = position
workout-trigger-heart-rate = heart rate
workout-trigger-session-end = session end
workout-trigger-split = split
workout-trigger-other = other

## Editing
workout-edit = Title, sport and notes
workout-title-length = A title has 1 to { $max } characters.
workout-sport-unknown = Choose a sport from the list.
workout-notes-length = Notes have at most { $max } characters.

## Gear
workout-gear = Gear
workout-gear-saved = Gear saved.
# "Done with <gear's name> (make), now retired."
workout-gear-done = Done with
workout-gear-retired = , now retired
workout-gear-none-chosen = No gear chosen.
# Before and after a link to the gear page (workout-gear-add-link).
workout-gear-add-before = Add your shoes or bike on the
workout-gear-add-link = gear page
workout-gear-add-after = , then choose them here; their kilometres add up there.
workout-gear-none = None
workout-gear-set = Set gear
workout-no-such-gear = There is no such gear. It may have been deleted.

## Deleting
workout-delete = Delete this workout…
workout-delete-warning = The workout, its laps, samples and original file are deleted for good. Export it first if you may want it back.
workout-delete-confirm = Delete for good
