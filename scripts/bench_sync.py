"""The measuring half of scripts/bench-sync (see there). Prints one line per figure."""

import statistics
import sys

import requests

base, token, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
http = requests.Session()
http.headers["Authorization"] = f"Bearer {token}"


def server_ms(response):
    response.raise_for_status()
    timing = response.headers["server-timing"]
    return float(timing.split("dur=")[1])


def batches(run):
    """One hour at 1 Hz from a strap (HR + RR) and a power meter (power, wheel, crank)."""
    out = []
    for minute in range(60):
        strap, power = [], []
        for s in range(60):
            i = minute * 60 + s
            t = i * 1000
            bpm = 120 + (i // 60 + run) % 30
            rr = round(60_000 / bpm * 1.024)
            strap.append({"characteristic": "2a37", "t": t, "value": bytes([0x16, bpm]).hex() + rr.to_bytes(2, "little").hex()})
            wheel = int(i * 10 / 2.105)
            wheel_t = round(wheel * 2.105 / 10 * 2048) % 65536
            crank = int(i * 1.5)
            crank_t = round(crank / 1.5 * 1024) % 65536
            p = bytes([0x30, 0x00]) + (200 + i % 50).to_bytes(2, "little") + wheel.to_bytes(4, "little") \
                + wheel_t.to_bytes(2, "little") + (crank % 65536).to_bytes(2, "little") + crank_t.to_bytes(2, "little")
            power.append({"characteristic": "2a63", "t": t, "value": p.hex()})
        clock = {"device_ms": minute * 60_000, "utc_ms": 1_700_000_000_000 + run * 86_400_000 + minute * 60_000}
        out.append({"seq": minute * 2, "clock": clock, "sensor": "strap", "notifications": strap})
        out.append({"seq": minute * 2 + 1, "clock": clock, "sensor": "power", "notifications": power})
    return out


sync_ms, close_ms, fit_ms = [], [], []
for run in range(runs):
    session = http.post(f"{base}/api/v1/sync/sessions", json={"sport": "cycling"}).json()["id"]
    total = 0.0
    for b in batches(run):
        total += server_ms(http.post(f"{base}/api/v1/sync/sessions/{session}/batches", json=b))
    closed = http.post(f"{base}/api/v1/sync/sessions/{session}/close", json={})
    close = server_ms(closed)
    workout = closed.json()["workout_id"]
    fit = http.get(f"{base}/api/v1/workouts/{workout}/export/fit").content
    uploaded = http.post(f"{base}/api/v1/uploads", files={"file": (f"run{run}.fit", fit)})
    fit_ms.append(server_ms(uploaded))
    sync_ms.append(total + close)
    close_ms.append(close)

med = statistics.median
print(f"one-hour ride, 7,200 notifications in 120 batches: sync + close {med(sync_ms):.1f} ms server time "
      f"(batches {med(sync_ms) - med(close_ms):.1f} ms, close {med(close_ms):.1f} ms), median of {runs}")
print(f"  = {7200 / (med(sync_ms) / 1000):,.0f} notifications/s")
print(f"baseline: the same recording uploaded as FIT: {med(fit_ms):.1f} ms server time")
print(f"ratio sync / FIT upload: {med(sync_ms) / med(fit_ms):.2f}x")
