"""Exports respect the exporter's scope and stay inert in spreadsheets; the calendar feed is
valid iCalendar behind a secret, revocable address."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream
from openpyxl import load_workbook

from keyact.activities.models import Activity
from keyact.customers.models import Customer
from keyact.integrations.exporting import activities_export, csv_bytes, inert, xlsx_bytes
from keyact.integrations.models import CalendarFeed
from tests.conftest import World
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","x")'


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_formula_like_text_is_made_inert_and_numbers_stay_numbers() -> None:
    assert [inert(v) for v in ("=1+1", "+86 21", "-x", "@SUM(A1)", "\tx", "plain", 5, None)] == [
        "'=1+1",
        "'+86 21",
        "'-x",
        "'@SUM(A1)",
        "'\tx",
        "plain",
        5,
        None,
    ]


def test_a_rep_exports_only_their_own_activities(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    Activity.objects.filter(pk=world.activities["rep"].pk).update(notes=FORMULA)
    response = as_user(world.users["rep"]).get("/exports/activities.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="keyact-activities-')
    rows = _csv(response)
    assert rows[0][:3] == ["ID", "When", "End"]
    assert [int(r[0]) for r in rows[1:]] == [world.activities["rep"].pk]
    assert rows[1][-1] == "'" + FORMULA


def test_a_manager_exports_the_team_and_xlsx_keeps_text_as_text(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    Customer.objects.filter(pk=world.customers["rep"].pk).update(name="=cmd|' /C calc'!A0")
    response = as_user(world.users["manager"]).get("/exports/customers.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = sorted(str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == sorted(["'=cmd|' /C calc'!A0", "rep2 Ltd", "manager Ltd"])
    cell = next(c for c in sheet["B"][1:] if str(c.value).startswith("'="))
    assert cell.data_type == "s"  # stored as text, never a formula


def test_every_export_in_both_formats_for_an_admin(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user(world.users["admin"])
    for kind in ("activities", "customers", "opportunities", "key-activities"):
        assert client.get(f"/exports/{kind}.csv").status_code == 200
        workbook = load_workbook(io.BytesIO(client.get(f"/exports/{kind}.xlsx").content))
        assert workbook.active.max_row >= 1
    opportunities = _csv(client.get("/exports/opportunities.csv"))
    assert len(opportunities) == 1 + 5  # the five deals of the organisation, not other_rep's
    assert client.get("/exports/nothing.csv").status_code == 404
    assert client.get("/exports/activities.pdf").status_code == 404


def test_exports_read_in_bounded_batches(world: World) -> None:
    export = activities_export(user=world.users["admin"])
    data = csv_bytes(export)
    assert data.count(b"\n") == 1 + 5
    assert xlsx_bytes(activities_export(user=world.users["admin"]))[:2] == b"PK"


def _plan(world: World, **fields: object) -> Activity:
    return ActivityFactory(
        organization=world.org,
        owner=world.users["rep"],
        customer=world.customers["rep"],
        status=Activity.Status.PLANNED,
        **fields,
    )


def test_the_calendar_feed_is_valid_icalendar_with_events_and_tasks(
    world: World, as_user, client: Client
) -> None:  # type: ignore[no-untyped-def]
    tz = timezone.get_default_timezone()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    meeting = _plan(
        world,
        occurred_at=dt.datetime.combine(tomorrow, dt.time(10, 0), tzinfo=tz),
        duration_minutes=45,
        subject="Demo for the plant manager",
    )
    due = _plan(world, occurred_at=dt.datetime.combine(tomorrow, dt.time(0, 0), tzinfo=tz))
    ActivityFactory(  # somebody else's plan is not in the rep's calendar
        organization=world.org,
        owner=world.users["rep2"],
        status=Activity.Status.PLANNED,
        occurred_at=dt.datetime.combine(tomorrow, dt.time(11, 0), tzinfo=tz),
    )
    page = as_user(world.users["rep"])
    response = page.post("/exports/calendar/", {"action": "create"}, follow=True)
    url = re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', response.content.decode())
    assert url is not None
    page.logout()

    feed = client.get(url.group(1).removeprefix("http://testserver"))
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = IcsCalendarStream.calendar_from_ics(feed.content.decode("utf-8"))
    (event,) = calendar.events
    assert event.uid == f"activity-{meeting.pk}@testserver"
    assert event.dtstart == meeting.occurred_at
    assert event.dtend == meeting.occurred_at + dt.timedelta(minutes=45)
    assert event.summary.endswith("Demo for the plant manager · rep Ltd")
    (todo,) = calendar.todos
    assert todo.uid == f"activity-{due.pk}@testserver"
    assert todo.due == tomorrow


def test_a_revoked_calendar_address_answers_not_found(
    world: World, as_user, client: Client
) -> None:  # type: ignore[no-untyped-def]
    page = as_user(world.users["rep"])
    html = page.post("/exports/calendar/", {"action": "create"}, follow=True).content.decode()
    path = re.search(r'value="http://testserver(/calendar/[^"]+\.ics)"', html).group(1)  # type: ignore[union-attr]
    assert client.get(path).status_code == 200
    page.post("/exports/calendar/", {"action": "revoke"})
    assert client.get(path).status_code == 404
    assert client.get("/calendar/not-a-secret.ics").status_code == 404
    feed = CalendarFeed.objects.get(user=world.users["rep"])
    assert feed.revoked_at is not None and len(feed.digest) == 64
