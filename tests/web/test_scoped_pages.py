"""Pages show each role exactly its scope; records outside it answer 404 and stay unchanged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from keyact.activities.models import Activity, ActivityChange
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity, Stage
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _rows(response) -> list:
    return list(response.context["page"].object_list)


@pytest.mark.parametrize(
    ("role", "owners"),
    [
        ("rep", {"rep"}),
        ("manager", {"rep", "rep2", "manager"}),
        ("director", {"rep", "rep2", "manager", "rep_b"}),
        ("supporter", {"rep"}),
        ("admin", {"rep", "rep2", "manager", "rep_b", "admin"}),
        ("other_admin", {"other_rep"}),
    ],
)
def test_activity_list_shows_each_role_its_scope(
    world: World, as_user, role: str, owners: set[str]
) -> None:
    response = as_user(world.users[role]).get(reverse("activity_list"))
    assert {a.owner.username for a in _rows(response)} == owners


@pytest.mark.parametrize(
    ("role", "names"),
    [
        ("rep", ["rep Ltd"]),
        ("manager", ["manager Ltd", "rep Ltd", "rep2 Ltd"]),
        ("supporter", ["rep Ltd"]),
        ("other_rep", ["other_rep Ltd"]),
    ],
)
def test_customer_list_shows_each_role_its_scope(
    world: World, as_user, role: str, names: list[str]
) -> None:
    response = as_user(world.users[role]).get(reverse("customers:list"))
    assert [c.name for c in _rows(response)] == names


@pytest.mark.parametrize(
    ("role", "names"),
    [
        ("rep", {"rep deal"}),
        ("manager_b", {"rep_b deal"}),
        ("director", {"rep deal", "rep2 deal", "manager deal", "rep_b deal"}),
        ("supporter", {"rep deal"}),
    ],
)
def test_opportunity_list_shows_each_role_its_scope(
    world: World, as_user, role: str, names: set[str]
) -> None:
    response = as_user(world.users[role]).get(reverse("deals:list"))
    assert {o.name for o in _rows(response)} == names


def _record_urls(world: World, owner: str) -> list[str]:
    activity = world.activities[owner]
    return [
        reverse("activity_detail", args=[activity.pk]),
        reverse("activity_edit", args=[activity.pk]),
        reverse("customers:detail", args=[activity.customer_id]),
        reverse("customers:edit", args=[activity.customer_id]),
        reverse("customers:contact_edit", args=[world.contacts[owner].pk]),
        reverse("deals:detail", args=[activity.opportunity_id]),
        reverse("deals:edit", args=[activity.opportunity_id]),
    ]


@pytest.mark.parametrize(
    ("viewer", "owner"),
    [
        ("rep", "rep2"),  # a colleague in the same team
        ("rep", "manager"),  # the rep's own manager
        ("manager", "rep_b"),  # another team
        ("manager_b", "rep"),
        ("supporter", "rep2"),  # a record the supporter takes no part in
        ("other_admin", "rep"),  # another organisation
        ("admin", "other_rep"),
    ],
)
def test_records_outside_the_scope_answer_404(
    world: World, as_user, viewer: str, owner: str
) -> None:
    client = as_user(world.users[viewer])
    assert [client.get(url).status_code for url in _record_urls(world, owner)] == [404] * 7


def test_the_customer_timeline_lists_its_activities_newest_first(world: World, as_user) -> None:
    from tests.factories import ActivityFactory

    customer = world.customers["rep"]
    later = ActivityFactory(
        organization=world.org,
        owner=world.users["rep"],
        customer=customer,
        subject="Second meeting",
    )
    response = as_user(world.users["rep"]).get(reverse("customers:detail", args=[customer.pk]))
    assert [a.pk for a in response.context["timeline"].items] == [
        later.pk,
        world.activities["rep"].pk,
    ]
    assert "Second meeting" in response.content.decode()


def test_out_of_scope_edit_of_an_activity_changes_nothing(world: World, as_user) -> None:
    activity = world.activities["rep2"]
    response = as_user(world.users["rep"]).post(
        reverse("activity_edit", args=[activity.pk]),
        {"expected_version": 1, "type_id": activity.type_id, "occurred_at": "2026-01-01T10:00"},
    )
    assert response.status_code == 404
    activity.refresh_from_db()
    assert (activity.version, activity.changes.count()) == (1, 0)


def test_a_supporter_cannot_edit_an_activity_they_only_take_part_in(world: World, as_user) -> None:
    activity = world.activities["rep"]
    response = as_user(world.users["supporter"]).post(
        reverse("activity_edit", args=[activity.pk]),
        {
            "expected_version": activity.version,
            "type_id": activity.type_id,
            "occurred_at": "2026-01-01T10:00",
            "subject": "Hijacked",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You can only change your own or your team's activities."
    ]
    activity.refresh_from_db()
    assert (activity.subject, activity.version, activity.changes.count()) == ("", 1, 0)


def test_out_of_scope_customer_edit_changes_nothing(world: World, as_user) -> None:
    customer = world.customers["rep2"]
    response = as_user(world.users["rep"]).post(
        reverse("customers:edit", args=[customer.pk]),
        {"name": "Renamed", "owner_id": world.users["rep"].pk},
    )
    assert response.status_code == 404
    assert Customer.objects.get(pk=customer.pk).name == "rep2 Ltd"


def test_out_of_scope_contact_add_creates_nothing(world: World, as_user) -> None:
    before = Contact.objects.count()
    response = as_user(world.users["other_rep"]).post(
        reverse("customers:contact_add", args=[world.customers["rep"].pk]), {"name": "Spy"}
    )
    assert response.status_code == 404
    assert Contact.objects.count() == before


def test_out_of_scope_stage_move_changes_nothing(world: World, as_user) -> None:
    opportunity = world.opportunities["rep"]
    last = Stage.objects.filter(organization=world.org).order_by("-order").first()
    assert last is not None
    response = as_user(world.users["rep_b"]).post(
        reverse("deals:move", args=[opportunity.pk]), {"stage_id": last.pk}
    )
    assert response.status_code == 404
    opportunity.refresh_from_db()
    assert (opportunity.stage_id, opportunity.stage_changes.count()) == (
        world.opportunities["rep"].stage_id,
        0,
    )


def test_the_owner_moves_a_stage_and_the_history_records_it(world: World, as_user) -> None:
    opportunity = world.opportunities["rep"]
    won = Stage.objects.get(organization=world.org, is_won=True)
    response = as_user(world.users["rep"]).post(
        reverse("deals:move", args=[opportunity.pk]), {"stage_id": won.pk}
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.stage_id, opportunity.status) == (won.pk, Opportunity.Status.WON)
    assert list(opportunity.stage_changes.values_list("to_stage_id", flat=True)) == [won.pk]


def test_out_of_scope_activity_complete_changes_nothing(world: World, as_user) -> None:
    activity = world.activities["rep"]
    Activity.objects.filter(pk=activity.pk).update(
        status=Activity.Status.PLANNED, completed_at=None
    )
    response = as_user(world.users["rep2"]).post(
        reverse("activity_complete", args=[activity.pk]), {"outcome": "advance"}
    )
    assert response.status_code == 404
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.PLANNED
    assert ActivityChange.objects.filter(activity=activity).count() == 0
