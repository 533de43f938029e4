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


def test_effectiveness_inputs_split_owners_by_targets_met_and_windows_by_publication(loaded):
    from django.utils import timezone

    from keyact.insights.effectiveness import DID, effectiveness_analyze
    from keyact.keyactivities.models import KeyActivity, Target

    org, db = loaded
    published = db.start + dt.timedelta(days=120)
    end = db.start + dt.timedelta(days=200)
    ka = KeyActivity.objects.create(
        organization=db.organization,
        name_en="Visits",
        valid_from=published,
        status=KeyActivity.Status.PUBLISHED,
        published_at=selectors.local_midnight(published),
    )
    ka.activity_types.set([db.type_ids[1]])
    met, missed = db.owner_user_ids[:4], db.owner_user_ids[4:]
    for owner in db.owner_user_ids:
        Target.objects.create(
            key_activity=ka,
            owner_id=owner,
            period_start=published,
            period_end=published + dt.timedelta(days=29),
            quantity=0 if owner in met else 10**6,
        )
    [(got_ka, data)] = selectors.effectiveness_inputs(
        scope=scope_for(db.admin), date_to=end, today=timezone.localdate()
    )
    assert got_ka == ka and (data.owners_met, data.owners_not_met) == (4, 4)
    length = (end - published).days
    closed = np.array([db.start + dt.timedelta(days=int(d)) for d in org.deal_closed])
    owner_user = np.array(db.owner_user_ids)[org.deal_owner]
    for cell, owners, lo, hi in (
        (data.met_before, met, published - dt.timedelta(days=length), published),
        (data.met_after, met, published, end + dt.timedelta(days=1)),
        (data.not_met_before, missed, published - dt.timedelta(days=length), published),
        (data.not_met_after, missed, published, end + dt.timedelta(days=1)),
    ):
        chosen = np.isin(owner_user, owners) & (closed >= lo) & (closed < hi)
        assert (cell.deals, cell.wins) == (int(chosen.sum()), int((chosen & org.deal_won).sum()))
    assert effectiveness_analyze(data).method == DID
