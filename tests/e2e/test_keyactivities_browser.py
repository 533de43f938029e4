"""A manager walks from candidates to a published key activity in the browser, in English and in
Simplified Chinese; the rep then sees it with its guide and target.

Saves a full-page screenshot of every step into ``test-artifacts/`` (``ka-<language>-<step>.png``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from keyact.keyactivities.models import KeyActivity
from keyact.orgs.models import Department, Role
from keyact.playbook.models import Process
from keyact.playbook.services import playbook_install
from tests.factories import PASSWORD, OrganizationFactory, member

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TEXTS = {
    "en": {
        "browser_locale": "en-US",
        "candidates": "Find candidate key activities",
        "define": "Measure and quantity standard",
        "published": "Published",
        "guide": "Send the invitation to the customer.",
        "refused": "Name at least one owner.",
    },
    "zh-hans": {
        "browser_locale": "zh-CN",
        "candidates": "寻找候选关键活动",
        "define": "衡量方式与数量标准",
        "published": "已发布",
        "guide": "向客户发出邀请。",
        "refused": "请至少指定一位责任人。",
    },
}


def _seed() -> dict[str, Any]:
    org = OrganizationFactory(name="Lakeside Sales", slug="lakeside")
    playbook_install(organization=org)
    Process.objects.filter(organization=org, code="customer_visit").update(in_use=True)
    team = Department.objects.create(organization=org, name="East team")
    manager = member(org, "wang", Role.MANAGER, department=team)
    rep = member(org, "lina", Role.REP, manager, team)
    rep2 = member(org, "zhangwei", Role.REP, manager, team)
    return {"manager": manager, "rep": rep, "rep2": rep2}


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")


def _shot(page: Any, artifacts: Path, language: str, name: str) -> None:
    page.screenshot(path=str(artifacts / f"ka-{language}-{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_manager_goes_from_candidates_to_a_published_key_activity(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    people = _seed()
    texts = TEXTS[language]
    base = live_server.url
    context = browser.new_context(
        locale=texts["browser_locale"], viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    _login(page, base, "wang")

    page.goto(f"{base}/key-activities/")
    _shot(page, artifacts, language, "1-empty")
    page.goto(f"{base}/key-activities/candidates/")
    assert texts["candidates"] in page.inner_text("h1")
    page.click("[data-testid=suggest]")
    page.wait_for_selector("[data-testid=candidate]")
    assert page.locator("#pane-key_steps [data-testid=candidate]").count() == 3
    _shot(page, artifacts, language, "2-candidates")
    page.click("#tab-innovation")
    page.wait_for_selector("#pane-innovation.active")
    _shot(page, artifacts, language, "2b-innovation")
    page.click("#tab-key_steps")
    page.click("[data-testid=compare]")
    page.wait_for_selector("[data-testid=compare-table]")
    _shot(page, artifacts, language, "3-compare")
    page.go_back()
    page.locator("#pane-key_steps [data-testid=select]").last.click()
    page.wait_for_selector("[data-testid=define-from-template]")
    page.click("[data-testid=define-from-template]")
    page.wait_for_url("**/define/")
    assert texts["define"] in page.inner_text("main")
    _shot(page, artifacts, language, "4-define")

    page.click("[data-testid=save-next]")
    page.wait_for_url("**/output/")
    assert texts["guide"] in page.inner_text("[data-testid=guide]")
    _shot(page, artifacts, language, "5-output")

    page.click("[data-testid=next]")
    page.wait_for_url("**/owners/")
    rep, rep2 = people["rep"], people["rep2"]
    page.check(f"input[name=owner_ids][value='{rep.pk}']")
    page.check(f"input[name=owner_ids][value='{rep2.pk}']")
    page.select_option("#owners_lead_id", str(rep.pk))
    page.click("[data-testid=save-owners]")
    page.wait_for_url("**/owners/")
    page.click("[data-testid=generate-targets]")
    page.wait_for_selector("[data-testid=targets]")
    _shot(page, artifacts, language, "6-owners-targets")

    page.click("[data-testid=next]")
    page.wait_for_url("**/publish/")
    _shot(page, artifacts, language, "7-publish")
    page.click("[data-testid=publish]")
    page.wait_for_selector("[data-testid=history]")
    assert texts["published"] in page.inner_text("main")
    _shot(page, artifacts, language, "8-published")

    ka = KeyActivity.objects.get()
    assert ka.status == KeyActivity.Status.PUBLISHED
    assert ka.template_code == "reference_visit"
    assert ka.candidate is not None and ka.candidate.step is not None
    assert sorted(ka.owners.values_list("user__username", "is_lead")) == [
        ("lina", True),
        ("zhangwei", False),
    ]
    assert ka.targets.count() == 2
    context.close()

    rep_context = browser.new_context(
        locale=texts["browser_locale"], viewport={"width": 390, "height": 844}
    )
    rep_page = rep_context.new_page()
    _login(rep_page, base, "lina")
    rep_page.goto(f"{base}/key-activities/")
    cards = rep_page.inner_text("[data-testid=my-key-activities]")
    assert ka.name_zh in cards or ka.name_en in cards
    assert "0 / 10" in cards or "0 of 10" in cards or "/ 10" in cards
    rep_page.click("[data-testid=my-key-activities] details summary")
    assert texts["guide"] in rep_page.inner_text("[data-testid=my-key-activities]")
    _shot(rep_page, artifacts, language, "9-rep")
    rep_context.close()


def test_publishing_without_owners_is_refused_in_the_page(
    browser: Any, live_server: Any, artifacts: Path
) -> None:
    _seed()
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, base, "wang")
    page.goto(f"{base}/key-activities/")
    page.click("[data-testid=start-template]")
    page.wait_for_url("**/define/")
    ka = KeyActivity.objects.get()
    page.goto(f"{base}/key-activities/{ka.pk}/publish/")
    page.click("[data-testid=publish]")
    page.wait_for_selector("[data-testid=error]")
    assert TEXTS["zh-hans"]["refused"] in page.inner_text("[data-testid=error]")
    _shot(page, artifacts, "zh-hans", "publish-refused")
    assert KeyActivity.objects.get().status == KeyActivity.Status.DRAFT
    context.close()
