"""Writes of tracking (``<entity>_<verb>``), by subdomain; callers import from here."""

from keyact.tracking.services.calendar import (
    RebuildReport,
    calendar_day_remove,
    calendar_day_set,
    calendar_set,
    progress_rebuild,
)
from keyact.tracking.services.channels import (
    team_channel_create,
    team_channel_delete,
    team_channel_set_active,
)
from keyact.tracking.services.quality import (
    checklist_ticks_set,
    customer_location_from_checkin,
    rubric_score_set,
)
from keyact.tracking.services.reviews import (
    FollowUpSpec,
    coaching_acknowledge,
    coaching_done,
    coaching_note_create,
    follow_up_add,
    follow_up_done,
    review_hold,
)

__all__ = [
    "FollowUpSpec",
    "RebuildReport",
    "calendar_day_remove",
    "calendar_day_set",
    "calendar_set",
    "checklist_ticks_set",
    "coaching_acknowledge",
    "coaching_done",
    "coaching_note_create",
    "customer_location_from_checkin",
    "follow_up_add",
    "follow_up_done",
    "progress_rebuild",
    "review_hold",
    "rubric_score_set",
    "team_channel_create",
    "team_channel_delete",
    "team_channel_set_active",
]
