"""Request bodies take JSON types as documented: no lax coercion of numbers, text or booleans.

Found by a schemathesis run against a running server (negative_data_rejection): a follow-up's
``due_on`` of ``0`` was read as a Unix timestamp and stored as 1970-01-01 with a 201.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from keyact.keyactivities.schemas import OwnerIn, QualityIn, StageIn, TeamTargetIn
from keyact.tracking.schemas import CoachingIn, FollowUpIn, ReviewIn

GOOD: list[tuple[type[BaseModel], dict[str, object]]] = [
    (FollowUpIn, {"text": "Call", "owner_id": 3, "due_on": "2026-02-12"}),
    (ReviewIn, {"key_activity_id": 1, "due_on": "2026-02-13", "log_team_meeting": True}),
    (CoachingIn, {"person_id": 2, "text": "Ask", "review_id": 4, "log_coaching": False}),
    (StageIn, {"activity_type_id": 1, "quantity": 5}),
    (QualityIn, {"version": 1, "kind": "outcome", "evidence_photo": True}),
    (OwnerIn, {"user_id": 1, "is_lead": True}),
    (TeamTargetIn, {"version": 1, "department_id": 1, "period_start": "2026-02-01", "quantity": 0}),
]


@pytest.mark.parametrize(("model", "body"), GOOD)
def test_well_typed_bodies_are_accepted(model: type[BaseModel], body: dict[str, object]) -> None:
    assert model.model_validate(body).model_dump(include=set(body)) is not None


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (FollowUpIn, "due_on", 0),
        (FollowUpIn, "due_on", 1_700_000_000),
        (FollowUpIn, "owner_id", "3"),
        (FollowUpIn, "owner_id", True),
        (FollowUpIn, "text", "a\x00b"),
        (ReviewIn, "due_on", 0),
        (ReviewIn, "key_activity_id", "1"),
        (ReviewIn, "log_team_meeting", "yes"),
        (ReviewIn, "log_team_meeting", 1),
        (ReviewIn, "notes", "\x00"),
        (CoachingIn, "person_id", "2"),
        (CoachingIn, "review_id", "4"),
        (CoachingIn, "log_coaching", "true"),
        (StageIn, "quantity", "5"),
        (QualityIn, "evidence_photo", "on"),
        (QualityIn, "evidence_max_distance_m", "100"),
        (OwnerIn, "is_lead", 0),
        (TeamTargetIn, "quantity", "7"),
        (TeamTargetIn, "cascade", "false"),
    ],
)
def test_mistyped_values_are_refused_naming_the_field(
    model: type[BaseModel], field: str, value: object
) -> None:
    body = dict(next(good for kind, good in GOOD if kind is model))
    body[field] = value
    with pytest.raises(ValidationError) as refused:
        model.model_validate(body)
    assert [error["loc"][0] for error in refused.value.errors()] == [field]
