"""Benchmark: what `PRAGMA synchronous=FULL` costs a set save, against NORMAL.

    .venv/bin/python bench/synchronous.py [--years 5] [--rounds 5] [--runs 200]

Runs bench/log_set.py `--rounds` times for each mode, alternating NORMAL and FULL so that a
busy spell on the machine hits both, each run on a fresh scratch database seeded with
`--years` of history (on the same disk as the system's temporary directory: a tmpfs would
make every sync free). Prints each run's median save time and, per mode, the median of those
medians with the data size.

Then the cost in isolation, without Django: `--commits` single-row transactions on a bare SQLite
file in WAL mode, per mode (alternating in blocks of 50), median and p95 per commit. A set save
is one such commit, so the difference here is what FULL adds to a save on this disk.
"""

import argparse
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOG_SET = Path(__file__).resolve().parent / "log_set.py"
SAVE = re.compile(r"save a set \(htmx POST\):\s+median\s+([\d.]+) ms\s+p95\s+([\d.]+) ms")
DATA = re.compile(r"data: (.*?) \(SQLite, synchronous=(\w+)")


def run(mode, years, runs):
    out = subprocess.run(
        [
            sys.executable,
            str(LOG_SET),
            "--years",
            str(years),
            "--runs",
            str(runs),
            "--synchronous",
            mode,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data, save = DATA.search(out), SAVE.search(out)
    assert data.group(2) == mode, f"asked for {mode}, the run had {data.group(2)}"
    return data.group(1), float(save.group(1)), float(save.group(2))


def commit_times(commits):
    """{mode: [ms per commit]} of single-row transactions on a scratch WAL database."""
    times = {"NORMAL": [], "FULL": []}
    with tempfile.TemporaryDirectory(prefix="montage-sync-") as scratch:
        db = sqlite3.connect(Path(scratch) / "commits.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT)")
        for block in range(0, commits, 50):
            for mode in ("NORMAL", "FULL") if block % 100 == 0 else ("FULL", "NORMAL"):
                db.execute(f"PRAGMA synchronous={mode}")
                for _ in range(min(50, commits - block)):
                    start = time.perf_counter()
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("INSERT INTO t (payload) VALUES (?)", ["x" * 200])
                    db.execute("COMMIT")
                    times[mode].append((time.perf_counter() - start) * 1000)
        db.close()
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--commits", type=int, default=1000)
    args = parser.parse_args()
    for mode, values in commit_times(args.commits).items():
        values.sort()
        print(
            f"bare commit, synchronous={mode:6}: median {statistics.median(values):6.2f} ms  "
            f"p95 {values[int(len(values) * 0.95) - 1]:6.2f} ms  ({len(values)} commits)",
            flush=True,
        )
    medians = {"NORMAL": [], "FULL": []}
    data = ""
    for round_ in range(args.rounds):
        for mode in ("NORMAL", "FULL") if round_ % 2 == 0 else ("FULL", "NORMAL"):
            data, median, p95 = run(mode, args.years, args.runs)
            medians[mode].append(median)
            print(
                f"round {round_ + 1} {mode:6}: save median {median:6.1f} ms  p95 {p95:6.1f} ms",
                flush=True,
            )
    print(f"data: {data}; {args.rounds} rounds x {args.runs} saves per mode")
    for mode, values in medians.items():
        print(
            f"synchronous={mode:6}: median of medians {statistics.median(values):6.1f} ms "
            f"(min {min(values):.1f}, max {max(values):.1f})"
        )
    full, normal = statistics.median(medians["FULL"]), statistics.median(medians["NORMAL"])
    print(f"FULL costs {full - normal:+.1f} ms per save ({(full / normal - 1) * 100:+.0f}%)")


if __name__ == "__main__":
    main()
