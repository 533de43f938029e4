"""A rep logs in, quick-logs an activity for a customer and finds it on the customer's timeline.

Runs once in English and once in Simplified Chinese (the browser's language decides), and saves
full-page screenshots of My day (desktop and phone), the customer page and the activity list into
``test-artifacts/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from keyact.activities.models import Activity
from keyact.orgs.models import Role
from tests.factories import PASSWORD, ActivityFactory, CustomerFactory, OrganizationFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TEXTS = {
    "en": {
        "browser_locale": "en-US",
        "my_day": "My day",
        "visit": "Customer visit",
        "toast": "Logged: Customer visit",
        "timeline": "Timeline of activities",
        "commitment_label": "What did the customer commit to?",
        "activities": "Activities",
    },
    "zh-hans": {
        "browser_locale": "zh-CN",
        "my_day": "我的一天",
        "visit": "拜访",
        "toast": "已记录：拜访",  # noqa: RUF001
        "timeline": "活动时间线",
        "commitment_label": "客户承诺了什么？",  # noqa: RUF001
        "activities": "活动",
    },
}
NOTE = "Agreed the pilot scope with the plant manager"


def _seed() -> tuple[Any, Any]:
    org = OrganizationFactory(name="Lakeside Sales", slug="lakeside")
    manager = member(org, "lead", Role.MANAGER)
    rep = member(org, "wangwei", Role.REP, manager)
    customer = CustomerFactory(
        organization=org, owner=rep, name="Hangzhou Lakeside Tea Co.", industry="Food"
    )
    other = CustomerFactory(organization=org, owner=rep, name="Suzhou Silk Works")
    for subject in ("First call", "Sent the brochure"):
        ActivityFactory(organization=org, owner=rep, customer=other, subject=subject)
    return rep, customer


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")


def _no_horizontal_overflow(page: Any) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def _top_screenshot(page: Any, path: Path) -> None:
    """A full-page screenshot taken from the top (so the sticky navbar stays at the top)."""
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_rep_quick_logs_a_visit_and_finds_it_on_the_customer_timeline(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    texts = TEXTS[language]
    rep, customer = _seed()
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale=texts["browser_locale"]
    )
    page = context.new_page()
    try:
        _login(page, base, rep.username)
        assert page.locator("h1").inner_text() == texts["my_day"]
        assert page.locator("html").get_attribute("lang") == language

        page.click("label[data-type-code=visit]")
        page.fill("#ql-search", "Lakeside")
        page.locator("#ql-results [data-pick]", has_text="Lakeside").click()
        assert page.locator("#quick-log [data-picked-label]").inner_text() == customer.name
        # "Commitment obtained" reveals the commitment field; another outcome hides it again.
        page.click("label[for=ql-outcome-commitment]")
        assert page.get_by_label(texts["commitment_label"]).is_visible()
        page.click("label[for=ql-outcome-advance]")
        assert not page.get_by_label(texts["commitment_label"]).is_visible()
        page.fill("#quick-log textarea[name=notes]", NOTE)
        page.click("#quick-log button[type=submit]")

        page.locator("#toasts .toast-body", has_text=texts["toast"]).wait_for()
        page.locator("#recent-list", has_text=NOTE).wait_for()
        logged = Activity.objects.get(notes=NOTE)
        assert (logged.owner_id, logged.customer_id, logged.status, logged.outcome) == (
            rep.pk,
            customer.pk,
            "done",
            "advance",
        )
        _top_screenshot(page, artifacts / f"my-day-desktop-{language}.png")

        page.goto(f"{base}/customers/{customer.pk}/")
        timeline = page.locator("#timeline")
        assert page.get_by_text(texts["timeline"]).is_visible()
        first = timeline.locator("li").first
        assert texts["visit"] in first.inner_text()
        assert NOTE in first.inner_text()
        _top_screenshot(page, artifacts / f"customer-{language}.png")

        page.goto(f"{base}/activities/")
        assert page.locator("h1").inner_text() == texts["activities"]
        _top_screenshot(page, artifacts / f"activity-list-{language}.png")

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{base}/")
        assert _no_horizontal_overflow(page)
        _top_screenshot(page, artifacts / f"my-day-phone-{language}.png")
        page.goto(f"{base}/activities/")
        assert _no_horizontal_overflow(page)
        page.goto(f"{base}/customers/{customer.pk}/")
        assert _no_horizontal_overflow(page)
    finally:
        context.close()
