"""Administrators edit the working calendar (base, time zone, company days off, extra working
days) and the teams' group robots in the organisation pages; nobody else reaches them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.tracking.models import CalendarDay, CalendarSetting, TeamChannel
from keyact.tracking.selectors import calendar_get
from keyact.tracking.services import (
    team_channel_create,
    team_channel_delete,
    team_channel_set_active,
)
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_an_administrator_sets_the_calendar_and_its_days_in_the_page(
    client: Client, world: World
) -> None:
    client.force_login(world.users["admin"])
    page = client.get("/tracking/settings/calendar/")
    assert page.status_code == 200 and "Working calendar" in page.content.decode()
    saved = client.post(
        "/tracking/settings/calendar/",
        {"action": "setting", "base": "mon_fri", "time_zone": "Europe/Berlin"},
    )
    assert saved.status_code == 302
    setting = CalendarSetting.objects.get(organization=world.org)
    assert (setting.base, setting.time_zone) == ("mon_fri", "Europe/Berlin")

    # A Saturday made a working day, a Monday a company day off.
    for date, kind in (("2026-03-07", "working"), ("2026-03-09", "off")):
        response = client.post(
            "/tracking/settings/calendar/",
            {"action": "day", "date": date, "kind": kind, "note": "Quarter close"},
        )
        assert response.status_code == 302
    cal = calendar_get(organization_id=world.org.pk).calendar
    assert cal.is_working(dt.date(2026, 3, 7)) and not cal.is_working(dt.date(2026, 3, 9))
    html = client.get("/tracking/settings/calendar/").content.decode()
    assert 'data-calendar-day="2026-03-07"' in html and "Quarter close" in html

    client.post("/tracking/settings/calendar/", {"action": "remove", "date": "2026-03-09"})
    assert list(
        CalendarDay.objects.filter(organization=world.org).values_list("date", flat=True)
    ) == [dt.date(2026, 3, 7)]


def test_a_bad_time_zone_is_named_at_its_field(client: Client, world: World) -> None:
    client.force_login(world.users["admin"])
    page = client.post(
        "/tracking/settings/calendar/",
        {"action": "setting", "base": "cn", "time_zone": "Mars/Olympus"},
    )
    assert page.status_code == 200
    assert "Unknown time zone." in page.content.decode()
    assert not CalendarSetting.objects.filter(organization=world.org).exists()


def test_an_administrator_adds_pauses_and_removes_a_group_robot(
    client: Client, world: World
) -> None:
    client.force_login(world.users["admin"])
    team = world.users["rep"].membership.department
    added = client.post(
        "/tracking/settings/robots/",
        {
            "action": "add",
            "department_id": team.pk,
            "kind": "dingtalk",
            "url": "https://oapi.dingtalk.com/robot/send?access_token=abc",
            "secret": "SEC123",
            "language": "en",
        },
    )
    assert added.status_code == 302
    channel = TeamChannel.objects.get(organization=world.org)
    assert (channel.department_id, channel.kind, channel.secret, channel.language) == (
        team.pk,
        "dingtalk",
        "SEC123",
        "en",
    )
    html = client.get("/tracking/settings/robots/").content.decode()
    assert f'data-channel="{channel.pk}"' in html and "failed deliveries" in html
    client.post("/tracking/settings/robots/", {"action": "pause", "channel_id": channel.pk})
    channel.refresh_from_db()
    assert not channel.is_active
    client.post("/tracking/settings/robots/", {"action": "delete", "channel_id": channel.pk})
    assert not TeamChannel.objects.filter(pk=channel.pk).exists()


def test_a_robot_needs_a_web_address(client: Client, world: World) -> None:
    client.force_login(world.users["admin"])
    team = world.users["rep"].membership.department
    page = client.post(
        "/tracking/settings/robots/",
        {
            "action": "add",
            "department_id": team.pk,
            "kind": "wecom",
            "url": "javascript:alert(1)",
            "language": "zh-hans",
        },
    )
    assert page.status_code == 200
    assert "webhook address" in page.content.decode()
    assert not TeamChannel.objects.exists()


@pytest.mark.parametrize("who", ["rep", "manager", "director", "supporter", "other_admin"])
def test_only_the_organisations_administrators_reach_the_settings(
    client: Client, world: World, who: str
) -> None:
    client.force_login(world.users[who])
    if who == "other_admin":
        # Another organisation's administrator sees their own settings, never these robots.
        assert client.get("/tracking/settings/robots/").status_code == 200
        return
    for url in ("/tracking/settings/calendar/", "/tracking/settings/robots/"):
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "remove", "date": "2026-03-09"}).status_code == 404


def test_robot_services_are_scoped_to_the_administrators_organisation(world: World) -> None:
    admin, other = world.users["admin"], world.users["other_admin"]
    team = world.users["rep"].membership.department
    url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
    with pytest.raises(PermissionDenied):
        team_channel_create(
            actor=world.users["manager"], department_id=team.pk, kind="wecom", url=url
        )
    with pytest.raises(NotFound):
        team_channel_create(actor=other, department_id=team.pk, kind="wecom", url=url)
    with pytest.raises(DomainError):
        team_channel_create(actor=admin, department_id=team.pk, kind="slack", url=url)
    channel = team_channel_create(actor=admin, department_id=team.pk, kind="wecom", url=url)
    with pytest.raises(NotFound):
        team_channel_set_active(actor=other, channel_id=channel.pk, is_active=False)
    with pytest.raises(NotFound):
        team_channel_delete(actor=other, channel_id=channel.pk)
    assert TeamChannel.objects.filter(pk=channel.pk, is_active=True).exists()
