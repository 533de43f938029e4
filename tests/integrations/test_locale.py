"""Every string of the integrations app is translated into Simplified Chinese."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

PO = (
    Path(__file__).resolve().parents[2] / "keyact/integrations/locale/zh_Hans/LC_MESSAGES/django.po"
)


def test_the_catalog_has_no_untranslated_or_fuzzy_entry() -> None:
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    assert len(entries) > 50
    for entry in entries:
        if entry.startswith("#~"):
            continue
        assert "#, fuzzy" not in entry, entry
        msgstr = "".join(re.findall(r'"(.*)"', entry.split("\nmsgstr", 1)[1]))
        assert msgstr.strip(), entry
    assert PO.with_suffix(".mo").exists()


def test_import_problems_read_in_chinese() -> None:
    with translation.override("zh-hans"):
        message = translation.gettext("No ActivityDate: dated by its CreatedDate.")
        assert message.startswith("没有 ActivityDate") and "按 CreatedDate 记日期" in message
