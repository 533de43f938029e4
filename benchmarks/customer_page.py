"""Benchmark: a manager opens a customer page whose customer has 2,000 activities.

    .venv/bin/python benchmarks/customer_page.py          # 20 reps, 100,000 + 2,000 activities
    .venv/bin/python benchmarks/customer_page.py --smoke  # CI: 5 reps, 2,000 + 200

The PostgreSQL database ``keyact_bench_customer`` (``--database``) is seeded once with
``keyact seed-demo``; one customer of a rep in the team manager's scope then gets
``--customer-activities`` activities (done and planned, several types and owners, notes),
12 opportunities and 6 contacts. Requests go in-process through Django's test client, logged in
as the manager (the whole middleware and template path, without the HTTP server).

Cold caches, as a manager's first look would be: before every request the database connection
is closed (a new PostgreSQL backend with empty catalog caches) and keyact's process caches are
cleared (Django's cache, activity types). The very first request of the process, which also
compiles the templates, is reported apart. Prints p50/p95/max of the page, the "load more" slice
deep in the timeline (after 1,980 activities), the number of queries, and the EXPLAIN ANALYZE
of the first timeline slice.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
    recreate_database,
)

SLUG = "benchcust"
CUSTOMER = "Bench Heavy Customer Co."


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
            "7",
            "--today",
            "2026-11-27",
            "--activities",
            str(activities),
        ],
        env,
        timeout=3600,
    )
    print(out.rstrip())


def heavy_customer(count: int) -> int:
    """The customer with ``count`` activities (created once); returns its id."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from keyact.activities.models import Activity, ActivityType
    from keyact.customers.models import Contact, Customer
    from keyact.deals.models import Opportunity, Stage
    from keyact.orgs.models import Organization
    from keyact.orgs.selectors import scope_for
    from keyact.users.models import User

    org = Organization.objects.get(slug=SLUG)
    existing = Customer.objects.filter(organization=org, name=CUSTOMER).first()
    if existing is not None:
        return existing.pk
    manager = User.objects.get(username=f"{SLUG}-manager")
    team = sorted((scope_for(manager).owner_ids or frozenset()) - {manager.pk})
    rep, colleague = team[0], team[1 % len(team)]
    types = list(ActivityType.objects.filter(organization=org, counterpart="customer"))
    stages = list(Stage.objects.filter(organization=org).order_by("order"))
    now = timezone.now()

    def when(index: int) -> dt.datetime:
        """Ten planned activities ahead, then one done every six hours back in time."""
        if index < 10:
            return now + dt.timedelta(days=10 - index)
        return now - dt.timedelta(hours=6 * index)

    with transaction.atomic():
        customer = Customer.objects.create(
            organization=org, name=CUSTOMER, owner_id=rep, employees=2400, industry="Manufacturing"
        )
        for index in range(6):
            Contact.objects.create(
                organization=org,
                customer=customer,
                name=f"Contact {index}",
                buying_role=["economic", "coach", "user", "technical", "", ""][index],
            )
        deals = [
            Opportunity.objects.create(
                organization=org,
                customer=customer,
                owner_id=rep,
                name=f"Heavy deal {index}",
                amount=Decimal(50_000 + 40_000 * index),
                stage=stages[index % len(stages)],
                status="won" if stages[index % len(stages)].is_won else "open",
            )
            for index in range(12)
        ]
        Activity.objects.bulk_create(
            Activity(
                organization=org,
                type=types[index % len(types)],
                owner_id=rep if index % 3 else colleague,
                status="planned" if index < 10 else "done",
                occurred_at=when(index),
                completed_at=None if index < 10 else when(index),
                customer=customer,
                opportunity=deals[index % len(deals)] if index % 2 else None,
                subject=f"Follow-up {index}",
                outcome="" if index < 10 else ["advance", "continuation", "order", ""][index % 4],
                notes="Discussed the rollout plan, budget and the next meeting. " * (index % 4),
                created_by_id=rep,
                updated_by_id=rep,
            )
            for index in range(count)
        )
    return customer.pk


def measure(repeat: int, count: int) -> None:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from keyact.activities.models import Activity
    from keyact.activities.selectors import activity_timeline_page
    from keyact.activities.services import activity_type_cache_clear
    from keyact.users.models import User

    customer_id = heavy_customer(count)
    total = Activity.objects.filter(organization__slug=SLUG).count()
    on_customer = Activity.objects.filter(customer_id=customer_id).count()
    print(f"{total:,} activities in {SLUG}, {on_customer:,} on the measured customer; {machine()}")
    manager = User.objects.get(username=f"{SLUG}-manager")
    client = Client()
    client.force_login(manager)
    url = f"/customers/{customer_id}/"

    cpu: list[float] = []

    def cold_get(path: str) -> float:
        connections.close_all()
        cache.clear()
        activity_type_cache_clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
        elapsed = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, response.status_code
        return elapsed

    first = cold_get(url)
    print(f"\nfirst request of the process (templates compiled, cold caches): {first:.1f} ms")
    cpu.clear()
    times = [cold_get(url) for _ in range(repeat)]
    print(
        f"customer page, cold caches: p50 {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 95):.1f} ms, max {max(times):.1f} ms over {repeat} requests; "
        f"Django CPU p50 {statistics.median(cpu):.1f} ms (independent of other load on the "
        "machine, unlike the times)"
    )
    page = activity_timeline_page(user=manager, customer_id=customer_id, size=count - 20)
    deep = f"/activities/timeline/?customer={customer_id}&cursor={page.next_cursor}"
    cpu.clear()
    more = [cold_get(deep) for _ in range(repeat)]
    print(
        f"load more after {count - 20:,} activities, cold caches: p50 "
        f"{statistics.median(more):.1f} ms, p95 {percentile(more, 95):.1f} ms; Django CPU p50 "
        f"{statistics.median(cpu):.1f} ms"
    )
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    database_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(
        f"queries per customer page: {len(queries.captured_queries)}, "
        f"{database_ms:.1f} ms in the database (warm connection)"
    )
    for statement in queries.captured_queries:
        print(f"    {statement['time']} s  {statement['sql'][:100]}")
    from keyact.activities.selectors import ActivityFilters, activity_list

    plan = activity_list(user=manager, filters=ActivityFilters(customer_id=customer_id))[
        :21
    ].explain(analyze=True, buffers=True)
    indexes = sorted(set(re.findall(r"using (\w+)", plan, re.I)))
    timing = re.search(r"Execution Time: ([\d.]+) ms", plan)
    print(
        f"EXPLAIN ANALYZE of the first timeline slice: indexes {', '.join(indexes) or 'none'}; "
        f"execution {timing.group(1) if timing else '?'} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="small size, as CI runs it")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--customer-activities", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--database", default="keyact_bench_customer")
    parser.add_argument("--fresh", action="store_true", help="drop and reseed the database")
    args = parser.parse_args()
    if args.smoke:
        args.reps, args.activities, args.customer_activities, args.repeat = 5, 2_000, 200, 5
        args.database, args.fresh = "keyact_bench_customer_smoke", True
    if not pg_available():
        print("customer_page: SKIPPED - PostgreSQL is not reachable")
        return 0
    seed(args.database, args.reps, args.activities, args.fresh)
    os.environ.update(bench_env(pg_url(args.database)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyact.config.settings")
    measure(args.repeat, args.customer_activities)
    return 0


if __name__ == "__main__":
    sys.exit(main())
