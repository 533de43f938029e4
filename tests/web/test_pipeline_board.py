"""The pipeline board: columns by stage with counts and totals, scoped like the list, and moves
that go through the deals service (stage history, won closes the deal)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.deals.selectors import opportunity_board
from tests.conftest import World
from tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _stage(world: World, order: int) -> Stage:
    return Stage.objects.filter(organization=world.org).order_by("order")[order]


def test_columns_count_and_total_the_visible_deals_per_stage(world: World) -> None:
    rep = world.users["rep"]
    second = _stage(world, 1)
    OpportunityFactory(customer=world.customers["rep"], owner=rep, amount=Decimal("250000"))
    OpportunityFactory(
        customer=world.customers["rep"], owner=rep, amount=Decimal("1000"), stage=second
    )
    OpportunityFactory(
        customer=world.customers["rep"], owner=rep, amount=None, stage=second, currency="USD"
    )
    columns = opportunity_board(user=rep)
    assert [c.stage.pk for c in columns] == list(
        Stage.objects.filter(organization=world.org).order_by("order").values_list("pk", flat=True)
    )
    first, by_second = columns[0], columns[1]
    # The rep sees their own deals only: the world's "rep deal" plus the 250,000 one.
    assert first.count == 2
    assert first.totals == [("CNY", Decimal("350000.00"))]
    assert by_second.count == 2
    assert by_second.totals == [("CNY", Decimal("1000.00"))]
    assert {o.owner_id for c in columns for o in c.cards} == {rep.pk}


def test_cards_are_capped_per_stage_and_the_rest_is_counted(world: World) -> None:
    rep = world.users["rep"]
    for _ in range(4):
        OpportunityFactory(customer=world.customers["rep"], owner=rep)
    first = opportunity_board(user=rep, cards_per_stage=3)[0]
    assert first.count == 5
    assert len(first.cards) == 3
    assert first.hidden == 2


def test_board_page_is_scoped_like_the_list(world: World, as_user) -> None:
    response = as_user(world.users["manager"]).get(reverse("deals:board"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "rep deal" in body and "manager deal" in body
    assert "rep_b deal" not in body and "other_rep deal" not in body
    # Filters: by owner.
    response = as_user(world.users["manager"]).get(
        reverse("deals:board"), {"owner": world.users["rep2"].pk}
    )
    assert "rep2 deal" in response.content.decode()
    assert "rep deal<" not in response.content.decode()


def test_amount_totals_are_written_for_the_reader(world: World, as_user) -> None:
    OpportunityFactory(
        customer=world.customers["rep"], owner=world.users["rep"], amount=Decimal("381672690")
    )
    client = as_user(world.users["rep"])
    english = client.get(reverse("deals:board"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "CNY 382M" in english and "CNY 381,672,690" in english
    client.post(reverse("language"), {"language": "zh-hans", "next": "/"})
    chinese = client.get(reverse("deals:board")).content.decode()
    assert "3.82 亿元" in chinese and "¥381,672,690" in chinese


def test_a_move_goes_through_the_service_and_is_recorded(world: World, as_user) -> None:
    deal = world.opportunities["rep"]
    won = Stage.objects.get(organization=world.org, is_won=True)
    client = as_user(world.users["manager"])
    response = client.post(
        reverse("deals:board_move", args=[deal.pk]),
        {"stage_id": won.pk, "owner": world.users["rep"].pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="board"' in response.content.decode()
    assert "keyact:toast" in response["HX-Trigger"]
    deal.refresh_from_db()
    assert (deal.stage_id, deal.status) == (won.pk, Opportunity.Status.WON)
    assert deal.closed_date is not None
    change = StageChange.objects.filter(opportunity=deal).latest("id")
    assert (change.to_stage_id, change.changed_by_id) == (won.pk, world.users["manager"].pk)


def test_a_plain_form_move_redirects_to_the_board_with_its_filters(world: World, as_user) -> None:
    deal = world.opportunities["rep"]
    second = _stage(world, 1)
    response = as_user(world.users["rep"]).post(
        reverse("deals:board_move", args=[deal.pk]), {"stage_id": second.pk, "q": "deal"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("deals:board") + "?q=deal"
    deal.refresh_from_db()
    assert deal.stage_id == second.pk


def test_a_deal_outside_the_scope_cannot_be_moved(world: World, as_user) -> None:
    deal = world.opportunities["rep_b"]
    response = as_user(world.users["manager"]).post(
        reverse("deals:board_move", args=[deal.pk]),
        {"stage_id": _stage(world, 1).pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 404
    deal.refresh_from_db()
    assert deal.stage_id == _stage(world, 0).pk


def test_a_supporter_sees_cards_without_move_controls(world: World, as_user) -> None:
    body = as_user(world.users["supporter"]).get(reverse("deals:board")).content.decode()
    assert "rep deal" in body
    assert "data-move-form" not in body


def test_a_stage_of_another_organisation_is_refused_with_a_toast(world: World, as_user) -> None:
    deal = world.opportunities["rep"]
    foreign = Stage.objects.filter(organization=world.other_org).first()
    assert foreign is not None
    response = as_user(world.users["rep"]).post(
        reverse("deals:board_move", args=[deal.pk]),
        {"stage_id": foreign.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert '"kind": "danger"' in response["HX-Trigger"]
    deal.refresh_from_db()
    assert deal.stage_id == _stage(world, 0).pk


def test_the_board_runs_a_constant_number_of_queries(world: World, as_user) -> None:
    client = as_user(world.users["manager"])
    url = reverse("deals:board")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(12):
        OpportunityFactory(
            customer=world.customers["rep"],
            owner=world.users["rep"],
            stage=_stage(world, index % 4),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)
