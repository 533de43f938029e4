"""Benchmark: POST /api/v1/activities against two ceilings, on PostgreSQL, 2 gunicorn workers.

    .venv/bin/python benchmarks/api_create.py                # full: 3 rounds x 15 s each
    .venv/bin/python benchmarks/api_create.py --smoke        # CI: 1 round x 1 s, 4 clients

Three servers, each gunicorn with --workers sync workers on 127.0.0.1, driven in turn by wrk
with 16 connections (the same JSON body, the same database, rounds interleaved):
1. keyact (``keyact serve``): bearer token of a rep, django-ninja, validation, scope checks,
   the activity row (one INSERT; creation is recorded on the row, ADR 0006);
2. bare Django: one view, no middleware, one ORM insert (benchmarks/ceilings/bare_django.py);
3. raw WSGI: psycopg insert (benchmarks/ceilings/raw_wsgi.py).
Prints requests/s, p50 and p99 (median over rounds) and keyact's share of the bare Django figure.
Needs wrk (apt-get install -y wrk) and the local PostgreSQL; otherwise it says so and skips.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    ROOT,
    LoadResult,
    Server,
    bench_env,
    free_port,
    keyact,
    machine,
    pg_available,
    pg_url,
    postgres_backend_pids,
    process_cpu_seconds,
    recreate_database,
    run_wrk,
    wrk_missing,
)

DATABASE = "keyact_bench_api"
SETUP = """
from keyact.activities.models import ActivityType
from keyact.customers.models import Customer
from keyact.users.models import User
from keyact.users.services import token_create
rep = User.objects.get(username="bench-rep")
org = rep.membership.organization
type_id = ActivityType.objects.get(organization=org, code="communication").pk
customer_id = Customer.objects.filter(owner=rep).order_by("id").first().pk
token = token_create(user=rep, name="bench")[1]
print("BENCH", org.pk, rep.pk, type_id, customer_id, token)
"""


def start_profilers(pids: list[int], seconds: int) -> list[tuple[subprocess.Popen[bytes], Path]]:
    """py-spy on each worker for the measured seconds (raw collapsed stacks)."""
    exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(exe).exists():
        print("  (no py-spy: pip install py-spy into the venv to profile)")
        return []
    spies = []
    for pid in pids:
        out = Path(f"/tmp/keyact-bench-pyspy-{pid}.txt")
        command = [exe, "record", "-p", str(pid), "-d", str(max(1, seconds - 1)), "-r", "250"]
        command += ["-f", "raw", "-o", str(out), "--nonblocking"]
        spies.append(
            (subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), out)
        )
    return spies


def _samples(
    spies: list[tuple[subprocess.Popen[bytes], Path]],
) -> tuple[Counter[str], Counter[str], int]:
    """Samples under each frame (cumulative), samples in each frame (leaf), and the total."""
    cumulative: Counter[str] = Counter()
    leaf: Counter[str] = Counter()
    total = 0
    for process, path in spies:
        process.wait(timeout=60)
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            n = int(count)
            total += n
            frames = stack.split(";")
            leaf[frames[-1]] += n
            for frame in set(frames):
                cumulative[frame] += n
    return cumulative, leaf, total


def print_profile(spies: list[tuple[subprocess.Popen[bytes], Path]]) -> None:
    """Where the keyact workers spend their time: share of samples under each frame."""
    cumulative, leaf, total = _samples(spies)
    if not total:
        return
    print(f"  py-spy, keyact workers, {total} samples; share of time under each frame:")
    interesting = ("keyact/", "ninja/operation", "psycopg/connection.py", "handlers/base.py")
    shown = 0
    for frame, n in cumulative.most_common():
        if n / total < 0.02 or shown >= 25:
            break
        if any(key in frame for key in interesting):
            print(f"    {n / total:6.1%}  {frame[:110]}")
            shown += 1
    print("  leaf frames (self time):")
    for frame, n in leaf.most_common(8):
        print(f"    {n / total:6.1%}  {frame[:110]}")


def print_medians(results: dict[str, list[LoadResult]], labels: dict[str, str]) -> None:
    """The median over rounds of each target, and keyact's share of the bare Django ceiling."""
    print("median over rounds:")
    medians: dict[str, LoadResult] = {}
    for name, runs in results.items():
        medians[name] = LoadResult(
            requests=sum(r.requests for r in runs),
            seconds=sum(r.seconds for r in runs),
            rps=statistics.median(r.rps for r in runs),
            p50_ms=statistics.median(r.p50_ms for r in runs),
            p99_ms=statistics.median(r.p99_ms for r in runs),
            errors=0,
            cpu_ms=statistics.median(r.cpu_ms for r in runs),
        )
        print("  " + medians[name].line(labels[name]))
    if "keyact" in medians and "bare" in medians and medians["bare"].rps > 0:
        share = medians["keyact"].rps / medians["bare"].rps
        print(f"  keyact = {share:.0%} of bare Django (target >= 60%, p99 < 50 ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny run, as CI does")
    parser.add_argument("--seconds", type=int, default=15, help="measured seconds per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", choices=["keyact", "bare", "raw"], action="append")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="sample the keyact workers with py-spy during the last round (pip install py-spy)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.rounds, args.connections = 2, 1, 4
    missing = wrk_missing() or (None if pg_available() else "PostgreSQL is not reachable")
    if missing:
        print(f"api_create: SKIPPED - {missing}")
        return 0

    database = f"{DATABASE}_smoke" if args.smoke else DATABASE
    recreate_database(database)
    env = bench_env(pg_url(database))
    keyact(["migrate", "-v0"], env)
    keyact(["seed-demo", "--org", "bench", "--reps", "6", "--months", "1", "--seed", "1"], env)
    line = [x for x in keyact(["shell", "-c", SETUP], env).splitlines() if x.startswith("BENCH ")]
    org_id, owner_id, type_id, customer_id, token = line[-1].split()[1:]
    body = json.dumps(
        {"type_id": int(type_id), "customer_id": int(customer_id), "outcome": "advance"}
    )
    load_env = {"BENCH_BODY": body, "BENCH_TOKEN": token}
    server_env = bench_env(pg_url(database), BENCH_ORG_ID=org_id, BENCH_OWNER_ID=owner_id)
    gunicorn = [sys.executable, "-m", "gunicorn", "--workers", str(args.workers)]
    gunicorn += ["--worker-class", "sync", "--log-level", "warning"]
    targets = {
        "keyact": lambda port: [
            sys.executable,
            "-m",
            "keyact",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        "bare": lambda port: [
            *gunicorn,
            "--bind",
            f"127.0.0.1:{port}",
            "benchmarks.ceilings.bare_django:application",
        ],
        "raw": lambda port: [
            *gunicorn,
            "--bind",
            f"127.0.0.1:{port}",
            "benchmarks.ceilings.raw_wsgi:application",
        ],
    }
    labels = {
        "keyact": "keyact POST /api/v1/activities",
        "bare": "bare Django ORM insert (ceiling)",
        "raw": "raw WSGI + psycopg (ceiling)",
    }
    chosen = args.only or list(targets)
    results: dict[str, list[LoadResult]] = {name: [] for name in chosen}
    script = ROOT / "benchmarks" / "post_activity.lua"
    print(
        f"api_create: {args.workers} workers, {args.connections} clients, "
        f"{args.rounds} x {args.seconds} s; {machine()}"
    )
    for round_number in range(args.rounds):
        for name in chosen:
            port = free_port()
            with Server(targets[name](port), port, server_env) as server:
                url = f"http://127.0.0.1:{port}/api/v1/activities"
                if not args.smoke:  # warm up connections and code paths
                    run_wrk(
                        url, script=script, seconds=2, connections=args.connections, env=load_env
                    )
                pids = server.worker_pids() + postgres_backend_pids(database)
                spies = []
                if args.profile and name == "keyact" and round_number == args.rounds - 1:
                    spies = start_profilers(server.worker_pids(), args.seconds)
                cpu_before = process_cpu_seconds(pids)
                result = run_wrk(
                    url,
                    script=script,
                    seconds=args.seconds,
                    connections=args.connections,
                    env=load_env,
                )
                cpu = process_cpu_seconds(pids) - cpu_before
                if spies:
                    print_profile(spies)
            # CPU per request (workers + their PostgreSQL backends) does not depend on what else
            # runs on the machine, unlike requests/s.
            result.cpu_ms = 1000 * cpu / max(result.requests, 1)
            if result.errors:
                log = f"/tmp/keyact-bench-server-{port}.log"
                print(f"  {name}: {result.errors} non-2xx answers - see {log}")
                return 1
            results[name].append(result)
            print("  " + result.line(labels[name]))
    print_medians(results, labels)
    print(f"  {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
