"""Benchmark: seeding activities with ``keyact seed-demo`` (target: 1 million in under 60 s on
PostgreSQL).

    .venv/bin/python benchmarks/seed.py                   # 1,000,000 activities on PostgreSQL
    .venv/bin/python benchmarks/seed.py --smoke           # CI: 5,000 on PostgreSQL and SQLite

Each run seeds a fresh database (``keyact_bench_seed`` on the local PostgreSQL, or a scratch
SQLite file), then prints the counts, the phases and the wall time reported by the command.
``--no-audit`` skips the "created" audit row per activity.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    bench_env,
    keyact,
    machine,
    pg_available,
    pg_url,
    recreate_database,
)


def run(database_url: str, activities: int, reps: int, audit: bool) -> float:
    env = bench_env(database_url)
    keyact(["migrate", "-v0"], env)
    args = ["seed-demo", "--org", "bench-seed", "--reps", str(reps), "--months", "12"]
    args += ["--seed", "1", "--today", "2026-11-27", "--activities", str(activities)]
    if not audit:
        args.append("--no-audit")
    started = time.perf_counter()
    out = keyact(args, env, timeout=1800)
    wall = time.perf_counter() - started
    print(out.rstrip())
    seconds = re.search(r"seconds\s+([\d.]+)", out)
    print(f"  command wall time {wall:.1f} s (process start and Django setup included)")
    return float(seconds.group(1)) if seconds else wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--no-audit", action="store_true")
    parser.add_argument("--sqlite", action="store_true", help="also seed a scratch SQLite file")
    args = parser.parse_args()
    if args.smoke:
        args.activities, args.reps, args.sqlite = 5_000, 5, True
    print(f"seed: {args.activities:,} activities, {args.reps} reps; {machine()}")
    database = "keyact_bench_seed_smoke" if args.smoke else "keyact_bench_seed"
    if pg_available():
        recreate_database(database)
        seconds = run(pg_url(database), args.activities, args.reps, not args.no_audit)
        print(f"PostgreSQL: {seconds:.1f} s for {args.activities:,} requested activities")
    else:
        print("seed: PostgreSQL SKIPPED - not reachable")
    if args.sqlite:
        with tempfile.TemporaryDirectory() as scratch:
            seconds = run(
                f"sqlite:///{scratch}/bench.sqlite3", args.activities, args.reps, not args.no_audit
            )
        print(f"SQLite: {seconds:.1f} s for {args.activities:,} requested activities")
    print(f"  {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
