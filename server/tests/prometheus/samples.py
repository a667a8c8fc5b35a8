"""Reads a Prometheus text exposition (format 0.0.4) on stdin with PyPI prometheus-client's own
parser, and prints its samples as JSON: a list of {"family", "type", "name", "labels",
"value"}. Text the parser refuses ends the script with its error (a non-zero exit).

Used by server/tests/api/metrics.rs; the Python is LAPS_PROMETHEUS_PYTHON (scripts/lib.sh,
ensure_prometheus_client).
"""

import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    samples = []
    for family in text_string_to_metric_families(sys.stdin.read()):
        for sample in family.samples:
            value = sample.value
            samples.append(
                {
                    "family": family.name,
                    "type": family.type,
                    "name": sample.name,
                    "labels": sample.labels,
                    # JSON has no infinities: those are sent as the format writes them.
                    "value": value if math.isfinite(value) else repr(value),
                }
            )
    json.dump(samples, sys.stdout)


if __name__ == "__main__":
    main()
