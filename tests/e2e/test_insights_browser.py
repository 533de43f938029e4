"""The insights pages in a real browser, on a synthetic organisation with planted effects: every
chart draws (ECharts puts a canvas in its box) under the strict Content-Security-Policy, with no
policy violation and no script error, in both languages and on a phone; a large analysis shows
its progress bar, runs on the task worker (``keyact worker``) and the page then shows it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from benchmarks.synthetic_org import Loaded, load_synthetic
from keyact.insights.models import Analysis
from keyact.insights.synthetic import generate
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

PERIOD = "date_from=2025-01-01&date_to=2025-12-31&stall_days=21"
LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}
HEADINGS = {
    "en": {"impact": "Activity impact", "benchmark": "Top performers", "obstacles": "Obstacles"},
    "zh-hans": {"impact": "活动影响", "benchmark": "标杆销售", "obstacles": "障碍"},
}
CHARTS = {
    "impact": ["#chart-forest"],
    "benchmark": ["#chart-bench"],
    "obstacles": ["#chart-funnel", "#chart-stalls"],
}
# Collects what the browser refuses under the policy (the init script runs outside the page's CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _seed(slug: str) -> Loaded:
    loaded = load_synthetic(generate(deals=500, owners=15, days=300, seed=9), slug=slug)
    loaded.admin.set_password(PASSWORD)
    loaded.admin.save(update_fields=["password"])
    return loaded


def _counts(message: Any) -> bool:
    """A console error of the page (the missing favicon is the browser's own guess)."""
    return message.type == "error" and not message.location.get("url", "").endswith("favicon.ico")


def _open(
    browser: Any, live_server: Any, loaded: Loaded, language: str
) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale=LOCALES[language])
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if _counts(msg) else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", loaded.admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return context, page, errors


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_insights_pages_draw_their_charts_under_the_policy(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    loaded = _seed(f"syn-browser-{language}")
    context, page, errors = _open(browser, live_server, loaded, language)
    try:
        for name, charts in CHARTS.items():
            for width in (1366, 390):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(f"{live_server.url}/insights/{name}/?{PERIOD}")
                assert HEADINGS[language][name] in page.locator("h1").inner_text()
                for chart in charts:
                    canvas = page.locator(f"{chart} canvas").first
                    canvas.wait_for()
                    box = canvas.bounding_box()
                    assert box is not None and box["width"] > 100 and box["height"] > 150
                assert page.evaluate("window.__cspViolations") == [], name
                page.screenshot(
                    path=str(artifacts / f"insights-{name}-{width}-{language}.png"), full_page=True
                )
        # The forest plot sizes itself to its rows (no style attribute under the policy).
        page.goto(f"{live_server.url}/insights/impact/?{PERIOD}")
        rows = len(page.evaluate("JSON.parse(document.getElementById('forest-data').textContent)"))
        height = page.locator("#chart-forest").bounding_box()["height"]
        assert rows >= 2 and height >= max(220, 36 * rows)
        assert errors == []
    finally:
        context.close()


def test_a_large_analysis_shows_progress_then_its_charts_once_the_worker_ran_it(
    browser: Any, live_server: Any, settings: Any
) -> None:
    settings.KEYACT_INSIGHTS_INLINE_DEALS = 10
    loaded = _seed("syn-browser-worker")
    context, page, errors = _open(browser, live_server, loaded, "en")
    try:
        page.goto(f"{live_server.url}/insights/obstacles/?{PERIOD}")
        bar = page.locator("#analysis-progress .progress-bar")
        bar.wait_for(state="attached")
        assert "waiting for a worker" in page.locator("#analysis-progress").inner_text()
        assert Analysis.objects.get().status == Analysis.Status.QUEUED
        # The bar's width comes from app.js (data-width), not a style attribute.
        assert bar.evaluate("el => el.style.width") == "0%"
        call_command("worker", "--batch", stdout=io.StringIO())
        assert Analysis.objects.get().status == Analysis.Status.DONE
        # The page polls, is told to refresh, and draws the charts.
        page.locator("#chart-funnel canvas").first.wait_for(timeout=15_000)
        page.locator("#chart-stalls canvas").first.wait_for()
        assert page.evaluate("window.__cspViolations") == []
        assert errors == []
    finally:
        context.close()
