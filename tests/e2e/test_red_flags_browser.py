"""The assessment page in a browser: a rep adds a red flag, marks it resolved (struck through,
greyed, with a Reopen button) and reopens it, under the strict CSP, in both languages, on a
desktop and a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from keyact.orgs.models import Role
from keyact.playbook.models import ManualRedFlag
from tests.e2e.test_insights_browser import WATCH_CSP
from tests.e2e.test_quick_log_browser import _login, _no_horizontal_overflow, _top_screenshot
from tests.factories import CustomerFactory, OpportunityFactory, OrganizationFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}
TEXTS = {
    "en": {"add": "Add red flag", "resolve": "Mark resolved", "reopen": "Reopen"},
    "zh-hans": {"add": "添加危险信号", "resolve": "标为已解决", "reopen": "重新打开"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_rep_resolves_and_reopens_a_red_flag(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    texts = TEXTS[language]
    org = OrganizationFactory(name="Lakeside Sales", slug="lakeside")
    rep = member(org, "wangwei", Role.REP, member(org, "lead", Role.MANAGER))
    customer = CustomerFactory(organization=org, owner=rep, name="Hangzhou Lakeside Tea Co.")
    deal = OpportunityFactory(customer=customer, owner=rep, name="Tea plant ERP")
    base = live_server.url
    for viewport, name in (
        ({"width": 1366, "height": 900}, "desktop"),
        ({"width": 390, "height": 844}, "phone"),
    ):
        context = browser.new_context(viewport=viewport, locale=LOCALES[language])
        context.add_init_script(WATCH_CSP)
        page = context.new_page()
        _login(page, base, rep.username)
        page.goto(f"{base}/playbook/opportunities/{deal.pk}/assessment/")
        text = f"Rival bid 20% lower ({name})"
        page.fill("#id_text", text)
        page.get_by_role("button", name=texts["add"]).click()
        flag = ManualRedFlag.objects.get(text=text)
        item = page.locator(f'[data-red-flag="{flag.pk}"]')
        item.get_by_role("button", name=texts["resolve"]).click()
        item = page.locator(f'[data-red-flag="{flag.pk}"][data-resolved]')
        assert item.locator("s").inner_text() == text
        flag.refresh_from_db()
        assert flag.resolved_by_id == rep.pk
        assert _no_horizontal_overflow(page)
        _top_screenshot(page, artifacts / f"red-flags-{language}-{name}.png")
        item.get_by_role("button", name=texts["reopen"]).click()
        page.locator(f'[data-red-flag="{flag.pk}"]:not([data-resolved])').wait_for()
        flag.refresh_from_db()
        assert flag.resolved_at is None
        assert page.evaluate("window.__cspViolations") == []
        context.close()
