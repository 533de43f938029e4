"""What every format provides, and the shared machinery for table files."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from keyact.integrations.parsing import BadValue, parse_datetime
from keyact.integrations.reading import SourceFile, Table, UnreadableFile, open_table
from keyact.integrations.records import (
    ActivityRecord,
    ContactRecord,
    CustomerRecord,
    DepartmentRecord,
    OpportunityRecord,
    Origin,
    RowFailure,
    UserRecord,
)
from keyact.integrations.report import Report


@dataclass
class Survey:
    """A first, cheap pass over the files: how many rows, which values need mapping."""

    rows: Counter[str] = field(default_factory=Counter)
    type_labels: Counter[str] = field(default_factory=Counter)
    type_labels_with_customer: Counter[str] = field(default_factory=Counter)
    stage_labels: Counter[str] = field(default_factory=Counter)
    owner_names: dict[str, Origin] = field(default_factory=dict)
    # Accounts rows name (sheets that link by name): name → (first row, its owner's name).
    customer_names: dict[str, tuple[Origin, str]] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Rows in every file."""
        return sum(self.rows.values())

    def type_stats(self) -> dict[str, tuple[int, int]]:
        """Per type label: rows, and rows that name a customer."""
        return {k: (n, self.type_labels_with_customer[k]) for k, n in self.type_labels.items()}


class Dataset:
    """The files of one upload in one format."""

    source: ClassVar[str]
    # Source type labels → keyact type codes, and stage labels → keyact stage names (English).
    default_types: ClassVar[dict[str, str]] = {}
    default_stages: ClassVar[dict[str, str]] = {}
    # Whether owners are referred to by name (then unknown ones may be created on request).
    owners_by_name: ClassVar[bool] = False
    # Whether accounts named by rows but found nowhere are created (follow-up sheets, Odoo).
    creates_named_customers: ClassVar[bool] = False
    # keyact field → source column, per kind, for the report.
    columns: ClassVar[dict[str, dict[str, str]]] = {}

    def __init__(
        self, files: list[SourceFile], *, tz: dt.tzinfo, mapping: dict[str, Any] | None = None
    ) -> None:
        self.files = files
        self.tz = tz
        self.mapping = mapping or {}
        self.encodings: dict[str, str] = {}

    # -- finding and reading files -----------------------------------------------------------
    def find(self, *stems: str) -> list[SourceFile]:
        """The files whose name (without folders and suffix) is one of ``stems``."""
        wanted = {s.casefold() for s in stems}
        return [f for f in self.files if f.stem.casefold() in wanted]

    def tables(self, files: list[SourceFile], report: Report) -> Iterator[Table]:
        """Open each file in turn; an unreadable one is an error of the whole file."""
        for file in files:
            try:
                with open_table(file) as table:
                    self._note_encoding(table, report)
                    yield table
            except UnreadableFile as exc:
                report.error(file.name, None, "", "", _("Cannot read the file: %s") % exc)

    def _note_encoding(self, table: Table, report: Report) -> None:
        name = table.file.name
        if name in self.encodings:
            return
        self.encodings[name] = table.encoding
        if table.encoding == "gb18030":
            report.warning(
                name,
                None,
                "",
                "",
                _("Read as GB18030 (Chinese GBK) text, detected from its bytes."),
            )

    def moment(self, text: str, column: str) -> tuple[dt.datetime, bool] | None:
        """A date-time cell in the organisation's time zone (BadValue names the column)."""
        try:
            return parse_datetime(text, self.tz)
        except BadValue as exc:
            raise ColumnError(column, str(exc)) from exc

    def column_for(self, kind: str, field: str) -> str:
        """The source column behind a keyact field of a kind (for the report)."""
        return self.columns.get(kind, {}).get(field, field)

    # -- what formats implement --------------------------------------------------------------
    def survey(self, report: Report) -> Survey:
        """Count rows and collect the values to map."""
        return Survey()

    def departments(self, report: Report) -> list[DepartmentRecord]:
        """Units of the reporting tree (small: kept in memory)."""
        return []

    def department_parents(self) -> dict[str, str]:
        """Unit → parent unit, by source key."""
        return {}

    def users(self, report: Report) -> list[UserRecord]:
        """People (small: kept in memory)."""
        return []

    def customers(self, report: Report) -> Iterator[CustomerRecord | RowFailure]:
        """Accounts, streamed."""
        return iter(())

    def contacts(self, report: Report) -> Iterator[ContactRecord | RowFailure]:
        """Contacts, streamed."""
        return iter(())

    def opportunities(self, report: Report) -> Iterator[OpportunityRecord | RowFailure]:
        """Deals, streamed."""
        return iter(())

    def activities(self, report: Report) -> Iterator[ActivityRecord | RowFailure]:
        """Activities, streamed."""
        return iter(())


class ColumnError(ValueError):
    """A cell of a row that cannot be read: the column and why."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason
