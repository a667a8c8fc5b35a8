# /record: live recording from Bluetooth sensors.
record-needs-script = Recording needs JavaScript and a browser with Web Bluetooth.
record-checking = Checking for Web Bluetooth…
record-unsupported = This browser cannot talk to Bluetooth sensors.
record-unsupported-hint = Live recording needs Web Bluetooth: Chrome, Edge or Opera on a computer or Android phone (not Firefox or Safari), over https or on this computer. You can still record with your watch or a phone app and upload the file, or sync it with an access token.

## An unfinished recording found on the device
record-found = An unfinished recording was found.
# $time: when it started ("07:12"); $elapsed: how long it ran ("0:42:10").
record-found-hint = Started at { $time }, { $elapsed } recorded. Continue it (connect your sensors again, then Resume), or finish and save it as it is.
record-continue = Continue recording
record-finish = Finish and save

## Sensors
record-sensor-heart-rate = heart-rate strap
record-sensor-footpod = footpod
record-sensor-speed-cadence = speed/cadence sensor
record-sensor-power = power meter
record-connect = Connect { $sensor }
record-choose = Choose your { $sensor } in the browser's list…
record-connected = Connected: { $name }.
# A connected sensor: the name it advertises and what it is.
record-sensor-named = { $name } ({ $sensor })
record-connect-failed = Could not connect the { $sensor }: { $error }
record-sensor-disconnected = The { $sensor } disconnected; reconnecting…
record-sensor-back = The { $sensor } is back.
record-sensor-lost = The { $sensor } did not come back; the recording keeps what it had.

## Figures and controls
record-hrv = HRV (RMSSD)
record-other-sport = Other
record-start = Start
record-pause = Pause
record-resume = Resume
record-lap = Lap
record-saving = Saving…
record-discard = Discard
record-discard-confirm = Discard this recording? It will not be saved.
record-discarded = The recording was discarded.
record-save-failed = Saving failed: { $error }. Your recording is kept on this device; try again.

## Keeping and sending the recording
record-sync = On the server: { $sent } parts. Waiting on this device: { $waiting }.
record-sync-failed = The server could not be reached ({ $error }); they are sent when it can.
record-screen-off = The screen may turn off while you record ({ $error }), and the browser may then stop recording: keep it on.
record-not-kept = This browser does not let Laps keep the recording on the device ({ $error }): it is only sent as you record.
record-no-wake-lock = this browser cannot keep the screen on
record-no-indexeddb = this browser keeps no IndexedDB
record-not-recording = nothing is being recorded
record-nothing-recorded = nothing was recorded
record-no-session = the server opened no session
record-server-refused = the server refused
