"""Peers and managers find the activities waiting for their rubric score on one page and score
them there; a rep cannot open a colleague's activity anywhere else."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from keyact.tracking.models import RubricScore
from keyact.tracking.scoring import scoring_queue
from tests.tracking.conftest import TODAY, Tracked, log
from tests.tracking.test_quality_records import rubric

pytestmark = pytest.mark.django_db


def test_the_queue_holds_what_each_may_score_and_has_not_yet(tracked: Tracked) -> None:
    rubric(tracked)
    users = tracked.world.users
    mine = log(tracked, "rep", 10)
    theirs = log(tracked, "rep2", 11)
    log(tracked, "rep", 11, type_id=tracked.call)  # a call: the key activity measures visits
    peer = scoring_queue(user=users["rep2"], today=TODAY)
    assert [(r.activity.pk, r.as_peer) for r in peer] == [(mine.pk, True)]
    assert [r.activity.pk for r in scoring_queue(user=users["rep"], today=TODAY)] == [theirs.pk]
    manager = scoring_queue(user=users["manager"], today=TODAY)
    assert [(r.activity.pk, r.as_peer) for r in manager] == [(theirs.pk, False), (mine.pk, False)]
    for outsider in ("rep_b", "manager_b", "supporter", "other_admin"):
        assert scoring_queue(user=users[outsider], today=TODAY) == [], outsider


def test_the_queue_is_empty_without_a_rubric(tracked: Tracked) -> None:
    log(tracked, "rep", 10)
    assert scoring_queue(user=tracked.world.users["rep2"], today=TODAY) == []


def test_a_peer_scores_a_colleagues_activity_in_the_page(client: Client, tracked: Tracked) -> None:
    rubric(tracked)
    users = tracked.world.users
    visit = log(tracked, "rep", occurred_at=timezone.now(), notes="Walked the plant")
    client.force_login(users["rep2"])
    page = client.get("/tracking/scoring/").content.decode()
    assert f'data-to-score="{visit.pk}"' in page and "Walked the plant" in page
    assert "Questions" in page
    # The colleague's activity itself stays out of reach.
    assert client.get(f"/activities/{visit.pk}/").status_code == 404
    response = client.post(
        "/tracking/scoring/",
        {
            "activity_id": visit.pk,
            "key_activity_id": tracked.ka.pk,
            "criteria": 3,
            "score_0": 4,
            "score_1": 3,
            "score_2": 5,
            "comment": "Clear next step",
        },
    )
    assert response.status_code == 302
    score = RubricScore.objects.get(activity=visit)
    assert (score.scorer_id, score.scores, score.comment) == (
        users["rep2"].pk,
        [4, 3, 5],
        "Clear next step",
    )
    assert f'data-to-score="{visit.pk}"' not in client.get("/tracking/scoring/").content.decode()
    zh = client.get("/tracking/scoring/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "为活动评分" in zh


def test_the_owner_cannot_score_their_own_activity_through_the_page(
    client: Client, tracked: Tracked
) -> None:
    rubric(tracked)
    visit = log(tracked, "rep", occurred_at=timezone.now())
    client.force_login(tracked.world.users["rep"])
    assert f'data-to-score="{visit.pk}"' not in client.get("/tracking/scoring/").content.decode()
    client.post(
        "/tracking/scoring/",
        {"activity_id": visit.pk, "key_activity_id": tracked.ka.pk, "criteria": 3}
        | {f"score_{i}": 5 for i in range(3)},
    )
    assert not RubricScore.objects.exists()
    assert client.post("/tracking/scoring/", {"activity_id": "x"}).status_code == 400
