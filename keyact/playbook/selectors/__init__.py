"""Scoped reads of the playbook: the diagnosis (``diagnosis``) and the playbook's records
(``records``: processes, steps, visit plans, assessments)."""

from keyact.playbook.selectors.diagnosis import (
    DEFAULT_LARGE_EMPLOYEES,
    DEFAULT_THRESHOLDS,
    SUGGESTION_SAMPLE,
    UNCLASSIFIED_LISTED,
    Diagnosis,
    Slice,
    UnclassifiedDeal,
    default_thresholds,
    diagnosis_for_user,
    diagnosis_get,
    organization_scope,
    thresholds_get,
)
from keyact.playbook.selectors.records import (
    assessment_get,
    large_open_opportunities,
    organization_get_by_slug,
    process_get,
    process_list,
    step_activity_get,
    step_get,
    visit_plan_get,
    visit_plan_list,
)

__all__ = [
    "DEFAULT_LARGE_EMPLOYEES",
    "DEFAULT_THRESHOLDS",
    "SUGGESTION_SAMPLE",
    "UNCLASSIFIED_LISTED",
    "Diagnosis",
    "Slice",
    "UnclassifiedDeal",
    "assessment_get",
    "default_thresholds",
    "diagnosis_for_user",
    "diagnosis_get",
    "large_open_opportunities",
    "organization_get_by_slug",
    "organization_scope",
    "process_get",
    "process_list",
    "step_activity_get",
    "step_get",
    "thresholds_get",
    "visit_plan_get",
    "visit_plan_list",
]
