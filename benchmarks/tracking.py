# ruff: noqa: E501  (the measuring program below is a string run in a fresh process)
"""Benchmark: supervision reads and the write path (issue 7).

    .venv/bin/python benchmarks/tracking.py                       # 500 reps, 10,000,000 activities
    .venv/bin/python benchmarks/tracking.py --activities 1000000  # a smaller run
    .venv/bin/python benchmarks/tracking.py --smoke               # CI: tiny, SQLite

Seeds a fresh PostgreSQL database (``keyact_bench_tracking``) with ``seed-demo`` for the month
ending 2026-11-27, publishes 5 key activities owned by every rep (targets for November) and 12
owned by one rep, then, in a new process (cold), times in-process server work:

- the team board of the director (``tracking.board.team_board`` + the management focus
  figures) for November: the first call (cold) and 30 more (warm), p50 / p95;
- the rep's own tracking (``tracking.selectors.my_tracking``, what My day shows) with 12 key
  activities: queries and p50 / p95;
- ``activity_create`` of a type that 12 published key activities measure against one that none
  measures, interleaved in the same run (the extra cost of matching on the write path).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.harness import (
    ROOT,
    bench_env,
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
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from keyact.activities.models import ActivityType
from keyact.activities.services import activity_create
from keyact.keyactivities.models import KeyActivity, Owner, Target
from keyact.orgs.models import Membership, Organization
from keyact.tracking.board import team_board
from keyact.tracking.focus import focus_figures
from keyact.tracking.selectors import calendar_get, my_tracking
from keyact.users.models import User

SLUG = sys.argv[1]
RUNS = int(sys.argv[2])
TODAY = dt.date(2026, 11, 27)
START, END = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
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

cold = timed(board)
b = board()
warm = sorted(timed(board) for _ in range(RUNS))
print(f"team board: {len(b.rows)} people x {len(b.key_activities)} key activities, "
      f"{len(b.off_track_rows)} off track")
print(f"  cold {cold:.0f} ms; warm p50 {statistics.median(warm):.0f} ms, p95 {warm[int(len(warm)*0.95)-1]:.0f} ms")
with CaptureQueriesContext(connection) as q:
    board()
print(f"  queries {len(q.captured_queries)}")

mine = my_tracking(user=rep, today=TODAY)
with CaptureQueriesContext(connection) as q:
    my_tracking(user=rep, today=TODAY)
times = sorted(timed(lambda: my_tracking(user=rep, today=TODAY)) for _ in range(RUNS))
print(f"rep's own tracking (My day): {len(mine.progress)} key activities, {len(q.captured_queries)} queries; "
      f"p50 {statistics.median(times):.1f} ms, p95 {times[int(len(times)*0.95)-1]:.1f} ms")

matched, unmatched = [], []
when = timezone.make_aware(dt.datetime(2026, 11, 26, 10))
for i in range(RUNS * 4):
    for code, bucket in (("visit", matched), ("legal_review", unmatched)):
        bucket.append(timed(lambda: activity_create(actor=rep, type_id=types[code], occurred_at=when)))
matched.sort(); unmatched.sort()
print(f"activity_create, type measured by 12 key activities: p50 {statistics.median(matched):.2f} ms, "
      f"p95 {matched[int(len(matched)*0.95)-1]:.2f} ms")
print(f"activity_create, type no key activity measures: p50 {statistics.median(unmatched):.2f} ms, "
      f"p95 {unmatched[int(len(unmatched)*0.95)-1]:.2f} ms")
print(f"  extra cost of matching (p50 difference): {statistics.median(matched) - statistics.median(unmatched):+.2f} ms")
"""


def run(database_url: str, reps: int, activities: int, runs: int) -> None:
    env = bench_env(database_url)
    keyact(["migrate", "-v0"], env)
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
    if out.returncode != 0:
        print(out.stderr[-4000:])
        raise SystemExit(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--activities", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    print(machine())
    if args.smoke:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", 6, 3000, 3)
        return 0
    if not pg_available():
        print("PostgreSQL is not reachable on 127.0.0.1:5432; nothing measured.")
        return 1
    recreate_database("keyact_bench_tracking")
    run(pg_url("keyact_bench_tracking"), args.reps, args.activities, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
