"""The quality-standard rules as a pure function: no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from keyact.keyactivities.periods import period_bounds
from keyact.keyactivities.quality import ActivityFacts, QualityStandard, distance_m, qualifies

SHOP = (31.2304, 121.4737)
# About 111 m north of the shop (0.001 degree of latitude).
NEAR = (31.2314, 121.4737)


def test_no_standard_accepts_any_done_activity() -> None:
    assert qualifies(QualityStandard(), ActivityFacts()).qualified


def test_an_activity_that_is_not_done_never_qualifies() -> None:
    verdict = qualifies(QualityStandard(), ActivityFacts(status="planned"))
    assert not verdict.qualified
    assert verdict.reasons == ("The activity is not done.",)


@pytest.mark.parametrize(
    ("minimum", "outcome", "expected"),
    [
        ("advance", "advance", True),
        ("advance", "commitment", True),
        ("advance", "order", True),
        ("advance", "continuation", False),
        ("advance", "no_sale", False),
        ("advance", "", False),
        ("commitment", "advance", False),
        ("commitment", "commitment", True),
        ("commitment", "order", True),
        ("order", "commitment", False),
        ("order", "order", True),
    ],
)
def test_outcome_standard_accepts_outcomes_at_or_above_the_minimum(
    minimum: str, outcome: str, expected: bool
) -> None:
    standard = QualityStandard(kind="outcome", min_outcome=minimum)
    assert qualifies(standard, ActivityFacts(outcome=outcome)).qualified is expected


def test_a_visit_reaching_the_minimum_acceptable_action_meets_a_commitment_minimum() -> None:
    standard = QualityStandard(kind="outcome", min_outcome="commitment")
    assert qualifies(standard, ActivityFacts(commitment_level="acceptable")).qualified
    assert qualifies(standard, ActivityFacts(commitment_level="best")).qualified
    assert not qualifies(standard, ActivityFacts(commitment_level="below")).qualified
    order_only = QualityStandard(kind="outcome", min_outcome="order")
    assert not qualifies(order_only, ActivityFacts(commitment_level="best")).qualified


def test_distance_is_great_circle_metres() -> None:
    assert distance_m(SHOP, SHOP) == 0
    assert 110 < distance_m(SHOP, NEAR) < 112


def test_evidence_check_in_within_the_distance() -> None:
    standard = QualityStandard(kind="evidence", evidence_checkin=True, evidence_max_distance_m=200)
    at_shop = ActivityFacts(checkin=NEAR, customer_location=SHOP, checkin_accuracy_m=20)
    assert qualifies(standard, at_shop).qualified
    too_far = QualityStandard(kind="evidence", evidence_checkin=True, evidence_max_distance_m=100)
    assert qualifies(too_far, at_shop).reasons == ("The check-in is too far from the customer.",)
    assert qualifies(standard, ActivityFacts(customer_location=SHOP)).reasons == ("No check-in.",)
    unknown_place = ActivityFacts(checkin=NEAR)
    assert not qualifies(standard, unknown_place).qualified
    blurry = ActivityFacts(checkin=NEAR, customer_location=SHOP, checkin_accuracy_m=500)
    assert qualifies(standard, blurry).reasons == ("The check-in is too imprecise.",)


def test_evidence_check_in_without_a_distance_only_needs_a_check_in() -> None:
    standard = QualityStandard(kind="evidence", evidence_checkin=True)
    assert qualifies(standard, ActivityFacts(checkin=NEAR)).qualified


def test_evidence_photo_and_customer_confirmation_each_required() -> None:
    standard = QualityStandard(kind="evidence", evidence_photo=True, evidence_confirmation=True)
    assert qualifies(standard, ActivityFacts(has_photo=True, customer_confirmed=True)).qualified
    verdict = qualifies(standard, ActivityFacts())
    assert verdict.reasons == ("No photo.", "Not confirmed by the customer.")


def test_rubric_score_at_or_above_threshold() -> None:
    standard = QualityStandard(kind="rubric", rubric_threshold=Decimal("3.5"))
    assert qualifies(standard, ActivityFacts(rubric_score=Decimal("3.5"))).qualified
    assert not qualifies(standard, ActivityFacts(rubric_score=Decimal("3.49"))).qualified
    assert qualifies(standard, ActivityFacts()).reasons == ("Not scored yet.",)


def test_checklist_needs_every_required_step() -> None:
    standard = QualityStandard(kind="checklist", checklist_step_ids=frozenset({1, 3}))
    assert qualifies(standard, ActivityFacts(completed_step_ids=frozenset({1, 2, 3}))).qualified
    assert not qualifies(standard, ActivityFacts(completed_step_ids=frozenset({1, 2}))).qualified


@pytest.mark.parametrize(
    ("period", "day", "start", "end"),
    [
        ("week", dt.date(2026, 11, 27), dt.date(2026, 11, 23), dt.date(2026, 11, 29)),
        ("month", dt.date(2026, 2, 14), dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("month", dt.date(2026, 12, 31), dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
        ("quarter", dt.date(2026, 11, 27), dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("quarter", dt.date(2026, 5, 1), dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
    ],
)
def test_period_bounds(period: str, day: dt.date, start: dt.date, end: dt.date) -> None:
    assert period_bounds(period, day) == (start, end)
