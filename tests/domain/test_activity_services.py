"""Activity writes: defaults, validation, audit trail, concurrency and the done-is-a-fact rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from keyact.activities.models import Activity, ActivityChange, Outcome
from keyact.activities.selectors import activity_history
from keyact.activities.services import (
    activity_cancel,
    activity_complete,
    activity_create,
    activity_type_create,
    activity_type_update,
    activity_update,
)
from keyact.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from tests.conftest import World
from tests.factories import activity_type

pytestmark = pytest.mark.django_db


def test_create_defaults_to_done_now_owned_by_actor_and_writes_no_change_row(
    world: World,
) -> None:
    """The history's "created" entry is the activity row itself (created_by, created_at)."""
    rep = world.users["rep"]
    before = timezone.now()
    activity = activity_create(
        actor=rep, type_id=activity_type(world.org).pk, customer_id=world.customers["rep"].pk
    )
    assert activity.status == Activity.Status.DONE
    assert activity.owner_id == rep.pk
    assert activity.created_by_id == rep.pk
    assert activity.occurred_at >= before
    assert activity.completed_at is not None
    assert [c.action for c in activity_history(activity=activity)] == ["created"]
    assert not activity.changes.exists()


def test_opportunity_fills_its_customer(world: World) -> None:
    opp = world.opportunities["rep"]
    activity = activity_create(
        actor=world.users["rep"], type_id=activity_type(world.org).pk, opportunity_id=opp.pk
    )
    assert activity.customer_id == opp.customer_id


def test_opportunity_of_another_customer_is_refused(world: World) -> None:
    rep = world.users["rep"]
    other_customer = world.customers["rep"]
    from tests.factories import CustomerFactory, OpportunityFactory

    second = CustomerFactory(organization=world.org, owner=rep)
    opp = OpportunityFactory(customer=second, owner=rep)
    count = Activity.objects.count()
    with pytest.raises(DomainError) as err:
        activity_create(
            actor=rep,
            type_id=activity_type(world.org).pk,
            customer_id=other_customer.pk,
            opportunity_id=opp.pk,
        )
    assert err.value.field == "opportunity_id"
    assert Activity.objects.count() == count


def test_commitment_outcome_needs_the_commitment_text(world: World) -> None:
    with pytest.raises(DomainError) as err:
        activity_create(
            actor=world.users["rep"],
            type_id=activity_type(world.org).pk,
            outcome=Outcome.COMMITMENT,
        )
    assert err.value.field == "commitment_text"


def test_customer_outside_scope_is_not_found_and_nothing_is_written(world: World) -> None:
    count = Activity.objects.count()
    with pytest.raises(NotFound):
        activity_create(
            actor=world.users["rep"],
            type_id=activity_type(world.org).pk,
            customer_id=world.customers["rep_b"].pk,
        )
    assert Activity.objects.count() == count


def test_type_of_another_organisation_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        activity_create(actor=world.users["rep"], type_id=activity_type(world.other_org).pk)


def test_rep_cannot_log_for_someone_else_but_manager_can_for_the_team(world: World) -> None:
    visit = activity_type(world.org, "self_review").pk
    with pytest.raises(DomainError) as err:
        activity_create(actor=world.users["rep"], type_id=visit, owner_id=world.users["rep2"].pk)
    assert err.value.field == "owner_id"
    activity = activity_create(
        actor=world.users["manager"], type_id=visit, owner_id=world.users["rep2"].pk
    )
    assert activity.owner_id == world.users["rep2"].pk
    with pytest.raises(DomainError):
        activity_create(
            actor=world.users["manager"], type_id=visit, owner_id=world.users["rep_b"].pk
        )


def test_update_records_before_and_after_and_bumps_the_version(world: World) -> None:
    rep = world.users["rep"]
    activity = world.activities["rep"]
    updated = activity_update(actor=rep, activity_id=activity.pk, notes="Met the CFO")
    assert updated.version == 2
    change = ActivityChange.objects.get(activity=activity, action="updated")
    assert change.changes == {"notes": ["", "Met the CFO"]}
    assert change.changed_by_id == rep.pk


