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

    Idempotent: processes and steps are matched by code and a step's standard activities by the
    catalog entry they came from, so a second call adds nothing and never overwrites what an
    admin renamed or reordered; an entry the catalog gained since is added. Step activities are
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
        existing_steps = {step.code: step for step in process.steps.all()}
        for s_index, step_entry in enumerate(entry.steps, start=1):
            step = existing_steps.get(step_entry.code)
            if step is None:
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
                installed: set[str] = set()
            else:
                installed = set(step.activities.values_list("catalog_key", flat=True))
            new = [
                StepActivity(
                    step=step,
                    name_en=a.name_en,
                    name_zh=a.name_zh,
                    order=a_index * 10,
                    is_standard=True,
                    catalog_key=a.name_en,
                    activity_type=types.get(a.type_code) if a.type_code else None,
                )
                for a_index, a in enumerate(step_entry.activities, start=1)
                if a.name_en not in installed
            ]
            StepActivity.objects.bulk_create(new)
            added += len(new)
    return added
