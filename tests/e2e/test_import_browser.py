"""An administrator imports the team's Chinese follow-up sheet through the pages: upload,
preview and mapping, the import run by the task worker while the page polls its progress,
the summary. Once in English and once in Simplified Chinese; screenshots in test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from keyact.activities.models import Activity
from keyact.customers.models import Customer
from keyact.deals.models import Opportunity, Stage
from keyact.integrations.models import ImportBatch
from keyact.orgs.models import Role
from tests.e2e.test_quick_log_browser import _login, _top_screenshot
from tests.factories import OrganizationFactory, member
from tests.integrations.conftest import SAMPLES
from tests.integrations.test_import_pages import run_worker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TEXTS = {
    "en": {
        "locale": "en-US",
        "upload": "Upload and preview",
        "import": "Import",
        "done": "Imported.",
    },
    "zh-hans": {"locale": "zh-CN", "upload": "上传并预览", "import": "导入", "done": "已导入。"},
}


def _seed() -> Any:
    org = OrganizationFactory(name="Hengtong Sales", slug="hengtong")
    admin = member(org, "boss", Role.ADMIN)
    wang = member(org, "wang", Role.REP)
    wang.display_name = "王芳"
    wang.save()
    customer = Customer.objects.create(organization=org, name="苏州恒通机械有限公司", owner=wang)
    Opportunity.objects.create(
        organization=org,
        customer=customer,
        owner=wang,
        name="恒通-产线改造",
        stage=Stage.objects.filter(organization=org).order_by("order").first()
        or Stage.objects.create(organization=org, name_en="Lead", name_zh="线索", order=1),
    )
    return admin


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_admin_imports_a_follow_up_sheet_with_a_progress_bar(
    browser: Any, live_server: Any, artifacts: Path, language: str
) -> None:
    texts = TEXTS[language]
    admin = _seed()
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=texts["locale"])
    page = context.new_page()
    try:
        _login(page, base, admin.username)
        page.goto(f"{base}/org/import/")
        page.select_option("#id_source", "followup")
        page.set_input_files("#id_upload", str(SAMPLES / "followup" / "跟进记录.csv"))
        _top_screenshot(page, artifacts / f"import-upload-{language}.png")
        page.get_by_role("button", name=texts["upload"]).click()
        page.wait_for_url("**/map/")
        # The preview shows the sheet decoded from GBK, recognised as activities.
        assert page.locator("th", has_text="跟进内容").count() == 1
        assert page.locator("td", has_text="陪同客户参观上海样板工厂").count() == 1
        assert page.locator("#kind-0").input_value() == "activities"
        assert page.locator("#col-0-owner").input_value() == "跟进人"
        page.check("#create_missing_users")
        _top_screenshot(page, artifacts / f"import-mapping-{language}.png")
        page.get_by_role("button", name=texts["import"], exact=True).click()
        page.wait_for_url("**/import/*/")
        page.locator(".progress").wait_for()
        _top_screenshot(page, artifacts / f"import-progress-{language}.png")
        run_worker()
        page.locator(".alert-success", has_text=texts["done"]).wait_for(timeout=15_000)
        _top_screenshot(page, artifacts / f"import-summary-{language}.png")
        batch = ImportBatch.objects.get()
        assert batch.status == "committed"
        assert Activity.objects.count() == 5
        assert Customer.objects.filter(name="无锡华兴电子有限公司").exists()
    finally:
        context.close()
