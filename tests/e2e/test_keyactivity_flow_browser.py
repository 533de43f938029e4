"""The key-activity flow never loses work, in a real browser and in both languages: an error in
the middle of the define step keeps everything typed and shows the message at its field; the
fixed form saves and moves on; leaving a step with an unsaved entry asks first; owners without a
lead are refused at the lead field with the ticks kept.

Screenshots: ``test-artifacts/ka-flow-<language>-<step>.png``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from keyact.keyactivities.models import KeyActivity
from keyact.orgs.models import Department, Role
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
        "locale": "en-US",
        "name": "Reference visits that convince",
        "purpose": "A customer who sees a peer at work signs sooner.",
        "stages": "cannot exceed",
        "lead": "Choose the lead among the owners",
    },
    "zh-hans": {
        "locale": "zh-CN",
        "name": "让客户信服的样板参观",
        "purpose": "看到同行实际使用的客户签约更快。",
        "stages": "不能超过",
        "lead": "请在责任人中指定负责人",
    },
}


def _seed() -> dict[str, Any]:
    org = OrganizationFactory(name="Harbour Sales", slug="harbour")
    playbook_install(organization=org)
    team = Department.objects.create(organization=org, name="South team")
    manager = member(org, "chen", Role.MANAGER, department=team)
    rep = member(org, "liu", Role.REP, manager, team)
    rep2 = member(org, "zhao", Role.REP, manager, team)
    return {"manager": manager, "rep": rep, "rep2": rep2}


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_error_in_the_middle_of_the_flow_loses_nothing(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    people = _seed()
    texts = TEXTS[language]
    base = live_server.url
    context = browser.new_context(locale=texts["locale"], viewport={"width": 1366, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _login(page, base, "chen")
        page.goto(f"{base}/key-activities/")
        page.click("[data-testid=start-template]")
        page.wait_for_url("**/define/")
        ka = KeyActivity.objects.get()
        name_field = "#define_name_zh" if language == "zh-hans" else "#define_name_en"
        purpose_field = "#define_purpose_zh" if language == "zh-hans" else "#define_purpose_en"

        # Type a new name and purpose, and a second stage larger than the first: refused.
        page.fill(name_field, texts["name"])
        page.fill(purpose_field, texts["purpose"])
        page.fill("#stages_quantity_2", "50")
        page.select_option("#define_tracking_frequency", "monthly")
        page.select_option("#define_review_monthday", "5")
        page.click("[data-testid=save-next]")
        page.wait_for_selector("[data-testid=error]")
        assert page.url.endswith("/do/define/")
        assert page.input_value(name_field) == texts["name"]
        assert page.input_value(purpose_field) == texts["purpose"]
        assert page.input_value("#stages_quantity_2") == "50"
        assert page.input_value("#define_review_monthday") == "5"
        stage_error = page.locator("fieldset", has=page.locator("#stages_quantity_2")).inner_text()
        assert texts["stages"] in stage_error
        assert KeyActivity.objects.get().name_en != texts["name"]  # nothing saved yet
        page.screenshot(path=str(artifacts / f"ka-flow-{language}-1-refused.png"), full_page=True)

        # Fix the one field: everything typed is saved and the flow moves on.
        page.fill("#stages_quantity_2", "5")
        page.click("[data-testid=save-next]")
        page.wait_for_url("**/output/")
        ka = KeyActivity.objects.get()
        assert ka.name == texts["name"] if language == "en" else ka.name_zh == texts["name"]
        assert (ka.tracking_frequency, ka.review_day) == ("monthly", 5)
        assert [s.quantity for s in ka.stages.all()] == [10, 5]

        # An unsaved guide step: leaving asks first, and staying keeps the text.
        step_field = "#guide_text_zh" if language == "zh-hans" else "#guide_text_en"
        page.click(step_field)
        page.keyboard.type("Call the reference customer")
        dialogs: list[str] = []

        def dismiss(dialog: Any) -> None:
            dialogs.append(dialog.type)
            dialog.dismiss()

        page.on("dialog", dismiss)
        page.click("[data-testid=next]", no_wait_after=True)
        page.wait_for_timeout(500)
        assert dialogs == ["beforeunload"]
        assert page.url.endswith("/output/")
        assert page.input_value(step_field) == "Call the reference customer"
        page.remove_listener("dialog", dismiss)
        page.click("[data-testid=add-guide]")
        page.wait_for_url("**/output/")
        assert ka.guide_steps.count() == 5

        # Two owners and no lead: refused at the lead, the ticks kept.
        page.goto(f"{base}/key-activities/{ka.pk}/owners/")
        for person in ("rep", "rep2"):
            page.check(f"input[name=owner_ids][value='{people[person].pk}']")
        page.evaluate("document.querySelector('#owners_lead_id').value = ''")
        page.click("[data-testid=save-owners]")
        page.wait_for_selector("[data-testid=error]")
        lead_box = page.locator("div.mb-3", has=page.locator("#owners_lead_id")).last
        assert texts["lead"] in lead_box.inner_text()
        for person in ("rep", "rep2"):
            assert page.is_checked(f"input[name=owner_ids][value='{people[person].pk}']")
        assert not ka.owners.exists()
        page.screenshot(path=str(artifacts / f"ka-flow-{language}-2-lead.png"), full_page=True)
        page.select_option("#owners_lead_id", str(people["rep"].pk))
        page.click("[data-testid=save-owners-next]")
        page.wait_for_url("**/publish/")
        assert ka.owners.get(is_lead=True).user == people["rep"]
        assert errors == []
    finally:
        context.close()
