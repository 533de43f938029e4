"""Organisation, reporting tree and opportunity writes."""

from __future__ import annotations

import pytest

from keyact.core.errors import DomainError, PermissionDenied
from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.deals.services import opportunity_create, opportunity_move_stage
from keyact.orgs.models import Membership, Role
from keyact.orgs.services import member_create, member_update, organization_create
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_duplicate_slug_is_refused(db: None) -> None:
    organization_create(name="A", slug="a")
    with pytest.raises(DomainError) as err:
        organization_create(name="B", slug="a")
    assert err.value.field == "slug"


def test_manager_loop_is_refused_and_nothing_changes(world: World) -> None:
    admin = world.users["admin"]
    with pytest.raises(DomainError) as err:
        member_update(
            actor=admin, user_id=world.users["director"].pk, manager_id=world.users["rep"].pk
        )
    assert err.value.field == "manager_id"
    assert Membership.objects.get(user=world.users["director"]).manager_id is None


def test_manager_from_another_organisation_is_refused(world: World) -> None:
    with pytest.raises(DomainError):
        member_create(
            organization=world.org,
            username="newbie",
            password="x-long-password-1",
            manager_id=world.users["other_admin"].pk,
        )


def test_only_admins_change_memberships(world: World) -> None:
    with pytest.raises(PermissionDenied):
        member_update(actor=world.users["manager"], user_id=world.users["rep"].pk, role=Role.ADMIN)
    assert Membership.objects.get(user=world.users["rep"]).role == Role.REP


def test_admin_cannot_demote_themselves(world: World) -> None:
    with pytest.raises(DomainError):
        member_update(actor=world.users["admin"], user_id=world.users["admin"].pk, role=Role.REP)


def test_moving_to_the_won_stage_closes_and_records_history(world: World) -> None:
    rep = world.users["rep"]
    opp = opportunity_create(actor=rep, name="Big one", customer_id=world.customers["rep"].pk)
    won = Stage.objects.get(organization=world.org, is_won=True)
    moved = opportunity_move_stage(actor=rep, opportunity_id=opp.pk, stage_id=won.pk)
    assert moved.status == Opportunity.Status.WON
    assert moved.closed_date is not None
    history = list(StageChange.objects.filter(opportunity=opp).values_list("to_stage__is_won"))
    assert history == [(False,), (True,)]


def test_stage_of_another_organisation_is_refused(world: World) -> None:
    opp = world.opportunities["rep"]
    foreign = Stage.objects.filter(organization=world.other_org).first()
    assert foreign is not None
    with pytest.raises(DomainError):
        opportunity_move_stage(actor=world.users["rep"], opportunity_id=opp.pk, stage_id=foreign.pk)
    opp.refresh_from_db()
    assert opp.stage.organization_id == world.org.pk


def test_customers_name_the_won_status_of_deals_as_deals_do() -> None:
    # customers stand below deals and name the status without importing it.
    from keyact.customers.selectors import OPPORTUNITY_WON

    assert OPPORTUNITY_WON == Opportunity.Status.WON
