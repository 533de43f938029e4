"""``keyact diagnose --org SLUG [--from DATE --to DATE] [--json]``: the sales-mode diagnosis."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from keyact.core import cli_args
from keyact.core.errors import DomainError
from keyact.playbook.diagnosis import MODES
from keyact.playbook.selectors import diagnosis_get, organization_get_by_slug, organization_scope


class Command(BaseCommand):
    help = "Diagnose an organisation's sales modes from its won deals closed in a period."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument(
            "--from", dest="date_from", type=cli_args.iso_date(), help="first closed date"
        )
        parser.add_argument(
            "--to", dest="date_to", type=cli_args.iso_date(), help="last closed date"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organization = organization_get_by_slug(slug=options["org"])
            diagnosis = diagnosis_get(
                scope=organization_scope(organization),
                date_from=options["date_from"],
                date_to=options["date_to"],
                with_suggestion=True,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        report = diagnosis.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{organization.name} — {report['deals']} won deals, "
            f"{report['revenue']} {report['currency']}"
        )
        self.stdout.write(
            f"{'mode':<16}{'deals':>8}{'count %':>10}{'revenue %':>11}{'revenue':>18}"
            f"{'large cust. rev. %':>20}"
        )
        for mode in MODES:
            row = report["modes"][mode]
            self.stdout.write(
                f"{mode:<16}{row['deals']:>8}{row['count_share'] * 100:>9.1f}%"
                f"{row['revenue_share'] * 100:>10.1f}%{row['revenue']:>18}"
                f"{row['large_customer_revenue_share'] * 100:>19.1f}%"
            )
        self.stdout.write(f"unclassified: {report['unclassified']}")
        self.stdout.write(f"dominant: {', '.join(report['dominant']) or '-'}")
        for advice in report["advice"]:
            self.stdout.write(f"  {advice['mode']}: {'; '.join(advice['focus_en'])}")
        suggestion = report["suggestion"]
        if suggestion:
            self.stdout.write(
                f"suggested large-order threshold: {suggestion['amount']} "
                f"({suggestion['large_deals']} of {suggestion['deals']} won deals, "
                f"{suggestion['count_share'] * 100:.0f}%, bring "
                f"{suggestion['revenue_share'] * 100:.0f}% of the revenue)"
            )
