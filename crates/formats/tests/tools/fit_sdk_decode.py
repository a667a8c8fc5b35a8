"""Decodes FIT files with Garmin's official FIT SDK (PyPI garmin-fit-sdk) and prints, per file,
one JSON object with what the formats tests compare against Laps: whether the SDK reported
errors, and per record, lap and session the fields Laps keeps. A record's heart rate is given
twice: as the record holds it, and after the SDK merged the file's `hr` messages (heart rate a
strap stored while swimming) into the records, as `Decoder.read` does by default.

Usage: python fit_sdk_decode.py FILE...
"""
import json
import sys

from garmin_fit_sdk import Decoder, Stream, hr_mesg_utils


def number(value):
    """A field value as JSON: None stays None, arrays give their first element."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value


def decode(path):
    decoder = Decoder(Stream.from_file(path))
    messages, errors = decoder.read(
        apply_scale_and_offset=True,
        convert_datetimes_to_dates=False,
        convert_types_to_strings=False,
        expand_components=True,
        merge_heart_rates=False,
    )
    records = messages.get("record_mesgs", [])
    own_heart_rates = [number(r.get("heart_rate")) for r in records]
    if not errors and "hr_mesgs" in messages:
        # What read(merge_heart_rates=True) does after decoding.
        try:
            hr_mesg_utils.merge_heart_rates(messages["hr_mesgs"], records)
        except Exception as error:
            errors.append(error)

    def speed(m):
        return number(m.get("enhanced_speed", m.get("speed")))

    return {
        "path": path,
        "errors": [str(e) for e in errors],
        "records": [
            [
                number(r.get("timestamp")),
                own,
                number(r.get("heart_rate")),
                number(r.get("power")),
                number(r.get("cadence")),
                speed(r),
                number(r.get("distance")),
                number(r.get("position_lat")),
                number(r.get("position_long")),
                number(r.get("enhanced_altitude", r.get("altitude"))),
            ]
            for r, own in zip(records, own_heart_rates)
        ],
        "laps": [
            [
                number(l.get("start_time")),
                number(l.get("total_elapsed_time")),
                number(l.get("total_distance")),
            ]
            for l in messages.get("lap_mesgs", [])
        ],
        "sessions": [
            [
                number(s.get("start_time")),
                number(s.get("sport")),
                number(s.get("total_elapsed_time")),
                number(s.get("total_distance")),
            ]
            for s in messages.get("session_mesgs", [])
        ],
    }


for path in sys.argv[1:]:
    print(json.dumps(decode(path)))
