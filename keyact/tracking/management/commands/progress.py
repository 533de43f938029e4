"""``keyact progress --org SLUG [--period YYYY-MM] [--json]`` prints the progress of every
published key activity; ``keyact progress rebuild [--org SLUG] [--period YYYY-MM]`` recounts it
activity by activity and checks that the recount agrees with what the pages show."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keyact.core.errors import DomainError
from keyact.orgs.models import Organization
from keyact.tracking.presenters import progress_data
from keyact.tracking.selectors import progress_of_organization
from keyact.tracking.services import progress_rebuild


class Command(BaseCommand):
    help = "Progress of the published key activities; 'rebuild' recounts and compares."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["show", "rebuild"], default="show")
        parser.add_argument("--org", help="organisation slug (rebuild: every one when omitted)")
        parser.add_argument("--period", help="month as YYYY-MM (default: the current month)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        organizations = Organization.objects.order_by("slug")
        if options["org"]:
            organizations = organizations.filter(slug=options["org"])
            if not organizations.exists():
                raise CommandError(f"No organisation {options['org']!r}.")
        elif options["action"] == "show":
            raise CommandError("Name the organisation: --org SLUG.")
        try:
            if options["action"] == "rebuild":
                self._rebuild(list(organizations), options["period"])
            else:
                self._show(organizations.get(), options["period"], as_json=options["json"])
        except DomainError as exc:
            raise CommandError(str(exc)) from exc

    def _show(self, organization: Organization, period: str | None, *, as_json: bool) -> None:
        window, rows = progress_of_organization(organization=organization, period=period)
        data = progress_data(window, rows)
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{organization.name}: {window[0]} to {window[1]}")
        if not rows:
            self.stdout.write("  No published key activity yet.")
        for ka in data["key_activities"]:
            self.stdout.write(f"\n{ka['name']} (#{ka['id']})")
            for o in ka["owners"]:
                target = "-" if o["target"] is None else o["target"]
                self.stdout.write(
                    f"  {o['username']:<20} {o['actual']:>5} / {target!s:<5} qualified "
                    f"{o['qualified']:>5}  expected {o['expected_to_date']:>4}  {o['status'] or ''}"
                )

    def _rebuild(self, organizations: list[Organization], period: str | None) -> None:
        checked = 0
        differences: list[str] = []
        for organization in organizations:
            report = progress_rebuild(organization=organization, period=period)
            checked += report.checked
            differences += [f"{organization.slug}: {d}" for d in report.differences]
        for line in differences:
            self.stderr.write(line)
        self.stdout.write(
            f"Recounted {checked} owner x key activity x period figures: "
            f"{len(differences)} difference(s)."
        )
        if differences:
            raise CommandError("The recount disagrees with the progress shown on the pages.")
