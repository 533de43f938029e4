"""Key-activity pages: candidates through four lenses, the guided flow (define → output →
owners and targets → publish), a key activity's page with its history, and the owner's view.

One module per part; the names are re-exported for ``urls.py``.
"""

from __future__ import annotations

from keyact.keyactivities.views._common import STEPS
from keyact.keyactivities.views._history import ACTION_LABELS
from keyact.keyactivities.views.actions import ACTIONS, Handler, action
from keyact.keyactivities.views.candidates import (
    candidate_compare,
    candidate_decide_view,
    candidate_inspire,
    candidate_new,
    candidate_suggest,
    candidates,
)
from keyact.keyactivities.views.files import guide_attachment, tool_file
from keyact.keyactivities.views.flow import detail, index, remove, start, step_view

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "STEPS",
    "Handler",
    "action",
    "candidate_compare",
    "candidate_decide_view",
    "candidate_inspire",
    "candidate_new",
    "candidate_suggest",
    "candidates",
    "detail",
    "guide_attachment",
    "index",
    "remove",
    "start",
    "step_view",
    "tool_file",
]
