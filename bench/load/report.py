"""The load test's table for bench/README.md, from locust's CSV files in OUT.

Run by run.sh: .venv/bin/python bench/load/report.py OUT
"""

import csv
import sys
from pathlib import Path

ORDER = ["sqlite1", "pg1", "pg2", "kill9", "pgrestart", "redisstop"]


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
        for suffix in ("fault.txt", "check.txt"):
            path = out / f"{name}-{suffix}"
            if path.exists():
                print(f"- {name}: {path.read_text().strip()}")


if __name__ == "__main__":
    main()
