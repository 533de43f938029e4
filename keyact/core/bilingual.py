"""One rule for text kept in two languages (``<field>_en`` and ``<field>_zh``).

A user gives a name in their own language; the other language is optional. Stored, at least one
of the two is present; shown, each reader sees their language and falls back to the other one.
Activity types, pipeline stages, the playbook and key activities all follow this rule; pages ask
for it with ``{% bilingual_field %}`` (``keyact.core.templatetags.keyact_forms``).
"""

from __future__ import annotations

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from keyact.core.errors import InvalidValue
from keyact.core.numbers import format_number

_MISSING = {
    "name": gettext_lazy("Enter the name, in English or in Chinese."),
    "title": gettext_lazy("Enter the title, in English or in Chinese."),
    "text": gettext_lazy("Enter the text, in English or in Chinese."),
}


def reader_is_chinese() -> bool:
    """Whether the active language is Chinese."""
    return (get_language() or "").lower().startswith("zh")


def bilingual_pick(english: str, chinese: str) -> str:
    """The text in the reader's language, or the other one when it is missing."""
    english, chinese = english or "", chinese or ""
    return (chinese or english) if reader_is_chinese() else (english or chinese)


class Bilingual:
    """A model with ``<field>_en`` / ``<field>_zh``: ``localized("name")`` for the reader."""

    def localized(self, field: str) -> str:
        """The value in the active language, falling back to the other one."""
        return bilingual_pick(
            str(getattr(self, f"{field}_en", "") or ""), str(getattr(self, f"{field}_zh", "") or "")
        )


def _one(value: str | None, field: str, max_length: int) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise InvalidValue(_("The text contains a NUL character; remove it."), field=field)
    if len(text) > max_length:
        raise InvalidValue(
            _("At most %(limit)s characters; this one has %(count)s.")
            % {"limit": format_number(max_length), "count": format_number(len(text))},
            field=field,
        )
    return text


def bilingual_text(
    english: str | None, chinese: str | None, *, field: str, max_length: int
) -> tuple[str, str]:
    """``(english, chinese)`` trimmed and checked: each within ``max_length``, at least one given.

    Both empty is refused at the field the reader was asked for (``<field>_zh`` for a Chinese
    reader, else ``<field>_en``), which is the one ``{% bilingual_field %}`` shows first.
    """
    en = _one(english, f"{field}_en", max_length)
    zh = _one(chinese, f"{field}_zh", max_length)
    if not en and not zh:
        message = _MISSING.get(field, gettext_lazy("Enter it in English or in Chinese."))
        raise InvalidValue(
            str(message), field=f"{field}_zh" if reader_is_chinese() else f"{field}_en"
        )
    return en, zh
