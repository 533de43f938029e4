"""Benchmark: the full insights analysis of an organisation with N closed deals and ~M activities.

Usage (PostgreSQL, a database of its own; seeded once through COPY, then reused):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keyact_bench_insights \\
        .venv/bin/python benchmarks/insights.py --deals 100000 --activities 5000000

Without DATABASE_URL a scratch SQLite file in /tmp is used. ``--smoke`` runs a small size (as
CI does). The organisation is a synthetic one (keyact.insights.synthetic: planted drivers,
stalls, top performers). Prints, for ``--repeat`` runs of the whole analysis
(``report.analysis_compute``: the four SQL aggregations plus the statistics), the median and
best time, the time of each SQL aggregation, the process's peak memory (max RSS), and the same
aggregations run on DuckDB over the same rows (loaded once, not timed) with the ratio of the
two. Not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyact.config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/keyact-bench-insights.sqlite3")

START = dt.date(2024, 1, 1)


def peak_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(args: argparse.Namespace, slug: str):  # type: ignore[no-untyped-def]
    from benchmarks.synthetic_org import load_synthetic
    from keyact.insights.synthetic import generate

    # Activities on deals are ~11 per deal; the rest is background work spread over the owners.
    weeks = args.days / 7
    per_deal = 11 * args.deals
    background = max(0, args.activities - per_deal)
    per_week = max(1.0, (background / (args.owners * weeks) - 1) / 1.4)
    started = time.perf_counter()
    org = generate(
        deals=args.deals,
        owners=args.owners,
        days=args.days,
        seed=args.seed,
        background_per_week=per_week,
    )
    generated = time.perf_counter() - started
    loaded = load_synthetic(org, slug=slug, start=START)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"seeded {org.n_deals} deals, {len(org.act_type)} activities: generated in "
        f"{generated:.1f} s, written in {time.perf_counter() - started - generated:.1f} s"
    )
    return loaded.organization


def duckdb_comparison(organization_id: int, date_from: dt.date, date_to: dt.date, stall_days: int):  # type: ignore[no-untyped-def]
    """Load the same rows into DuckDB (not timed), run the same aggregations, return seconds."""
    import duckdb
    from django.conf import settings
    from django.db import connection

    tz = settings.TIME_ZONE
    exports = {
        "deal": (
            "SELECT id, status, closed_date, owner_id, customer_id, amount::float8 AS amount, "
            f"(created_at AT TIME ZONE '{tz}')::date AS created_day FROM deals_opportunity "
            f"WHERE organization_id = {organization_id}"
        ),
        "activity": (
            "SELECT a.id, a.opportunity_id, a.type_id, a.owner_id, a.status, "
            f"(a.occurred_at AT TIME ZONE '{tz}')::date AS day, "
            "extract(epoch FROM a.occurred_at)::float8 AS ts, t.counterpart "
            "FROM activities_activity a JOIN activities_activitytype t ON t.id = a.type_id "
            f"WHERE a.organization_id = {organization_id}"
        ),
        "change": (
            "SELECT c.id, c.opportunity_id, c.to_stage_id, "
            'extract(epoch FROM c.changed_at)::float8 AS ts, s."order" AS stage_order, '
            "s.is_won, s.is_lost FROM deals_stagechange c "
            "JOIN deals_stage s ON s.id = c.to_stage_id "
            f"WHERE s.organization_id = {organization_id}"
        ),
    }
    db = duckdb.connect()
    db.execute("SET threads TO 2")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, connection.cursor() as cursor:
        raw = cursor.cursor
        for name, sql in exports.items():
            path = Path(folder) / f"{name}.csv"
            with (
                path.open("wb") as out,
                raw.copy(f"COPY ({sql}) TO STDOUT (FORMAT CSV, HEADER)") as copy,
            ):
                for block in copy:
                    out.write(block)
            db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv_auto('{path}')")
    load_seconds = time.perf_counter() - started
    period = (
        "d.status IN ('won','lost') "
        f"AND d.closed_date BETWEEN DATE '{date_from}' AND DATE '{date_to}'"
    )
    queries = {
        "deal frame": f"""
            WITH closed AS (SELECT * FROM deal d WHERE {period}),
            first_win AS (SELECT customer_id, MIN(closed_date) AS first_won FROM deal
                          WHERE status = 'won' GROUP BY customer_id)
            SELECT c.id, c.status, c.amount, c.owner_id,
                   COALESCE(f.first_won < c.created_day, false) AS existing, m.mask
            FROM closed c LEFT JOIN first_win f USING (customer_id)
            LEFT JOIN (
                SELECT a.opportunity_id, bit_or(1::BIGINT << (a.type_id % 62)) AS mask
                FROM activity a JOIN closed d ON d.id = a.opportunity_id
                WHERE a.status = 'done' AND a.day < d.closed_date GROUP BY a.opportunity_id
            ) m ON m.opportunity_id = c.id
        """,
        "stalls": f"""
            WITH s AS (
                SELECT a.opportunity_id, a.type_id, a.day, d.closed_date, d.status,
                       LEAD(a.day) OVER (
                           PARTITION BY a.opportunity_id ORDER BY a.ts, a.id
                       ) AS next_day
                FROM activity a JOIN deal d ON d.id = a.opportunity_id
                WHERE {period} AND a.status = 'done' AND a.counterpart = 'customer'
                  AND a.day < d.closed_date
            ), per AS (
                SELECT opportunity_id, type_id, MAX(status) AS status,
                       MAX(CASE
                           WHEN date_diff('day', day, COALESCE(next_day, closed_date))
                                > {stall_days} THEN 1 ELSE 0 END) AS stalled
                FROM s GROUP BY opportunity_id, type_id
            ) SELECT type_id, status, COUNT(*), SUM(stalled) FROM per GROUP BY type_id, status
        """,
        "stages": f"""
            WITH c AS (
                SELECT c.*, LEAD(c.ts) OVER (
                    PARTITION BY c.opportunity_id ORDER BY c.ts, c.id
                ) AS next_ts
                FROM change c JOIN deal d ON d.id = c.opportunity_id WHERE {period}
            )
            SELECT to_stage_id, CAST((next_ts - ts) / 86400 AS INTEGER) AS days, COUNT(*)
            FROM c WHERE next_ts IS NOT NULL AND NOT is_won AND NOT is_lost GROUP BY 1, 2
        """,
        "people": f"""
            SELECT owner_id, type_id, COUNT(*), MIN(ts), MAX(ts) FROM activity
            WHERE status = 'done' AND day BETWEEN DATE '{date_from}' AND DATE '{date_to}'
            GROUP BY owner_id, type_id
        """,
    }
    timings = {}
    for name, sql in queries.items():
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            db.execute(sql).fetchall()
            runs.append(time.perf_counter() - t0)
        timings[name] = statistics.median(runs)
    return load_seconds, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=5_000_000)
    parser.add_argument("--owners", type=int, default=400)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="also print where one more analysis spends its time"
    )
    args = parser.parse_args()
    if args.smoke:
        args.deals, args.activities, args.owners, args.days, args.repeat = 1_500, 40_000, 20, 365, 1

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from keyact.insights import selectors
    from keyact.insights.report import analysis_compute
    from keyact.orgs.models import Organization
    from keyact.playbook.selectors import organization_scope

    call_command("migrate", verbosity=0)
    slug = f"bench-insights-{args.deals}-{args.activities}-{args.owners}"
    organization = Organization.objects.filter(slug=slug).first() or seed(args, slug)
    scope = organization_scope(organization)
    t0 = time.perf_counter()
    import scipy.stats  # noqa: F401  (a worker process has them loaded after its first run)
    import statsmodels.api  # noqa: F401

    print(f"  importing scipy and statsmodels: {time.perf_counter() - t0:.1f} s (not counted)")
    date_from, date_to = START, START + dt.timedelta(days=args.days + 200)
    before = peak_mb()
    timings = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = analysis_compute(
            scope=scope,
            date_from=date_from,
            date_to=date_to,
            stall_days=21,
            today=date_to,
        )
        timings.append(time.perf_counter() - t0)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        analysis_compute(
            scope=scope, date_from=date_from, date_to=date_to, stall_days=21, today=date_to
        )
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    sql = {}
    for name, call in (
        (
            "deal frame",
            lambda: selectors.deal_frame(scope=scope, date_from=date_from, date_to=date_to),
        ),
        (
            "stalls",
            lambda: selectors.stall_counts(
                scope=scope, date_from=date_from, date_to=date_to, stall_days=21
            ),
        ),
        (
            "stages",
            lambda: selectors.stage_counts(scope=scope, date_from=date_from, date_to=date_to),
        ),
        (
            "people",
            lambda: selectors.people_frame(scope=scope, date_from=date_from, date_to=date_to),
        ),
    ):
        t0 = time.perf_counter()
        call()
        sql[name] = time.perf_counter() - t0
    meta = result["meta"]
    print(
        f"{connection.vendor}: full analysis of {meta['deals_closed']} closed deals "
        f"({len(result['impact'])} types): median {statistics.median(timings):.2f} s, "
        f"best {min(timings):.2f} s over {args.repeat} runs; peak memory {peak_mb():.0f} MB "
        f"(before the runs {before:.0f} MB)"
    )
    print(
        "  SQL aggregations (one run each): " + ", ".join(f"{k} {v:.2f} s" for k, v in sql.items())
    )
    top = [r for r in result["impact"] if r["rank"]][:2]
    print("  top impact: " + ", ".join(f"{r['code']} OR {r['adjusted_odds_ratio']}" for r in top))
    if connection.vendor != "postgresql":
        print("DuckDB comparison: SKIPPED (needs PostgreSQL as the source)")
        return
    load, duck = duckdb_comparison(organization.pk, date_from, date_to, 21)
    total_pg, total_duck = sum(sql.values()), sum(duck.values())
    print(
        f"  DuckDB (2 threads, rows loaded in {load:.1f} s, not counted): "
        + ", ".join(f"{k} {v:.2f} s" for k, v in duck.items())
        + f"; PostgreSQL / DuckDB = {total_pg:.2f} / {total_duck:.2f} s"
        + f" = {total_pg / total_duck:.1f}x"
    )


if __name__ == "__main__":
    main()
