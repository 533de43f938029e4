"""A rep plans an activity through htmx and completes an overdue one with a commitment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from keyact.activities.models import Activity
from keyact.orgs.models import Role
from tests.e2e.test_quick_log_browser import _login, _top_screenshot
from tests.factories import ActivityFactory, CustomerFactory, OrganizationFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def test_a_rep_plans_an_activity_and_completes_an_overdue_one(
    browser: Any, live_server: Any, artifacts: Path
) -> None:
    org = OrganizationFactory(name="Riverside Sales", slug="riverside")
    rep = member(org, "liuyang", Role.REP)
    customer = CustomerFactory(organization=org, owner=rep, name="Ningbo Harbour Logistics")
    overdue = ActivityFactory(
        organization=org,
        owner=rep,
        customer=customer,
        status=Activity.Status.PLANNED,
        subject="Follow up the quote",
        occurred_at=timezone.now() - dt.timedelta(days=2),
    )
    base = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    try:
        _login(page, base, rep.username)

        # Plan: the planned list updates in place and a toast confirms.
        due = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
        page.select_option("#plan-form select[name=type_id]", label="Appointment")
        page.fill("#pl-search", "Ningbo")
        page.locator("#pl-results [data-pick]", has_text="Ningbo").click()
        page.fill("#plan-form input[name=occurred_at]", due)
        page.fill("#plan-form input[name=subject]", "Meet the CTO")
        page.click("#plan-form button[type=submit]")
        page.locator("#toasts .toast-body", has_text="Planned: Appointment").wait_for()
        page.locator("#planned", has_text="Meet the CTO").wait_for()
        planned = Activity.objects.get(subject="Meet the CTO")
        assert (planned.status, planned.customer_id) == ("planned", customer.pk)

        # One tap on "Done" opens the outcome; a commitment reveals its text field.
        page.click(f"[data-bs-target='#done-{overdue.pk}']")
        page.click(f"label[for=done-{overdue.pk}-commitment]")
        page.fill(f"#done-{overdue.pk}-commitment-text", "Sends the signed quote by Friday")
        page.click(f"#done-{overdue.pk} button[type=submit]")
        page.locator("#toasts .toast-body", has_text="Done: Customer visit").wait_for()
        overdue.refresh_from_db()
        assert (overdue.status, overdue.outcome, overdue.commitment_text) == (
            "done",
            "commitment",
            "Sends the signed quote by Friday",
        )
        assert page.locator("#recent-list", has_text="Sends the signed quote by Friday").count()
        _top_screenshot(page, artifacts / "my-day-after-planning-phone-en.png")
    finally:
        context.close()
