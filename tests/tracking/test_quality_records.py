"""Checklist and rubric quality are recorded and counted; the customer's location is set from a
check-in; the rep sees why an activity does not qualify."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.keyactivities.models import GuideStep
from keyact.keyactivities.services import guide_step_add, key_activity_set_quality
from keyact.tracking.models import ChecklistTick, RubricScore
from keyact.tracking.selectors import activity_quality, progress_of_key_activity
from keyact.tracking.services import (
    checklist_ticks_set,
    customer_location_from_checkin,
    progress_rebuild,
    rubric_score_set,
)
from tests.tracking.conftest import TODAY, Tracked, fresh, log


def qualified(tracked: Tracked, who: str = "rep") -> tuple[int, int]:
    result = progress_of_key_activity(
        user=tracked.world.users["manager"],
        key_activity_id=tracked.ka.pk,
        period="2026-02",
        today=TODAY,
    )
    row = next(o for o in result.owners if o.username == who)
    return row.actual, row.qualified


def checklist(tracked: Tracked) -> list[int]:
    manager = tracked.world.users["manager"]
    ka = fresh(tracked.ka)
    guide_step_add(
        actor=manager, key_activity_id=ka.pk, version=ka.version, text_en="Confirm", text_zh="确认"
    )
    steps = list(GuideStep.objects.filter(key_activity=ka).order_by("order", "id"))
    key_activity_set_quality(
        actor=manager,
        key_activity_id=ka.pk,
        version=fresh(ka).version,
        kind="checklist",
        checklist_step_ids=[s.pk for s in steps],
    )
    return [s.pk for s in steps]


def test_checklist_ticks_qualify_an_activity_once_every_required_step_is_done(
    tracked: Tracked,
) -> None:
    steps = checklist(tracked)
    rep = tracked.world.users["rep"]
    a = log(tracked, "rep", 2)
    log(tracked, "rep", 3)
    assert qualified(tracked) == (2, 0)
    [row] = activity_quality(user=rep, activity=a)
    assert not row.verdict.qualified
    assert row.verdict.reasons == ("Required guide steps are not done.",)
    checklist_ticks_set(
        actor=rep, activity_id=a.pk, key_activity_id=tracked.ka.pk, step_ids=steps[:1]
    )
    assert qualified(tracked) == (2, 0)
    checklist_ticks_set(actor=rep, activity_id=a.pk, key_activity_id=tracked.ka.pk, step_ids=steps)
    assert qualified(tracked) == (2, 1)
    [row] = activity_quality(user=rep, activity=a)
    assert row.verdict.qualified and all(s.ticked for s in row.steps)
    assert progress_rebuild(organization=tracked.world.org, period="2026-02").differences == []
    # Unticking takes the qualification back.
    checklist_ticks_set(actor=rep, activity_id=a.pk, key_activity_id=tracked.ka.pk, step_ids=[])
    assert qualified(tracked) == (2, 0)
    assert ChecklistTick.objects.filter(activity=a).count() == 0


def test_checklist_ticks_are_refused_outside_the_owner_and_their_managers(tracked: Tracked) -> None:
    steps = checklist(tracked)
    a = log(tracked, "rep", 2)
    users = tracked.world.users
    with pytest.raises(NotFound):
        checklist_ticks_set(
            actor=users["rep2"], activity_id=a.pk, key_activity_id=tracked.ka.pk, step_ids=steps
        )
    with pytest.raises(NotFound):
        checklist_ticks_set(
            actor=users["manager_b"],
            activity_id=a.pk,
            key_activity_id=tracked.ka.pk,
            step_ids=steps,
        )
    with pytest.raises(DomainError):
        checklist_ticks_set(
            actor=users["rep"], activity_id=a.pk, key_activity_id=tracked.ka.pk, step_ids=[999999]
        )
    other = log(tracked, "rep", 3, type_id=tracked.call)
    with pytest.raises(NotFound):  # a call does not count toward the visits key activity
        checklist_ticks_set(
            actor=users["rep"], activity_id=other.pk, key_activity_id=tracked.ka.pk, step_ids=steps
        )
    assert ChecklistTick.objects.count() == 0
    checklist_ticks_set(
        actor=users["manager"], activity_id=a.pk, key_activity_id=tracked.ka.pk, step_ids=steps
    )
    assert ChecklistTick.objects.filter(activity=a).count() == len(steps)


def rubric(tracked: Tracked) -> None:
    key_activity_set_quality(
        actor=tracked.world.users["manager"],
        key_activity_id=tracked.ka.pk,
        version=fresh(tracked.ka).version,
        kind="rubric",
        rubric_criteria=["Opening", "Questions", "Commitment"],
        rubric_threshold=Decimal("3.5"),
    )


def test_rubric_scores_by_manager_and_peer_decide_qualification(tracked: Tracked) -> None:
    rubric(tracked)
    users = tracked.world.users
    a = log(tracked, "rep", 2)
    assert qualified(tracked) == (1, 0)
    [row] = activity_quality(user=users["rep"], activity=a)
    assert row.verdict.reasons == ("Not scored yet.",) and not row.can_score
    score = rubric_score_set(
        actor=users["manager"],
        activity_id=a.pk,
        key_activity_id=tracked.ka.pk,
        scores=[4, 4, 5],
        comment="Good",
    )
    assert (score.average, score.scorer_id) == (Decimal("4.33"), users["manager"].pk)
    assert qualified(tracked) == (1, 1)
    # A peer owning the same key activity scores too: the mean of both decides.
    rubric_score_set(
        actor=users["rep2"], activity_id=a.pk, key_activity_id=tracked.ka.pk, scores=[2, 2, 2]
    )
    assert qualified(tracked) == (1, 0)  # (4.33 + 2) / 2 < 3.5
    [row] = activity_quality(user=users["manager"], activity=a)
    assert row.verdict.reasons == ("The score is below the threshold.",)
    assert [s.scorer.username for s in row.scores] == ["manager", "rep2"]
    assert progress_rebuild(organization=tracked.world.org, period="2026-02").differences == []
    # The manager rescoring replaces their own score.
    rubric_score_set(
        actor=users["manager"], activity_id=a.pk, key_activity_id=tracked.ka.pk, scores=[5, 5, 5]
    )
    assert RubricScore.objects.filter(activity=a).count() == 2
    assert qualified(tracked) == (1, 1)  # (5 + 2) / 2 = 3.5


def test_rubric_scoring_is_refused_to_the_owner_and_outsiders(tracked: Tracked) -> None:
    rubric(tracked)
    users = tracked.world.users
    a = log(tracked, "rep", 2)
    with pytest.raises(PermissionDenied):
        rubric_score_set(
            actor=users["rep"], activity_id=a.pk, key_activity_id=tracked.ka.pk, scores=[5, 5, 5]
        )
    with pytest.raises(NotFound):
        rubric_score_set(
            actor=users["rep_b"], activity_id=a.pk, key_activity_id=tracked.ka.pk, scores=[5, 5, 5]
        )
    with pytest.raises(DomainError):
        rubric_score_set(
            actor=users["manager"], activity_id=a.pk, key_activity_id=tracked.ka.pk, scores=[5, 5]
        )
    with pytest.raises(DomainError):
        rubric_score_set(
            actor=users["manager"],
            activity_id=a.pk,
            key_activity_id=tracked.ka.pk,
            scores=[5, 5, 6],
        )
    assert RubricScore.objects.count() == 0


def test_customer_location_from_a_checkin_makes_later_checkins_comparable(tracked: Tracked) -> None:
    manager = tracked.world.users["manager"]
    key_activity_set_quality(
        actor=manager,
        key_activity_id=tracked.ka.pk,
        version=fresh(tracked.ka).version,
        kind="evidence",
        evidence_checkin=True,
        evidence_max_distance_m=300,
    )
    customer = tracked.world.customers["rep"]
    here = {"checkin_latitude": 39.9042, "checkin_longitude": 116.4074}
    first = log(tracked, "rep", 2, customer_id=customer.pk, **here)
    [row] = activity_quality(user=tracked.world.users["rep"], activity=first)
    assert row.verdict.reasons == ("The customer has no location to compare the check-in with.",)
    customer_location_from_checkin(actor=tracked.world.users["rep"], activity_id=first.pk)
    customer.refresh_from_db()
    assert (customer.latitude, customer.longitude) == (39.9042, 116.4074)
    assert qualified(tracked) == (1, 1)
    no_checkin = log(tracked, "rep", 3, customer_id=customer.pk)
    with pytest.raises(DomainError):
        customer_location_from_checkin(actor=tracked.world.users["rep"], activity_id=no_checkin.pk)


def test_the_quality_page_shows_why_and_records_ticks(client: Client, tracked: Tracked) -> None:
    steps = checklist(tracked)
    a = log(tracked, "rep", 2)
    client.force_login(tracked.world.users["rep"])
    page = client.get(f"/tracking/activities/{a.pk}/quality/")
    assert page.status_code == 200
    assert "Required guide steps are not done." in page.content.decode()
    response = client.post(
        f"/tracking/activities/{a.pk}/quality/checklist/",
        {"key_activity_id": tracked.ka.pk, "step": [str(s) for s in steps]},
    )
    assert response.status_code == 302
    assert (
        'data-verdict="qualified"'
        in client.get(f"/tracking/activities/{a.pk}/quality/").content.decode()
    )
    client.force_login(tracked.world.users["rep_b"])
    assert client.get(f"/tracking/activities/{a.pk}/quality/").status_code == 404
    assert (
        client.post(
            f"/tracking/activities/{a.pk}/quality/checklist/", {"key_activity_id": tracked.ka.pk}
        ).status_code
        == 404
    )
    assert ChecklistTick.objects.filter(activity=a).count() == len(steps)
    client.force_login(tracked.world.users["rep"])
    with_zh = client.get(f"/tracking/activities/{a.pk}/quality/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert with_zh.status_code == 200
