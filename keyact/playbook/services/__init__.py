"""Writes of the playbook: diagnosis settings, the installed catalog, processes and steps,
visit plans and opportunity assessments. One module per subdomain; names re-exported.
"""

from __future__ import annotations

from keyact.playbook.services.assessment import (
    assessment_decide,
    influence_add,
    influence_remove,
    red_flag_add,
    red_flag_remove,
    red_flag_resolve,
)
from keyact.playbook.services.diagnosis import diagnosis_settings_update
from keyact.playbook.services.install import playbook_install
from keyact.playbook.services.processes import (
    process_update,
    processes_set_in_use,
    step_activity_create,
    step_activity_update,
    step_create,
    step_move,
    step_update,
    steps_reorder,
)
from keyact.playbook.services.visits import visit_plan_cancel, visit_plan_create, visit_plan_record

__all__ = [
    "assessment_decide",
    "diagnosis_settings_update",
    "influence_add",
    "influence_remove",
    "playbook_install",
    "process_update",
    "processes_set_in_use",
    "red_flag_add",
    "red_flag_remove",
    "red_flag_resolve",
    "step_activity_create",
    "step_activity_update",
    "step_create",
    "step_move",
    "step_update",
    "steps_reorder",
    "visit_plan_cancel",
    "visit_plan_create",
    "visit_plan_record",
]
