"""Every string of the key-activity app is translated into Simplified Chinese."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from keyact.keyactivities.models import KeyActivity, Lens

PO = (
    Path(__file__).resolve().parents[2]
    / "keyact/keyactivities/locale/zh_Hans/LC_MESSAGES/django.po"
)


def test_the_catalog_has_no_untranslated_or_fuzzy_entry() -> None:
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first entry is the header
    assert len(entries) > 400
    for entry in entries:
        if entry.startswith("#~"):
            continue
        assert "#, fuzzy" not in entry, entry
        msgstr = "".join(re.findall(r'"(.*)"', entry.split("\nmsgstr ", 1)[1]))
        assert msgstr.strip(), entry
    assert PO.with_suffix(".mo").exists()


def test_choices_and_messages_follow_the_language() -> None:
    with translation.override("zh-hans"):
        assert str(Lens.INNOVATION.label) == "寻求创新"
        # The project catalog may word shared terms its own way; it is Chinese either way.
        assert str(KeyActivity.Status.STAFFING_GAP.label) in {"人员缺口", "缺少责任人"}
        message = translation.gettext("Only one owner can be the lead.")
        assert message != "Only one owner can be the lead." and "负责人" in message
    with translation.override("en"):
        assert str(Lens.INNOVATION.label) == "Innovation"
