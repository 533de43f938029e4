"""Playbook pages: overview, diagnosis with charts, processes, visit plans and assessments.

One module per part; the names are re-exported for ``urls.py``.
"""

from __future__ import annotations

from keyact.playbook.views.assessment import assessment_view
from keyact.playbook.views.diagnosis import (
    diagnosis_view,
    overview,
    questionnaire_view,
    thresholds_update,
)
from keyact.playbook.views.processes import (
    process_detail,
    process_edit,
    processes_in_use,
    step_activity_add,
    step_activity_map,
    step_add,
    step_edit,
    step_reorder,
)
from keyact.playbook.views.visits import (
    VISITS_LISTED,
    visit_cancel,
    visit_create,
    visit_detail,
    visit_list,
)

__all__ = [
    "VISITS_LISTED",
    "assessment_view",
    "diagnosis_view",
    "overview",
    "process_detail",
    "process_edit",
    "processes_in_use",
    "questionnaire_view",
    "step_activity_add",
    "step_activity_map",
    "step_add",
    "step_edit",
    "step_reorder",
    "thresholds_update",
    "visit_cancel",
    "visit_create",
    "visit_detail",
    "visit_list",
]
