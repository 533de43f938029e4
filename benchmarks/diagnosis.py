"""Benchmark: the sales-mode diagnosis of N won deals (default 100,000) for a whole organisation.

Usage (PostgreSQL, a database of its own; it is migrated and seeded once, then reused):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keyact_bench_diag \
        .venv/bin/python benchmarks/diagnosis.py --deals 100000

Without DATABASE_URL a scratch SQLite file in /tmp is used.
``--smoke`` runs a small size (2,000 deals) as CI does. Prints the median and best of
``--repeat`` runs of ``diagnosis_get`` (won-deal mix per rep, team and quarter, open deals,
unclassified list) with and without the admin's threshold suggestion. Not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keyact.config.settings")
# Never seed the working directory's database: without DATABASE_URL use a scratch SQLite file.
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/keyact-bench-diagnosis.sqlite3")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        args.deals, args.reps, args.repeat = 2_000, 20, 2
    from benchmarks.harness import ensure_database

    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from keyact.customers.models import Customer
    from keyact.deals.models import Opportunity, Stage
    from keyact.orgs.models import Department, Membership, Organization, Role
    from keyact.playbook.selectors import diagnosis_get, organization_scope
    from keyact.users.models import User
    from keyact.workspace.services import organization_provision

    call_command("migrate", verbosity=0)
    slug = f"bench-diag-{args.deals}-{args.reps}"
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        rng = random.Random(args.seed)
        started = time.perf_counter()
        with transaction.atomic():
            organization = organization_provision(name=f"Diagnosis bench {args.deals}", slug=slug)
            teams = [
                Department.objects.create(organization=organization, name=f"Team {i}")
                for i in range(max(1, args.reps // 10))
            ]
            users = User.objects.bulk_create(
                User(username=f"{slug}-rep{i}", display_name=f"Rep {i}") for i in range(args.reps)
            )
            Membership.objects.bulk_create(
                Membership(
                    user=u,
                    organization=organization,
                    role=Role.REP,
                    department=teams[i % len(teams)],
                )
                for i, u in enumerate(users)
            )
            customers = Customer.objects.bulk_create(
                (
                    Customer(
                        organization=organization,
                        name=f"Customer {i}",
                        employees=rng.choice([None, 20, 80, 300, 800, 5000]),
                        annual_revenue=rng.choice([None, Decimal(5_000_000), Decimal(500_000_000)]),
                    )
                    for i in range(args.deals // 4)
                ),
                batch_size=5000,
            )
            won = Stage.objects.get(organization=organization, is_won=True)
            first = Stage.objects.filter(organization=organization).order_by("order").first()
            start = dt.date.today() - dt.timedelta(days=730)

            def deal(i: int) -> Opportunity:
                is_won = rng.random() < 0.8
                amount = (
                    None
                    if rng.random() < 0.01
                    else Decimal(
                        round(
                            rng.lognormvariate(9.5, 0.6)
                            if rng.random() < 0.7
                            else rng.lognormvariate(12.5, 0.5)
                        )
                    )
                )
                return Opportunity(
                    organization=organization,
                    customer=rng.choice(customers),
                    owner=rng.choice(users),
                    name=f"Deal {i}",
                    amount=amount,
                    stage=won if is_won else first,
                    status=Opportunity.Status.WON if is_won else Opportunity.Status.OPEN,
                    closed_date=start + dt.timedelta(days=rng.randrange(730)) if is_won else None,
                )

            for offset in range(0, args.deals, 10_000):
                Opportunity.objects.bulk_create(
                    (deal(i) for i in range(offset, min(args.deals, offset + 10_000))),
                    batch_size=5000,
                )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"seeded {args.deals} deals in {time.perf_counter() - started:.1f} s")

    scope = organization_scope(organization)
    won_count = Opportunity.objects.filter(organization=organization, status="won").count()
    for suggestion in (False, True):
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = diagnosis_get(scope=scope, with_suggestion=suggestion)
            timings.append(time.perf_counter() - started)
        print(
            f"{connection.vendor}: diagnosis of {args.deals} deals ({won_count} won, "
            f"{result.mix.deals} classified, {result.unclassified} unclassified), "
            f"suggestion={'on' if suggestion else 'off'}: "
            f"median {statistics.median(timings):.3f} s, "
            f"best {min(timings):.3f} s over {args.repeat} runs"
        )


if __name__ == "__main__":
    main()
