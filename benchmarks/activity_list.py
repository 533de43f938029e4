"""Benchmark: a manager's activity list, first page, through GET /api/v1/activities.

    .venv/bin/python benchmarks/activity_list.py             # 200 reps, 5 million activities
    .venv/bin/python benchmarks/activity_list.py --smoke     # CI: 10 reps, 5,000 activities

The PostgreSQL database ``keyact_bench_list`` (``--database``) is seeded once with
``keyact seed-demo`` and reused by later runs. Requests go in-process through Django's test
client with a bearer token (the whole middleware, django-ninja and serialization path, without
the HTTP server). Prints, for a team manager (about 1/20 of the reps) and for the director (all
of them): p50/p95 of the first page over ``--repeat`` requests, the number of queries for page
sizes 10, 50 and 200 (CaptureQueriesContext: it must not grow with the page size), and the
EXPLAIN ANALYZE plan of the page query with the indexes it uses.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    bench_env,
    database_exists,
    keyact,
    machine,
    percentile,
    pg_available,
    pg_url,
    postgres_backend_pids,
    process_cpu_seconds,
    recreate_database,
)

SLUG = "bench5m"


def seed(database: str, reps: int, activities: int, fresh: bool) -> None:
    env = bench_env(pg_url(database))
    if fresh or not database_exists(database):
        recreate_database(database)
    keyact(["migrate", "-v0"], env)
    probe = keyact(
        [
            "shell",
            "-c",
            f"from keyact.orgs.models import Organization as O; "
            f"print('BENCH', O.objects.filter(slug='{SLUG}').exists())",
        ],
        env,
    )
    if "BENCH True" in probe:
        print(f"reusing the seeded organisation {SLUG!r} in {database}")
        return
    print(f"seeding {activities:,} activities for {reps} reps into {database}…", flush=True)
    out = keyact(
        [
            "seed-demo",
            "--org",
            SLUG,
            "--reps",
            str(reps),
            "--months",
            "12",
            "--seed",
            "5",
            "--today",
            "2026-11-27",
            "--activities",
            str(activities),
        ],
        env,
        timeout=3600,
    )
    print(out.rstrip())
    import psycopg

    # A table in service is mostly all-visible; a fresh bulk load is not until vacuumed.
    with psycopg.connect(pg_url(database), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE activities_activity")


def measure(repeat: int, database: str) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from keyact.activities.models import Activity
    from keyact.activities.selectors import activity_list
    from keyact.orgs.selectors import scope_for
    from keyact.users.models import User
    from keyact.users.services import token_create

    total = Activity.objects.filter(organization__slug=SLUG).count()
    print(f"{total:,} activities in {SLUG}; {machine()}")
    client = Client()
    for username in (f"{SLUG}-manager", f"{SLUG}-director"):
        user = User.objects.get(username=username)
        scope = scope_for(user)
        token = token_create(user=user, name="bench")[1]
        auth = {"Authorization": f"Bearer {token}"}
        visible = Activity.objects.filter(owner_id__in=scope.owner_ids or ()).count()
        print(
            f"\n{username}: {len(scope.owner_ids or ())} people in scope, "
            f"{visible:,} visible activities"
        )
        for _ in range(3):  # warm connection, caches, plans
            client.get("/api/v1/activities", headers=auth)
        for limit in (50,):
            times = []
            pids = postgres_backend_pids(database)
            cpu_db = process_cpu_seconds(pids)
            cpu_app = time.process_time()
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(f"/api/v1/activities?limit={limit}", headers=auth)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.content[:500]
            cpu_app = (time.process_time() - cpu_app) * 1000 / repeat
            cpu_db = (process_cpu_seconds(pids) - cpu_db) * 1000 / repeat
            body = response.json()
            print(
                f"  first page, limit {limit}: p50 {statistics.median(times):.1f} ms, "
                f"p95 {percentile(times, 95):.1f} ms, max {max(times):.1f} ms "
                f"over {repeat} requests; {len(body['items'])} items, count {body['count']:,}"
                f"{'' if body['count_is_exact'] else ' (capped)'}"
            )
            print(
                f"  CPU per request: Django {cpu_app:.1f} ms, PostgreSQL {cpu_db:.1f} ms "
                "(independent of other load on the machine, unlike the times above)"
            )
        counts = {}
        for limit in (10, 50, 200):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/api/v1/activities?limit={limit}", headers=auth)
            assert response.status_code == 200
            counts[limit] = len(queries.captured_queries)
        second = {}
        for limit in (10, 50, 200):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(
                    f"/api/v1/activities?limit={limit}&offset={limit}", headers=auth
                )
            second[limit] = len(queries.captured_queries)
        same = len(set(counts.values())) == 1 and len(set(second.values())) == 1
        print(
            f"  queries per page (limit 10/50/200): first page {counts[10]}/{counts[50]}/"
            f"{counts[200]}, second page {second[10]}/{second[50]}/{second[200]}"
            f" -> {'constant' if same else 'NOT constant'}"
        )
        for statement in queries.captured_queries:
            print(f"    {statement['time']} s  {statement['sql'][:110]}")
        page = activity_list(user=user)[:51]
        plan = page.explain(analyze=True, buffers=True)
        indexes = sorted(set(re.findall(r"using (\w+)", plan, re.I)))
        timing = re.search(r"Execution Time: ([\d.]+) ms", plan)
        print(
            f"  EXPLAIN ANALYZE of the page query: indexes {', '.join(indexes) or 'none'}; "
            f"execution {timing.group(1) if timing else '?'} ms"
        )
        for line in plan.splitlines()[:14]:
            print(f"    {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="small size, as CI runs it")
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--activities", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database", default="keyact_bench_list")
    parser.add_argument("--fresh", action="store_true", help="drop and reseed the database")
    args = parser.parse_args()
    if args.smoke:
        args.reps, args.activities, args.repeat = 10, 5_000, 10
        args.database, args.fresh = "keyact_bench_list_smoke", True
    if not pg_available():
        print("activity_list: SKIPPED - PostgreSQL is not reachable")
        return 0
    seed(args.database, args.reps, args.activities, args.fresh)
    os.environ.update(bench_env(pg_url(args.database)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyact.config.settings")
    measure(args.repeat, args.database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
