"""Progress of a running import, visible to the pages while the import's own transaction is
still open: written through a second database connection where the database allows a second
writer (PostgreSQL). SQLite has one writer at a time; there the page shows the import as
running until it finishes."""

from __future__ import annotations

import time
from types import TracebackType
from typing import Any

from django.db import connections

from keyact.integrations.models import ImportBatch

INTERVAL_SECONDS = 0.5


class ProgressWriter:
    """Callable ``(rows_done, rows_total)``; writes at most twice a second."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.connection: Any = None
        self.last = 0.0

    def __enter__(self) -> ProgressWriter:
        if connections["default"].vendor == "postgresql":
            self.connection = connections.create_connection("default")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.connection is not None:
            self.connection.close()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.connection is None or now - self.last < INTERVAL_SECONDS:
            return
        self.last = now
        with self.connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{ImportBatch._meta.db_table}" SET rows_done = %s, rows_total = %s'
                " WHERE id = %s",
                [done, total, self.batch_id],
            )
