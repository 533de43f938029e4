"""The catalogs of the customer, deal and activity pages are complete, and their new pages read
in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import World

ROOT = Path(__file__).resolve().parents[2] / "keyact"
APPS = ("activities", "customers", "deals")


@pytest.mark.parametrize("app", APPS)
def test_the_catalog_has_no_untranslated_entry(app: str) -> None:
    po = ROOT / app / "locale/zh_Hans/LC_MESSAGES/django.po"
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    assert entries
    for entry in entries:
        assert "#, fuzzy" not in entry, entry
        msgstr = "".join(re.findall(r'"(.*)"', entry.split("\nmsgstr", 1)[1]))
        assert msgstr.strip(), entry
    assert po.with_suffix(".mo").exists()


@pytest.mark.django_db
def test_the_board_customer_and_log_pages_read_in_chinese(world: World, as_user) -> None:
    client = as_user(world.users["manager"])
    client.post(reverse("language"), {"language": "zh-hans", "next": "/"})
    board = client.get(reverse("deals:board")).content.decode()
    assert "商机看板" in board and "Pipeline board" not in board and "Drag a card" not in board
    customer = client.get(
        reverse("customers:detail", args=[world.customers["rep"].pk])
    ).content.decode()
    for english in ("Customer size", "Last activity", "Key contacts", "Open opportunities"):
        assert english not in customer
    assert "客户大小" in customer and "关键联系人" in customer
    log = client.get(reverse("activity_log"), {"customer": world.customers["rep"].pk})
    assert "记录活动" in log.content.decode()
