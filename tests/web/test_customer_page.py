"""The customer page: its header card, the timeline read in slices ("load more"), logging an
activity from the page, and a fixed query budget whatever the number of activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyact.activities.forms import QuickLogForm
from keyact.activities.models import Activity, ActivityType, Counterpart
from keyact.activities.selectors import TIMELINE_PAGE_SIZE, activity_timeline_page
from keyact.customers.models import Contact
from tests.conftest import World
from tests.factories import ActivityFactory, ContactFactory, OpportunityFactory, activity_type

pytestmark = pytest.mark.django_db

# Session, user, membership, subordinates (scope), the customer, its contacts, the organisation
# (menu), its opportunities, the organisation and its thresholds (size and mode), the last and
# the next activity, the first timeline slice (type, owner, customer, opportunity joined).
# A change here is a decision: the budget is the count, not a ceiling.
CUSTOMER_PAGE_BUDGET = 13


def _activities(world: World, n: int, *, start: dt.datetime | None = None) -> list[Activity]:
    start = start or timezone.now() - dt.timedelta(days=1)
    return [
        ActivityFactory(
            organization=world.org,
            owner=world.users["rep"],
            customer=world.customers["rep"],
            occurred_at=start - dt.timedelta(minutes=index),
            subject=f"Touch {index:03d}",
        )
        for index in range(n)
    ]


def test_the_header_card_sums_up_the_customer(world: World, as_user) -> None:
    customer = world.customers["rep"]
    customer.employees = 1200
    customer.save()
    ContactFactory(customer=customer, name="Zhao Li", buying_role=Contact.BuyingRole.ECONOMIC)
    OpportunityFactory(customer=customer, owner=world.users["rep"], amount=Decimal("250000"))
    ActivityFactory(
        organization=world.org,
        owner=world.users["rep"],
        customer=customer,
        status=Activity.Status.PLANNED,
        occurred_at=timezone.now() + dt.timedelta(days=2),
        type=activity_type(world.org, "product_demo"),
    )
    response = as_user(world.users["manager"]).get(
        reverse("customers:detail", args=[customer.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    summary = body.split('class="card mb-3 customer-summary"', 1)[1].split("</section>", 1)[0]
    assert "Large customer" in summary  # 1,200 employees: above the default 500
    assert "1,200 employees" in summary
    # 250,000 CNY is a large order (default threshold 100,000); no won deal: a new customer.
    assert "Large-order mode" in summary and "large order · new customer" in summary
    assert "CNY 350,000" in summary  # the world's 100,000 deal and the new one, both open
    assert "Zhao Li" in summary and "Economic buyer" in summary
    assert "Product demo" in summary  # the next activity
    assert "Customer visit" in summary  # the last one
    assert reverse("activity_log") + f"?customer={customer.pk}" in body


def test_the_timeline_is_read_in_slices_to_its_end(world: World, as_user) -> None:
    created = _activities(world, 2 * TIMELINE_PAGE_SIZE + 3)
    rep = world.users["rep"]
    expected = [world.activities["rep"].pk, *(a.pk for a in created)]
    expected = [
        a.pk
        for a in sorted(
            Activity.objects.filter(pk__in=expected),
            key=lambda a: (a.occurred_at, a.pk),
            reverse=True,
        )
    ]
    seen: list[int] = []
    cursor = ""
    while True:
        page = activity_timeline_page(
            user=rep, customer_id=world.customers["rep"].pk, cursor=cursor
        )
        seen += [a.pk for a in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == expected

    client = as_user(world.users["manager"])
    first = client.get(reverse("customers:detail", args=[world.customers["rep"].pk]))
    assert len(first.context["timeline"].items) == TIMELINE_PAGE_SIZE
    more = client.get(
        reverse("activity_timeline_more"),
        {"customer": world.customers["rep"].pk, "cursor": first.context["timeline"].next_cursor},
    )
    assert more.status_code == 200
    body = more.content.decode()
    assert body.count('<span class="dot">') == TIMELINE_PAGE_SIZE
    assert "Touch 019" in body and "Touch 018" not in body  # the first slice ended at 018
    assert "cursor=" in body  # a further slice


def test_same_time_activities_are_neither_lost_nor_repeated(world: World) -> None:
    when = timezone.now() - dt.timedelta(hours=3)
    same = [
        ActivityFactory(
            organization=world.org,
            owner=world.users["rep"],
            customer=world.customers["rep"],
            occurred_at=when,
        )
        for _ in range(5)
    ]
    page = activity_timeline_page(
        user=world.users["rep"], customer_id=world.customers["rep"].pk, size=2
    )
    seen = [a.pk for a in page.items]
    while page.next_cursor:
        page = activity_timeline_page(
            user=world.users["rep"],
            customer_id=world.customers["rep"].pk,
            size=2,
            cursor=page.next_cursor,
        )
        seen += [a.pk for a in page.items]
    assert sorted(seen) == sorted([*(a.pk for a in same), world.activities["rep"].pk])
    assert len(seen) == len(set(seen))


def test_load_more_is_scoped_and_checks_its_input(world: World, as_user) -> None:
    client = as_user(world.users["manager"])
    url = reverse("activity_timeline_more")
    assert client.get(url, {"customer": world.customers["rep_b"].pk}).status_code == 404
    assert client.get(url, {"opportunity": world.opportunities["rep_b"].pk}).status_code == 404
    assert client.get(url).status_code == 404
    both = {"customer": world.customers["rep"].pk, "opportunity": world.opportunities["rep"].pk}
    assert client.get(url, both).status_code == 404
    # A cursor that is not one starts from the newest activity.
    garbled = client.get(url, {"customer": world.customers["rep"].pk, "cursor": "x.y"})
    assert garbled.status_code == 200
    assert reverse("activity_detail", args=[world.activities["rep"].pk]) in garbled.content.decode()


def test_the_customer_page_runs_a_fixed_number_of_queries(
    world: World, as_user, django_assert_num_queries
) -> None:
    client = as_user(world.users["manager"])
    url = reverse("customers:detail", args=[world.customers["rep"].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _activities(world, 60)
    for _ in range(5):
        OpportunityFactory(customer=world.customers["rep"], owner=world.users["rep"])
        ContactFactory(customer=world.customers["rep"])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)
    with django_assert_num_queries(CUSTOMER_PAGE_BUDGET):
        client.get(url)


def test_log_activity_from_the_customer_page_is_prefilled_and_goes_back(
    world: World, as_user
) -> None:
    customer = world.customers["rep"]
    client = as_user(world.users["rep"])
    page = client.get(reverse("activity_log"), {"customer": customer.pk})
    assert page.status_code == 200
    assert page.context["picked"] == customer.name
    assert f'name="customer_id" value="{customer.pk}"' in page.content.decode()
    visit = activity_type(world.org, "visit")
    response = client.post(
        reverse("activity_log"),
        {
            "type_id": visit.pk,
            "customer_id": customer.pk,
            "outcome": "advance",
            "notes": "Met the plant manager",
            "next": reverse("customers:detail", args=[customer.pk]),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:detail", args=[customer.pk])
    logged = Activity.objects.get(notes="Met the plant manager")
    assert (logged.customer_id, logged.owner_id, logged.status, logged.outcome) == (
        customer.pk,
        world.users["rep"].pk,
        Activity.Status.DONE,
        "advance",
    )
    assert logged.created_by_id == world.users["rep"].pk


def test_log_activity_from_an_opportunity_fills_its_customer(world: World, as_user) -> None:
    deal = world.opportunities["rep"]
    client = as_user(world.users["rep"])
    page = client.get(reverse("activity_log"), {"opportunity": deal.pk})
    body = page.content.decode()
    assert f'name="opportunity_id" value="{deal.pk}"' in body
    assert f'name="customer_id" value="{deal.customer_id}"' in body
    assert page.context["back"] == reverse("deals:detail", args=[deal.pk])
    response = client.post(
        reverse("activity_log"),
        {
            "type_id": activity_type(world.org, "visit").pk,
            "opportunity_id": deal.pk,
            "next": page.context["back"],
        },
    )
    assert response.status_code == 302
    logged = Activity.objects.filter(opportunity=deal).latest("id")
    assert logged.customer_id == deal.customer_id


def test_a_log_without_a_type_keeps_what_was_typed_and_says_which_field(
    world: World, as_user
) -> None:
    customer = world.customers["rep"]
    response = as_user(world.users["rep"]).post(
        reverse("activity_log"),
        {"customer_id": customer.pk, "notes": "Typed before the error"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Typed before the error" in body
    assert 'id="ql-type-error"' in body
    assert "Choose an activity type." in body  # said at the field, not "This field is required"
    assert response.context["picked"] == customer.name
    assert not Activity.objects.filter(notes="Typed before the error").exists()


def test_log_activity_for_a_customer_outside_the_scope_is_not_found(world: World, as_user) -> None:
    client = as_user(world.users["rep"])
    assert (
        client.get(reverse("activity_log"), {"customer": world.customers["rep_b"].pk}).status_code
        == 404
    )
    response = client.post(
        reverse("activity_log"),
        {
            "type_id": activity_type(world.org, "visit").pk,
            "customer_id": world.customers["rep_b"].pk,
        },
    )
    assert response.status_code == 400
    assert not Activity.objects.filter(
        customer=world.customers["rep_b"], owner=world.users["rep"]
    ).exists()


def test_quick_log_types_are_grouped_by_counterpart_most_used_first(world: World) -> None:
    rep = world.users["rep"]
    demo = activity_type(world.org, "product_demo")
    for _ in range(3):
        ActivityFactory(organization=world.org, owner=rep, type=demo)
    form = QuickLogForm(user=rep)
    groups = form.type_groups
    order = [c for c, _label in Counterpart.choices]
    assert [g.counterpart for g in groups] == sorted(
        (g.counterpart for g in groups), key=order.index
    )
    customer_group = groups[0]
    assert customer_group.counterpart == Counterpart.CUSTOMER
    # product_demo (3 this quarter) before visit (1, the world's) before the never-used ones.
    assert [t.code for t in customer_group.types[:2]] == ["product_demo", "visit"]
    active = ActivityType.objects.filter(organization=world.org, is_active=True)
    assert sum(len(g.types) for g in groups) == active.count()
    for group in groups:
        assert {t.counterpart for t in group.types} == {group.counterpart}
