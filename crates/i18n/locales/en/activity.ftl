# /activity/{date}: a day of synced activity.
activity-title = Daily activity
activity-on = Activity on { $date }
activity-none = No activity is known for this day. A wearable's companion app sends it through the sync API; account archives (Garmin Connect, Polar Flow, Apple Health, Google Fit) bring past days in from the upload page.
activity-steps = Steps
activity-active-calories = Active calories
activity-active-time = Active time
activity-source-device = Figures from your device.
# $service: the service whose account archive was imported (Garmin Connect).
activity-source-archive = Figures from the { $service } export.
activity-by-hour = Steps by the hour
# $time: the hour (18:00); $steps: a number as text (4000): a [1] variant may give its singular.
activity-hour-title = { $time } · { $steps } steps
activity-hour-label = { $time }, { $steps } steps
activity-back = Back to the calendar
