"""Quick log on a 390 px phone: a submit with an error keeps the form in view with the message
at the field and what was typed; a saved log shows its toast beside the menu button, over no
button of the page; the types come grouped by counterpart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from keyact.activities.models import Activity
from keyact.orgs.models import Role
from tests.e2e.test_quick_log_browser import _login, _no_horizontal_overflow
from tests.factories import ActivityFactory, CustomerFactory, OrganizationFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}
GROUPS = {
    "en": ["Customer", "Manager", "Supporter", "Self"],
    "zh-hans": ["客户", "管理者", "支持者", "自我"],
}
NOTE = "Plant manager asked for a second demo"

# Whether the element under ``selector`` lies inside the viewport, below the sticky navbar.
IN_VIEW = """selector => {
  const box = document.querySelector(selector).getBoundingClientRect();
  const bar = document.querySelector('nav.navbar').getBoundingClientRect();
  return box.top >= bar.bottom && box.bottom <= window.innerHeight;
}"""
# Buttons of the page that a visible toast overlaps where they can be seen (a button scrolled
# under the sticky navbar is hidden by the navbar already).
COVERED = """() => {
  const toast = [...document.querySelectorAll('#toasts .toast.show')].pop();
  if (!toast) return null;
  const t = toast.getBoundingClientRect();
  const bar = document.querySelector('nav.navbar').getBoundingClientRect();
  return [...document.querySelectorAll('main button, main a.btn, main label.btn')]
    .filter(b => { const r = b.getBoundingClientRect(); const top = Math.max(r.top, bar.bottom);
      return r.width && r.height && top < r.bottom &&
        r.left < t.right && r.right > t.left && top < t.bottom && r.bottom > t.top; })
    .map(b => b.textContent.trim());
}"""
# The visible toast stays inside the navbar's box.
TOAST_IN_NAVBAR = """() => {
  const toast = [...document.querySelectorAll('#toasts .toast.show')].pop();
  const t = toast.getBoundingClientRect();
  const bar = document.querySelector('nav.navbar').getBoundingClientRect();
  return t.top >= bar.top - 1 && t.bottom <= bar.bottom + 1;
}"""


def _seed() -> tuple[Any, Any]:
    org = OrganizationFactory(name="Lakeside Sales", slug="lakeside")
    manager = member(org, "lead", Role.MANAGER)
    rep = member(org, "wangwei", Role.REP, manager)
    customer = CustomerFactory(organization=org, owner=rep, name="Hangzhou Lakeside Tea Co.")
    soon = timezone.now() + dt.timedelta(minutes=30)
    for subject in ("Call the buyer", "Send the quote", "Visit the plant"):
        ActivityFactory(
            organization=org,
            owner=rep,
            customer=customer,
            status=Activity.Status.PLANNED,
            occurred_at=soon,
            completed_at=None,
            subject=subject,
        )
    return rep, customer


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_quick_log_on_a_phone_keeps_the_form_in_view_and_toasts_clear_of_buttons(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    rep, customer = _seed()
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale=LOCALES[language], has_touch=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _login(page, base, rep.username)
        page.goto(f"{base}/my-day/")
        assert _no_horizontal_overflow(page)
        labels = page.locator("#quick-log .type-group-label").all_inner_texts()
        assert labels == GROUPS[language][: len(labels)] and labels[0] == GROUPS[language][0]

        # No type chosen: the error stands at the type field, in view, and the note is kept.
        page.fill("#ql-search", "Lakeside")
        page.locator("#ql-results [data-pick]", has_text="Lakeside").click()
        page.fill("#quick-log textarea[name=notes]", NOTE)
        page.locator("#quick-log button[type=submit]").click()
        page.locator("#ql-type-error").wait_for()
        # The page scrolls smoothly to it (Bootstrap's scroll-behavior): wait for it to arrive.
        page.wait_for_function(IN_VIEW, arg="#ql-type-error", timeout=5000)
        page.screenshot(path=str(artifacts / f"quick-log-phone-error-{language}.png"))
        assert page.evaluate("document.activeElement.name") == "type_id"
        assert page.input_value("#quick-log textarea[name=notes]") == NOTE
        # The picker restores the chosen customer after the swap: wait for it (busy machines).
        page.wait_for_function(
            "(name) => document.querySelector('#quick-log [data-picked-label]')"
            "?.textContent.trim() === name",
            arg=customer.name,
            timeout=5000,
        )
        assert page.locator("#quick-log [data-picked-label]").inner_text() == customer.name

        # Saved: a toast, over no button of the page; the form is still on screen.
        page.locator("#quick-log label[data-type-code=visit]").click()
        page.locator("#quick-log button[type=submit]").click()
        page.locator("#toasts .toast.show").wait_for()
        assert page.evaluate(TOAST_IN_NAVBAR)
        assert page.evaluate(COVERED) == []
        # The form is still on screen (not jumped away from).
        page.wait_for_function(
            "() => { const r = document.querySelector('#quick-log').getBoundingClientRect();"
            " return r.bottom > 0 && r.top < window.innerHeight; }",
            timeout=5000,
        )
        page.wait_for_timeout(800)  # let the smooth scroll end before the picture (no assertion)
        page.screenshot(path=str(artifacts / f"quick-log-phone-saved-{language}.png"))
        logged = Activity.objects.get(notes=NOTE)
        assert (logged.customer_id, logged.type.code) == (customer.pk, "visit")

        # A second log right away: still one toast on screen, still clear of the buttons.
        page.locator("#quick-log label[data-type-code=communication]").click()
        page.fill("#ql-search", "Lakeside")
        page.locator("#ql-results [data-pick]", has_text="Lakeside").click()
        page.locator("#quick-log button[type=submit]").click()
        page.wait_for_function("() => document.querySelectorAll('#toasts .toast').length >= 2")
        visible = page.evaluate(
            "[...document.querySelectorAll('#toasts .toast')]"
            ".filter(t => t.getBoundingClientRect().height > 0).length"
        )
        assert visible == 1
        assert page.evaluate(TOAST_IN_NAVBAR)  # a longer message still fits: two lines at most
        assert page.evaluate(COVERED) == []
        # The planned activities' "Mark done" buttons are never under a toast.
        page.locator("text=Call the buyer").scroll_into_view_if_needed()
        assert page.evaluate(COVERED) == []
        assert errors == []
    finally:
        context.close()