def test_unchanged_update_writes_no_audit_row(world: World) -> None:
    activity = world.activities["rep"]
    activity_update(actor=world.users["rep"], activity_id=activity.pk, notes="")
    assert not ActivityChange.objects.filter(activity=activity).exists()


def test_stale_version_is_a_conflict_and_changes_nothing(world: World) -> None:
    activity = world.activities["rep"]
    activity_update(actor=world.users["rep"], activity_id=activity.pk, notes="first")
    with pytest.raises(Conflict):
        activity_update(
            actor=world.users["manager"],
            activity_id=activity.pk,
            expected_version=1,
            notes="second",
        )
    activity.refresh_from_db()
    assert activity.notes == "first"


def test_done_activity_cannot_be_cancelled(world: World) -> None:
    with pytest.raises(DomainError) as err:
        activity_cancel(actor=world.users["rep"], activity_id=world.activities["rep"].pk)
    assert err.value.field == "status"
    world.activities["rep"].refresh_from_db()
    assert world.activities["rep"].status == Activity.Status.DONE


def test_planned_activity_completes_with_outcome_and_audit(world: World) -> None:
    rep = world.users["rep"]
    planned = activity_create(
        actor=rep,
        type_id=activity_type(world.org).pk,
        customer_id=world.customers["rep"].pk,
        status=Activity.Status.PLANNED,
        occurred_at=timezone.now() + dt.timedelta(hours=3),
    )
    assert planned.completed_at is None
    done = activity_complete(actor=rep, activity_id=planned.pk, outcome=Outcome.ADVANCE)
    assert done.status == Activity.Status.DONE
    assert done.outcome == Outcome.ADVANCE
    assert done.completed_at is not None
    assert [c.action for c in activity_history(activity=done)] == ["created", "completed"]


def test_planned_activity_can_be_cancelled_but_not_reopened(world: World) -> None:
    rep = world.users["rep"]
    planned = activity_create(
        actor=rep, type_id=activity_type(world.org, "self_review").pk, status="planned"
    )
    activity_cancel(actor=rep, activity_id=planned.pk)
    with pytest.raises(DomainError):
        activity_update(actor=rep, activity_id=planned.pk, status=Activity.Status.PLANNED)


def test_supporter_cannot_change_an_activity_they_only_take_part_in(world: World) -> None:
    activity = world.activities["rep"]
    with pytest.raises(PermissionDenied):
        activity_update(actor=world.users["supporter"], activity_id=activity.pk, notes="x")
    activity.refresh_from_db()
    assert activity.notes == ""


def test_end_before_start_is_refused(world: World) -> None:
    now = timezone.now()
    with pytest.raises(DomainError) as err:
        activity_create(
            actor=world.users["rep"],
            type_id=activity_type(world.org).pk,
            occurred_at=now,
            ended_at=now - dt.timedelta(minutes=5),
        )
    assert err.value.field == "ended_at"


def test_contacts_must_belong_to_the_customer(world: World) -> None:
    with pytest.raises(DomainError) as err:
        activity_create(
            actor=world.users["manager"],
            type_id=activity_type(world.org).pk,
            customer_id=world.customers["rep"].pk,
            contact_ids=[world.contacts["rep2"].pk],
        )
    assert err.value.field == "contact_ids"


def test_only_admins_manage_activity_types_and_used_types_are_deactivated(world: World) -> None:
    with pytest.raises(PermissionDenied):
        activity_type_create(
            actor=world.users["manager"], code="tasting", name_en="Tasting", name_zh="品鉴"
        )
    tasting = activity_type_create(
        actor=world.users["admin"], code="tasting", name_en="Tasting", name_zh="品鉴"
    )
    assert tasting.category == "industry"
    visit = activity_type(world.org)
    activity_type_update(actor=world.users["admin"], type_id=visit.pk, is_active=False)
    visit.refresh_from_db()
    assert visit.is_active is False
    assert Activity.objects.filter(type=visit).count() == 5
    with pytest.raises(DomainError):
        activity_create(actor=world.users["rep"], type_id=visit.pk)


