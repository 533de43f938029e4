"""Run every benchmark script; with ``--smoke`` each runs in a tiny size (as CI does).

    .venv/bin/python benchmarks/run_all.py --smoke

Runs the scripts of this directory that accept ``--smoke`` (keyact's own first, then any other
one found), each in its own process with a time limit, and prints their output. Exit status is
non-zero only when a script fails or overruns; a missing tool (wrk, PostgreSQL) makes a script
print SKIPPED and succeed, so CI does not fail spuriously. Figures from a smoke run mean nothing:
full-size results and their commands are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = ["seed.py", "activity_list.py", "api_create.py", "api_create_breakdown.py"]
NOT_SCRIPTS = {"run_all.py", "harness.py", "__init__.py"}


def scripts() -> list[Path]:
    others = sorted(
        p.name
        for p in HERE.glob("*.py")
        if p.name not in NOT_SCRIPTS and p.name not in FIRST and "--smoke" in p.read_text()
    )
    return [HERE / name for name in [*FIRST, *others] if (HERE / name).exists()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, as CI runs them")
    parser.add_argument("--timeout", type=int, default=0, help="seconds per script")
    args = parser.parse_args()
    timeout = args.timeout or (180 if args.smoke else 3600)
    failed: list[str] = []
    started = time.perf_counter()
    for script in scripts():
        command = [sys.executable, str(script), *(["--smoke"] if args.smoke else [])]
        print(f"=== {script.name} {'--smoke' if args.smoke else ''}", flush=True)
        t0 = time.perf_counter()
        try:
            result = subprocess.run(command, timeout=timeout, cwd=HERE.parent)
            ok = result.returncode == 0
        except subprocess.TimeoutExpired:
            print(f"{script.name}: timed out after {timeout} s")
            ok = False
        print(f"=== {script.name}: {'ok' if ok else 'FAILED'} in {time.perf_counter() - t0:.0f} s")
        if not ok:
            failed.append(script.name)
    print(f"benchmarks done in {time.perf_counter() - started:.0f} s; failed: {failed or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
