"""Writes of key activities and candidates, one module per subdomain.

Every write on a key activity (its standards, outputs, owners, targets, lifecycle) takes the
``version`` the caller read: a stale version raises Conflict and nothing changes. Each change
bumps the version and records who, when, and the values before and after.
"""

from __future__ import annotations

from keyact.keyactivities.services._common import Status
from keyact.keyactivities.services.candidates import (
    candidate_create,
    candidate_decide,
    candidate_from_inspiration,
    candidate_update,
    candidates_suggest_key_steps,
)
from keyact.keyactivities.services.definition import (
    SCALAR_FIELDS,
    key_activity_create,
    key_activity_update,
)
from keyact.keyactivities.services.evidence import (
    candidate_from_evidence,
    candidates_set_measured_impact,
)
from keyact.keyactivities.services.lifecycle import (
    key_activity_publish,
    key_activity_remove,
    key_activity_retire,
    publish_problems,
)
from keyact.keyactivities.services.outputs import (
    MAX_ATTACHMENT_BYTES,
    guide_step_add,
    guide_step_move,
    guide_step_remove,
    tool_add,
    tool_remove,
    training_complete,
    training_item_add,
    training_item_remove,
)
from keyact.keyactivities.services.owners import (
    OwnerSpec,
    key_activity_mark_staffing_gap,
    owners_set,
)
from keyact.keyactivities.services.standards import (
    QUALITY_FIELDS,
    QualitySpec,
    StageSpec,
    key_activity_define,
    key_activity_set_quality,
    key_activity_set_stages,
)
from keyact.keyactivities.services.targets import target_set, targets_generate, team_target_set
from keyact.keyactivities.services.template import key_activity_create_from_template

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "QUALITY_FIELDS",
    "SCALAR_FIELDS",
    "OwnerSpec",
    "QualitySpec",
    "StageSpec",
    "Status",
    "candidate_create",
    "candidate_decide",
    "candidate_from_evidence",
    "candidate_from_inspiration",
    "candidate_update",
    "candidates_set_measured_impact",
    "candidates_suggest_key_steps",
    "guide_step_add",
    "guide_step_move",
    "guide_step_remove",
    "key_activity_create",
    "key_activity_create_from_template",
    "key_activity_define",
    "key_activity_mark_staffing_gap",
    "key_activity_publish",
    "key_activity_remove",
    "key_activity_retire",
    "key_activity_set_quality",
    "key_activity_set_stages",
    "key_activity_update",
    "owners_set",
    "publish_problems",
    "target_set",
    "targets_generate",
    "team_target_set",
    "tool_add",
    "tool_remove",
    "training_complete",
    "training_item_add",
    "training_item_remove",
]
