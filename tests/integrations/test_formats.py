"""HubSpot, Pipedrive, Odoo, Chinese follow-up sheets and the generic importer, each on sample
files written from the product's documented export format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from keyact.activities.models import Activity, ActivityType
from keyact.customers.models import Contact, Customer
from keyact.deals.models import Opportunity, Stage
from keyact.orgs.models import Membership, Organization
from keyact.orgs.services import member_create
from keyact.users.models import User
from keyact.workspace.services import organization_provision
from tests.integrations.conftest import SAMPLES, run_import

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture
def team() -> Organization:
    """An organisation whose two reps are named in the sample files (in English or Chinese)."""
    org = organization_provision(slug="t", name="T", default_currency="CNY")
    for username, display, family, given in (
        ("wang", "Wang Fang", "王", "芳"),
        ("zhang", "Zhang Min", "张", "敏"),
    ):
        membership = member_create(
            organization=org, username=username, password=None, display_name=display
        )
        User.objects.filter(pk=membership.user_id).update(first_name=given, last_name=family)
    return org


def activities(org: Organization) -> dict[str, Activity]:
    return {
        a.external_id: a
        for a in Activity.objects.filter(organization=org).select_related(
            "type", "owner", "customer", "opportunity"
        )
    }


def test_hubspot_calls_meetings_tasks_and_notes(team: Organization) -> None:
    run = run_import("hubspot", SAMPLES / "hubspot", "--org", "t")

    assert run.ok, run.report["problems"]
    assert run.report["created"] == {
        "users": 0,
        "customers": 2,
        "contacts": 2,
        "opportunities": 2,
        "activities": 7,
    }
    assert run.report["skipped"]["activities"] == 1
    assert run.problems() == [
        ("meetings.csv", 4, "41003", "Meeting outcome", "warning"),
        ("", None, "note", "type", "warning"),
        ("", None, "to-do", "type", "warning"),
    ]
    rows = activities(team)
    call = rows["31001"]
    # hs_call_duration is in milliseconds; the disposition id reads as its outcome.
    assert (call.type.code, call.duration_minutes, call.subject) == (
        "communication",
        30,
        "Discovery call (Connected)",
    )
    assert call.occurred_at == dt.datetime(2024, 3, 5, 6, 30, tzinfo=UTC)
    assert (call.customer.name, call.opportunity.name, call.owner.username) == (
        "Northwind Robotics",
        "Northwind - AGV fleet",
        "wang",
    )
    assert [c.name for c in call.contacts.all()] == ["Grace Lin"]
    # A Unix timestamp in milliseconds, a one-minute call without answer.
    intro = rows["31002"]
    assert intro.occurred_at == dt.datetime(2024, 6, 1, 8, 0, tzinfo=UTC)
    assert (intro.duration_minutes, intro.subject) == (1, "Intro call (No answer)")
    visit = rows["41001"]
    assert (visit.type.code, visit.status, visit.duration_minutes) == ("appointment", "done", None)
    assert visit.notes == "Walked the warehouse.\nNext: proposal."
    assert visit.ended_at - visit.occurred_at == dt.timedelta(hours=2)
    assert rows["41002"].status == "planned"
    assert (rows["51002"].type.name_en, rows["51002"].type.counterpart) == ("To-do", "self")
    assert rows["61001"].type.name_en == "Note"
    deal = Opportunity.objects.get(external_id="9001")
    assert (deal.status, deal.amount, deal.closed_date) == (
        "won",
        Decimal("1200000.00"),
        dt.date(2024, 4, 30),
    )
    assert Opportunity.objects.get(external_id="9002").stage.name_en == "Solution / demo"
    northwind = Customer.objects.get(external_id="5102938475")
    assert (northwind.employees, northwind.annual_revenue, northwind.owner.username) == (
        850,
        Decimal("42000000.00"),
        "wang",
    )


def test_pipedrive_activities_link_organisations_people_and_deals_by_name(
    team: Organization,
) -> None:
    run = run_import("pipedrive", SAMPLES / "pipedrive", "--org", "t")

    assert run.ok, run.report["problems"]
    assert run.report["created"] == {
        "users": 0,
        "customers": 2,
        "contacts": 2,
        "opportunities": 2,
        "activities": 3,
    }
    rows = activities(team)
    kickoff = rows["1001"]
    shanghai = timezone.get_default_timezone()
    assert kickoff.occurred_at == dt.datetime(2024, 2, 2, 9, 30, tzinfo=shanghai)
    assert (kickoff.status, kickoff.duration_minutes, kickoff.type.code) == (
        "done",
        30,
        "communication",
    )
    assert (kickoff.customer.name, kickoff.opportunity.name, kickoff.owner.username) == (
        "Helios Solar GmbH",
        "Helios inverter service",
        "zhang",
    )
    assert [c.name for c in kickoff.contacts.all()] == ["Anna Schmidt"]
    assert rows["1002"].duration_minutes == 120
    assert (rows["1003"].status, rows["1003"].type.name_en) == ("planned", "Task")
    helios = Opportunity.objects.get(external_id="77")
    assert (helios.status, helios.currency, helios.amount) == ("won", "EUR", Decimal("85000.00"))
    assert Opportunity.objects.get(external_id="78").stage.name_en == "Proposal / quote"


def test_odoo_leads_and_scheduled_activities(team: Organization) -> None:
    run = run_import("odoo", SAMPLES / "odoo", "--org", "t")

    assert run.ok, run.report["problems"]
    assert run.report["created"] == {
        "users": 0,
        "customers": 2,
        "contacts": 0,
        "opportunities": 2,
        "activities": 2,
    }
    won = Opportunity.objects.get(external_id="__export__.crm_lead_41_5f3a2c")
    assert (won.status, won.customer.name, won.owner.username, won.closed_date) == (
        "won",
        "Azure Interior",
        "wang",
        dt.date(2024, 3, 28),
    )
    quote = Opportunity.objects.get(name="Quote for 150 carpets")
    assert (quote.stage.name_en, quote.status) == ("Proposal / quote", "open")
    rows = activities(team)
    call = rows["__export__.mail_activity_7_1a2b3c"]
    # mail.activity holds planned activities; the HTML note becomes text.
    assert (call.status, call.type.code, call.opportunity_id, call.customer_id) == (
        "planned",
        "communication",
        quote.pk,
        quote.customer_id,
    )
    assert call.notes == "Ask about the delivery date."
    assert call.subject == "Follow up on the quote"


def test_a_chinese_follow_up_sheet_in_gbk(team: Organization) -> None:
    hengtong = Customer.objects.create(organization=team, name="苏州恒通机械有限公司")
    Opportunity.objects.create(
        organization=team,
        customer=hengtong,
        owner=User.objects.get(username="wang"),
        name="恒通-产线改造",
        stage=Stage.objects.filter(organization=team).order_by("order").first(),
    )
    run = run_import("followup", SAMPLES / "followup", "--org", "t")

    assert run.ok, run.report["problems"]
    assert run.problems() == [("跟进记录.csv", None, "", "", "warning")]
    assert run.reasons() == ["Read as GB18030 (Chinese GBK) text, detected from its bytes."]
    # Five activities from four rows: the first row plans its next follow-up; the account
    # named only in the sheet is created, owned by the person who followed it up.
    assert run.report["created"] == {
        "users": 0,
        "customers": 1,
        "contacts": 0,
        "opportunities": 0,
        "activities": 5,
    }
    huaxing = Customer.objects.get(name="无锡华兴电子有限公司")
    assert huaxing.owner.username == "zhang"
    shanghai = timezone.get_default_timezone()
    rows = sorted(
        Activity.objects.filter(organization=team).select_related("type", "customer"),
        key=lambda a: (a.occurred_at, a.status),
    )
    assert [
        (a.occurred_at.astimezone(shanghai).strftime("%m-%d %H:%M"), a.type.code, a.status)
        for a in rows
    ] == [
        ("05-06 10:30", "communication", "done"),
        ("05-10 14:00", "visit", "done"),
        ("05-10 14:00", "communication", "planned"),
        ("05-12 00:00", "communication", "done"),
        ("05-13 00:00", "reference_visit", "done"),
    ]
    # 下次跟进时间 of the first row: the next follow-up, planned with the same customer.
    (planned,) = [a for a in rows if a.status == "planned"]
    assert (planned.subject, planned.customer_id) == ("Next follow-up", hengtong.pk)
    first = rows[0]
    assert first.notes.startswith("确认需求") and first.notes.endswith("预算约 200 万。")
    assert first.owner.username == "wang"


def test_re_importing_a_follow_up_sheet_creates_nothing_new(team: Organization) -> None:
    hengtong = Customer.objects.create(organization=team, name="苏州恒通机械有限公司")
    Opportunity.objects.create(
        organization=team,
        customer=hengtong,
        owner=User.objects.get(username="wang"),
        name="恒通-产线改造",
        stage=Stage.objects.filter(organization=team).order_by("order").first(),
    )
    run_import("followup", SAMPLES / "followup", "--org", "t")
    again = run_import("followup", SAMPLES / "followup", "--org", "t")
    assert again.report["created"]["activities"] == 0
    assert again.report["unchanged"]["activities"] == 5
    assert Activity.objects.filter(organization=team).count() == 5


def test_a_follow_up_naming_an_unknown_deal_or_person_cannot_be_attributed(
    team: Organization,
) -> None:
    run = run_import("followup", SAMPLES / "followup", "--org", "t")
    assert not run.ok
    assert (
        run.reasons("error")
        == ["恒通-产线改造: no such opportunity in the export nor in keyact."] * 4
    )
    assert [p[:2] + p[3:] for p in run.problems("error")] == [
        ("跟进记录.csv", 2, "关联商机", "error"),
        ("跟进记录.csv", 2, "关联商机", "error"),
        ("跟进记录.csv", 3, "关联商机", "error"),
        ("跟进记录.csv", 5, "关联商机", "error"),
    ]
    assert not Activity.objects.filter(organization=team).exists()
    assert not Customer.objects.filter(organization=team).exists()


def test_the_generic_importer_with_a_mapping_builds_teams_accounts_and_deals() -> None:
    run = run_import(
        "generic",
        SAMPLES / "generic",
        "--org",
        "north",
        "--currency",
        "USD",
        "--mapping",
        str(SAMPLES / "generic" / "mapping.json"),
    )

    assert run.ok, run.report["problems"]
    assert run.report["created"] == {
        "users": 4,
        "customers": 2,
        "contacts": 0,
        "opportunities": 4,
        "activities": 0,
    }
    org = Organization.objects.get(slug="north")
    tree = {
        m.user.display_name: (m.role, str(m.manager or ""), str(m.department or ""))
        for m in Membership.objects.filter(organization=org).select_related(
            "user", "manager", "department"
        )
    }
    assert tree == {
        "Lena Ortiz": ("rep", "Priya Raman", "North"),
        "Omar Haddad": ("rep", "Felix Brandt", "South"),
        "Priya Raman": ("department_head", "", ""),
        "Felix Brandt": ("department_head", "", ""),
    }
    # Revenue in millions in the sheet, scaled by the mapping.
    assert Customer.objects.get(name="Riverbend").annual_revenue == Decimal("640500000.00")
    deals = {
        o.external_id: (o.status, o.stage.name_en, o.amount, o.currency, str(o.customer or ""))
        for o in Opportunity.objects.filter(organization=org).select_related("stage", "customer")
    }
    assert deals == {
        "K7Q2M9A1": ("won", "Won", Decimal("1180.00"), "USD", "Riverbend"),
        "P3X8W4B2": ("won", "Won", Decimal("5230.00"), "USD", "Talloway"),
        "R5N1T6C3": ("open", "Qualified", None, "USD", ""),
        "V9H4J2D4": ("lost", "Lost", Decimal("0.00"), "USD", "Riverbend"),
    }
    assert not ActivityType.objects.filter(organization=org, category="industry").exists()
    assert not Contact.objects.filter(organization=org).exists()
