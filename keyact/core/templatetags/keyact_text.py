"""Template tags for punctuation in the reader's language.

``{% trans "Budget" %}{% colon %}`` gives the full-width colon in Chinese (no space after it) and
"Budget: " in English.
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def colon() -> str:
    """The colon after a label, with the space English puts after it."""
    return "：" if (get_language() or "").startswith("zh") else ": "  # noqa: RUF001
