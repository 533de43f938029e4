# ruff: noqa: E501  (the measuring program below is a string run in a fresh process)
"""Benchmark: supervision reads and the write path (issue 7).

    .venv/bin/python benchmarks/tracking.py                       # 500 reps, 10,000,000 activities
    .venv/bin/python benchmarks/tracking.py --activities 1000000  # a smaller run
    .venv/bin/python benchmarks/tracking.py --smoke               # CI: tiny, SQLite

Seeds a PostgreSQL database (``keyact_bench_tracking_<reps>_<activities>``, reused by later
runs of the same size unless ``--fresh``) with ``seed-demo`` for the month ending 2026-11-27,
publishes 5 key activities owned by every rep (targets for November) and 12 owned by one rep,
then, in a new process (cold), with the organisation's clock pinned to 2026-11-27, times server
work in-process (Django's test client: view, selectors and template, no network):

- the team board page of the director for November (``/tracking/board/?period=2026-11``): the
  first request after start (cold) and 30 more (warm), p50 / p95, and its queries;
- the same through the selectors only (``team_board`` + the management focus figures);
- My day of the rep (``/``) with 17 key activities (12 of their own, the 5 of the team), its
  queries, p50 / p95, and ``tracking.selectors.my_tracking`` alone;
- ``activity_create`` of a type that 12 published key activities measure against one that none
  measures, interleaved in the same run (the extra cost of matching on the write path).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    ROOT,
    bench_env,
    database_exists,
    keyact,
    machine,
    pg_available,
    pg_url,
    recreate_database,
)

MEASURE = r"""
import datetime as dt, statistics, time, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyact.config.settings")
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from keyact.activities.models import ActivityType
from keyact.activities.services import activity_create
from keyact.customers.models import Customer
from keyact.keyactivities.models import KeyActivity, Owner, Target
from keyact.orgs.models import Membership, Organization
from keyact.tracking.board import team_board
from keyact.tracking.focus import focus_figures
from keyact.tracking import selectors as tracking_selectors
from keyact.tracking.selectors import calendar_get, my_tracking
from keyact.users.models import User

SLUG = sys.argv[1]
RUNS = int(sys.argv[2])
TODAY = dt.date(2026, 11, 27)
START, END = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
# The organisation's clock on the seeded "today", so My day's periods hold the seeded data.
tracking_selectors.OrgCalendar.today = lambda self: TODAY
org = Organization.objects.get(slug=SLUG)
prefix = "" if SLUG == "demo" else SLUG + "-"
director = User.objects.get(username=prefix + "director")
rep = User.objects.get(username=prefix + "rep")
reps = list(Membership.objects.filter(organization=org, role="rep").values_list("user_id", flat=True))
types = dict(ActivityType.objects.filter(organization=org).values_list("code", "pk"))


def publish(name, type_codes, owners, quantity):
    ka = KeyActivity.objects.create(organization=org, name_en=name, name_zh=name, valid_from=START,
                                    status="published", created_by=director)
    ka.activity_types.set([types[c] for c in type_codes])
    Owner.objects.bulk_create([Owner(key_activity=ka, user_id=u, is_lead=i == 0) for i, u in enumerate(owners)])
    Target.objects.bulk_create([Target(key_activity=ka, owner_id=u, period_start=START, period_end=END,
                                       quantity=quantity) for u in owners])
    return ka

if not KeyActivity.objects.filter(organization=org, name_en__startswith="Bench ").exists():
    for n, codes in enumerate((["visit"], ["communication"], ["product_demo"], ["appointment"], ["visit", "negotiation"])):
        publish(f"Bench team {n}", codes, reps, 20)
    for n in range(12):
        publish(f"Bench rep {n}", ["visit", "communication", "coaching"][n % 3:n % 3 + 1], [rep.pk], 10)


def timed(fn):
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def board():
    b = team_board(user=director, period="2026-11", today=TODAY)
    scope_owner_ids = None
    cal = calendar_get(organization_id=org.pk)
    focus_figures(organization_id=org.pk, owner_ids=scope_owner_ids, window=b.window, tz=cal.tz)
    return b

def p(values, q):
    return values[max(0, int(len(values) * q + 0.5) - 1)]


def counted(fn):
    # Django keeps at most 9000 queries in its log; an earlier full log would capture nothing.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as q:
        result = fn()
    return result, len(q.captured_queries)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


