# /gear: shoes, bikes and other gear with their totals and wear, forms to add and edit, and
# the default gear per sport; the gear forms' errors.
gear-title = Gear
gear-add = Add gear
gear-intro = Shoes, bikes and anything else you wear out. A workout names the gear it was done with; its distance and time add up here.
gear-retired = Retired
gear-retired-intro = Out of use: offered for no new workout and default for no sport. Their totals stay.
gear-empty = No gear yet.
gear-empty-hint = Add your running shoes, your bikes and anything else you wear out, then choose it on each workout's page (or set a default per sport below). Their kilometres and hours add up here, and shoes warn you at 700 km, when most are worn out. A Strava export brings its gear along with its activities.

## Kinds: one item, and several as a heading
gear-kind-shoes = Shoes
gear-kind-bike = Bike
gear-kind-other = Other
gear-kinds-shoes = Shoes
gear-kinds-bike = Bikes
gear-kinds-other = Other gear

## A piece of gear
gear-used = Used
gear-used-never = not yet
gear-retired-tag = retired
# Distances with their unit; the share in percent.
gear-wear = { $done } of { $warn } ({ $percent }%)
gear-wear-label = Towards its warning distance: { $wear }
gear-past = Past its warning distance
# Follows gear-past, in the same sentence.
gear-past-detail = : { $over } over { $warn }. Time to think about replacing it.
gear-near = Nearly at its warning distance: { $left } to go.
gear-save-changes = Save changes
gear-retire = Retire
gear-retire-label = Retire { $name }
gear-unretire = Bring back into use
gear-unretire-label = Bring { $name } back into use
gear-delete = Delete…
gear-delete-explained = The gear is deleted; its workouts stay, without gear. To keep its totals, retire it instead.
gear-delete-label = Delete { $name } for good
gear-option-retired = { $name } (retired)

## The gear form
gear-kind = Kind
gear-brand = Brand
gear-model = Model
gear-warn-at = Warn at ({ $unit })
gear-warn-hint-edit = Blank or 0: never warn.
gear-warn-hint-new = Leave it blank for the usual: 700 km for shoes, no warning for bikes and other gear. 0: never warn.

## Defaults per sport
gear-defaults = Defaults per sport
gear-defaults-intro = A new workout gets its sport's default gear when its file or export names none. You can still change it on the workout's page.
gear-defaults-empty = No defaults yet.
gear-default = { $sport }: { $name }
gear-deleted = (deleted)
gear-default-remove = Remove
gear-default-remove-label = Remove the default for { $sport }
gear-defaults-none-active = Add gear in use first; then choose it here.
gear-default-set = Set default
# A link to the workouts, then " · " and this.
gear-your-workouts = Your workouts
gear-choose-on-workout = choose gear on each workout's page.

## Errors
gear-error-kind = Choose shoes, a bike or other gear.
gear-error-sport = Choose a sport from the list.
gear-error-warn-number = Write the distance as a number of { $unit }, such as 700.
gear-error-warn-range = A warning distance is more than 0 and at most { $max } km; leave it out for no warning.
gear-error-no-such-gear = There is no such gear. It may have been deleted.
gear-error-name-taken = You already have gear called “{ $name }”; choose another name.
gear-error-retired-default = “{ $name }” is retired, so it cannot be the default for new workouts; bring it back into use first.
gear-error-name-missing = Give the gear a name.
gear-error-name-long = Names have at most { $max } characters.
gear-error-name-line = Names are one line, without control characters.
gear-error-brand-long = Brands have at most { $max } characters.
gear-error-brand-line = Brands are one line, without control characters.
gear-error-model-long = Models have at most { $max } characters.
gear-error-model-line = Models are one line, without control characters.
gear-error-notes-long = Notes have at most { $max } characters.
gear-error-notes-control = Notes cannot hold control characters.
