"""Benchmark: seeding activities with ``keyact seed-demo`` (target: 1 million in under 60 s on
PostgreSQL).

    .venv/bin/python benchmarks/seed.py                   # 1,000,000 activities on PostgreSQL
    .venv/bin/python benchmarks/seed.py --smoke           # CI: 5,000 on PostgreSQL and SQLite

Each run seeds a fresh database (``keyact_bench_seed`` on the local PostgreSQL, or a scratch
SQLite file), then prints the counts, the phases and the wall time reported by the command.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    ROOT,
    bench_env,
    keyact,
    machine,
    pg_available,
    pg_url,
    postgres_backend_pids,
    process_cpu_seconds,
    recreate_database,
)


def run(database_url: str, activities: int, reps: int) -> float:
    env = bench_env(database_url)
    keyact(["migrate", "-v0"], env)
    args = ["seed-demo", "--org", "bench-seed", "--reps", str(reps), "--months", "12"]
    args += ["--seed", "1", "--today", "2026-11-27", "--activities", str(activities)]
    started = time.perf_counter()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(
        [sys.executable, "-m", "keyact", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # Sample the CPU time of the PostgreSQL backend(s) serving the seed while it runs.
    backend_cpu: dict[int, float] = {}
    database = database_url.rsplit("/", 1)[1] if database_url.startswith("postgres") else ""
    while process.poll() is None and time.perf_counter() - started < 1800:
        if database:
            for pid in postgres_backend_pids(database):
                backend_cpu[pid] = max(backend_cpu.get(pid, 0.0), process_cpu_seconds([pid]))
        time.sleep(0.5)
    out = process.communicate(timeout=60)[0]
    wall = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    python_cpu = (children.ru_utime + children.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    print(out.rstrip())
    if process.returncode != 0:
        raise RuntimeError("seed-demo failed")
    seconds = re.search(r"seconds\s+([\d.]+)", out)
    print(f"  command wall time {wall:.1f} s (process start and Django setup included)")
    print(
        f"  CPU: seed-demo process {python_cpu:.1f} s"
        + (f", PostgreSQL backend {sum(backend_cpu.values()):.1f} s" if database else "")
        + " (other load on the machine stretches the wall time, not these)"
    )
    return float(seconds.group(1)) if seconds else wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--sqlite", action="store_true", help="also seed a scratch SQLite file")
    args = parser.parse_args()
    if args.smoke:
        args.activities, args.reps, args.sqlite = 5_000, 5, True
    print(f"seed: {args.activities:,} activities, {args.reps} reps; {machine()}")
    database = "keyact_bench_seed_smoke" if args.smoke else "keyact_bench_seed"
    if pg_available():
        recreate_database(database)
        seconds = run(pg_url(database), args.activities, args.reps)
        print(f"PostgreSQL: {seconds:.1f} s for {args.activities:,} requested activities")
    else:
        print("seed: PostgreSQL SKIPPED - not reachable")
    if args.sqlite:
        with tempfile.TemporaryDirectory() as scratch:
            seconds = run(f"sqlite:///{scratch}/bench.sqlite3", args.activities, args.reps)
        print(f"SQLite: {seconds:.1f} s for {args.activities:,} requested activities")
    print(f"  {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
