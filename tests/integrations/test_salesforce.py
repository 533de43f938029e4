"""Salesforce data export: the reporting tree, accounts, deals and activities; idempotent
re-import; nothing half-done."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from keyact.activities.models import Activity, ActivityChange, ActivityType
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity, StageChange
from keyact.integrations.engine.activities import ActivityLoader
from keyact.integrations.formats.salesforce import sf_id
from keyact.integrations.models import ImportBatch
from keyact.orgs.models import Department, Membership, Organization
from keyact.workspace.services import organization_provision
from tests.integrations.conftest import SAMPLES, run_import

pytestmark = pytest.mark.django_db

SF = SAMPLES / "salesforce"
UTC = dt.UTC


def counts(org: Organization) -> dict[str, int]:
    return {
        "users": Membership.objects.filter(organization=org).count(),
        "customers": Customer.objects.filter(organization=org).count(),
        "contacts": Contact.objects.filter(organization=org).count(),
        "opportunities": Opportunity.objects.filter(organization=org).count(),
        "activities": Activity.objects.filter(organization=org).count(),
    }


def test_fifteen_character_ids_take_their_eighteen_character_form() -> None:
    assert sf_id("0055g00000Bk1Ab") == "0055g00000Bk1AbAAJ"
    assert sf_id("0055g00000Bk1AbAAJ") == "0055g00000Bk1AbAAJ"
    assert sf_id("001A0000006Vm9r") == "001A0000006Vm9rIAC"  # Salesforce's documented example
    assert sf_id("000000000000000AAA") == sf_id("") == ""


def test_a_salesforce_export_creates_the_organisation_and_everything_in_it() -> None:
    run = run_import("salesforce", SF, "--org", "huadong", "--org-name", "Huadong Automation")

    assert run.ok
    assert run.report["committed"] is True
    assert run.report["created"] == {
        "users": 4,
        "customers": 2,
        "contacts": 2,
        "opportunities": 3,
        "activities": 7,
    }
    assert run.report["skipped"]["customers"] == 1
    assert run.problems() == [
        ("Account.csv", 4, "0015g00000Hx9QcAAJ", "IsDeleted", "warning"),
        ("Task.csv", 6, "00T5g00000Nr4SdEAJ", "ActivityDate", "warning"),
        ("", None, "other", "type", "warning"),
        ("", None, "team-meeting", "type", "warning"),
    ]
    org = Organization.objects.get(slug="huadong")
    assert org.name == "Huadong Automation"
    assert counts(org) == {
        "users": 4,
        "customers": 2,
        "contacts": 2,
        "opportunities": 3,
        "activities": 7,
    }


def test_roles_and_managers_build_the_reporting_tree() -> None:
    run_import("salesforce", SF, "--org", "huadong")
    tree = {
        m.user.display_name: (m.role, str(m.manager or ""), m.department.name, m.is_active)
        for m in Membership.objects.select_related("user", "manager", "department")
    }
    assert tree == {
        "Li Wei": ("department_head", "", "VP Sales China", True),
        "Zhang Min": ("manager", "Li Wei", "East China Sales", True),
        # ManagerId given as a 15-character id in the export.
        "Wang Fang": ("rep", "Zhang Min", "East China Sales", True),
        "Chen Jie": ("rep", "Zhang Min", "East China Sales", False),
    }
    units = {d.name: (d.kind, str(d.parent or "")) for d in Department.objects.all()}
    assert units == {
        "CEO": ("department", ""),
        "VP Sales China": ("department", "CEO"),
        "East China Sales": ("team", "VP Sales China"),
    }
    chen = Membership.objects.get(user__display_name="Chen Jie")
    assert chen.user.is_active is False
    assert (chen.external_source, chen.external_id) == ("salesforce", "0055g00000Bk1AdAAJ")


def test_accounts_contacts_and_deals_keep_size_stage_and_outcome() -> None:
    run_import("salesforce", SF, "--org", "huadong")
    spm = Customer.objects.get(external_id="0015g00000Hx9QaAAJ")
    assert (spm.name, spm.employees, spm.annual_revenue, spm.industry) == (
        "Shanghai Precision Motors Co., Ltd.",
        5200,
        Decimal("1250000000.00"),
        "Manufacturing",
    )
    assert spm.owner.display_name == "Wang Fang"
    assert spm.address == "88 Zhangjiang Road, Shanghai, Shanghai, 201203, China"
    assert Contact.objects.get(external_id="0035g00000Jm2PbAAJ").name == "刘洋"
    deals = {
        o.name: (o.stage.name_en, o.status, o.amount, o.closed_date, o.owner.display_name)
        for o in Opportunity.objects.select_related("stage", "owner")
    }
    assert deals == {
        "SPM - Servo line retrofit": (
            "Won",
            "won",
            Decimal("2400000.00"),
            dt.date(2024, 11, 20),
            "Wang Fang",
        ),
        "SPM - Spare parts framework 2025": (
            "Negotiation",
            "open",
            Decimal("380000.00"),
            None,
            "Wang Fang",
        ),
        "云帆 - 仓储自动化一期": (
            "Lost",
            "lost",
            Decimal("960000.00"),
            dt.date(2024, 9, 30),
            "Zhang Min",
        ),
    }
    assert StageChange.objects.count() == 3


def test_tasks_and_events_become_activities_with_types_links_status_and_times() -> None:
    run_import("salesforce", SF, "--org", "huadong")
    rows = {
        a.external_id: a
        for a in Activity.objects.select_related("type", "customer", "opportunity", "owner")
    }
    call = rows["00T5g00000Nr4SaEAJ"]
    assert (call.type.code, call.status, call.duration_minutes) == ("communication", "done", 9)
    # Completed at CompletedDateTime; linked to the opportunity, its account and the contact.
    assert call.occurred_at == dt.datetime(2024, 6, 3, 1, 35, tzinfo=UTC)
    assert call.opportunity.name == "SPM - Servo line retrofit"
    assert call.customer.name == "Shanghai Precision Motors Co., Ltd."
    assert [c.name for c in call.contacts.all()] == ["Hui Zhou"]
    assert call.notes == "Confirmed the survey for 12 June.\nZhou will bring the plant engineer."
    # Not started: planned on its due date; a formula in the description stays plain text.
    follow_up = rows["00T5g00000Nr4ScEAJ"]
    assert follow_up.status == "planned"
    assert follow_up.notes == '=HYPERLINK("http://evil.example","click")'
    # No ActivityDate: dated by CreatedDate (read in the organisation's zone, Asia/Shanghai).
    plan = rows["00T5g00000Nr4SdEAJ"]
    assert plan.occurred_at == dt.datetime(2024, 7, 1, 1, 0, tzinfo=UTC)
    assert plan.type.name_en == "Other"
    # An event: start, end and duration; past → done, future → planned.
    survey = rows["00U5g00000Ps5TaEAJ"]
    assert (survey.type.code, survey.status, survey.duration_minutes) == (
        "appointment",
        "done",
        120,
    )
    assert survey.ended_at == dt.datetime(2024, 6, 12, 3, 30, tzinfo=UTC)
    assert rows["00U5g00000Ps5TbEAJ"].status == "planned"
    assert rows["00U5g00000Ps5TbEAJ"].type.code == "product_demo"
    # New types: counterpart guessed from the name, else from the rows' links.
    created = {
        t.name_en: t.counterpart
        for t in ActivityType.objects.filter(category="industry", organization__slug="huadong")
    }
    assert created == {"Other": "customer", "Team Meeting": "manager"}


def test_importing_the_same_export_again_changes_nothing() -> None:
    run_import("salesforce", SF, "--org", "huadong")
    org = Organization.objects.get(slug="huadong")
    before = counts(org)
    again = run_import("salesforce", SF, "--org", "huadong")
    assert again.ok and again.report["committed"]
    assert again.report["created"] == dict.fromkeys(before, 0)
    assert again.report["updated"] == dict.fromkeys(before, 0)
    assert again.report["unchanged"] == before
    assert counts(org) == before
    assert ImportBatch.objects.filter(organization=org, status="committed").count() == 2


def test_a_newer_export_updates_what_changed_and_keeps_keyact_edits(
    sample_copy,
) -> None:  # type: ignore[no-untyped-def]
    run_import("salesforce", SF, "--org", "huadong")
    # In keyact: a manager corrects the subject of the call and the revenue of an account.
    call = Activity.objects.get(external_id="00T5g00000Nr4SaEAJ")
    Activity.objects.filter(pk=call.pk).update(subject="Call Zhou: survey date")
    Customer.objects.filter(external_id="0015g00000Hx9QaAAJ").update(annual_revenue=1)
    # In Salesforce: the call's description and the framework deal's stage change.
    newer = sample_copy("salesforce")
    task = (newer / "Task.csv").read_text(encoding="utf-8")
    (newer / "Task.csv").write_text(
        task.replace("Zhou will bring the plant engineer.", "Zhou brings the engineer."),
        encoding="utf-8",
    )
    deals = (newer / "Opportunity.csv").read_text(encoding="utf-8")
    (newer / "Opportunity.csv").write_text(
        deals.replace(
            '"Negotiation/Review","380000","90","2025-03-31"',
            '"Closed Won","380000","100","2025-03-28"',
        ).replace(
            '"2025-03-28","Existing Customer - Upgrade","","false","false"',
            '"2025-03-28","Existing Customer - Upgrade","","true","true"',
        ),
        encoding="utf-8",
    )
    run = run_import("salesforce", newer, "--org", "huadong")

    assert run.report["updated"] == {
        "users": 0,
        "customers": 0,
        "contacts": 0,
        "opportunities": 1,
        "activities": 1,
    }
    assert run.report["unchanged"]["activities"] == 6
    call.refresh_from_db()
    assert call.notes == "Confirmed the survey for 12 June.\nZhou brings the engineer."
    assert call.subject == "Call Zhou: survey date"  # kept: Salesforce did not change it
    assert call.version == 2
    change = ActivityChange.objects.get(activity=call)
    assert set(change.changes) == {"notes"}
    assert Customer.objects.get(external_id="0015g00000Hx9QaAAJ").annual_revenue == 1
    framework = Opportunity.objects.get(external_id="0065g00000Lq3RbAAJ")
    assert (framework.status, framework.closed_date) == ("won", dt.date(2025, 3, 28))
    assert framework.stage_changes.count() == 2
    # The update is a change like any other: a copy read before the import is now stale.
    assert framework.version == 2
    assert Customer.objects.get(external_id="0015g00000Hx9QaAAJ").version == 1


def _dirty(folder: Path) -> None:
    """Unknown owner, empty required date on an event, a duplicate row, a bad amount."""
    task = folder / "Task.csv"
    lines = task.read_text(encoding="utf-8").splitlines(keepends=True)
    header, first = lines[0], lines[1] + lines[2]
    unknown_owner = lines[4].replace("0055g00000Bk1AbAAJ", "0055g00000ZZZZZAAA")
    task.write_text(
        header
        + first
        + first
        + "".join(lines[3:])
        + unknown_owner.replace("00T5g00000Nr4SbEAJ", "00T5g00000Nr4SzEAJ"),
        encoding="utf-8",
    )
    deals = folder / "Opportunity.csv"
    deals.write_text(
        deals.read_text(encoding="utf-8").replace('"960000"', '"九十六万"'), encoding="utf-8"
    )


def _dirty(folder: Path) -> None:
    """A copied task (same id, same values), an unknown owner, a bad amount, an event without
    a start."""
    task = folder / "Task.csv"
    lines = task.read_text(encoding="utf-8").splitlines(keepends=True)
    header, first = lines[0], lines[1] + lines[2]
    unknown = (
        lines[3]
        .replace("0055g00000Bk1AbAAJ", "0055g00000ZZZZZAAA")
        .replace("00T5g00000Nr4SbEAJ", "00T5g00000Nr4SzEAJ")
    )
    task.write_text(header + first + "".join(lines[3:]) + first + unknown, encoding="utf-8")
    deals = folder / "Opportunity.csv"
    deals.write_text(
        deals.read_text(encoding="utf-8").replace('"960000"', '"九十六万"'), encoding="utf-8"
    )
    events = folder / "Event.csv"
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            '"2099-02-20T06:00:00.000+0000","2099-02-20","90","2099-02-20T06:00:00.000+0000"',
            '"","","90",""',
        ),
        encoding="utf-8",
    )


DIRTY_PROBLEMS = [
    ("Account.csv", 4, "0015g00000Hx9QcAAJ", "IsDeleted", "warning"),
    ("Opportunity.csv", 4, "0065g00000Lq3RcAAJ", "Amount", "error"),
    ("Task.csv", 6, "00T5g00000Nr4SdEAJ", "ActivityDate", "warning"),
    ("", None, "other", "type", "warning"),
    ("", None, "team-meeting", "type", "warning"),
    ("Task.csv", 8, "00T5g00000Nr4SaEAJ", "", "warning"),
    ("Task.csv", 10, "00T5g00000Nr4SzEAJ", "OwnerId", "error"),
    ("Event.csv", 3, "00U5g00000Ps5TbEAJ", "StartDateTime", "error"),
]


def test_abort_writes_nothing_and_lists_every_problem(sample_copy) -> None:  # type: ignore[no-untyped-def]
    folder = sample_copy("salesforce")
    _dirty(folder)
    run = run_import("salesforce", folder, "--org", "huadong")

    assert not run.ok and run.error == "nothing written: 3 error(s)"
    assert run.report["committed"] is False
    assert run.problems() == DIRTY_PROBLEMS
    assert run.reasons("error") == [
        "Not a number: 九十六万",
        "0055g00000ZZZZZAAA: no such person in the export nor in keyact.",
        "Required: the event has no start.",
    ]
    # The organisation was new: it goes with its import (no empty organisation left behind).
    assert not Organization.objects.filter(slug="huadong").exists()
    assert not ImportBatch.objects.exists()
    assert not ActivityType.objects.filter(organization__slug="huadong").exists()


def test_an_aborted_import_into_an_existing_organisation_keeps_only_the_failed_batch(
    sample_copy,
) -> None:  # type: ignore[no-untyped-def]
    folder = sample_copy("salesforce")
    _dirty(folder)
    org = organization_provision(name="Huadong", slug="huadong")
    types = ActivityType.objects.filter(organization=org).count()
    run = run_import("salesforce", folder, "--org", "huadong")

    assert not run.ok and run.report["committed"] is False
    assert counts(org) == dict.fromkeys(counts(org), 0)
    assert ActivityType.objects.filter(organization=org).count() == types
    batch = ImportBatch.objects.get(organization=org)
    assert batch.status == "failed"
    assert len(batch.report["problems"]) == len(DIRTY_PROBLEMS)


@pytest.mark.django_db(transaction=True)
def test_an_import_that_breaks_off_leaves_no_new_organisation(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An exception or an interrupt half-way (after people, accounts and deals were written)
    rolls back the organisation that was created for the import."""

    def interrupted(self, items):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(ActivityLoader, "create", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_import("salesforce", SF, "--org", "huadong")

    assert not Organization.objects.filter(slug="huadong").exists()
    assert not ImportBatch.objects.exists()
    assert not Customer.objects.exists() and not Opportunity.objects.exists()
    assert not Membership.objects.exists()


def test_skip_writes_the_valid_rows_and_reports_the_bad_ones(sample_copy) -> None:  # type: ignore[no-untyped-def]
    folder = sample_copy("salesforce")
    _dirty(folder)
    run = run_import("salesforce", folder, "--org", "huadong", "--on-error", "skip")

    assert run.ok and run.report["committed"] is True
    assert run.problems() == DIRTY_PROBLEMS
    assert run.report["skipped"] == {
        "users": 0,
        "customers": 1,
        "contacts": 0,
        "opportunities": 1,
        "activities": 3,
    }
    org = Organization.objects.get(slug="huadong")
    assert counts(org) == {
        "users": 4,
        "customers": 2,
        "contacts": 2,
        "opportunities": 2,
        "activities": 6,
    }
    assert not Activity.objects.filter(external_id="00T5g00000Nr4SzEAJ").exists()


def test_a_dry_run_checks_everything_and_writes_nothing() -> None:
    run = run_import("salesforce", SF, "--org", "huadong", "--dry-run")
    assert run.ok and run.report["committed"] is False
    assert run.report["created"]["activities"] == 7
    # Not even the organisation the import would create.
    assert not Organization.objects.filter(slug="huadong").exists()
    assert not ImportBatch.objects.exists()


def test_a_dry_run_into_an_existing_organisation_records_the_check() -> None:
    org = organization_provision(name="Huadong", slug="huadong")
    run = run_import("salesforce", SF, "--org", "huadong", "--dry-run")
    assert run.ok and run.report["committed"] is False
    assert counts(org) == dict.fromkeys(counts(org), 0)
    assert ImportBatch.objects.get(organization=org).status == "validated"


def test_a_completed_task_dated_in_the_future_is_refused(sample_copy) -> None:  # type: ignore[no-untyped-def]
    folder = sample_copy("salesforce")
    task = folder / "Task.csv"
    with task.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["Id"] == "00T5g00000Nr4ScEAJ":
            row.update(Status="Completed", IsClosed="true")
    with task.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    run = run_import("salesforce", folder, "--org", "huadong", "--on-error", "skip")
    assert run.problems("error") == [("Task.csv", 5, "00T5g00000Nr4ScEAJ", "ActivityDate", "error")]
    assert run.reasons("error") == [
        "A done activity cannot lie in the future; plan it instead, or correct the time."
    ]
