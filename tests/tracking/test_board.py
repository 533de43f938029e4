"""The team board: people x key activities, sorted by gap, off track since when, drill-down,
trend and focus figures; scoped to the people of the caller."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from keyact.core.errors import NotFound, PermissionDenied
from keyact.tracking.board import cell_activities, team_board
from tests.tracking.conftest import TODAY, Tracked, log


def test_the_board_sorts_people_by_gap_and_knows_since_when_they_are_off_track(
    tracked: Tracked,
) -> None:
    # rep: target 10, 5 expected by Friday the 13th; 4 done by the 3rd, nothing after.
    for day in (2, 2, 3, 3):
        log(tracked, "rep", day)
    # rep2: target 8, 4 expected; 4 done: on track.
    for day in (2, 4, 9, 12):
        log(tracked, "rep2", day)
    board = team_board(user=tracked.world.users["manager"], period="2026-02", today=TODAY)
    assert [r.name for r in board.rows] == ["Rep", "Rep2"]
    rep, rep2 = board.rows
    assert [(c.actual, c.target, c.pace.status) for c in rep.cells if c] == [(4, 10, "off_track")]
    assert rep.gap == 1 and rep2.gap == 0
    # On Thursday the 12th 4.5 were expected (4 done: 5 % behind, at risk); on Friday 5 (10 %).
    assert rep.off_track_since == dt.date(2026, 2, 13)
    assert rep2.off_track_since is None
    assert board.off_track_rows == (rep,)
    [column] = board.columns
    assert (column.actual, column.target, column.off_track, column.owners) == (8, 18, 1, 2)
    assert len(board.trend_labels) == 6 and board.trend_labels[-1] == "2026-02"
    [(_ka, values)] = board.trend
    assert values[-1] == round(8 / 18, 3)


def test_an_early_streak_is_dated_from_its_first_day(tracked: Tracked) -> None:
    log(tracked, "rep2", 2)
    board = team_board(user=tracked.world.users["manager"], period="2026-02", today=TODAY)
    rep = next(r for r in board.rows if r.name == "Rep")
    # Target 10 over 20 working days: 0.5 expected on the 2nd (Monday), 1 behind = 10 % on Tue.
    assert rep.off_track_since == dt.date(2026, 2, 3)


def test_the_board_is_for_managers_and_shows_only_their_people(tracked: Tracked) -> None:
    users = tracked.world.users
    for who in ("rep", "supporter"):
        with pytest.raises(PermissionDenied):
            team_board(user=users[who], period="2026-02", today=TODAY)
    assert team_board(user=users["manager_b"], period="2026-02", today=TODAY).rows == ()
    assert {
        r.name for r in team_board(user=users["director"], period="2026-02", today=TODAY).rows
    } == {
        "Rep",
        "Rep2",
    }
    assert team_board(user=users["other_admin"], period="2026-02", today=TODAY).key_activities == ()


def test_the_board_costs_a_fixed_number_of_queries(tracked: Tracked) -> None:
    log(tracked, "rep", 2)
    manager = tracked.world.users["manager"]
    with CaptureQueriesContext(connection) as ctx:
        team_board(user=manager, period="2026-02", today=TODAY)
    assert len(ctx.captured_queries) <= 30


def test_drill_down_lists_the_activities_behind_a_cell(tracked: Tracked) -> None:
    a = log(tracked, "rep", 2)
    log(tracked, "rep", 3, type_id=tracked.call)
    manager = tracked.world.users["manager"]
    ka, owner, window, rows = cell_activities(
        user=manager, key_activity_id=tracked.ka.pk, owner_id=owner_id(tracked), period="2026-02"
    )
    assert (ka.pk, owner.username, window) == (
        tracked.ka.pk,
        "rep",
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    )
    assert [r.activity.pk for r in rows] == [a.pk]
    assert rows[0].verdict.qualified
    with pytest.raises(NotFound):
        cell_activities(
            user=tracked.world.users["manager_b"],
            key_activity_id=tracked.ka.pk,
            owner_id=owner_id(tracked),
            period="2026-02",
        )


def owner_id(tracked: Tracked) -> int:
    return tracked.world.users["rep"].pk


def test_board_pages_render_in_both_languages_and_refuse_reps(
    client: Client, tracked: Tracked
) -> None:
    log(tracked, "rep", 2)
    client.force_login(tracked.world.users["manager"])
    page = client.get("/tracking/board/?period=2026-02")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-person="{owner_id(tracked)}"' in html and "board-chart" in html
    zh = client.get("/tracking/board/?period=2026-02", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "团队看板" in zh.content.decode()
    cell = client.get(f"/tracking/board/{tracked.ka.pk}/{owner_id(tracked)}/?period=2026-02")
    assert cell.status_code == 200
    assert client.get("/tracking/board/?period=nonsense").status_code == 200
    client.force_login(tracked.world.users["rep"])
    assert client.get("/tracking/board/").status_code == 403
    client.force_login(tracked.world.users["manager_b"])
    assert client.get(f"/tracking/board/{tracked.ka.pk}/{owner_id(tracked)}/").status_code == 404


def test_an_empty_board_teaches_what_belongs_there(client: Client, kworld) -> None:  # type: ignore[no-untyped-def]
    client.force_login(kworld.users["manager"])
    html = client.get("/tracking/board/").content.decode()
    assert "Nothing to supervise yet" in html


def test_several_people_off_track_on_one_key_activity_each_count_only_their_own(
    tracked: Tracked,
) -> None:
    # Target 10 (rep) and 8 (rep2) over the 20 working days of February; nobody on track.
    log(tracked, "rep", 2)
    log(tracked, "rep", 3)
    log(tracked, "rep2", 2)
    board = team_board(user=tracked.world.users["manager"], period="2026-02", today=TODAY)
    since = {r.name: r.off_track_since for r in board.rows}
    # rep: 2 done, 3 expected on Monday the 9th (1 behind = 10 % of 10).
    # rep2: 1 done, 2 expected on Friday the 6th (1 behind >= 10 % of 8).
    assert since == {"Rep": dt.date(2026, 2, 9), "Rep2": dt.date(2026, 2, 6)}


def test_a_long_board_shows_the_people_most_behind_first_and_everyone_on_request(
    client: Client, tracked: Tracked, monkeypatch: pytest.MonkeyPatch
) -> None:
    from keyact.tracking import views

    monkeypatch.setattr(views, "BOARD_PEOPLE", 1)
    log(tracked, "rep2", 2)  # rep is further behind than rep2
    client.force_login(tracked.world.users["manager"])
    html = client.get("/tracking/board/?period=2026-02").content.decode()
    rep = tracked.world.users["rep"].pk
    assert html.count("data-person=") == 1 and f'data-person="{rep}"' in html
    assert "Showing the first 1 of 2 people." in html and "people=all" in html
    zh = client.get("/tracking/board/?period=2026-02", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "显示全部人员" in zh.content.decode()
    everyone = client.get("/tracking/board/?period=2026-02&people=all").content.decode()
    assert everyone.count("data-person=") == 2 and "data-board-more" not in everyone
