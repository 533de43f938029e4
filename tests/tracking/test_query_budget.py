"""Progress costs the same number of queries for 1 key activity as for 12."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyact.keyactivities.models import KeyActivity, Owner, StageStandard, Target
from keyact.tracking.selectors import progress_for_owner
from tests.tracking.conftest import TODAY, Tracked, log


def publish_more(tracked: Tracked, count: int) -> None:
    rep = tracked.world.users["rep"]
    for n in range(count):
        ka = KeyActivity.objects.create(
            organization=tracked.world.org,
            name_en=f"Extra {n}",
            valid_from=dt.date(2026, 1, 1),
            status=KeyActivity.Status.PUBLISHED,
            quality_kind=["none", "outcome", "evidence", "rubric", "checklist"][n % 5],
            min_outcome="advance",
            evidence_photo=True,
            aggregate="distinct_customers" if n % 2 else "count",
            period=["month", "week", "quarter"][n % 3],
        )
        ka.activity_types.add(tracked.visit, tracked.call)
        if n % 4 == 0:
            StageStandard.objects.create(
                key_activity=ka, order=1, name_en="Call", activity_type_id=tracked.call, quantity=3
            )
        Owner.objects.create(key_activity=ka, user=rep, is_lead=True)
        Target.objects.create(
            key_activity=ka,
            owner=rep,
            period_start=dt.date(2026, 2, 1),
            period_end=dt.date(2026, 2, 28),
            quantity=5,
        )


def queries(tracked: Tracked) -> tuple[int, int]:
    rep = tracked.world.users["rep"]
    rep.refresh_from_db()
    with CaptureQueriesContext(connection) as ctx:
        result = progress_for_owner(user=rep, today=TODAY)
    return len(ctx.captured_queries), len(result)


def test_my_progress_queries_do_not_grow_with_key_activities(tracked: Tracked) -> None:
    log(tracked, "rep", 2)
    one, n_one = queries(tracked)
    publish_more(tracked, 11)
    twelve, n_twelve = queries(tracked)
    assert (n_one, n_twelve) == (1, 12)
    assert one == twelve
    assert twelve <= 12


def test_my_tracking_page_queries_do_not_grow_with_key_activities(client, tracked: Tracked) -> None:  # type: ignore[no-untyped-def]
    rep = tracked.world.users["rep"]
    client.force_login(rep)
    log(tracked, "rep", 2)
    with CaptureQueriesContext(connection) as one:
        page = client.get("/tracking/mine/")
    assert page.status_code == 200 and "data-my-ka" in page.content.decode()
    publish_more(tracked, 11)
    with CaptureQueriesContext(connection) as twelve:
        page = client.get("/tracking/mine/")
    assert page.content.decode().count("data-my-ka=") == 12
    assert len(one.captured_queries) == len(twelve.captured_queries)


def test_my_day_page_and_its_card_cost_the_same_queries_for_1_and_12_key_activities(
    client, tracked: Tracked
) -> None:  # type: ignore[no-untyped-def]
    rep = tracked.world.users["rep"]
    client.force_login(rep)
    log(tracked, "rep", 2)

    def cost(url: str, cards: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url)
        assert page.status_code == 200
        assert page.content.decode().count("data-my-ka=") == cards
        return len(ctx.captured_queries)

    page_one, card_one = cost("/", 1), cost("/my-day/key-activities/", 1)
    publish_more(tracked, 11)
    assert cost("/", 12) == page_one
    assert cost("/my-day/key-activities/", 12) == card_one
    assert card_one < page_one


def done(html: str) -> int:
    """The count a key-activity card of My day shows as done."""
    found = re.search(r"data-my-ka-done>(\d+)", html)
    assert found is not None
    return int(found[1])


def test_a_quick_log_asks_the_page_to_refresh_the_card_which_then_counts_it(
    client, tracked: Tracked
) -> None:  # type: ignore[no-untyped-def]
    rep = tracked.world.users["rep"]
    client.force_login(rep)
    before = done(client.get("/my-day/key-activities/").content.decode())
    response = client.post(
        "/log/",
        {
            "type_id": tracked.visit,
            "customer_id": tracked.world.customers["rep"].pk,
            "outcome": "advance",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "keyact:logged" in response["HX-Trigger"]
    assert done(client.get("/my-day/key-activities/").content.decode()) == before + 1
    # The page listens for the event on the card's container.
    home = client.get("/").content.decode()
    assert 'hx-get="/my-day/key-activities/" hx-trigger="keyact:logged from:body"' in home
