"""The load test's tables for bench/README.md, from locust's CSV files and the nodes' JSON logs
in OUT.

Run by run.sh: .venv/bin/python bench/load/report.py OUT
"""

import csv
import json
import sys
from collections import Counter
from pathlib import Path

ORDER = ["sqlite1", "pg1", "pg2", "kill9", "pgrestart", "redisstop"]


def node_log_summary(out, name):
    """Server-side: 5xx answers (count, slowest), Redis warnings, worker timeouts."""
    errors, slowest, redis_down, redis_up, timeouts = 0, 0.0, 0, 0, 0
    for path in sorted(out.glob(f"{name}-node*.log")):
        for line in path.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            message = record.get("message", "")
            if record.get("event") == "request" and record.get("status", 0) >= 500:
                errors += 1
                slowest = max(slowest, record.get("duration_ms", 0.0))
            redis_down += "Redis cache unreachable" in message
            redis_up += "Redis cache reachable again" in message
            timeouts += "WORKER TIMEOUT" in message
    return (
        f"server 5xx answers: {errors} (slowest {slowest:.0f} ms); Redis-down warnings: "
        f"{redis_down}, back: {redis_up}; worker timeouts: {timeouts}"
    )


def client_errors(out, name):
    path = out / f"{name}_failures.csv"
    if not path.exists():
        return "client-side failures: none"
    counts = Counter()
    for row in csv.DictReader(path.open()):
        error = row["Error"].removeprefix("CatchResponseError(").strip("()'\" ")[:60]
        error = {"0": "connection refused or reset"}.get(error.split(" ")[0], error)
        counts[error] += int(row["Occurrences"])
    if not counts:
        return "client-side failures: none"
    return "client-side failures (then retried): " + ", ".join(
        f"{error} x{n}" for error, n in counts.most_common()
    )


def main():
    out = Path(sys.argv[1])
    print("| run | endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name in ORDER:
        stats = out / f"{name}_stats.csv"
        if not stats.exists():
            continue
        for row in csv.DictReader(stats.open()):
            label = "**all**" if row["Name"] == "Aggregated" else f"`{row['Type']} {row['Name']}`"
            print(
                f"| {name} | {label} | {row['Request Count']} | {row['Failure Count']} | "
                f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
            )
    print()
    for name in ORDER:
        if not (out / f"{name}_stats.csv").exists():
            continue
        notes = []
        fault = out / f"{name}-fault.txt"
        if fault.exists():
            notes += fault.read_text().strip().splitlines()
        check = out / f"{name}-check.txt"
        if check.exists():
            notes.append(check.read_text().strip().splitlines()[-1])
        notes += [client_errors(out, name), node_log_summary(out, name)]
        print(f"- **{name}**: " + "; ".join(notes))


if __name__ == "__main__":
    main()
