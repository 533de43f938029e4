"""Organisation provisioning and ``keyact catalog sync``: standard entries reach organisations,
what an organisation edited stays as it is."""

from __future__ import annotations

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from keyact.activities.catalog import STANDARD_ACTIVITY_TYPES
from keyact.activities.models import ActivityType
from keyact.deals.models import Stage
from keyact.orgs.services import organization_create
from keyact.playbook.catalog import PROCESSES
from keyact.playbook.models import Process, Step, StepActivity
from keyact.workspace.services import catalog_sync, organization_provision

pytestmark = pytest.mark.django_db

STEPS = sum(len(p.steps) for p in PROCESSES)
STEP_ACTIVITIES = sum(len(s.activities) for p in PROCESSES for s in p.steps)


def test_new_organisation_gets_standard_types_in_both_languages_and_a_pipeline() -> None:
    org = organization_provision(name="New", slug="new")
    types = ActivityType.objects.filter(organization=org)
    assert types.count() == len(STANDARD_ACTIVITY_TYPES)
    assert set(types.values_list("counterpart", flat=True)) == {
        "customer",
        "manager",
        "supporter",
        "self",
    }
    assert types.get(code="visit").name_zh == "拜访"
    stages = Stage.objects.filter(organization=org)
    assert stages.filter(is_won=True).count() == 1
    assert stages.filter(is_lost=True).count() == 1


def test_new_organisation_gets_the_five_process_playbook() -> None:
    org = organization_provision(name="Playbook Co", slug="playbook-co")
    assert list(Process.objects.filter(organization=org).values_list("code", flat=True)) == [
        "customer_visit",
        "strategic_selling",
        "key_account",
        "customer_development",
        "customer_success",
    ]
    assert Step.objects.filter(process__organization=org).count() == STEPS
    keys = StepActivity.objects.filter(step__process__organization=org).values_list(
        "catalog_key", flat=True
    )
    assert sorted(keys) == sorted(
        a.name_en for p in PROCESSES for s in p.steps for a in s.activities
    )


def test_the_organisation_record_alone_has_no_catalog() -> None:
    org = organization_create(name="Bare", slug="bare")
    assert not ActivityType.objects.filter(organization=org).exists()
    assert not Stage.objects.filter(organization=org).exists()
    assert not Process.objects.filter(organization=org).exists()


def test_sync_of_a_complete_organisation_adds_nothing() -> None:
    org = organization_provision(name="Full", slug="full")
    report = catalog_sync(organization=org)
    assert (report.activity_types, report.stages, report.playbook_rows, report.added) == (
        0,
        0,
        0,
        0,
    )


def test_sync_adds_missing_entries_and_keeps_what_the_organisation_edited() -> None:
    org = organization_provision(name="Edited", slug="edited")
    # What a catalog added since this organisation was created is missing here …
    ActivityType.objects.filter(organization=org, code="legal_review").delete()
    visit_process = Process.objects.get(organization=org, code="customer_visit")
    trust = Step.objects.get(process=visit_process, code="trust")
    trust.delete()  # the step and its activity
    first_step = Step.objects.filter(process__organization=org).order_by("pk").first()
    assert first_step is not None
    missing = first_step.activities.order_by("order").last()
    assert missing is not None
    missing_key = missing.catalog_key
    missing.delete()
    # … and what the organisation edited must stay.
    renamed = first_step.activities.order_by("order").first()
    assert renamed is not None
    StepActivity.objects.filter(pk=renamed.pk).update(name_en="Our own name", order=990)
    visit_process.name_en = "Field visit"
    visit_process.save(update_fields=["name_en"])
    ActivityType.objects.filter(organization=org, code="visit").update(
        name_zh="上门", is_active=False
    )
    Stage.objects.filter(organization=org, is_won=False, is_lost=False).order_by("order")[
        0
    ].delete()
    stages_before = list(Stage.objects.filter(organization=org).values_list("pk", "name_en"))

    report = catalog_sync(organization=org)

    assert report.activity_types == 1
    assert ActivityType.objects.filter(organization=org, code="legal_review").count() == 1
    visit = ActivityType.objects.get(organization=org, code="visit")
    assert (visit.name_zh, visit.is_active) == ("上门", False)
    trust_entry = next(s for s in PROCESSES[0].steps if s.code == "trust")
    assert report.playbook_rows == 1 + len(trust_entry.activities) + 1
    assert Step.objects.filter(process=visit_process, code="trust").count() == 1
    assert first_step.activities.filter(catalog_key=missing_key).count() == 1
    renamed.refresh_from_db()
    assert (renamed.name_en, renamed.order) == ("Our own name", 990)
    assert first_step.activities.filter(catalog_key=renamed.catalog_key).count() == 1
    visit_process.refresh_from_db()
    assert visit_process.name_en == "Field visit"
    # The pipeline is the organisation's: no stage is added back.
    assert report.stages == 0
    assert list(Stage.objects.filter(organization=org).values_list("pk", "name_en")) == (
        stages_before
    )


def test_sync_installs_the_default_pipeline_only_where_there_is_none() -> None:
    org = organization_create(name="Bare", slug="bare")
    report = catalog_sync(organization=org)
    assert report.stages == Stage.objects.filter(organization=org).count() > 0
    assert report.activity_types == len(STANDARD_ACTIVITY_TYPES)
    assert report.playbook_rows == len(PROCESSES) + STEPS + STEP_ACTIVITIES


def test_catalog_sync_command_for_one_organisation_or_all() -> None:
    a = organization_create(name="A", slug="a")
    organization_provision(name="B", slug="b")
    out = StringIO()
    call_command("catalog", "sync", "--org", "a", stdout=out)
    assert out.getvalue().startswith(f"a: {len(STANDARD_ACTIVITY_TYPES)} activity types, ")
    assert ActivityType.objects.filter(organization=a).count() == len(STANDARD_ACTIVITY_TYPES)
    out = StringIO()
    call_command("catalog", "sync", "--all", stdout=out)
    assert out.getvalue().splitlines() == [
        "a: 0 activity types, 0 stages, 0 processes, steps and activities added",
        "b: 0 activity types, 0 stages, 0 processes, steps and activities added",
    ]


def test_catalog_sync_command_refuses_an_unknown_organisation() -> None:
    with pytest.raises(CommandError, match="No organisation with the slug 'nope'"):
        call_command("catalog", "sync", "--org", "nope")


def test_migration_backfills_catalog_keys_by_name_then_by_position() -> None:
    org = organization_provision(name="Old", slug="old")
    step = Step.objects.filter(process__organization=org).order_by("pk").first()
    assert step is not None
    first, *rest = list(step.activities.order_by("order"))
    expected = first.catalog_key
    StepActivity.objects.filter(step__process__organization=org).update(catalog_key="")
    StepActivity.objects.filter(pk=first.pk).update(name_en="Renamed before the migration")
    custom = StepActivity.objects.create(step=step, name_en="Own", name_zh="自有", order=995)

    migration = importlib.import_module("keyact.playbook.migrations.0003_stepactivity_catalog_key")
    migration.backfill(apps, None)

    first.refresh_from_db()
    assert first.catalog_key == expected
    assert all(
        a.catalog_key == a.name_en for a in StepActivity.objects.filter(pk__in=[r.pk for r in rest])
    )
    custom.refresh_from_db()
    assert custom.catalog_key == ""
    assert StepActivity.objects.filter(step__process__organization=org, catalog_key="").count() == 1