def test_customer_visible_only_through_an_opportunity_in_scope_can_be_logged(world: World) -> None:
    from tests.factories import CustomerFactory, OpportunityFactory

    # Owned by someone outside the rep's scope, but the rep owns a deal there.
    shared = CustomerFactory(organization=world.org, owner=world.users["rep_b"])
    OpportunityFactory(customer=shared, owner=world.users["rep"])
    activity = activity_create(
        actor=world.users["rep"], type_id=activity_type(world.org).pk, customer_id=shared.pk
    )
    assert activity.customer_id == shared.pk
    with pytest.raises(NotFound):
        activity_create(
            actor=world.users["rep2"], type_id=activity_type(world.org).pk, customer_id=shared.pk
        )


def test_a_note_over_the_limit_is_refused_with_the_limit_never_cut(world: World) -> None:
    rep = world.users["rep"]
    before = Activity.objects.count()
    with pytest.raises(DomainError) as exc:
        activity_create(actor=rep, type_id=activity_type(world.org).pk, notes="x" * 20_000)
    assert exc.value.field == "notes"
    assert exc.value.message == "At most 10,000 characters; this one has 20,000."
    assert Activity.objects.count() == before
    activity = activity_create(
        actor=rep,
        type_id=activity_type(world.org).pk,
        customer_id=world.customers["rep"].pk,
        notes="x" * 10_000,
    )
    with pytest.raises(DomainError) as exc:
        activity_update(actor=rep, activity_id=activity.pk, notes="y" * 10_001)
    assert exc.value.field == "notes"
    assert Activity.objects.get(pk=activity.pk).notes == "x" * 10_000


def test_every_editable_text_column_has_its_length_checked() -> None:
    """The rules check the model's own max_length (keyact.core.columns): none is left out."""
    from django.db.models import CharField, TextField

    from keyact.activities.rules import TEXT_FIELDS
    from keyact.activities.services import EDITABLE_FIELDS

    text_columns = {
        name
        for name in EDITABLE_FIELDS
        if isinstance(Activity._meta.get_field(name), CharField | TextField) and name != "status"
    }
    assert text_columns == set(TEXT_FIELDS)


def test_a_type_without_a_code_gets_one_from_its_english_name(world: World) -> None:
    admin = world.users["admin"]
    survey = activity_type_create(actor=admin, name_en="Site survey", name_zh="现场勘察")
    again = activity_type_create(actor=admin, name_en="Site  survey!", name_zh="现场勘察二")
    chinese_only_name = activity_type_create(actor=admin, name_en="品鉴会", name_zh="品鉴会")
    no_english = activity_type_create(actor=admin, name_en="", name_zh="试吃会")
    assert (survey.code, again.code, chinese_only_name.code, no_english.code) == (
        "site_survey",
        "site_survey_2",
        "industry",
        "industry_2",
    )
    with pytest.raises(DomainError) as exc:
        activity_type_create(actor=admin, name_en="Tasting", name_zh="试吃", icon="cup hot")
    assert exc.value.field == "icon"
    with pytest.raises(DomainError) as exc:
        activity_type_create(actor=admin, code="bad code", name_en="Tasting", name_zh="试吃")
    assert exc.value.field == "code"


def test_every_icon_of_the_palette_is_a_bootstrap_icon() -> None:
    import json
    from pathlib import Path

    from keyact.activities.catalog import ICON_PALETTE, STANDARD_ACTIVITY_TYPES

    names = Path(__file__).resolve().parents[2] / "node_modules/bootstrap-icons/font"
    known = json.loads((names / "bootstrap-icons.json").read_text(encoding="utf-8"))
    for icon in [i for i, _label in ICON_PALETTE] + [t.icon for t in STANDARD_ACTIVITY_TYPES]:
        assert icon in known, icon
    assert len({i for i, _label in ICON_PALETTE}) == len(ICON_PALETTE)
