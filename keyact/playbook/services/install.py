"""Install the standard playbook (the five processes, their steps and activities)."""

from __future__ import annotations

from django.db import transaction

from keyact.activities.models import ActivityType
from keyact.orgs.models import Organization
from keyact.playbook.catalog import PROCESSES
from keyact.playbook.models import (
    Process,
    Step,
    StepActivity,
)


@transaction.atomic
def playbook_install(*, organization: Organization) -> int:
    """Install the five standard processes into an organisation; return how many rows were added.

    Idempotent: processes and steps are matched by code, so a second call adds nothing and never
    overwrites what an admin renamed or reordered. Step activities are added with their step and
    mapped to the organisation's activity type of the catalog's code when it exists.
    """
    types = {t.code: t for t in ActivityType.objects.filter(organization=organization)}
    processes = {p.code: p for p in Process.objects.filter(organization=organization)}
    added = 0
    for p_index, entry in enumerate(PROCESSES, start=1):
        process = processes.get(entry.code)
        if process is None:
            process = Process.objects.create(
                organization=organization,
                code=entry.code,
                name_en=entry.name_en,
                name_zh=entry.name_zh,
                description_en=entry.description_en,
                description_zh=entry.description_zh,
                methodology_en=entry.methodology_en,
                methodology_zh=entry.methodology_zh,
                focus_en=entry.focus_en,
                focus_zh=entry.focus_zh,
                order=p_index * 10,
            )
            added += 1
        existing_steps = set(process.steps.values_list("code", flat=True))
        for s_index, step_entry in enumerate(entry.steps, start=1):
            if step_entry.code in existing_steps:
                continue
            step = Step.objects.create(
                process=process,
                code=step_entry.code,
                name_en=step_entry.name_en,
                name_zh=step_entry.name_zh,
                description_en=step_entry.purpose_en,
                description_zh=step_entry.purpose_zh,
                order=s_index * 10,
                is_critical=step_entry.critical,
                is_standard=True,
            )
            added += 1
            StepActivity.objects.bulk_create(
                StepActivity(
                    step=step,
                    name_en=a.name_en,
                    name_zh=a.name_zh,
                    order=a_index * 10,
                    is_standard=True,
                    activity_type=types.get(a.type_code) if a.type_code else None,
                )
                for a_index, a in enumerate(step_entry.activities, start=1)
            )
            added += len(step_entry.activities)
    return added
