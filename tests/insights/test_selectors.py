"""The SQL selectors produce exactly the frames computed in numpy from the same synthetic data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from benchmarks.synthetic_org import load_synthetic
from keyact.insights import selectors
from keyact.insights.synthetic import TYPES, generate, reference_frame, reference_stalls
from keyact.orgs.selectors import scope_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    org = generate(deals=300, owners=8, days=240, seed=3)
    return org, load_synthetic(org, slug="syn-sel")


def test_deal_frame_matches_numpy_reference_and_ignores_activities_on_or_after_close(loaded):
    org, db = loaded
    scope = scope_for(db.admin)
    frame = selectors.deal_frame(
        scope=scope, date_from=db.start, date_to=db.start + dt.timedelta(days=org.days + 60)
    )
    expected = reference_frame(org)
    assert frame.n == org.n_deals
    assert list(frame.deal_ids) == [db.deal_id(i) for i in range(org.n_deals)]
    assert list(frame.won) == list(expected.won)
    assert list(frame.existing) == list(expected.existing)
    assert list(frame.mode) == list(expected.mode)
    expected_types = tuple(db.type_ids[i] for i in expected.type_ids)
    assert frame.type_ids == expected_types
    assert np.array_equal(frame.has_type, expected.has_type)
    # follow_up happens after every win: counted naively it would be on every won deal.
    follow_up = frame.type_ids.index(db.type_ids[[t[0] for t in TYPES].index("follow_up")])
    assert frame.has_type[frame.won, follow_up].mean() < 0.5


def test_manager_sees_only_own_team(loaded):
    org, db = loaded
    frame = selectors.deal_frame(
        scope=scope_for(db.manager),
        date_from=db.start,
        date_to=db.start + dt.timedelta(days=org.days + 60),
    )
    team = set(db.owner_user_ids[: org.owners // 2])
    assert set(frame.owner_ids.tolist()) <= team
    assert frame.n == int(np.isin(org.deal_owner, list(range(org.owners // 2))).sum())


def test_stall_counts_match_reference(loaded):
    org, db = loaded
    counts = selectors.stall_counts(
        scope=scope_for(db.admin),
        date_from=db.start,
        date_to=db.start + dt.timedelta(days=org.days + 60),
        stall_days=21,
    )
    got = {c.type_id: (c.deals, c.stalled, c.stalled_lost, c.not_stalled_lost) for c in counts}
    expected = {db.type_ids[k]: v for k, v in reference_stalls(org, 21).items()}
    assert got == expected


def test_people_frame_counts_results_and_activities(loaded):
    org, db = loaded
    frame = selectors.people_frame(
        scope=scope_for(db.admin),
        date_from=db.start,
        date_to=db.start + dt.timedelta(days=org.days + 60),
    )
    assert frame.closed.sum() == org.n_deals
    assert frame.wins.sum() == int(org.deal_won.sum())
    assert frame.counts.sum() == len(org.act_type)
