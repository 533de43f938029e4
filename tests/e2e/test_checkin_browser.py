"""A rep checks in with the phone's location while quick-logging a visit."""

from __future__ import annotations

from typing import Any

import pytest

from keyact.activities.models import Activity
from keyact.orgs.models import Role
from tests.e2e.test_quick_log_browser import _login
from tests.factories import CustomerFactory, OrganizationFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def test_a_rep_checks_in_while_logging_a_visit(browser: Any, live_server: Any) -> None:
    org = OrganizationFactory(name="Checkin Sales", slug="checkin")
    rep = member(org, "zhaolei", Role.REP)
    customer = CustomerFactory(organization=org, owner=rep, name="Nanjing Riverside Foods")
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        extra_http_headers={"Accept-Language": "zh-hans"},
        geolocation={"latitude": 32.0603, "longitude": 118.7969, "accuracy": 25},
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        _login(page, live_server.url, rep.username)
        page.click("label[data-type-code=visit]")
        page.fill("#ql-search", "Riverside")
        page.locator("#ql-results [data-pick]", has_text="Riverside").click()
        page.click("[data-checkin-button]")
        page.locator("[data-checkin-status]", has_text="已在此签到").wait_for()
        page.click("#quick-log button[type=submit]")
        page.locator("#toasts .toast-body", has_text="拜访").wait_for()
        activity = Activity.objects.get(owner=rep)
        assert activity.customer_id == customer.pk
        assert (activity.checkin_latitude, activity.checkin_longitude) == (32.0603, 118.7969)
        assert activity.checkin_accuracy_m == 25.0
    finally:
        context.close()
