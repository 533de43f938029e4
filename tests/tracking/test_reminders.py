"""Reminders: said once, delivered through e-mail and the team's robots (signed as each robot
expects) with retries, then listed as failed; the real worker end to end with a restart."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from keyact.tracking.channels import dingtalk_sign, feishu_sign, robot_request
from keyact.tracking.models import Delivery, Notification, TeamChannel
from keyact.tracking.services.reminders import deliveries_send_due, reminders_scan
from tests.tracking.conftest import Tracked, log
from tests.tracking.receiver import Receiver, start_receiver

NOW = timezone.make_aware(dt.datetime(2026, 2, 13, 9, 0))  # Friday: review day, rep behind


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = start_receiver()
    yield r
    r.close()


def test_signatures_follow_each_robots_documented_scheme() -> None:
    secret = "SECabc"
    expected = base64.b64encode(
        hmac.new(b"SECabc", b"1700000000000\nSECabc", hashlib.sha256).digest()
    ).decode()
    assert dingtalk_sign(secret, 1700000000000) == expected
    url, body = robot_request(
        "dingtalk", "https://robot/send?access_token=t", secret, "hi", 1700000000.0
    )
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query == {"access_token": ["t"], "timestamp": ["1700000000000"], "sign": [expected]}
    assert body == {"msgtype": "text", "text": {"content": "hi"}}
    feishu = base64.b64encode(
        hmac.new(b"1700000000\nSECabc", b"", hashlib.sha256).digest()
    ).decode()
    assert feishu_sign(secret, 1700000000) == feishu
    url, body = robot_request("feishu", "https://feishu/hook/x", secret, "hi", 1700000000.9)
    assert body == {
        "timestamp": "1700000000",
        "sign": feishu,
        "msg_type": "text",
        "content": {"text": "hi"},
    }
    assert robot_request("wecom", "https://qyapi/send?key=k", "", "hi", 0)[1] == {
        "msgtype": "text",
        "text": {"content": "hi"},
    }


def behind(tracked: Tracked) -> None:
    """rep: 1 of 10 by Friday the 13th (5 expected): off track; a planned visit today."""
    log(tracked, "rep", 2)
    log(
        tracked,
        "rep",
        13,
        status="planned",
        occurred_at=timezone.make_aware(dt.datetime(2026, 2, 13, 15)),
    )
    users = tracked.world.users
    for who in ("rep", "manager"):
        users[who].email = f"{who}@example.com"
        users[who].save()


def test_a_scan_says_everything_once(tracked: Tracked, receiver: Receiver) -> None:
    behind(tracked)
    TeamChannel.objects.create(
        organization=tracked.world.org,
        department=tracked.world.team_a,
        kind="dingtalk",
        url=receiver.url,
        secret="s",
    )
    first = reminders_scan(organization=tracked.world.org, now=NOW)
    kinds = sorted(Notification.objects.values_list("recipient__username", "kind"))
    assert kinds == [
        ("manager", "off_track"),
        ("manager", "off_track"),
        ("manager", "review_due"),
        ("rep", "off_track"),
        ("rep", "planned_today"),
        ("rep2", "off_track"),
    ]
    assert first.notifications == 6
    again = reminders_scan(organization=tracked.world.org, now=NOW)
    assert (again.notifications, again.deliveries) == (0, 0)
    assert Notification.objects.count() == 6
    # Two robot messages (rep and rep2 off track, both in team A); e-mails to rep and manager.
    assert Delivery.objects.filter(channel="dingtalk").count() == 2
    assert Delivery.objects.filter(channel="email").count() == 5
    assert deliveries_send_due(now=NOW) == 7
    assert len(mail.outbox) == 5
    assert len(receiver.requests) == 2
    request = receiver.requests[0]
    assert "sign=" in request.path and "timestamp=" in request.path
    assert "落后" in request.body["text"]["content"]  # the team's language: Chinese
    assert deliveries_send_due(now=NOW) == 0


def test_failing_webhooks_are_retried_with_backoff_then_listed(
    tracked: Tracked, receiver: Receiver, client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.KEYACT_DELIVERY_BACKOFF_S = [60, 300]
    behind(tracked)
    TeamChannel.objects.create(
        organization=tracked.world.org,
        department=tracked.world.team_a,
        kind="feishu",
        url=receiver.url,
        secret="s",
    )
    reminders_scan(organization=tracked.world.org, now=NOW)
    Delivery.objects.filter(channel="email").delete()
    receiver.fail = 3
    receiver.answer = {"code": 0, "msg": "success"}
    assert deliveries_send_due(now=NOW) == 0
    pending = Delivery.objects.filter(channel="feishu")
    assert {(d.attempts, d.status) for d in pending} == {(1, "pending")}
    assert deliveries_send_due(now=NOW) == 0  # not due yet: backoff
    later = NOW + dt.timedelta(seconds=61)
    assert deliveries_send_due(now=later) == 1  # the third failure, then a success
    assert deliveries_send_due(now=later + dt.timedelta(seconds=301)) == 1
    assert set(Delivery.objects.filter(channel="feishu").values_list("status", flat=True)) == {
        "sent"
    }
    # A robot that keeps refusing ends in the failed list, never lost silently.
    receiver.answer = {"code": 19021, "msg": "sign match fail"}
    Delivery.objects.filter(channel="feishu").update(
        status="pending", attempts=0, next_attempt_at=NOW
    )
    for step in range(3):
        deliveries_send_due(now=NOW + dt.timedelta(hours=step * 3))
    failed = Delivery.objects.filter(status="failed")
    assert failed.count() == 2 and "sign match fail" in failed[0].last_error
    client.force_login(tracked.world.users["admin"])
    page = client.get("/tracking/deliveries/failed/")
    assert page.status_code == 200 and "sign match fail" in page.content.decode()
    client.post("/tracking/deliveries/failed/", {"delivery_id": failed[0].pk})
    assert Delivery.objects.filter(status="pending").count() == 1
    client.force_login(tracked.world.users["manager"])
    assert client.get("/tracking/deliveries/failed/").status_code == 403


def test_notifications_api_and_bell_are_personal(tracked: Tracked, client: Client) -> None:
    behind(tracked)
    reminders_scan(organization=tracked.world.org, now=NOW)
    client.force_login(tracked.world.users["rep"])
    items = client.get("/api/v1/notifications?unread=true").json()["items"]
    assert {n["kind"] for n in items} == {"off_track", "planned_today"}
    assert "data-unread>2<" in client.get("/tracking/notifications/bell/").content.decode()
    other = Notification.objects.filter(recipient=tracked.world.users["manager"]).first()
    assert other is not None
    assert client.post(f"/api/v1/notifications/{other.pk}/read").status_code == 404
    read = client.post(f"/api/v1/notifications/{items[0]['id']}/read")
    assert read.status_code == 200 and read.json()["read_at"]
    assert client.post("/api/v1/notifications/read-all").json() == {"marked_read": 1}
    other.refresh_from_db()
    assert other.read_at is None


def test_the_bell_reads_in_the_readers_language_of_the_moment(
    tracked: Tracked, client: Client
) -> None:
    behind(tracked)
    rep = tracked.world.users["rep"]
    assert rep.language == ""  # said in the default language (English), e-mail included
    reminders_scan(organization=tracked.world.org, now=NOW)
    planned = Notification.objects.get(recipient=rep, kind="planned_today")
    assert planned.title.startswith("Planned today: ")
    assert planned.texts["zh-hans"]["title"].startswith("今天的计划")
    client.force_login(rep)
    english = client.get("/tracking/notifications/").content.decode()
    assert "Planned today: " in english and "今天的计划" not in english
    rep.language = "zh-hans"
    rep.save(update_fields=["language"])
    chinese = client.get("/tracking/notifications/").content.decode()
    assert "今天的计划" in chinese and "Planned today" not in chinese
    assert "落后了" in chinese
    items = client.get("/api/v1/notifications", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["items"]
    assert any(n["title"].startswith("今天的计划") for n in items)


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "keyact", "worker", "--tick", "0.5", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait(condition, seconds: float = 90) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker shares the database")
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_reminds_once_across_a_restart(receiver: Receiver, django_db_setup) -> None:  # type: ignore[no-untyped-def]
    from tests.tracking.worker_world import build_world_now

    org = build_world_now(receiver.url)
    env = {**os.environ, "DATABASE_URL": _database_url()}
    first = _worker(env)
    try:
        sent = _wait(lambda: Delivery.objects.filter(status="sent").count() >= 1)
        first.terminate()
        output = first.communicate(timeout=60)[0].decode(errors="replace")
        assert sent, output[-3000:]
        first.wait(timeout=60)
        # New work after the stop: a second person off track while no worker runs.
        from tests.tracking.worker_world import second_person_behind

        second_person_behind(org)
        second = _worker(env)
        try:
            assert _wait(
                lambda: (
                    Delivery.objects.filter(status="sent").count() == Delivery.objects.count()
                    and Notification.objects.filter(recipient__username="w_rep2").exists()
                    and len(receiver.requests) >= 2
                )
            )
            time.sleep(2)  # a few more ticks: nothing new may appear
        finally:
            second.terminate()
            second.wait(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    keys = list(Notification.objects.values_list("recipient_id", "key"))
    assert len(keys) == len(set(keys))
    robot = [r for r in receiver.requests if r.path.startswith("/hook")]
    assert len(robot) == Delivery.objects.filter(channel="wecom").count() == 2
    assert Delivery.objects.exclude(status="sent").count() == 0
