"""Reviews on the tracking frequency with snapshots and carried follow-ups; coaching notes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from keyact.activities.models import Activity
from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.tracking.models import CoachingNote, FollowUp, Review
from keyact.tracking.schedule import last_due, next_due, review_due_dates
from keyact.tracking.selectors import coaching_list, follow_ups_open, review_list, reviews_due
from keyact.tracking.services import (
    FollowUpSpec,
    coaching_acknowledge,
    coaching_done,
    coaching_note_create,
    follow_up_done,
    review_hold,
)
from tests.tracking.conftest import Tracked, log

FRIDAY = dt.date(2026, 2, 13)  # key activities are reviewed on Fridays by default
MONDAY = dt.date(2026, 2, 9)


def test_review_dates_follow_the_tracking_frequency() -> None:
    start = dt.date(2026, 1, 1)
    feb = (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert review_due_dates("weekly", 0, start, *feb) == [
        dt.date(2026, 2, d) for d in (2, 9, 16, 23)
    ]
    assert review_due_dates("weekly", 4, start, *feb) == [
        dt.date(2026, 2, d) for d in (6, 13, 20, 27)
    ]
    # Every two weeks from the first Monday on or after 1 January (the 5th).
    assert review_due_dates("biweekly", 0, start, *feb) == [
        dt.date(2026, 2, 2),
        dt.date(2026, 2, 16),
    ]
    assert review_due_dates("monthly", 31, start, *feb) == [dt.date(2026, 2, 28)]
    assert review_due_dates("monthly", 0, start, *feb) == [dt.date(2026, 2, 28)]
    assert review_due_dates("monthly", 15, dt.date(2026, 2, 20), *feb) == []
    assert last_due("weekly", 0, start, dt.date(2026, 2, 11)) == MONDAY
    assert next_due("weekly", 0, start, MONDAY) == dt.date(2026, 2, 16)
    assert last_due("weekly", 0, dt.date(2026, 3, 1), dt.date(2026, 2, 11)) is None


def hold(tracked: Tracked, **kwargs: object) -> Review:
    users = tracked.world.users
    values: dict[str, object] = {
        "actor": users["manager"],
        "key_activity_id": tracked.ka.pk,
        "due_on": FRIDAY,
        "notes": "Invitations lag behind",
        "decisions": "Pair rep with rep2 on Thursday",
        "follow_ups": [
            FollowUpSpec("Call the three open leads", users["rep"].pk, dt.date(2026, 2, 12))
        ],
    }
    values.update(kwargs)
    return review_hold(**values)  # type: ignore[arg-type]


def test_a_review_snapshots_the_numbers_and_logs_the_team_meeting(tracked: Tracked) -> None:
    log(tracked, "rep", 2)
    review = hold(tracked, log_team_meeting=True)
    assert review.snapshot["period"] == {"start": "2026-02-01", "end": "2026-02-28"}
    owners = {o["username"]: o for o in review.snapshot["key_activities"][0]["owners"]}
    assert (owners["rep"]["actual"], owners["rep"]["target"]) == (1, 10)
    assert [f.text for f in review.follow_ups.all()] == ["Call the three open leads"]
    [meeting] = review.activities.all()
    assert (
        meeting.type.code == "team_meeting"
        and meeting.owner_id == tracked.world.users["manager"].pk
    )
    assert set(meeting.participants.values_list("username", flat=True)) == {"rep", "rep2"}
    # Logging more afterwards does not change the snapshot.
    log(tracked, "rep", 3)
    review.refresh_from_db()
    assert review.snapshot["key_activities"][0]["owners"][0]["actual"] == 1
    with pytest.raises(DomainError):
        hold(tracked)  # the same review twice
    assert Review.objects.count() == 1


def test_reviews_are_refused_off_schedule_and_outside_the_scope(tracked: Tracked) -> None:
    users = tracked.world.users
    with pytest.raises(DomainError):
        hold(tracked, due_on=dt.date(2026, 2, 10))  # a Tuesday
    with pytest.raises(PermissionDenied):
        hold(tracked, actor=users["rep"])
    with pytest.raises(NotFound):
        hold(tracked, actor=users["manager_b"])
    with pytest.raises(DomainError):
        hold(tracked, follow_ups=[FollowUpSpec("x", users["rep_b"].pk, FRIDAY)])
    assert Review.objects.count() == 0 and FollowUp.objects.count() == 0


def test_open_follow_ups_carry_into_the_next_review_until_done(tracked: Tracked) -> None:
    users = tracked.world.users
    first = hold(tracked, due_on=dt.date(2026, 2, 6))
    [carried] = follow_ups_open(user=users["manager"], key_activity_id=tracked.ka.pk, before=FRIDAY)
    assert carried.review_id == first.pk
    with pytest.raises(NotFound):
        follow_up_done(actor=users["rep2"], follow_up_id=carried.pk)
    follow_up_done(actor=users["rep"], follow_up_id=carried.pk)
    assert (
        follow_ups_open(user=users["manager"], key_activity_id=tracked.ka.pk, before=FRIDAY) == []
    )


def test_reviews_due_and_visibility(tracked: Tracked) -> None:
    users = tracked.world.users
    [due] = reviews_due(user=users["manager"], today=dt.date(2026, 2, 18))
    assert (due.due_on, due.held, due.next_on) == (FRIDAY, False, dt.date(2026, 2, 20))
    hold(tracked)
    [due] = reviews_due(user=users["manager"], today=dt.date(2026, 2, 18))
    assert due.held
    assert reviews_due(user=users["rep"]) == []
    assert list(review_list(user=users["rep"])) == []
    assert review_list(user=users["director"]).count() == 1
    assert review_list(user=users["manager_b"]).count() == 0


def test_coaching_is_logged_acknowledged_and_scoped(tracked: Tracked) -> None:
    users = tracked.world.users
    activity = log(tracked, "rep", 2)
    note = coaching_note_create(
        actor=users["manager"],
        person_id=users["rep"].pk,
        key_activity_id=tracked.ka.pk,
        activity_id=activity.pk,
        text="Open with the reference customer's result",
        next_actions="Send two invitations by Friday",
        log_coaching=True,
    )
    coached = Activity.objects.get(pk=note.coaching_activity_id)
    assert coached.type.code == "coaching" and coached.owner_id == users["rep"].pk
    assert list(coached.participants.values_list("username", flat=True)) == ["manager"]
    assert [n.pk for n in coaching_list(user=users["rep"])] == [note.pk]
    assert list(coaching_list(user=users["rep2"])) == []
    assert list(coaching_list(user=users["manager_b"])) == []
    assert [n.pk for n in coaching_list(user=users["director"])] == [note.pk]
    with pytest.raises(NotFound):
        coaching_acknowledge(actor=users["manager"], note_id=note.pk)
    coaching_acknowledge(actor=users["rep"], note_id=note.pk)
    coaching_done(actor=users["rep"], note_id=note.pk)
    note.refresh_from_db()
    assert note.acknowledged_at is not None and note.done_at is not None
    for person in ("manager", "rep_b"):
        with pytest.raises(DomainError):
            coaching_note_create(actor=users["manager"], person_id=users[person].pk, text="x")
    with pytest.raises(PermissionDenied):
        coaching_note_create(actor=users["rep"], person_id=users["rep2"].pk, text="x")
    assert CoachingNote.objects.count() == 1


def post(client: Client, path: str, body: object):  # type: ignore[no-untyped-def]
    return client.post(path, json.dumps(body), content_type="application/json")


def test_review_and_coaching_api_with_permissions(client: Client, tracked: Tracked) -> None:
    users = tracked.world.users
    client.force_login(users["rep"])
    body = {"key_activity_id": tracked.ka.pk, "due_on": FRIDAY.isoformat(), "notes": "n"}
    assert post(client, "/api/v1/reviews", body).status_code == 403
    assert client.get("/api/v1/reviews").json()["items"] == []
    assert (
        post(client, "/api/v1/coaching", {"person_id": users["rep2"].pk, "text": "x"}).status_code
        == 403
    )
    client.force_login(users["manager"])
    body["follow_ups"] = [{"text": "Call", "owner_id": users["rep"].pk, "due_on": "2026-02-12"}]
    created = post(client, "/api/v1/reviews", body)
    assert created.status_code == 201, created.content
    review = created.json()
    assert review["snapshot"]["key_activities"][0]["id"] == tracked.ka.pk
    assert client.get(f"/api/v1/reviews/{review['id']}").status_code == 200
    assert client.get("/api/v1/reviews/due").status_code == 200
    extra = post(
        client,
        f"/api/v1/reviews/{review['id']}/follow-ups",
        {"text": "Visit", "owner_id": users["rep2"].pk, "due_on": "2026-02-13"},
    )
    assert extra.status_code == 201
    # A number is not a date (pydantic would read 0 as 1970-01-01): 422 naming the field.
    timestamp = post(
        client,
        f"/api/v1/reviews/{review['id']}/follow-ups",
        {"text": "Visit", "owner_id": users["rep2"].pk, "due_on": 0},
    )
    assert timestamp.status_code == 422
    assert [e["field"] for e in timestamp.json()["errors"]] == ["due_on"]
    note = post(
        client,
        "/api/v1/coaching",
        {
            "person_id": users["rep"].pk,
            "text": "Ask for the visit",
            "next_actions": "Two invitations",
        },
    )
    assert note.status_code == 201
    client.force_login(users["manager_b"])
    assert client.get(f"/api/v1/reviews/{review['id']}").status_code == 404
    assert client.get(f"/api/v1/coaching/{note.json()['id']}").status_code == 404
    client.force_login(users["rep"])
    assert client.get(f"/api/v1/reviews/{review['id']}").status_code == 404
    follow_up_id = review["follow_ups"][0]["id"]
    assert post(client, f"/api/v1/reviews/follow-ups/{follow_up_id}/done", {}).json()["done_at"]
    acknowledged = post(client, f"/api/v1/coaching/{note.json()['id']}/acknowledge", {})
    assert acknowledged.json()["acknowledged_at"]
    assert [n["id"] for n in client.get("/api/v1/coaching").json()["items"]] == [note.json()["id"]]
    client.force_login(users["rep2"])
    assert post(client, f"/api/v1/coaching/{note.json()['id']}/acknowledge", {}).status_code == 404
    assert post(client, f"/api/v1/reviews/follow-ups/{follow_up_id}/done", {}).status_code == 404


def test_review_and_coaching_pages(client: Client, tracked: Tracked) -> None:
    users = tracked.world.users
    log(tracked, "rep", 2)
    client.force_login(users["manager"])
    assert client.get("/tracking/reviews/").status_code == 200
    page = client.get(f"/tracking/reviews/hold/{tracked.ka.pk}/?due={FRIDAY.isoformat()}")
    assert page.status_code == 200 and "Rep2" in page.content.decode()
    refused = client.post(
        f"/tracking/reviews/hold/{tracked.ka.pk}/",
        {"due_on": "2026-02-10", "notes": "kept text", "decisions": "d"},
    )
    assert refused.status_code == 200 and "kept text" in refused.content.decode()
    saved = client.post(
        f"/tracking/reviews/hold/{tracked.ka.pk}/",
        {
            "due_on": FRIDAY.isoformat(),
            "notes": "n",
            "fu_text_0": "Call",
            "fu_owner_0": str(users["rep"].pk),
            "fu_due_0": "2026-02-16",
            "log_team_meeting": "on",
        },
    )
    review = Review.objects.get()
    assert saved.status_code == 302 and saved["Location"] == f"/tracking/reviews/{review.pk}/"
    assert review.activities.count() == 1 and review.follow_ups.count() == 1
    assert (
        client.get(f"/tracking/reviews/{review.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").status_code
        == 200
    )
    client.post(
        "/tracking/coaching/new/",
        {
            "person_id": users["rep"].pk,
            "key_activity_id": tracked.ka.pk,
            "text": "Ask for the visit",
        },
    )
    note = CoachingNote.objects.get()
    client.force_login(users["rep"])
    assert client.get("/tracking/reviews/").status_code == 403
    assert client.get(f"/tracking/reviews/{review.pk}/").status_code == 404
    assert "Ask for the visit" in client.get("/tracking/coaching/").content.decode()
    client.post(f"/tracking/coaching/{note.pk}/acknowledge/")
    note.refresh_from_db()
    assert note.acknowledged_at is not None
    client.force_login(users["rep2"])
    client.post(f"/tracking/coaching/{note.pk}/done/")
    note.refresh_from_db()
    assert note.done_at is None


def test_my_day_shows_coaching_to_acknowledge(client: Client, tracked: Tracked) -> None:
    users = tracked.world.users
    coaching_note_create(
        actor=users["manager"],
        person_id=users["rep"].pk,
        text="Ask for the visit",
        next_actions="Two",
    )
    client.force_login(users["rep"])
    html = client.get("/").content.decode()
    assert "data-my-coaching" in html and "Ask for the visit" in html
    client.force_login(users["rep2"])
    assert "data-my-coaching" not in client.get("/").content.decode()
