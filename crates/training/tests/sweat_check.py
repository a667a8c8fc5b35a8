"""What the Python package `sweat` (PyPI `sweat`, 0.25) makes of the power of one workout, for
the training crate's test `tests/training/sweat.rs`.

    python sweat_check.py DURATIONS WORKOUT_DIR...

DURATIONS is a comma-separated list of seconds. Each WORKOUT_DIR holds what the crate wrote:
- `raw.txt`: one recorded sample a line, `epoch_milliseconds watts`;
- `series.txt`: the crate's 1 Hz power series: the first line is the epoch milliseconds of its
  first second, then one value a line, `nan` for a stop.

Prints one JSON object a line, per workout, in order:
- `resample_difference`: the largest difference, in watts, between the crate's series and
  sweat's resampling of the raw samples (`sweat.io.utils.resample_data(df, resample=True,
  interpolate=True)`: the mean of each second, then linear interpolation), over the seconds the
  crate does not call stops (it leaves long gaps and pauses out; sweat fills every gap), or
  null when sweat has no value for one of them;
- `mean_max`: sweat's mean-max power at each duration the series is long enough for, with the
  crate's stops as zero watts;
- `normalized_power`: sweat's `weighted_average_power` (WAP) over the seconds that are not stops.
"""

import json
import sys
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")

from sweat.io.utils import resample_data  # noqa: E402
from sweat.metrics import core  # noqa: E402

# sweat's mean_max evaluates every duration from 1 s to the whole series: O(n²), about 3 s for a
# 4-hour series. It runs whole on series up to this length; longer ones get the same expression
# (`energy.diff(t).max() / t`, sweat's loop body) at the asked durations only, which is checked
# against the whole function on every series short enough for both.
FULL_MEAN_MAX_UP_TO_S = 4 * 3600


def read_raw(path):
    times, watts = [], []
    with open(path) as f:
        for line in f:
            t, w = line.split()
            times.append(int(t))
            watts.append(float(w))
    index = pd.to_datetime(times, unit="ms")
    return pd.DataFrame({"power": watts}, index=index)


def read_series(path):
    with open(path) as f:
        first_ms = int(f.readline())
        values = np.array([float(line) for line in f])
    index = pd.to_datetime(first_ms + 1000 * np.arange(len(values)), unit="ms")
    return pd.Series(values, index=index)


def mean_max_at(y, durations):
    """sweat's loop body at the given durations only."""
    energy = pd.Series(y).cumsum()
    return {d: energy.diff(d).max() / d for d in durations}


def check(durations, folder):
    ours = read_series(folder + "/series.txt")
    raw = read_raw(folder + "/raw.txt")
    theirs = resample_data(raw, resample=True, interpolate=True)["power"]
    theirs = theirs.reindex(ours.index)
    kept = ~np.isnan(ours.values)
    # None when sweat has no value for a second the crate has one for.
    difference = None
    if not np.isnan(theirs.values[kept]).any():
        difference = float(np.max(np.abs(theirs.values[kept] - ours.values[kept])))

    # sweat's mean_max takes `energy.diff(t)` at row t as the first window, so it never starts
    # a window at the first second: a zero before the series gives every window its chance
    # (the same as taking the cumulative energy from zero).
    y = np.concatenate([[0.0], np.nan_to_num(ours.values, nan=0.0)])
    asked = [d for d in durations if d <= len(ours)]
    at = mean_max_at(y, asked)
    if len(ours) <= FULL_MEAN_MAX_UP_TO_S:
        whole = core.mean_max(y.copy())
        for d in asked:
            assert abs(whole[d - 1] - at[d]) < 1e-9, (folder, d, whole[d - 1], at[d])
    watts = ours.values[kept]
    return {
        "resample_difference": difference,
        "mean_max": {str(d): float(v) for d, v in at.items()},
        "normalized_power": float(core.weighted_average_power(watts)) if len(watts) else None,
    }


def main():
    durations = [int(d) for d in sys.argv[1].split(",")]
    for folder in sys.argv[2:]:
        print(json.dumps(check(durations, folder)), flush=True)


if __name__ == "__main__":
    main()
