"""Organisation provisioning: a new organisation gets the standard catalog, and existing ones
receive what the catalog gained since (without touching what they edited)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from keyact.activities.services import activity_types_install_standard
from keyact.deals.services import stages_install_defaults
from keyact.orgs.models import Organization
from keyact.orgs.services import organization_create
from keyact.playbook.services import playbook_install


@dataclass(frozen=True)
class CatalogSyncReport:
    """What one organisation received from the standard catalog."""

    organization: Organization
    activity_types: int
    stages: int
    playbook_rows: int

    @property
    def added(self) -> int:
        """Rows added in all."""
        return self.activity_types + self.stages + self.playbook_rows


@transaction.atomic
def catalog_sync(*, organization: Organization) -> CatalogSyncReport:
    """Add the standard catalog entries the organisation lacks; never change what it has.

    Activity types are matched by code, processes and steps by code, a step's standard
    activities by the catalog entry they were installed from, so what an administrator renamed,
    reordered or switched off stays as it is. The pipeline is the organisation's own: the default
    stages are installed only into an organisation that has none.
    """
    had_stages = organization.stages.exists()
    types = activity_types_install_standard(organization=organization)
    stages = 0 if had_stages else len(stages_install_defaults(organization=organization))
    rows = playbook_install(organization=organization)
    return CatalogSyncReport(organization, types, stages, rows)


@transaction.atomic
def organization_provision(*, name: str, slug: str, default_currency: str = "CNY") -> Organization:
    """Create an organisation with the standard activity types, the default pipeline and the
    five-process playbook (METHOD.md §4), ready to edit."""
    organization = organization_create(name=name, slug=slug, default_currency=default_currency)
    catalog_sync(organization=organization)
    return organization
