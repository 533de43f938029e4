"""The team board is the home page of managers, department heads and directors (reps and
supporters keep My day), and it is useful on the first day of a month: while the month has just
begun it opens on the final results of the month before, and says so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from keyact.tracking import selectors
from keyact.tracking.board import FRESH_MONTH_WORKING_DAYS, fresh_month
from tests.tracking.conftest import Tracked, log

pytestmark = pytest.mark.django_db


def pin_today(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """The organisation's clock (the board reads today from it)."""
    monkeypatch.setattr(selectors.OrgCalendar, "today", lambda self: day)


@pytest.mark.parametrize(
    ("who", "board"),
    [
        ("manager", True),
        ("director", True),  # a department head
        ("admin", True),
        ("rep", False),
        ("supporter", False),
    ],
)
def test_the_home_page_is_the_board_for_supervisors_and_my_day_for_the_others(
    client: Client, tracked: Tracked, who: str, board: bool
) -> None:
    client.force_login(tracked.world.users[who])
    html = client.get("/").content.decode()
    assert ("data-board-table" in html) is board
    assert ('id="quick-log"' in html) is not board
    # Everyone keeps My day at its own address, and the navigation leads there.
    my_day = client.get("/my-day/").content.decode()
    assert 'id="quick-log"' in my_day
    assert 'href="/my-day/"' in html


def test_the_board_as_home_highlights_the_team_board_in_the_navigation(
    client: Client, tracked: Tracked
) -> None:
    client.force_login(tracked.world.users["manager"])
    html = client.get("/").content.decode()
    nav = html[html.find('<ul class="navbar-nav me-auto">') :]
    assert 'class="nav-link active" aria-current="true" href="/tracking/board/"' in nav
    assert 'class="nav-link active" aria-current="true" href="/my-day/"' not in nav


def test_a_month_is_fresh_for_its_first_working_days_on_the_calendar(tracked: Tracked) -> None:
    org = tracked.world.org.pk  # Monday to Friday; 1 February 2026 is a Sunday
    assert fresh_month(organization_id=org, today=dt.date(2026, 2, 1)) is not None
    first = fresh_month(organization_id=org, today=dt.date(2026, 2, 2))
    assert first is not None
    assert (first.worked, first.previous) == (1, "2026-01")
    assert first.window == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    third_working_day = dt.date(2026, 2, 2) + dt.timedelta(days=FRESH_MONTH_WORKING_DAYS)
    assert fresh_month(organization_id=org, today=third_working_day) is None


def test_a_company_day_off_keeps_the_month_fresh_a_day_longer(tracked: Tracked) -> None:
    from keyact.tracking.services import calendar_day_set

    admin = tracked.world.users["admin"]
    calendar_day_set(actor=admin, date=dt.date(2026, 2, 3), is_working=False, note="Offsite")
    org = tracked.world.org.pk
    assert fresh_month(organization_id=org, today=dt.date(2026, 2, 4)) is not None
    assert fresh_month(organization_id=org, today=dt.date(2026, 2, 5)) is None


def test_on_the_first_day_of_a_month_the_board_shows_last_month_clearly_labelled(
    client: Client, tracked: Tracked, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in (2, 3, 4):
        log(tracked, "rep", day)  # February
    pin_today(monkeypatch, dt.date(2026, 3, 2))  # Monday, the first working day of March
    client.force_login(tracked.world.users["manager"])
    html = client.get("/").content.decode()
    assert "data-previous-month" in html
    assert "data-period>2026-02<" in html
    assert "March 2026 has just begun (1 working day so far)" in html
    assert "final results of February 2026" in html
    assert 'href="?period=2026-03"' in html
    rep = tracked.world.users["rep"].pk
    assert f'data-person="{rep}"' in html and ">3 / 10<" in html
    zh = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "2026年3月刚开始" in zh and "2026年2月的最终结果" in zh

    # Asked for explicitly, the fresh month shows, with a pointer back to last month.
    current = client.get("/tracking/board/?period=2026-03").content.decode()
    assert "data-previous-month" not in current and "data-fresh-month" in current
    assert "data-period>2026-03<" in current and 'href="?period=2026-02"' in current


def test_later_in_the_month_the_board_shows_the_month_itself(
    client: Client, tracked: Tracked, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin_today(monkeypatch, dt.date(2026, 2, 13))
    client.force_login(tracked.world.users["director"])
    html = client.get("/").content.decode()
    assert "data-period>2026-02<" in html
    assert "data-previous-month" not in html and "data-fresh-month" not in html
