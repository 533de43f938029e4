"""One engine: the key-activity pages and ``/api/v1/key-activities/mine`` read progress from
the tracking engine, so a person sees the same target, actual and expected by today on the
key-activity pages, on My day, through the API and on the team board."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from keyact.activities.models import ActivityType
from keyact.keyactivities.services import (
    OwnerSpec,
    key_activity_create_from_template,
    key_activity_publish,
    key_activity_set_quality,
    owners_set,
    targets_generate,
)
from keyact.tracking import selectors
from keyact.tracking.selectors import progress_for_owner
from keyact.users.services import token_create
from tests.api.conftest import ApiClient
from tests.conftest import World
from tests.factories import ActivityFactory
from tests.keyactivities.conftest import VALID_FROM, ready
from tests.tracking.conftest import TODAY, Tracked, at, log
from tests.tracking.test_query_budget import publish_more

pytestmark = pytest.mark.django_db


def pin_today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """The organisation's clock (every page reads today from it)."""
    monkeypatch.setattr(selectors.OrgCalendar, "today", lambda self: day)


def mine(user_token: str) -> list[dict[str, object]]:
    response = ApiClient(user_token).get("/key-activities/mine")
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def test_a_rep_sees_target_actual_stages_and_expected_by_today(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = key_activity_create_from_template(actor=manager, valid_from=VALID_FROM)
    ka = owners_set(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        owners=[OwnerSpec(kworld.users["rep"].pk, True), OwnerSpec(kworld.users["rep2"].pk)],
    )
    ka = key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    targets_generate(actor=manager, key_activity_id=ka.pk, version=ka.version, period_start=TODAY)
    types = dict(ActivityType.objects.filter(organization=kworld.org).values_list("code", "pk"))

    def visit(user: str, code: str, day: int, **kwargs: object) -> None:
        ActivityFactory(
            organization=kworld.org,
            owner=kworld.users[user],
            type_id=types[code],
            occurred_at=at(day),
            **kwargs,
        )

    for day in (2, 3, 9):
        visit("rep", "reference_invite", day)
    visit("rep", "reference_visit", 10)
    visit("rep", "reference_invite", 11)
    visit("rep", "reference_invite", 12, status="planned")  # not done: not counted
    visit("rep2", "reference_invite", 4)  # someone else's
    [p] = progress_for_owner(user=kworld.users["rep"], today=TODAY)
    [o] = p.owners
    assert p.key_activity.pk == ka.pk and o.is_lead
    assert (p.start, p.end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert (o.target, o.actual) == (10, 4)
    # February 2026 on the default (mainland China) calendar: 16 working days around the
    # Spring Festival, 10 of them over by Friday the 13th: 10 x 10/16 = 6.25, so 7 expected
    # (Monday to Friday would have said 5: the calculation the key-activity pages had).
    assert (o.pace.expected_whole, o.pace.status) == (7, "off_track")
    assert [(s.target, s.actual) for s in o.stages] == [(10, 4), (5, 1)]
    [theirs] = progress_for_owner(user=kworld.users["rep2"], today=TODAY)
    assert (theirs.owners[0].is_lead, theirs.owners[0].actual) == (False, 1)


def test_drafts_and_other_peoples_key_activities_are_not_shown(kworld: World) -> None:
    ready(kworld)
    assert progress_for_owner(user=kworld.users["rep"], today=TODAY) == []
    assert progress_for_owner(user=kworld.users["rep2"], today=TODAY) == []


def test_qualified_progress_follows_an_outcome_standard(kworld: World) -> None:
    manager = kworld.users["manager"]
    ka = ready(kworld)
    ka = key_activity_set_quality(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        kind="outcome",
        min_outcome="advance",
    )
    key_activity_publish(actor=manager, key_activity_id=ka.pk, version=ka.version)
    visit = ActivityType.objects.get(organization=kworld.org, code="visit")
    for day, outcome in ((2, "advance"), (3, "no_sale"), (4, "order")):
        ActivityFactory(
            organization=kworld.org,
            owner=kworld.users["rep"],
            type=visit,
            occurred_at=at(day),
            outcome=outcome,
        )
    [p] = progress_for_owner(user=kworld.users["rep"], today=TODAY)
    assert (p.owners[0].target, p.owners[0].actual, p.owners[0].qualified) == (None, 3, 2)


def figures(html: str, ka_id: int) -> tuple[int, int, int]:
    """(done, target, expected by today) of the key-activity card of ``ka_id`` on a page."""
    card = html[html.index(f'data-my-ka="{ka_id}"') :]
    found = re.search(
        r"data-my-ka-done>(\d+) of (\d+) done.*?expected by today: (\d+) of", card, re.S
    )
    assert found is not None
    return int(found[1]), int(found[2]), int(found[3])


def test_index_page_detail_page_my_day_api_and_board_show_the_same_figures(
    client: Client, tracked: Tracked, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in (2, 3, 4):
        log(tracked, "rep", day)
    log(tracked, "rep2", 2)
    pin_today(monkeypatch, TODAY)
    rep = tracked.world.users["rep"]
    ka = tracked.ka.pk
    client.force_login(rep)
    index = figures(client.get("/key-activities/").content.decode(), ka)
    detail = figures(client.get(f"/key-activities/{ka}/").content.decode(), ka)
    my_day = figures(client.get("/my-day/key-activities/").content.decode(), ka)
    # Mon-Fri: 10 of February's 20 working days are over by Friday the 13th; 10 x 1/2 = 5.
    assert index == detail == my_day == (3, 10, 5)
    [row] = mine(token_create(user=rep, name="t")[1])
    assert (row["actual"], row["target"], row["expected_to_date"], row["status"]) == (
        3,
        10,
        5,
        "off_track",
    )
    client.force_login(tracked.world.users["manager"])
    board = client.get("/tracking/board/?period=2026-02").content.decode()
    row_html = board[board.index(f'data-person="{rep.pk}"') :]
    assert ">3 / 10<" in row_html[:4000]


def test_the_pages_and_the_api_cost_the_same_queries_for_1_and_12_key_activities(
    client: Client, tracked: Tracked
) -> None:
    rep = tracked.world.users["rep"]
    client.force_login(rep)
    token = token_create(user=rep, name="t")[1]
    log(tracked, "rep", 2)
    ka = tracked.ka.pk
    mine(token)  # the token's first use is recorded once; count the requests after it

    def cost(cards: int) -> tuple[int, int, int]:
        counts = []
        for url in ("/key-activities/", f"/key-activities/{ka}/"):
            with CaptureQueriesContext(connection) as ctx:
                page = client.get(url)
            assert page.status_code == 200
            shown = page.content.decode().count("data-my-ka=")
            assert shown == (cards if url == "/key-activities/" else 1)
            counts.append(len(ctx.captured_queries))
        with CaptureQueriesContext(connection) as ctx:
            assert len(mine(token)) == cards
        counts.append(len(ctx.captured_queries))
        return counts[0], counts[1], counts[2]

    one = cost(1)
    publish_more(tracked, 11)
    assert cost(12) == one
