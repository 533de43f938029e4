"""Write a synthetic organisation (keyact.insights.synthetic) into the database.

Used by the insights tests (small sizes, both databases) and by benchmarks/insights.py (100,000
deals and millions of activities through COPY on PostgreSQL). Day 0 of the synthetic window is
``start`` at midnight in the organisation's time zone; an activity on day 12.4 happened on the
local date start + 12 days at about 09:36.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.db import transaction

from keyact.activities.models import Activity, ActivityType
from keyact.core.bulk import (
    foreign_keys_validated_at_end,
    lock_and_next_id,
    reset_sequences,
    write_rows,
)
from keyact.customers.models import Customer
from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.insights.synthetic import TYPES, SyntheticOrg
from keyact.orgs.models import Membership, Organization, Role
from keyact.users.models import User
from keyact.workspace.services import organization_provision


@dataclass(frozen=True)
class Loaded:
    """Where the synthetic organisation landed: ids by synthetic index."""

    organization: Organization
    owner_user_ids: tuple[int, ...]
    manager: User
    admin: User
    type_ids: tuple[int, ...]
    first_deal_id: int
    start: dt.date

    def deal_id(self, index: int) -> int:
        """The opportunity id of synthetic deal ``index``."""
        return self.first_deal_id + index


def load_synthetic(org: SyntheticOrg, *, slug: str, start: dt.date = dt.date(2025, 1, 1)) -> Loaded:
    """Create the organisation, its people, customers, types, deals, stage history and
    activities. The manager manages the first half of the owners; the admin sees everyone."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    midnight = dt.datetime.combine(start, dt.time(), tzinfo=tz)

    def moment(day: float) -> dt.datetime:
        return midnight + dt.timedelta(days=float(day))

    def date_of(day: int) -> dt.date:
        return start + dt.timedelta(days=int(day))

    with transaction.atomic():
        organization = organization_provision(name=f"Synthetic {slug}", slug=slug)
        admin = User.objects.create(username=f"{slug}-admin", display_name="Admin")
        manager = User.objects.create(username=f"{slug}-manager", display_name="Manager")
        Membership.objects.create(user=admin, organization=organization, role=Role.ADMIN)
        Membership.objects.create(user=manager, organization=organization, role=Role.MANAGER)
        users = User.objects.bulk_create(
            User(username=f"{slug}-rep{i}", display_name=f"Rep {i:03d}") for i in range(org.owners)
        )
        Membership.objects.bulk_create(
            Membership(
                user=u,
                organization=organization,
                role=Role.REP,
                manager=manager if i < org.owners // 2 else None,
            )
            for i, u in enumerate(users)
        )
        owner_ids = np.array([u.pk for u in users], dtype=np.int64)
        types = ActivityType.objects.bulk_create(
            ActivityType(
                organization=organization,
                code=f"syn-{code}",
                name_en=name_en,
                name_zh=name_zh,
                counterpart=counterpart,
                order=200 + i,
            )
            for i, (code, name_en, name_zh, counterpart) in enumerate(TYPES)
        )
        type_ids = np.array([t.pk for t in types], dtype=np.int64)
        stages = list(Stage.objects.filter(organization=organization).order_by("order"))
        open_stages = [s for s in stages if not s.is_won and not s.is_lost]
        won_stage = next(s for s in stages if s.is_won)
        lost_stage = next(s for s in stages if s.is_lost)
        stage_by_code = {i + 1: s.pk for i, s in enumerate(open_stages[:5])}
        stage_by_code[6], stage_by_code[7] = won_stage.pk, lost_stage.pk

        n_customers = len(org.customer_large)
        first_customer = lock_and_next_id(Customer)
        write_rows(
            Customer,
            ("id", "organization_id", "name", "employees", "owner_id", "created_at", "updated_at"),
            (
                (
                    first_customer + c,
                    organization.pk,
                    f"Customer {c}",
                    2000 if org.customer_large[c] else 50,
                    int(owner_ids[c % org.owners]),
                    midnight,
                    midnight,
                )
                for c in range(n_customers)
            ),
        )
        first_deal = lock_and_next_id(Opportunity)
        # Customers that won before the window: one earlier won deal each.
        earlier = np.flatnonzero(~np.isnan(org.customer_first_won))
        deal_rows: list[tuple[object, ...]] = []
        for d in range(org.n_deals):
            won = bool(org.deal_won[d])
            deal_rows.append(
                (
                    first_deal + d,
                    organization.pk,
                    first_customer + int(org.deal_customer[d]),
                    int(owner_ids[org.deal_owner[d]]),
                    f"Deal {d}",
                    Decimal(str(org.deal_amount[d])),
                    "CNY",
                    stage_by_code[6 if won else 7],
                    "won" if won else "lost",
                    date_of(int(org.deal_closed[d])),
                    moment(float(org.deal_created[d])),
                    moment(float(org.deal_closed[d])),
                )
            )
        for k, c in enumerate(earlier):
            day = float(org.customer_first_won[c])
            deal_rows.append(
                (
                    first_deal + org.n_deals + k,
                    organization.pk,
                    first_customer + int(c),
                    int(owner_ids[c % org.owners]),
                    f"Earlier deal {c}",
                    Decimal("50000.00"),
                    "CNY",
                    stage_by_code[6],
                    "won",
                    date_of(int(np.floor(day))),
                    moment(day - 30),
                    moment(day),
                )
            )
        columns = (
            "id",
            "organization_id",
            "customer_id",
            "owner_id",
            "name",
            "amount",
            "currency",
            "stage_id",
            "status",
            "closed_date",
            "created_at",
            "updated_at",
        )
        with foreign_keys_validated_at_end(Opportunity, StageChange, Activity):
            write_rows(Opportunity, columns, deal_rows)
            first_change = lock_and_next_id(StageChange)
            write_rows(
                StageChange,
                ("id", "opportunity_id", "to_stage_id", "changed_at"),
                (
                    (
                        first_change + i,
                        first_deal + int(org.change_deal[i]),
                        stage_by_code[int(org.change_stage[i])],
                        moment(float(org.change_day[i])),
                    )
                    for i in range(len(org.change_deal))
                ),
            )
            first_activity = lock_and_next_id(Activity)

            def activity_rows() -> Iterator[tuple[object, ...]]:
                for i in range(len(org.act_type)):
                    when = moment(float(org.act_day[i]))
                    deal = int(org.act_deal[i])
                    customer = int(org.act_customer[i])
                    yield (
                        first_activity + i,
                        organization.pk,
                        int(type_ids[org.act_type[i]]),
                        int(owner_ids[org.act_owner[i]]),
                        "done",
                        when,
                        None if deal < 0 else first_deal + deal,
                        None if customer < 0 else first_customer + customer,
                        when,
                        when,
                        when,
                    )

            write_rows(
                Activity,
                (
                    "id",
                    "organization_id",
                    "type_id",
                    "owner_id",
                    "status",
                    "occurred_at",
                    "opportunity_id",
                    "customer_id",
                    "completed_at",
                    "created_at",
                    "updated_at",
                ),
                activity_rows(),
            )
        reset_sequences(Customer, Opportunity, StageChange, Activity)
    return Loaded(
        organization=organization,
        owner_user_ids=tuple(int(i) for i in owner_ids),
        manager=manager,
        admin=admin,
        type_ids=tuple(int(i) for i in type_ids),
        first_deal_id=first_deal,
        start=start,
    )
