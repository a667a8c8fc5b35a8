# /settings/time-zone: moving the workouts placed by the previous time zone; the browser's zone
# on the sign-up form.
timezone-title = Einheiten in deine Zeitzone verschieben
timezone-heading = Einheiten in deine Zeitzone verschieben?
timezone-nothing = Keine Einheit hat ihre Ortszeit mehr aus { $zone }: Es gibt nichts zu verschieben.
timezone-back = Zurück zu den Einstellungen
timezone-explained = { $count ->
    [one] { $count } Einheit hat beim Import ihre Ortszeit aus deiner bisherigen Zeitzone { $zone } bekommen: sie hat keine Position, die verrät, wo sie aufgezeichnet wurde, oder sie ist eine Polar-HRM-Datei, die nur die Ortszeit aufzeichnet.
   *[other] { $count } Einheiten haben beim Import ihre Ortszeit aus deiner bisherigen Zeitzone { $zone } bekommen: sie haben keine Position, die verrät, wo sie aufgezeichnet wurden, oder einige sind Polar-HRM-Dateien, die nur die Ortszeit aufzeichnen.
}
# Followed by timezone-days.
timezone-moved-to = Verschoben nach { $zone }:
timezone-days = { $count ->
    [0] Keine landet auf einem anderen Tag.
    [one] { $count } landet auf einem anderen Tag.
   *[other] { $count } landen auf einem anderen Tag.
}
timezone-clocks = HRM-Dateien behalten die Uhrzeit ihrer Uhr; die anderen behalten ihren Zeitpunkt und zeigen die neue Ortszeit.
timezone-more = … und { $count } weitere.
timezone-move = { $count ->
    [one] { $count } Einheit verschieben
   *[other] { $count } Einheiten verschieben
}
timezone-keep = So lassen, wie sie sind
timezone-another-day = anderer Tag
timezone-from-browser = Zeitzone: { $zone } (von diesem Browser; du kannst sie in den Einstellungen ändern).
