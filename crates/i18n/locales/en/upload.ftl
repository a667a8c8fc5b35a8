# /upload: the upload form, each upload's progress and what it became.
upload-intro = FIT, TCX, GPX and Polar HRM files, gzipped or not, or zips of them, and the account archives of Strava and Polar Flow. Drop an HRM file together with its GPX track to get one workout with both. A file you uploaded before is recognised and not added twice.
upload-drop = Drop files here
upload-choose = or choose them:
upload-files = Workout files
upload-list = Uploads
upload-open-calendar = Open the calendar
upload-all-workouts = All workouts
upload-size-mb = { $size } MB
upload-size-kb = { $size } KB

## Progress
upload-bar-sending = Sending { $name }
upload-bar-importing = Importing { $name }
upload-bar-uploaded = Uploaded { $name }
upload-told-waiting = { $name }: waiting
upload-told-sending = { $name }: sending
upload-told-importing = { $name }: importing
upload-told-importing-items = { $name }: importing { $total } items, { $percent }% done
upload-waiting = Waiting…
upload-sending = Sending…
upload-importing = Importing…
upload-importing-items = Importing: { $done } of { $total } items
# A file (or an archive's entry) and what became of it.
upload-named = { $name }: { $text }

## Failures
upload-failed-start = The upload could not start in this browser.
upload-failed-connection = Laps could not be reached, or the connection broke. Check your connection; what was imported stays, and uploading the same files again adds only the rest.
upload-failed-too-large = This upload is larger than the server accepts. Split it into smaller zips.
upload-failed-signed-out = You were signed out. Sign in again, then upload.
upload-failed-busy = Laps is busy with other requests right now; try again in a moment.
upload-failed-status = The upload failed ({ $status }).
upload-unreadable = The server's answer could not be read.
upload-answer-cut = The answer ended before the upload did; what is listed is stored. Upload the same files again to import the rest.

## Results
upload-see-month = See { $month } in the calendar
upload-group-refused = Refused ({ $count })
upload-group-imported = Imported ({ $workouts })
upload-group-duplicates = Already there ({ $count })
upload-open-workout = open workout
upload-next-session = next session
upload-manual = (manual entry)
upload-overlaps = (overlaps another workout)
upload-also-from = (now also from { $service })
upload-linked-from = already there, now also from { $service }:
upload-status-imported = Imported
upload-status-duplicate = Already there
upload-status-linked = Linked
upload-status-refused = Refused
upload-status-days = Days of activity
upload-status-settings = Settings
upload-status-gear = Gear
upload-status-skipped = Skipped
upload-days-stored = { $stored } stored
upload-days-stored-kept = { $stored } stored, { $kept } kept from a preferred source
upload-gear-stored = { $stored } restored
upload-gear-stored-kept = { $stored } restored, { $kept } already there, kept as it was
upload-with-refused = { $text }; refused: { $refused }
upload-settings-restored = restored (units, time zone, heart rates and zones)
upload-settings-unchanged = already as in the export
# $kind is what the archive calls them ("sleep", "monitoring").
upload-skipped = { $count } { $kind } entries hold nothing Laps imports

## The summary: the parts that apply, joined by commas
upload-summary-manual = { $count ->
    [one] { $count } manual entry
   *[other] { $count } manual entries
}
upload-summary-duplicates = { $count } already imported
upload-summary-linked = { $count ->
    [one] { $count } linked to a workout already there
   *[other] { $count } linked to workouts already there
}
upload-summary-days = { $count ->
    [one] { $count } day of activity
   *[other] { $count } days of activity
}
upload-summary-days-kept = { $count ->
    [one] { $count } day kept from a preferred source
   *[other] { $count } days kept from a preferred source
}
upload-summary-refused = { $count } refused
upload-summary-days-refused = { $count ->
    [one] { $count } day refused
   *[other] { $count } days refused
}
upload-summary-settings = settings restored
upload-summary-gear = gear restored
upload-summary-gear-refused = { $count ->
    [one] { $count } gear entry refused
   *[other] { $count } gear entries refused
}
upload-summary-skipped = { $count } skipped ({ $kinds })
upload-summary-nothing = nothing
