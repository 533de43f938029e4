"""My day, quick-log, planning, completing, cancelling and editing activities through the pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from keyact.activities.models import Activity, ActivityChange, Outcome
from keyact.activities.selectors import activity_history
from tests.conftest import World
from tests.factories import ActivityFactory, activity_type

pytestmark = pytest.mark.django_db


def test_quick_log_records_one_done_activity_with_the_defaults(world: World, as_user) -> None:
    rep = world.users["rep"]
    visit = activity_type(world.org, "visit")
    before = set(Activity.objects.values_list("pk", flat=True))
    started = timezone.now()
    response = as_user(rep).post(
        reverse("quick_log"),
        {
            "type_id": visit.pk,
            "customer_id": world.customers["rep"].pk,
            "outcome": Outcome.ADVANCE,
            "notes": "Met the CFO",
        },
    )
    assert response.status_code == 302
    created = Activity.objects.exclude(pk__in=before)
    assert created.count() == 1
    activity = created.get()
    assert (activity.owner, activity.created_by, activity.status) == (rep, rep, "done")
    assert (activity.type, activity.customer, activity.opportunity) == (
        visit,
        world.customers["rep"],
        None,
    )
    assert (activity.outcome, activity.notes) == ("advance", "Met the CFO")
    assert started <= activity.occurred_at <= timezone.now()
    assert [(c.action, c.changed_by_id) for c in activity_history(activity=activity)] == [
        (ActivityChange.Action.CREATED, rep.pk)
    ]


def test_quick_log_through_htmx_returns_the_new_recent_list_and_a_toast(
    world: World, as_user
) -> None:
    visit = activity_type(world.org, "visit")
    response = as_user(world.users["rep"]).post(
        reverse("quick_log"),
        {"type_id": visit.pk, "customer_id": world.customers["rep"].pk, "notes": "htmx note"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="recent-list" hx-swap-oob="true"' in body
    assert "htmx note" in body
    assert 'id="quick-log"' in body
    # The toast, and the event the key-activity card of My day fetches itself again on.
    assert json.loads(response["HX-Trigger"]) == {
        "keyact:logged": {},
        "keyact:toast": {"value": "Logged: Customer visit", "kind": "success"},
    }


def test_quick_log_with_an_opportunity_fills_its_customer(world: World, as_user) -> None:
    opportunity = world.opportunities["rep"]
    as_user(world.users["rep"]).post(
        reverse("quick_log"),
        {"type_id": activity_type(world.org, "bid").pk, "opportunity_id": opportunity.pk},
    )
    activity = Activity.objects.get(type__code="bid")
    assert (activity.opportunity_id, activity.customer_id) == (
        opportunity.pk,
        opportunity.customer_id,
    )


def test_commitment_without_text_is_refused_on_the_field(world: World, as_user) -> None:
    count = Activity.objects.count()
    response = as_user(world.users["rep"]).post(
        reverse("quick_log"),
        {
            "type_id": activity_type(world.org, "visit").pk,
            "customer_id": world.customers["rep"].pk,
            "outcome": Outcome.COMMITMENT,
            "commitment_text": "  ",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.context["quick"].errors == {
        "commitment_text": ["Say what the customer committed to."]
    }
    assert "Say what the customer committed to." in response.content.decode()
    assert Activity.objects.count() == count


def test_quick_log_for_a_customer_outside_the_scope_is_refused(world: World, as_user) -> None:
    count = Activity.objects.count()
    response = as_user(world.users["rep"]).post(
        reverse("quick_log"),
        {
            "type_id": activity_type(world.org, "visit").pk,
            "customer_id": world.customers["rep2"].pk,
        },
    )
    assert response.status_code == 200
    assert response.context["quick"].errors == {"customer_id": ["No such customer."]}
    assert Activity.objects.count() == count


def test_quick_log_needs_a_type(world: World, as_user) -> None:
    count = Activity.objects.count()
    response = as_user(world.users["rep"]).post(reverse("quick_log"), {"notes": "x"})
    assert list(response.context["quick"].errors) == ["type_id"]
    assert Activity.objects.count() == count


def test_plan_records_a_planned_activity_that_shows_on_my_day(world: World, as_user) -> None:
    client = as_user(world.users["rep"])
    due = timezone.localtime() + dt.timedelta(days=2)
    response = client.post(
        reverse("plan"),
        {
            "type_id": activity_type(world.org, "appointment").pk,
            "customer_id": world.customers["rep"].pk,
            "occurred_at": due.strftime("%Y-%m-%dT%H:%M"),
            "subject": "Meet the CTO",
        },
    )
    assert response.status_code == 302
    planned = Activity.objects.get(subject="Meet the CTO")
    assert (planned.status, planned.owner, planned.completed_at) == (
        "planned",
        world.users["rep"],
        None,
    )
    assert planned in client.get(reverse("home")).context["upcoming"]


def test_my_day_lists_today_and_overdue_planned_activities(world: World, as_user) -> None:
    rep = world.users["rep"]
    now = timezone.localtime()
    overdue = ActivityFactory(
        organization=world.org,
        owner=rep,
        status=Activity.Status.PLANNED,
        occurred_at=now - dt.timedelta(days=3),
    )
    today = ActivityFactory(
        organization=world.org,
        owner=rep,
        status=Activity.Status.PLANNED,
        occurred_at=now.replace(hour=23, minute=30),
    )
    context = as_user(rep).get(reverse("home")).context
    assert (context["overdue"], context["today"]) == ([overdue], [today])
    assert context["recent"] == [world.activities["rep"]]


def test_completing_a_planned_activity_records_the_outcome(world: World, as_user) -> None:
    rep = world.users["rep"]
    planned = ActivityFactory(
        organization=world.org,
        owner=rep,
        status=Activity.Status.PLANNED,
        occurred_at=timezone.now() - dt.timedelta(days=1),
    )
    response = as_user(rep).post(
        reverse("activity_complete", args=[planned.pk]),
        {"outcome": "commitment", "commitment_text": "Trial by Friday", "next": "/"},
    )
    assert (response.status_code, response["Location"]) == (302, "/")
    planned.refresh_from_db()
    assert (planned.status, planned.outcome, planned.commitment_text) == (
        "done",
        "commitment",
        "Trial by Friday",
    )
    assert list(planned.changes.values_list("action", flat=True)) == ["completed"]


def test_completing_with_a_commitment_but_no_text_changes_nothing(world: World, as_user) -> None:
    rep = world.users["rep"]
    planned = ActivityFactory(organization=world.org, owner=rep, status=Activity.Status.PLANNED)
    response = as_user(rep).post(
        reverse("activity_complete", args=[planned.pk]), {"outcome": "commitment"}
    )
    assert response.status_code == 200
    assert response.context["complete_form"].errors == {
        "commitment_text": ["Say what the customer committed to."]
    }
    planned.refresh_from_db()
    assert (planned.status, planned.version) == ("planned", 1)


def test_cancelling_a_planned_activity_keeps_it(world: World, as_user) -> None:
    rep = world.users["rep"]
    planned = ActivityFactory(organization=world.org, owner=rep, status=Activity.Status.PLANNED)
    response = as_user(rep).post(reverse("activity_cancel", args=[planned.pk]))
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "cancelled"


def test_a_done_activity_cannot_be_cancelled(world: World, as_user) -> None:
    done = world.activities["rep"]
    as_user(world.users["rep"]).post(reverse("activity_cancel", args=[done.pk]))
    done.refresh_from_db()
    assert (done.status, done.version) == ("done", 1)


def _edit_data(activity: Activity, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "expected_version": activity.version,
        "type_id": activity.type_id,
        "occurred_at": timezone.localtime(activity.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "customer_id": activity.customer_id or "",
        "opportunity_id": activity.opportunity_id or "",
        "subject": activity.subject,
        "outcome": activity.outcome,
        "notes": activity.notes,
    }
    data.update(changes)
    return data


def test_editing_an_activity_records_the_change_in_the_audit_trail(world: World, as_user) -> None:
    activity = world.activities["rep"]
    client = as_user(world.users["rep"])
    response = client.post(
        reverse("activity_edit", args=[activity.pk]),
        _edit_data(activity, subject="Kick-off", outcome="advance"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.subject, activity.outcome, activity.version) == ("Kick-off", "advance", 2)
    change = activity.changes.get()
    assert change.changes["subject"] == ["", "Kick-off"]
    assert change.changes["outcome"] == ["", "advance"]
    detail = client.get(reverse("activity_detail", args=[activity.pk]))
    rows = detail.context["audit"][-1][1]
    assert [(r.label, r.before, r.after) for r in rows if r.label in ("subject", "outcome")] == [
        ("subject", "—", "Kick-off"),
        ("outcome", "—", "Advance"),
    ]


def test_a_stale_edit_shows_a_conflict_and_changes_nothing(world: World, as_user) -> None:
    activity = world.activities["rep"]
    stale = _edit_data(activity, subject="Mine")
    Activity.objects.filter(pk=activity.pk).update(version=2, subject="Theirs")
    response = as_user(world.users["rep"]).post(reverse("activity_edit", args=[activity.pk]), stale)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Someone else changed this activity meanwhile. Reload it and try again."
    ]
    activity.refresh_from_db()
    assert (activity.subject, activity.version, activity.changes.count()) == ("Theirs", 2, 0)


def test_activity_list_filters_by_type_status_and_text(world: World, as_user) -> None:
    rep = world.users["rep"]
    ActivityFactory(
        organization=world.org,
        owner=rep,
        type=activity_type(world.org, "bid"),
        status=Activity.Status.PLANNED,
        subject="Tender for the new plant",
    )
    client = as_user(world.users["manager"])
    bid = activity_type(world.org, "bid")
    rows = client.get(reverse("activity_list"), {"type": bid.pk}).context["page"].object_list
    assert [a.subject for a in rows] == ["Tender for the new plant"]
    rows = (
        client.get(reverse("activity_list"), {"status": "done", "owner": rep.pk})
        .context["page"]
        .object_list
    )
    assert list(rows) == [world.activities["rep"]]
    rows = client.get(reverse("activity_list"), {"q": "plant"}).context["page"].object_list
    assert [a.subject for a in rows] == ["Tender for the new plant"]


def test_activity_list_paginates_by_fifty(world: World, as_user) -> None:
    rep = world.users["rep"]
    for _ in range(55):
        ActivityFactory(organization=world.org, owner=rep)
    client = as_user(rep)
    first = client.get(reverse("activity_list")).context["page"]
    second = client.get(reverse("activity_list"), {"page": 2}).context["page"]
    assert (len(first.object_list), len(second.object_list), first.paginator.count) == (50, 6, 56)


def test_the_empty_activity_list_explains_what_belongs_there(world: World, as_user) -> None:
    Activity.objects.filter(owner=world.users["rep2"]).delete()
    body = as_user(world.users["rep2"]).get(reverse("activity_list")).content.decode()
    assert "Log the first one from My day" in body


def test_the_picker_offers_only_records_in_scope(world: World, as_user) -> None:
    response = as_user(world.users["rep"]).get(reverse("pick"), {"q": "Ltd"})
    assert [c.name for c in response.context["customers"]] == ["rep Ltd"]
    response = as_user(world.users["rep"]).get(reverse("pick"), {"q": "deal"})
    assert [o.name for o in response.context["opportunities"]] == ["rep deal"]


def test_the_picker_without_a_query_offers_recent_customers_first(world: World, as_user) -> None:
    rep = world.users["rep"]
    from tests.factories import CustomerFactory

    fresh = CustomerFactory(organization=world.org, owner=rep, name="Zhejiang Fresh Foods")
    ActivityFactory(organization=world.org, owner=rep, customer=fresh)
    response = as_user(rep).get(reverse("pick"))
    assert [c.name for c in response.context["customers"]] == ["Zhejiang Fresh Foods", "rep Ltd"]


def test_quick_log_records_the_check_in_location_with_its_accuracy(world: World, as_user) -> None:
    visit = activity_type(world.org, "visit")
    response = as_user(world.users["rep"]).post(
        reverse("quick_log"),
        {
            "type_id": visit.pk,
            "customer_id": world.customers["rep"].pk,
            "checkin_latitude": "31.230416",
            "checkin_longitude": "121.473701",
            "checkin_accuracy_m": "18",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.filter(owner=world.users["rep"]).latest("id")
    assert (activity.checkin_latitude, activity.checkin_longitude, activity.checkin_accuracy_m) == (
        31.230416,
        121.473701,
        18.0,
    )
    assert activity.checkin_at is not None


def test_quick_log_with_half_a_location_is_refused_and_nothing_is_written(
    world: World, as_user
) -> None:
    count = Activity.objects.count()
    response = as_user(world.users["rep"]).post(
        reverse("quick_log"),
        {"type_id": activity_type(world.org, "visit").pk, "checkin_latitude": "31.2"},
    )
    assert response.status_code == 200
    assert "The check-in location is incomplete; check in again." in response.content.decode()
    assert Activity.objects.count() == count


def test_my_day_offers_the_check_in_button_in_chinese(world: World, as_user) -> None:
    client = as_user(world.users["rep"])
    response = client.get(reverse("home"), headers={"accept-language": "zh-hans"})
    text = response.content.decode()
    assert "在此签到" in text
    assert "已在此签到（± {m} 米）" in text  # noqa: RUF001


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "At most 10,000 characters; this one has 20,000."),
        ("zh-hans", "最多 10,000 个字符，当前 20,000 个。"),  # noqa: RUF001
    ],
)
def test_a_quick_log_note_over_the_limit_is_refused_at_the_note_not_cut(
    world: World, as_user, language: str, said: str
) -> None:
    before = Activity.objects.count()
    client = as_user(world.users["rep"])
    client.cookies["django_language"] = language
    response = client.post(
        reverse("quick_log"),
        {"type_id": activity_type(world.org, "visit").pk, "notes": "x" * 20_000},
    )
    assert response.status_code == 200
    assert response.context["quick"].errors == {"notes": [said]}
    assert "x" * 20_000 in response.content.decode()  # the text stays to be shortened
    assert Activity.objects.count() == before
