"""Form helpers for templates: text asked in the reader's language, the other one optional.

``{% bilingual_field form "name" label %}`` renders ``name_zh`` (for a Chinese reader) or
``name_en`` with ``label``, and the other language's field folded under "also in …
(optional)"; left empty, readers of the other language see the text given (the models fall
back). The fold is open when the other field holds a value or an error.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from keyact.core.bilingual import reader_is_chinese

__all__ = ["bilingual_field", "reader_is_chinese"]

register = template.Library()


@register.simple_tag
def bilingual_field(form: forms.Form, name: str, label: str, **options: Any) -> SafeString:
    """The field ``name`` in the reader's language, the other language folded and optional."""
    zh = reader_is_chinese()
    first, second = (f"{name}_zh", f"{name}_en") if zh else (f"{name}_en", f"{name}_zh")
    other = form[second]
    return SafeString(
        render_to_string(
            "components/bilingual_field.html",
            {
                "primary": form[first],
                "secondary": other,
                "label": label,
                "chinese": zh,
                "open": bool(other.value() or other.errors),
                "size": options.get("size", ""),
            },
        )
    )
