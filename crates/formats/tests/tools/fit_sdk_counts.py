"""Decodes FIT files with Garmin's official FIT SDK (PyPI garmin-fit-sdk) and prints, per file,
one JSON object: record, lap and session counts, the sum of record heart rates, and whether the
SDK reported errors. The formats tests compare these with Laps' own reader.

Usage: python fit_sdk_counts.py FILE...
"""
import json
import sys

from garmin_fit_sdk import Decoder, Stream


def counts(path):
    decoder = Decoder(Stream.from_file(path))
    messages, errors = decoder.read(
        apply_scale_and_offset=True,
        convert_datetimes_to_dates=False,
        expand_components=False,
        merge_heart_rates=False,
    )
    records = messages.get("record_mesgs", [])
    return {
        "path": path,
        "errors": [str(e) for e in errors],
        "records": len(records),
        "laps": len(messages.get("lap_mesgs", [])),
        "sessions": len(messages.get("session_mesgs", [])),
        "heart_rate_sum": sum(int(r["heart_rate"]) for r in records if r.get("heart_rate") is not None),
    }


for path in sys.argv[1:]:
    print(json.dumps(counts(path)))