boss = Client()
boss.force_login(director)
BOARD = "/tracking/board/?period=2026-11"
cold_page = timed(lambda: get(boss, BOARD))
warm_page = sorted(timed(lambda: get(boss, BOARD)) for _ in range(RUNS))
response, n = counted(lambda: get(boss, BOARD))
html = response.content.decode()
print(f"team board page ({BOARD}, {html.count('data-person=')} people, {len(html) // 1024} KiB):")
print(f"  cold {cold_page:.0f} ms; warm p50 {statistics.median(warm_page):.0f} ms, p95 {p(warm_page, 0.95):.0f} ms; "
      f"{n} queries")

b = board()
warm = sorted(timed(board) for _ in range(RUNS))
print(f"team board selectors: {len(b.rows)} people x {len(b.key_activities)} key activities, "
      f"{len(b.off_track_rows)} off track")
print(f"  warm p50 {statistics.median(warm):.0f} ms, p95 {p(warm, 0.95):.0f} ms")
print(f"  queries {counted(board)[1]}")

seller = Client()
seller.force_login(rep)
get(seller, "/")
response, n = counted(lambda: get(seller, "/"))
html = response.content.decode()
pages = sorted(timed(lambda: get(seller, "/")) for _ in range(RUNS))
print(f"My day page of the rep (/): {html.count('data-my-ka=')} key-activity cards, {n} queries; "
      f"p50 {statistics.median(pages):.1f} ms, p95 {p(pages, 0.95):.1f} ms")

mine, n = counted(lambda: my_tracking(user=rep, today=TODAY))
times = sorted(timed(lambda: my_tracking(user=rep, today=TODAY)) for _ in range(RUNS))
print(f"rep's own tracking (my_tracking): {len(mine.progress)} key activities, {n} queries; "
      f"p50 {statistics.median(times):.1f} ms, p95 {p(times, 0.95):.1f} ms")

matched, unmatched = [], []
# Both types are done with a customer, which an activity then names (activities.rules).
customer = Customer.objects.filter(organization=org, owner=rep).first()
when = timezone.make_aware(dt.datetime(2026, 11, 26, 10))
for i in range(RUNS * 4):
    for code, bucket in (("visit", matched), ("legal_review", unmatched)):
        bucket.append(timed(lambda: activity_create(actor=rep, type_id=types[code], occurred_at=when,
                                                    customer_id=customer.pk)))
matched.sort(); unmatched.sort()
print(f"activity_create, type measured by 12 key activities: p50 {statistics.median(matched):.2f} ms, "
      f"p95 {p(matched, 0.95):.2f} ms")
print(f"activity_create, type no key activity measures: p50 {statistics.median(unmatched):.2f} ms, "
      f"p95 {p(unmatched, 0.95):.2f} ms")
print(f"  extra cost of matching (p50 difference): {statistics.median(matched) - statistics.median(unmatched):+.2f} ms")
"""


def run(database_url: str, reps: int, activities: int, runs: int, seed: bool = True) -> None:
    env = bench_env(database_url)
    keyact(["migrate", "-v0"], env)
    if seed:
        seed_org(env, reps, activities)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, "bench-track", str(runs)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    print(out.stdout.rstrip())
    print(f"(measuring took {time.perf_counter() - started:.0f} s)")
    if out.returncode != 0:
        print(out.stderr[-4000:])
        raise SystemExit(1)


def seed_org(env: dict[str, str], reps: int, activities: int) -> None:
    started = time.perf_counter()
    keyact(
        [
            "seed-demo",
            "--org",
            "bench-track",
            "--reps",
            str(reps),
            "--months",
            "12",
            "--seed",
            "1",
            "--today",
            "2026-11-27",
            "--activities",
            str(activities),
        ],
        env,
        timeout=3600,
    )
    print(
        f"seeded {activities:,} activities for {reps} reps in {time.perf_counter() - started:.0f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--activities", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument(
        "--fresh", action="store_true", help="seed again even if the database exists"
    )
    args = parser.parse_args()
    print(machine())
    if args.smoke:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", 6, 3000, 3)
        return 0
    if not pg_available():
        print("PostgreSQL is not reachable on 127.0.0.1:5432; nothing measured.")
        return 1
    database = f"keyact_bench_tracking_{args.reps}_{args.activities}"
    fresh = args.fresh or not database_exists(database)
    if fresh:
        recreate_database(database)
    print(f"database {database} ({'seeded now' if fresh else 'seeded by an earlier run'})")
    run(pg_url(database), args.reps, args.activities, args.runs, seed=fresh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
