"""The five-process catalog, its installation per organisation, and admin edits."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import ProtectedError

from keyact.activities.models import ActivityType
from keyact.core.errors import DomainError, NotFound, PermissionDenied
from keyact.playbook.catalog import PROCESSES, processes_for_modes
from keyact.playbook.models import DiagnosisSettings, Process, Step, StepActivity
from keyact.playbook.selectors import process_list, thresholds_get
from keyact.playbook.services import (
    diagnosis_settings_update,
    playbook_install,
    process_update,
    processes_set_in_use,
    step_activity_create,
    step_activity_update,
    step_create,
    step_move,
    step_update,
    steps_reorder,
)
from tests.conftest import World


def test_the_catalog_is_complete_in_both_languages() -> None:
    assert [p.code for p in PROCESSES] == [
        "customer_visit",
        "strategic_selling",
        "key_account",
        "customer_development",
        "customer_success",
    ]
    for process in PROCESSES:
        for text in (
            process.name_en,
            process.name_zh,
            process.description_en,
            process.description_zh,
            process.methodology_en,
            process.methodology_zh,
            process.focus_en,
            process.focus_zh,
        ):
            assert text.strip()
        assert process.steps
        assert len({s.code for s in process.steps}) == len(process.steps)
        for step in process.steps:
            assert step.name_en and step.name_zh and step.purpose_en and step.purpose_zh
            assert step.activities
            for activity in step.activities:
                assert activity.name_en and activity.name_zh


def test_critical_steps_follow_the_method() -> None:
    critical = {p.code: [s.name_zh for s in p.steps if s.critical] for p in PROCESSES}
    assert critical["customer_visit"] == ["获取信息", "建立优势", "获取承诺"]
    visit_steps = [s.name_zh for s in PROCESSES[0].steps]
    assert visit_steps == [
        "制作拜访计划",
        "设计承诺目标",
        "建立信任关系",
        "获取信息",
        "建立优势",
        "获取承诺",
    ]
    assert [s.name_zh for s in PROCESSES[2].steps] == ["选择", "定位", "计划", "管理", "检验"]


def test_modes_map_to_processes() -> None:
    assert processes_for_modes(["large_order"]) == ["customer_visit", "strategic_selling"]
    assert processes_for_modes(["small_customer", "large_account"]) == [
        "key_account",
        "customer_success",
    ]


@pytest.mark.django_db
def test_install_is_idempotent_and_maps_activity_types(world: World) -> None:
    # organization_create installed the playbook already: a second install adds nothing.
    steps = sum(len(p.steps) for p in PROCESSES)
    activities = sum(len(s.activities) for p in PROCESSES for s in p.steps)
    assert Step.objects.filter(process__organization=world.org).count() == steps
    assert StepActivity.objects.filter(step__process__organization=world.org).count() == activities
    assert playbook_install(organization=world.org) == 0
    assert Process.objects.filter(organization=world.org).count() == 5
    visit = StepActivity.objects.get(
        step__process__organization=world.org,
        step__code="trust",
        step__process__code="customer_visit",
    )
    assert visit.activity_type == ActivityType.objects.get(organization=world.org, code="visit")
    assert Process.objects.filter(organization=world.other_org).count() == 5


@pytest.mark.django_db
def test_install_keeps_what_admins_changed(world: World) -> None:
    playbook_install(organization=world.org)
    process = Process.objects.get(organization=world.org, code="customer_visit")
    process_update(actor=world.users["admin"], process_id=process.pk, name_en="Field visit")
    Step.objects.filter(process=process, code="trust").delete()
    assert playbook_install(organization=world.org) == 2  # the step and its one activity
    process.refresh_from_db()
    assert process.name_en == "Field visit"


@pytest.fixture
def installed(world: World) -> World:
    playbook_install(organization=world.org)
    return world


@pytest.mark.django_db
def test_admin_renames_reorders_and_adds_industry_steps(installed: World) -> None:
    admin = installed.users["admin"]
    process = Process.objects.get(organization=installed.org, code="customer_development")
    step = step_create(
        actor=admin, process_id=process.pk, name_en="Tasting", name_zh="试吃", is_critical=True
    )
    assert not step.is_standard
    assert list(process.steps.order_by("order").values_list("pk", flat=True))[-1] == step.pk
    step_move(actor=admin, step_id=step.pk, direction="up")
    ids = list(process.steps.order_by("order").values_list("pk", flat=True))
    assert ids[-2] == step.pk
    step_update(actor=admin, step_id=step.pk, name_zh="产品试吃")
    tasting_type = ActivityType.objects.create(
        organization=installed.org, code="tasting", name_en="Tasting", name_zh="试吃"
    )
    item = step_activity_create(
        actor=admin,
        step_id=step.pk,
        name_en="Run a tasting",
        name_zh="组织试吃",
        activity_type_id=tasting_type.pk,
    )
    assert item.activity_type == tasting_type
    step_activity_update(actor=admin, step_activity_id=item.pk, clear_activity_type=True)
    item.refresh_from_db()
    assert item.activity_type is None


@pytest.mark.django_db
def test_a_step_cannot_move_to_another_process(installed: World) -> None:
    admin = installed.users["admin"]
    visit = Process.objects.get(organization=installed.org, code="customer_visit")
    strategic = Process.objects.get(organization=installed.org, code="strategic_selling")
    step = visit.steps.get(code="plan")
    with pytest.raises(DomainError, match="cannot move to another process"):
        step_update(actor=admin, step_id=step.pk, process_id=strategic.pk)
    other_ids = list(strategic.steps.values_list("pk", flat=True))
    with pytest.raises(DomainError, match="cannot move to another process"):
        steps_reorder(actor=admin, process_id=strategic.pk, step_ids=[step.pk, *other_ids])
    step.refresh_from_db()
    assert step.process_id == visit.pk
    assert list(strategic.steps.order_by("order").values_list("pk", flat=True)) == other_ids


@pytest.mark.django_db
def test_a_mapped_activity_type_cannot_be_deleted(installed: World) -> None:
    visit_type = ActivityType.objects.get(organization=installed.org, code="product_demo")
    mapped = StepActivity.objects.filter(activity_type=visit_type).count()
    assert mapped >= 1
    with pytest.raises(ProtectedError):
        visit_type.delete()
    assert StepActivity.objects.filter(activity_type=visit_type).count() == mapped


@pytest.mark.django_db
def test_only_admins_edit_the_playbook(installed: World) -> None:
    process = Process.objects.get(organization=installed.org, code="customer_visit")
    with pytest.raises(PermissionDenied):
        process_update(actor=installed.users["manager"], process_id=process.pk, name_en="X")
    with pytest.raises(NotFound):
        process_update(actor=installed.users["other_admin"], process_id=process.pk, name_en="X")
    process.refresh_from_db()
    assert process.name_en == "Customer visit"


@pytest.mark.django_db
def test_processes_in_use(installed: World) -> None:
    admin = installed.users["admin"]
    chosen = list(
        Process.objects.filter(organization=installed.org, code__in=["key_account"]).values_list(
            "pk", flat=True
        )
    )
    processes_set_in_use(actor=admin, process_ids=chosen)
    assert [p.code for p in process_list(user=admin) if p.in_use] == ["key_account"]


@pytest.mark.django_db
def test_thresholds_default_to_the_currency_and_can_be_set(world: World) -> None:
    thresholds, currency, was_set = thresholds_get(organization_id=world.org.pk)
    assert (thresholds.large_order_amount, currency, was_set) == (Decimal(100000), "CNY", False)
    diagnosis_settings_update(
        actor=world.users["admin"],
        large_order_amount="50000",
        large_customer_employees=300,
        large_customer_revenue="20000000",
        dominant_share="0.4",
    )
    thresholds, _currency, was_set = thresholds_get(organization_id=world.org.pk)
    assert was_set
    assert thresholds.large_order_amount == Decimal("50000.00")
    assert thresholds.dominant_share == Decimal("0.400")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "employees", "revenue", "share", "field"),
    [
        ("-1", 300, "20000000", None, "large_order_amount"),
        ("0", 300, "20000000", None, "large_order_amount"),
        ("50000", 0, "20000000", None, "large_customer_employees"),
        ("50000", 300, "-5", None, "large_customer_revenue"),
        ("50000", 300, "40000", None, "large_customer_revenue"),  # inverted
        ("50000", 300, "20000000", "1.5", "dominant_share"),
        ("abc", 300, "20000000", None, "large_order_amount"),
    ],
)
def test_bad_thresholds_are_refused_and_nothing_changes(
    world: World, amount: str, employees: int, revenue: str, share: str | None, field: str
) -> None:
    diagnosis_settings_update(
        actor=world.users["admin"],
        large_order_amount="70000",
        large_customer_employees=400,
        large_customer_revenue="90000000",
    )
    with pytest.raises(DomainError) as info:
        diagnosis_settings_update(
            actor=world.users["admin"],
            large_order_amount=amount,
            large_customer_employees=employees,
            large_customer_revenue=revenue,
            dominant_share=share,
        )
    assert info.value.field == field
    row = DiagnosisSettings.objects.get(organization=world.org)
    assert (row.large_order_amount, row.large_customer_employees, row.large_customer_revenue) == (
        Decimal("70000.00"),
        400,
        Decimal("90000000.00"),
    )


@pytest.mark.django_db
def test_only_admins_set_thresholds(world: World) -> None:
    with pytest.raises(PermissionDenied):
        diagnosis_settings_update(
            actor=world.users["manager"],
            large_order_amount="1",
            large_customer_employees=1,
            large_customer_revenue="1",
        )
    assert not DiagnosisSettings.objects.exists()


def test_every_playbook_string_has_a_chinese_translation() -> None:
    po = (
        Path(__file__).resolve().parents[2] / "keyact/playbook/locale/zh_Hans/LC_MESSAGES/django.po"
    ).read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]  # the first block is the header
    assert len(entries) > 250
    missing = [
        e for e in entries if re.search(r'^msgstr(\[0\])? ""$(?!\n")', e, re.M) or "#, fuzzy" in e
    ]
    assert missing == []
    assert (
        Path(__file__).resolve().parents[2] / "keyact/playbook/locale/zh_Hans/LC_MESSAGES/django.mo"
    ).exists()
