"""Where the time of one POST /api/v1/activities goes, step by step, in-process.

    .venv/bin/python benchmarks/api_create_breakdown.py            # 500 calls per step
    .venv/bin/python benchmarks/api_create_breakdown.py --smoke    # 20 calls per step

Complements api_create.py (which measures throughput under load): the same request through
Django's test client, then each piece of it alone - token authentication, the data scope,
the customer check of ``activity_create``, the whole service call (checks and the one INSERT) -
and the bare ORM insert of the ceiling. Prints the median wall time and Python CPU time per call
and the database round trips of each step. Uses the database of api_create.py
(keyact_bench_api), seeding it when missing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    bench_env,
    database_exists,
    keyact,
    machine,
    pg_available,
    pg_url,
    recreate_database,
)


def timed(function: Callable[[], object], calls: int) -> tuple[float, float, int]:
    """Median wall ms, mean CPU ms and queries per call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        function()
    walls = []
    cpu_start = time.process_time()
    for _ in range(calls):
        started = time.perf_counter()
        function()
        walls.append((time.perf_counter() - started) * 1000)
    cpu = (time.process_time() - cpu_start) * 1000 / calls
    with CaptureQueriesContext(connection) as queries:
        function()
    return statistics.median(walls), cpu, len(queries.captured_queries)


def measure(calls: int) -> None:
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from keyact.activities.models import Activity, ActivityType
    from keyact.activities.services import activity_create
    from keyact.customers.models import Customer
    from keyact.customers.selectors import customer_ensure_visible
    from keyact.orgs.selectors import scope_for
    from keyact.users.models import User
    from keyact.users.services import token_authenticate, token_create

    rep = User.objects.get(username="bench-rep")
    org = rep.membership.organization
    type_id = ActivityType.objects.get(organization=org, code="communication").pk
    customer_id = Customer.objects.filter(owner=rep).order_by("id").first().pk  # type: ignore[union-attr]
    raw = token_create(user=rep, name="breakdown")[1]
    body = json.dumps({"type_id": type_id, "customer_id": customer_id, "outcome": "advance"})
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}

    def fresh_user() -> User:
        user = token_authenticate(raw)
        assert user is not None
        return user

    def request() -> None:
        response = client.post(
            "/api/v1/activities", body, content_type="application/json", headers=headers
        )
        assert response.status_code == 201, response.content

    def service_create() -> None:
        activity_create(actor=user, type_id=type_id, customer_id=customer_id, outcome="advance")

    def bare_insert() -> None:
        now = timezone.now()
        Activity.objects.create(
            organization_id=org.pk,
            type_id=type_id,
            owner_id=rep.pk,
            customer_id=customer_id,
            outcome="advance",
            occurred_at=now,
            completed_at=now,
            created_by_id=rep.pk,
            updated_by_id=rep.pk,
            created_at=now,
            updated_at=now,
        )

    user = fresh_user()
    scope_for(user)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("whole request (test client)", request),
        ("token_authenticate", fresh_user),
        ("scope_for (rep)", lambda: scope_for(fresh_user())),
        (
            "customer_ensure_visible",
            lambda: customer_ensure_visible(user=user, customer_id=customer_id),
        ),
        ("activity_create (service)", service_create),
        ("bare ORM insert (autocommit)", bare_insert),
    ]
    print(f"api_create_breakdown: {calls} calls per step; {machine()}")
    print(f"  {'step':<32} {'wall ms':>8} {'CPU ms':>8} {'queries':>8}")
    for label, function in steps:
        wall, cpu, queries = timed(function, calls)
        print(f"  {label:<32} {wall:>8.2f} {cpu:>8.2f} {queries:>8}")
    print("  (scope_for includes token_authenticate; queries exclude BEGIN/COMMIT and SELECT 1)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()
    database = "keyact_bench_api"
    if args.smoke:
        args.calls, database = 20, "keyact_bench_api_breakdown_smoke"
    if not pg_available():
        print("api_create_breakdown: SKIPPED - PostgreSQL is not reachable")
        return 0
    env = bench_env(pg_url(database))
    if args.smoke or not database_exists(database):
        recreate_database(database)
        keyact(["migrate", "-v0"], env)
        keyact(["seed-demo", "--org", "bench", "--reps", "6", "--months", "1", "--seed", "1"], env)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyact.config.settings")
    measure(args.calls)
    return 0


if __name__ == "__main__":
    sys.exit(main())
