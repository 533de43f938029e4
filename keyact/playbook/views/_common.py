"""What the playbook pages share: labels in the reader's language and the installed playbook."""

from __future__ import annotations

import contextlib
from typing import Any

from django.db import IntegrityError

from keyact.core.bilingual import reader_is_chinese
from keyact.orgs.selectors import organization_get, scope_for
from keyact.playbook.diagnosis import (
    MODES,
    Mix,
    advice_for,
)
from keyact.playbook.models import Process, SalesMode
from keyact.playbook.services import (
    playbook_install,
)
from keyact.users.models import User


def _chinese() -> bool:
    return reader_is_chinese()


def _mode_labels() -> dict[str, str]:
    return {mode: str(SalesMode(mode).label) for mode in MODES}


def _ensure_playbook(user: User) -> None:
    """The first visit of anyone in an organisation installs its playbook (idempotent)."""
    scope = scope_for(user)
    if not Process.objects.filter(organization_id=scope.organization_id).exists():
        # A concurrent first visit may install it meanwhile: the unique codes refuse the copy.
        with contextlib.suppress(IntegrityError):
            playbook_install(organization=organization_get(user=user))


def _advice_lines(mix: Mix) -> list[dict[str, Any]]:
    """Plain-language statements for the dominant modes (METHOD.md §4 table)."""
    labels = _mode_labels()
    zh = _chinese()
    lines = []
    for advice in advice_for(mix.dominant):
        share = mix.modes[advice.mode].revenue_share if mix.deals else 1.0
        lines.append(
            {
                "mode": advice.mode,
                "label": labels[advice.mode],
                "share": share,
                "percent": round(share * 100),
                "processes": "、".join(advice.processes_zh)
                if zh
                else ", ".join(advice.processes_en),
                "focus": advice.focus_zh if zh else advice.focus_en,
            }
        )
    return lines
