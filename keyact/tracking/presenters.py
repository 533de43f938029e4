"""Plain-data shapes of progress shared by the CLI, the API and exports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from keyact.tracking.progress import KeyActivityProgress, OwnerProgress, Window


def owner_progress_data(row: OwnerProgress) -> dict[str, Any]:
    """One owner's progress as JSON-ready data."""
    return {
        "user_id": row.user_id,
        "username": row.username,
        "name": row.name,
        "target": row.target,
        "actual": row.actual,
        "qualified": row.qualified,
        "expected_to_date": row.pace.expected_whole,
        "status": row.pace.status,
        "stages": [{"name": s.name, "target": s.target, "actual": s.actual} for s in row.stages],
    }


def progress_data(window: Window, rows: Sequence[KeyActivityProgress]) -> dict[str, Any]:
    """``{"period": {"start", "end"}, "key_activities": [...]}`` (dates as ISO strings)."""
    return {
        "period": {"start": window[0].isoformat(), "end": window[1].isoformat()},
        "key_activities": [
            {
                "id": ka.key_activity.pk,
                "name": ka.key_activity.name,
                "owners": [owner_progress_data(o) for o in ka.owners],
            }
            for ka in rows
        ],
    }
