"""The owner reopens a done activity from its page, saying why, in English and in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from keyact.activities.models import Activity
from keyact.orgs.models import Role
from tests.e2e.test_quick_log_browser import _login, _top_screenshot
from tests.factories import ActivityFactory, CustomerFactory, OrganizationFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TEXTS = {
    "en": ("en-US", "Reopen this activity", "Reopen", "Activity reopened", "Reopened"),
    "zh-hans": ("zh-CN", "重新打开此活动", "重新打开", "活动已重新打开", "重新打开"),
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_owner_reopens_a_done_activity_with_a_reason(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    locale, summary, button, toast, action = TEXTS[language]
    org = OrganizationFactory(name="Harbour Sales", slug=f"harbour-{language}")
    rep = member(org, f"zhaolei-{language}", Role.REP)
    customer = CustomerFactory(organization=org, owner=rep, name="Qingdao Port Supplies")
    done = ActivityFactory(organization=org, owner=rep, customer=customer, subject="Site visit")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale)
    page = context.new_page()
    try:
        _login(page, live_server.url, rep.username)
        page.goto(f"{live_server.url}/activities/{done.pk}/")
        page.click(f"summary:has-text('{summary}')")
        page.fill("textarea[name=reason]", "Logged on the wrong day")
        page.click(f"form[action$='/reopen/'] button:has-text('{button}')")
        page.locator(".toast-body, .alert", has_text=toast).first.wait_for()
        done.refresh_from_db()
        assert (done.status, done.completed_at) == (Activity.Status.PLANNED, None)
        history = page.locator("#audit-title").locator("xpath=..")
        assert history.locator("li", has_text="Logged on the wrong day").count() == 1
        assert history.locator("li", has_text=action).count() >= 1
        assert page.locator(f"summary:has-text('{summary}')").count() == 0
        _top_screenshot(page, artifacts / f"activity-reopened-phone-{language}.png")
    finally:
        context.close()
