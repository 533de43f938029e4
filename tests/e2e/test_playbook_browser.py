"""The playbook in a real browser: the diagnosis page draws its ECharts charts and tables, and a rep
plans a visit, records its result and sees it marked successful. Both languages; screenshots go
into ``test-artifacts/``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from keyact.deals.models import Opportunity, Stage
from keyact.orgs.models import Department, Role
from keyact.playbook.models import VisitPlan
from tests.factories import (
    PASSWORD,
    CustomerFactory,
    DepartmentFactory,
    OpportunityFactory,
    OrganizationFactory,
    member,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TEXTS = {
    "en": {
        "locale": "en-US",
        "title": "Sales-mode diagnosis",
        "dominant": "Large-account mode",
        "fits": "Key account management",
        "successful": "successful",
        "recorded": "Visit result recorded.",
    },
    "zh-hans": {
        "locale": "zh-CN",
        "title": "销售模式诊断",
        "dominant": "大客户模式",
        "fits": "客户经营",
        "successful": "成功",
        "recorded": "拜访结果已记录。",
    },
}


def _seed() -> dict[str, Any]:
    org = OrganizationFactory(name="Riverside Industrial", slug="riverside")
    team = DepartmentFactory(organization=org, name="Team East", kind=Department.Kind.TEAM)
    admin = member(org, "boss", Role.ADMIN)
    rep = member(org, "liming", Role.REP, admin, team)
    won = Stage.objects.get(organization=org, is_won=True)
    small = CustomerFactory(organization=org, owner=rep, name="Ningbo Tea House", employees=12)
    big = CustomerFactory(organization=org, owner=rep, name="Shanghai Motors", employees=9000)

    def deal(customer: Any, amount: str, closed: dt.date) -> Opportunity:
        return OpportunityFactory(
            organization=org,
            customer=customer,
            owner=rep,
            amount=Decimal(amount),
            status=Opportunity.Status.WON,
            stage=won,
            closed_date=closed,
        )

    deal(small, "8000", dt.date(2026, 1, 15))  # small_order
    deal(small, "9000", dt.date(2026, 4, 2))  # small_customer
    deal(big, "900000", dt.date(2026, 2, 20))  # large_order (new; the size is reported beside)
    deal(big, "1200000", dt.date(2026, 5, 9))  # large_account (existing)
    OpportunityFactory(organization=org, customer=big, owner=rep, name="Engine line 2")
    return {"admin": admin, "rep": rep, "big": big}


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_diagnosis_page_draws_the_mix_and_names_the_dominant_mode(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    texts = TEXTS[language]
    seeded = _seed()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=texts["locale"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _login(page, live_server.url, seeded["admin"].username)
        page.goto(f"{live_server.url}/playbook/diagnosis/")
        assert page.locator("h1").inner_text() == texts["title"]
        for chart in ("#chart-revenue", "#chart-count", "#chart-trend"):
            page.locator(f"{chart} canvas").first.wait_for()
        verdict = page.locator("#verdict-title").locator("xpath=../..").inner_text()
        assert texts["dominant"] in verdict and texts["fits"] in verdict
        assert "2026 Q1" in (page.locator("#trend-table").text_content() or "")
        assert errors == []
        page.screenshot(path=str(artifacts / f"playbook-diagnosis-{language}.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server.url}/playbook/diagnosis/")
        page.locator("#chart-revenue canvas").first.wait_for()
        page.screenshot(
            path=str(artifacts / f"playbook-diagnosis-phone-{language}.png"), full_page=True
        )
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_rep_plans_a_visit_and_records_a_successful_result(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    texts = TEXTS[language]
    seeded = _seed()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=texts["locale"])
    page = context.new_page()
    try:
        _login(page, live_server.url, seeded["rep"].username)
        page.goto(f"{live_server.url}/playbook/visits/new/")
        page.select_option("#id_customer", str(seeded["big"].pk))
        page.fill("#id_purpose", "Engine line 2 kickoff")
        page.fill("#id_best_action", "Sign the pilot order by Friday")
        page.fill("#id_minimum_action", "Meet the plant IT head next week")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/playbook/visits/*/")
        plan = VisitPlan.objects.get(owner=seeded["rep"])
        assert plan.status == "planned"

        page.check("input[name=commitment_level][value=acceptable]")
        page.fill("#id_commitment_text", "IT head meeting on Tuesday")
        page.fill("#id_information_obtained", "Budget approved for Q3")
        page.click("main form button[type=submit]:not(.btn-outline-danger)")
        page.locator("#toasts .toast-body", has_text=texts["recorded"]).wait_for()
        assert page.locator("#visit-status").inner_text().strip() == texts["successful"]
        plan.refresh_from_db()
        assert plan.is_successful is True
        assert plan.activity is not None and plan.activity.type.code == "visit"
        page.screenshot(path=str(artifacts / f"playbook-visit-{language}.png"), full_page=True)
    finally:
        context.close()
