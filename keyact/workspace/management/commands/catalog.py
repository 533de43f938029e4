"""``keyact catalog sync --org SLUG | --all``: bring existing organisations the standard catalog
entries (activity types, stages, processes, steps and their activities) they do not have yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keyact.orgs.models import Organization
from keyact.workspace.services import catalog_sync


class Command(BaseCommand):
    help = (
        "Add the standard catalog entries an organisation lacks. What an organisation renamed, "
        "reordered or switched off is never changed; its pipeline is left alone once it has one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help="Add the missing standard entries.")
        which = sync.add_mutually_exclusive_group(required=True)
        which.add_argument("--org", metavar="SLUG", help="The organisation's slug.")
        which.add_argument("--all", action="store_true", help="Every organisation.")

    def handle(self, *args: Any, **options: Any) -> None:
        organizations = Organization.objects.order_by("slug")
        if options["org"]:
            organizations = organizations.filter(slug=options["org"])
            if not organizations.exists():
                raise CommandError(f"No organisation with the slug {options['org']!r}.")
        for organization in organizations:
            report = catalog_sync(organization=organization)
            self.stdout.write(
                f"{organization.slug}: {report.activity_types} activity types, "
                f"{report.stages} stages, {report.playbook_rows} processes, steps and activities "
                "added"
            )
