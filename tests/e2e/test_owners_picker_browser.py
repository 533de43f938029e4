"""The owners step of a key activity in a real browser, in both languages: people grouped by
team and found by name or team, the lead offered only among the ticked owners, owners without a
lead saved only under a declared staffing gap, a lead who is not an owner refused at the lead
field (never added), and the history that reads as sentences with the people's names.

Screenshots: ``test-artifacts/ka-owners-<language>-<width>.png`` (1366 and 390 px).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from keyact.keyactivities.models import KeyActivity
from keyact.orgs.models import Department, Role
from keyact.playbook.services import playbook_install
from keyact.users.models import User
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
        "gap": "Choose the lead among the owners",
        "not_owner": "The lead is chosen among the owners",
        "became": "became owners.",
        "leads": "leads it.",
        "status_gap": "Staffing gap",
    },
    "zh-hans": {
        "locale": "zh-CN",
        "gap": "请在责任人中指定负责人",
        "not_owner": "负责人须从责任人中选出",
        "became": "成为责任人",
        "leads": "担任负责人",
        "status_gap": "人员缺口",
    },
}
NAMES = {"lin": "林静 Lin Jing", "gao": "高磊 Gao Lei", "ma": "马婷 Ma Ting", "he": "何军 He Jun"}


def _seed() -> dict[str, User]:
    org = OrganizationFactory(name="Harbour Sales", slug="harbour")
    playbook_install(organization=org)
    sales = Department.objects.create(
        organization=org, name="Sales", kind=Department.Kind.DEPARTMENT
    )
    east = Department.objects.create(organization=org, name="East team", parent=sales)
    north = Department.objects.create(organization=org, name="North team", parent=sales)
    people = {"head": member(org, "wu", Role.DEPARTMENT_HEAD, department=sales)}
    for username, team in (("lin", east), ("gao", east), ("ma", north), ("he", north)):
        people[username] = member(org, username, Role.REP, people["head"], team)
        people[username].display_name = NAMES[username]
        people[username].save(update_fields=["display_name"])
    return people


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")


def _visible_people(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "[data-owner-row]:not([hidden])", "rows => rows.map(r => r.innerText.trim())"
    )


def _lead_options(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#owners_lead_id option:not([disabled])", "options => options.map(o => o.value)"
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_owners_are_picked_by_team_with_the_lead_among_them(
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
        _login(page, base, "wu")
        page.goto(f"{base}/key-activities/")
        page.click("[data-testid=start-template]")
        page.wait_for_url("**/define/")
        ka = KeyActivity.objects.get()
        page.goto(f"{base}/key-activities/{ka.pk}/owners/")

        # Grouped by team; the search finds people by name and by team.
        teams = page.eval_on_selector_all(
            "[data-owner-team] > div:first-child", "heads => heads.map(h => h.innerText.trim())"
        )
        assert teams[:2] == ["East team", "North team"]
        page.fill("[data-owner-search]", "gao")
        assert _visible_people(page) == [NAMES["gao"]]
        page.fill("[data-owner-search]", "north")
        assert sorted(_visible_people(page)) == sorted([NAMES["he"], NAMES["ma"]])
        page.fill("[data-owner-search]", "nobody-like-this")
        assert page.is_visible("[data-owner-none]")
        page.fill("[data-owner-search]", "")

        # The lead is offered only among the people ticked as owners.
        lin, gao, ma = people["lin"].pk, people["gao"].pk, people["ma"].pk
        assert _lead_options(page) == [""]
        page.check(f"input[name=owner_ids][value='{lin}']")
        assert page.input_value("#owners_lead_id") == str(lin)  # a single owner leads
        page.check(f"input[name=owner_ids][value='{ma}']")
        assert sorted(_lead_options(page)) == sorted(["", str(lin), str(ma)])
        page.uncheck(f"input[name=owner_ids][value='{lin}']")
        # The lead is no longer an owner: the one owner left leads.
        assert page.input_value("#owners_lead_id") == str(ma)
        page.check(f"input[name=owner_ids][value='{lin}']")

        # Several owners without a lead: refused at the lead field, unless the gap is declared.
        page.select_option("#owners_lead_id", "")
        page.click("[data-testid=save-owners]")
        page.wait_for_selector("[data-testid=error]")
        assert texts["gap"] in page.locator("#owners-form").inner_text()
        assert page.is_checked(f"input[name=owner_ids][value='{lin}']")
        assert page.is_checked(f"input[name=owner_ids][value='{ma}']")
        assert not ka.owners.exists()
        page.check("#owners_staffing_gap")
        page.fill("#owners_staffing_note", "Nobody has run a reference visit yet")
        page.click("[data-testid=save-owners]")
        page.wait_for_url("**/owners/")
        ka.refresh_from_db()
        assert ka.status == KeyActivity.Status.STAFFING_GAP
        assert sorted(ka.owners.values_list("user_id", flat=True)) == sorted([lin, ma])

        # A lead who is not an owner (a stale or forged form): refused, nobody added.
        page.evaluate(
            """([lead]) => {
                const select = document.querySelector('#owners_lead_id');
                const option = [...select.options].find(o => o.value === String(lead));
                option.disabled = false; option.hidden = false; select.value = String(lead);
            }""",
            [gao],
        )
        page.click("[data-testid=save-owners]")
        page.wait_for_selector("[data-testid=error]")
        assert texts["not_owner"] in page.locator("#owners-form").inner_text()
        assert not ka.owners.filter(user_id=gao).exists()

        # Naming the lead among the owners closes the gap and moves on.
        page.goto(f"{base}/key-activities/{ka.pk}/owners/")
        page.select_option("#owners_lead_id", str(ma))
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(
                path=str(artifacts / f"ka-owners-{language}-{width}.png"), full_page=True
            )
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, (width, overflow)
        page.set_viewport_size({"width": 1366, "height": 900})
        page.click("[data-testid=save-owners-next]")
        page.wait_for_url("**/publish/")
        ka.refresh_from_db()
        assert ka.status == KeyActivity.Status.DRAFT
        assert ka.owners.get(is_lead=True).user_id == ma

        # The history names the people, in the reader's language.
        page.goto(f"{base}/key-activities/{ka.pk}/")
        history = page.locator("[data-testid=history]").inner_text()
        assert NAMES["lin"] in history and NAMES["ma"] in history
        assert texts["became"] in history and texts["leads"] in history
        assert "[" not in history and "None" not in history
        assert errors == []
    finally:
        context.close()
