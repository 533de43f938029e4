"""A rep quick-logs a visit and sees their key-activity card count it without a reload.

The quick-log response carries the ``keyact:logged`` event; the card of My day listens for it
and fetches itself again (htmx), so the rest of the page (and a marker left on ``window``) stays.
Runs in English and Simplified Chinese and saves screenshots of My day (desktop and phone).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from keyact.activities.models import ActivityType
from keyact.keyactivities.models import KeyActivity, Owner, Target
from keyact.keyactivities.periods import period_bounds
from keyact.orgs.models import Role
from tests.e2e.test_quick_log_browser import _login, _no_horizontal_overflow, _top_screenshot
from tests.factories import CustomerFactory, OrganizationFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}


def _seed() -> tuple[Any, KeyActivity]:
    org = OrganizationFactory(name="Westlake Sales", slug="westlake")
    manager = member(org, "zhaolei", Role.MANAGER)
    rep = member(org, "sunli", Role.REP, manager)
    CustomerFactory(organization=org, owner=rep, name="Hangzhou Westlake Pumps")
    visit = ActivityType.objects.get(organization=org, code="visit")
    ka = KeyActivity.objects.create(
        organization=org,
        name_en="Visits to decision makers",
        name_zh="拜访决策人",
        valid_from=timezone.localdate().replace(day=1),
        status=KeyActivity.Status.PUBLISHED,
        period="month",
    )
    ka.activity_types.add(visit)
    Owner.objects.create(key_activity=ka, user=rep, is_lead=True)
    start, end = period_bounds("month", timezone.localdate())
    Target.objects.create(
        key_activity=ka, owner=rep, period_start=start, period_end=end, quantity=12
    )
    return rep, ka


def _done(page: Any, ka: KeyActivity) -> int:
    text = page.inner_text(f"[data-my-ka='{ka.pk}'] [data-my-ka-done]")
    return int(re.findall(r"\d+", text)[0])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_key_activity_card_counts_a_quick_log_without_a_reload(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    rep, ka = _seed()
    base = live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale=LOCALES[language])
    page = context.new_page()
    try:
        _login(page, base, rep.username)
        assert page.locator(f"[data-my-ka='{ka.pk}']").is_visible()
        assert _done(page, ka) == 0
        page.evaluate("window.keyactMarker = 'still here'")

        page.click("label[data-type-code=visit]")
        page.fill("#ql-search", "Westlake")
        page.locator("#ql-results [data-pick]", has_text="Westlake").click()
        page.click("label[for=ql-outcome-advance]")
        page.click("#quick-log button[type=submit]")

        page.wait_for_function(
            "id => document.querySelector(`[data-my-ka='${id}'] [data-my-ka-done]`)"
            ".textContent.match(/\\d+/)[0] === '1'",
            arg=ka.pk,
        )
        assert _done(page, ka) == 1
        assert page.evaluate("window.keyactMarker") == "still here"  # no reload
        _top_screenshot(page, artifacts / f"my-day-card-desktop-{language}.png")

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{base}/")
        assert _done(page, ka) == 1
        assert _no_horizontal_overflow(page)
        _top_screenshot(page, artifacts / f"my-day-card-phone-{language}.png")
    finally:
        context.close()
