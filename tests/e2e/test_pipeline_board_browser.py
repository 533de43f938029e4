"""The pipeline board in a browser: a rep moves a card by keyboard (stage select, then Move) and
another by dragging it onto a column; both moves land in the stage history. Phone: the columns
scroll sideways inside the board, the page itself does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from keyact.deals.models import Opportunity, Stage, StageChange
from keyact.orgs.models import Role
from tests.e2e.test_quick_log_browser import _login, _no_horizontal_overflow, _top_screenshot
from tests.factories import CustomerFactory, OpportunityFactory, OrganizationFactory, member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}


def _seed() -> tuple[Any, list[Opportunity], list[Stage]]:
    org = OrganizationFactory(name="Lakeside Sales", slug="lakeside")
    manager = member(org, "lead", Role.MANAGER)
    rep = member(org, "wangwei", Role.REP, manager)
    customer = CustomerFactory(organization=org, owner=rep, name="Hangzhou Lakeside Tea Co.")
    stages = list(Stage.objects.filter(organization=org).order_by("order"))
    deals = [
        OpportunityFactory(customer=customer, owner=rep, name="Tea plant ERP", stage=stages[0]),
        OpportunityFactory(customer=customer, owner=rep, name="Cold chain pilot", stage=stages[0]),
    ]
    return rep, deals, stages


def _column(page: Any, stage: Stage) -> Any:
    return page.locator(f'.board-column[data-stage-id="{stage.pk}"]')


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_rep_moves_cards_by_keyboard_and_by_drag(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    rep, (erp, pilot), stages = _seed()
    base = live_server.url
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale=LOCALES[language])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _login(page, base, rep.username)
        page.goto(f"{base}/opportunities/board/")
        assert _column(page, stages[0]).locator(".badge").inner_text() == "2"

        # Keyboard: focus the card's stage select, step down one stage, tab to Move, press Enter.
        select = page.locator(f"#move-{erp.pk}")
        select.focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        _column(page, stages[1]).locator(".board-card", has_text="Tea plant ERP").wait_for()
        assert page.evaluate("document.activeElement.id") == f"move-{erp.pk}"
        assert _column(page, stages[0]).locator(".badge").inner_text() == "1"
        page.locator("#toasts .toast-body").first.wait_for()

        # Drag: the other card onto the third column.
        page.drag_and_drop(
            f'[data-card="{pilot.pk}"]', f'.board-column[data-stage-id="{stages[2].pk}"]'
        )
        _column(page, stages[2]).locator(".board-card", has_text="Cold chain pilot").wait_for()
        _top_screenshot(page, artifacts / f"pipeline-board-desktop-{language}.png")

        moves = list(
            StageChange.objects.filter(from_stage__isnull=False)
            .order_by("id")
            .values_list("opportunity_id", "from_stage_id", "to_stage_id", "changed_by_id")
        )
        assert moves == [
            (erp.pk, stages[0].pk, stages[1].pk, rep.pk),
            (pilot.pk, stages[0].pk, stages[2].pk, rep.pk),
        ]

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{base}/opportunities/board/")
        assert _no_horizontal_overflow(page)
        board = page.locator("#board")
        assert board.evaluate("node => node.scrollWidth > node.clientWidth")
        _top_screenshot(page, artifacts / f"pipeline-board-phone-{language}.png")
        assert errors == []
    finally:
        context.close()
