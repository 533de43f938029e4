"""Key-activity API under ``/api/v1/key-activities``: candidates, key activities, targets.

One module per part, each adding its operations to the one ``router`` in the order the
OpenAPI document lists them (candidates, key activities, targets and history).
"""

from __future__ import annotations

from keyact.keyactivities.api._common import ERRORS, WRITE_ERRORS, router
from keyact.keyactivities.api.candidates import (
    candidates_compare,
    candidates_create,
    candidates_decide,
    candidates_get,
    candidates_inspire,
    candidates_list,
    candidates_patch,
    candidates_suggest,
)
from keyact.keyactivities.api.key_activities import (
    key_activities_create,
    key_activities_delete,
    key_activities_from_template,
    key_activities_get,
    key_activities_guide,
    key_activities_list,
    key_activities_owners,
    key_activities_patch,
    key_activities_publish,
    key_activities_quality,
    key_activities_retire,
    key_activities_staffing_gap,
    key_activities_stages,
    key_activities_tools,
    key_activities_training,
)
from keyact.keyactivities.api.out import candidate_out, key_activity_out, summary_out
from keyact.keyactivities.api.targets import (
    key_activities_history,
    key_activities_target_set,
    key_activities_targets,
    key_activities_targets_generate,
    key_activities_team_target,
)

__all__ = [
    "ERRORS",
    "WRITE_ERRORS",
    "candidate_out",
    "candidates_compare",
    "candidates_create",
    "candidates_decide",
    "candidates_get",
    "candidates_inspire",
    "candidates_list",
    "candidates_patch",
    "candidates_suggest",
    "key_activities_create",
    "key_activities_delete",
    "key_activities_from_template",
    "key_activities_get",
    "key_activities_guide",
    "key_activities_history",
    "key_activities_list",
    "key_activities_owners",
    "key_activities_patch",
    "key_activities_publish",
    "key_activities_quality",
    "key_activities_retire",
    "key_activities_staffing_gap",
    "key_activities_stages",
    "key_activities_target_set",
    "key_activities_targets",
    "key_activities_targets_generate",
    "key_activities_team_target",
    "key_activities_tools",
    "key_activities_training",
    "key_activity_out",
    "router",
    "summary_out",
]
