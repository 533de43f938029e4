"""The pipeline every kind of record goes through, in chunks of rows (bounded memory):
resolve and check each row, tell new from changed from unchanged, then write in bulk."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django.db.models import Model
from django.utils.translation import gettext as _

from keyact.core.bulk import write_rows
from keyact.core.errors import DomainError
from keyact.integrations.engine.context import ImportContext, RowError
from keyact.integrations.models import ImportedRecord
from keyact.integrations.records import Origin, RowFailure

CHUNK = 5_000


class SourceRecord(Protocol):
    """What the pipeline needs of a record: its source id and where it came from."""

    key: str
    origin: Origin


R = TypeVar("R", bound=SourceRecord)


@dataclass(slots=True)
class Prepared(Generic[R]):
    """A checked row: keyact values by field, and the source values remembered for next time."""

    record: R
    values: dict[str, Any]
    snapshot: dict[str, Any]
    pk: int = 0  # allocated or found; 0 until then
    memory: Any = None  # what is stored of the snapshot (see ``KindLoader.memory``)


# The key under which a snapshot is stored as fingerprints instead of values.
FINGERPRINTS = "fingerprints"


def _fingerprint(value: Any) -> str:
    # Text as itself, anything else by its repr: "None" the text and None the value differ.
    if type(value) is str:
        data = b"s" + value.encode("utf-8", "surrogatepass")
    else:
        data = repr(value).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def fingerprint(value: Any) -> str:
    """A short fingerprint of one source value (the same in every process and release): CRC-32
    and Adler-32 of its text, 64 bits in all."""
    return _fingerprint(value)


def fingerprints(snapshot: dict[str, Any]) -> dict[str, str]:
    """A snapshot as ``{"fingerprints": "field:fingerprint;…"}``: enough to tell which fields
    changed next time, in one short string."""
    return {FINGERPRINTS: ";".join([f"{f}:{_fingerprint(v)}" for f, v in snapshot.items()])}


def changed_fields(before: Any, snapshot: dict[str, Any]) -> set[str]:
    """The fields whose source value differs from what was remembered, stored either as the
    values themselves or as their fingerprints."""
    before = before or {}
    if set(before) == {FINGERPRINTS}:
        parts = (part.split(":", 1) for part in before[FINGERPRINTS].split(";") if part)
        remembered = {field: value for field, value in parts}
        return {f for f, v in snapshot.items() if remembered.get(f) != fingerprint(v)}
    return {f for f, v in snapshot.items() if before.get(f) != v}


def _chunks(records: Iterable[R | RowFailure]) -> Iterator[list[R | RowFailure]]:
    chunk: list[R | RowFailure] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class KindLoader(Generic[R]):
    """Loads one kind of record; subclasses say how to check, create and update a row."""

    kind: str
    model: type[Model]
    # Remember fingerprints of the source values instead of the values (for the millions of
    # activities: a short string per row instead of a copy of every note).
    fingerprinted = False
    # (kind, keyact field) → the source column, for the report (set by the engine).
    column_of: Callable[[str, str], str] | None = None

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self._seen: dict[int, int] = {}
        self._columns: dict[str, str] = {}

    # -- what subclasses provide --------------------------------------------------------------
    def prepare(self, record: R) -> Prepared[R]:
        """Resolve references and check the rules; raise RowError or DomainError."""
        raise NotImplementedError

    def existing(self, keys: list[str]) -> dict[str, int]:
        """Source id → primary key of the records this source already created."""
        lookup = self.ctx.lookups[self.kind].by_key
        return {k: lookup[k] for k in keys if k in lookup}

    def register(self, item: Prepared[R]) -> None:
        """Make a new or existing record findable by the rows that refer to it."""

    def check_change(self, item: Prepared[R], fields: set[str], current: Any) -> None:
        """Refuse one change; ``current`` is what ``current_state`` returned for the record."""

    def current_state(self, pks: list[int]) -> dict[int, Any]:
        """What ``check_change`` needs to know of the records about to change."""
        return {}

    def create(self, items: list[Prepared[R]]) -> None:
        """Write new records (their ``pk`` is allocated)."""
        raise NotImplementedError

    def update(self, items: list[tuple[Prepared[R], set[str]]]) -> None:
        """Apply the fields the source changed to existing records."""
        raise NotImplementedError

    # -- the pipeline -----------------------------------------------------------------------
    def column(self, field: str | None) -> str:
        """The source column behind a keyact field (the field itself when unknown)."""
        if not field:
            return ""
        found = self._columns.get(field)
        if found is None:
            found = self.column_of(self.kind, field) if self.column_of is not None else field
            self._columns[field] = found
        return found

    def run(self, records: Iterable[R | RowFailure]) -> None:
        """Load every record, chunk by chunk."""
        for chunk in _chunks(records):
            self._flush(chunk)

    def _check(self, record: R) -> Prepared[R] | None:
        try:
            return self.prepare(record)
        except RowError as exc:
            self.ctx.fail(self.kind, record.key, record.origin, exc)
        except DomainError as exc:
            self.ctx.fail(
                self.kind, record.key, record.origin, RowError(self.column(exc.field), exc.message)
            )
        return None

    def memory(self, item: Prepared[R]) -> Any:
        """What is stored of a row's source values for the next import's comparison."""
        if item.memory is None:
            item.memory = fingerprints(item.snapshot) if self.fingerprinted else item.snapshot
        return item.memory

    def _is_duplicate(self, item: Prepared[R]) -> bool:
        """Same id seen before in this import: skipped when identical, an error otherwise."""
        record = item.record
        key_hash = hash(record.key)
        content = hash(
            self.memory(item)[FINGERPRINTS]
            if self.fingerprinted
            else repr(sorted(item.snapshot.items()))
        )
        before = self._seen.get(key_hash)
        if before is None:
            self._seen[key_hash] = content
            return False
        if before == content:
            self.ctx.report.warning(
                record.origin.file,
                record.origin.line,
                record.key,
                "",
                _("Duplicate row: the same id with the same values appears earlier; skipped."),
            )
            self.ctx.report.count("skipped", self.kind)
        else:
            self.ctx.fail(
                self.kind,
                "",
                record.origin,
                RowError(
                    "", _("The id %(id)s appears earlier with other values.") % {"id": record.key}
                ),
            )
        return True

    def _flush(self, chunk: list[R | RowFailure]) -> None:
        ctx = self.ctx
        checked = self._checked(chunk)
        ctx.rows_done += len(chunk)
        if ctx.progress is not None:
            ctx.progress(ctx.rows_done, ctx.rows_total)
        new, changed = self._sorted(checked)
        changed = self._allowed(changed)
        for item, pk in zip(new, ctx.allocate(self.model, len(new)), strict=True):
            item.pk = pk
            self.register(item)
        ctx.report.count("created", self.kind, len(new))
        ctx.report.count("updated", self.kind, len(changed))
        if not ctx.writing or ctx.options.dry_run:
            return
        if new:
            self.create(new)
        if changed:
            self.update(changed)
        self._remember(new, changed)

    def _checked(self, chunk: list[R | RowFailure]) -> list[Prepared[R]]:
        """The chunk's records that pass the rules and are not repeats; failures reported."""
        checked: list[Prepared[R]] = []
        for record in chunk:
            if isinstance(record, RowFailure):
                self.ctx.fail(
                    self.kind, record.key, record.origin, RowError(record.column, record.reason)
                )
                continue
            item = self._check(record)
            if item is not None and not (record.key and self._is_duplicate(item)):
                checked.append(item)
        return checked

    def _sorted(
        self, checked: list[Prepared[R]]
    ) -> tuple[list[Prepared[R]], list[tuple[Prepared[R], set[str]]]]:
        """New records, and imported-before records whose fields changed (unchanged counted)."""
        ctx = self.ctx
        known = self.existing([i.record.key for i in checked if i.record.key])
        previous = ctx.snapshots(self.kind, known) if known else {}
        new: list[Prepared[R]] = []
        changed: list[tuple[Prepared[R], set[str]]] = []
        for item in checked:
            pk = known.get(item.record.key)
            if pk is None:
                new.append(item)
                continue
            item.pk = pk
            fields = changed_fields(previous.get(item.record.key), item.snapshot)
            if fields:
                changed.append((item, fields))
            else:
                ctx.report.count("unchanged", self.kind)
            self.register(item)
        return new, changed

    def _allowed(
        self, changed: list[tuple[Prepared[R], set[str]]]
    ) -> list[tuple[Prepared[R], set[str]]]:
        if not changed:
            return changed
        state = self.current_state([i.pk for i, _f in changed])
        allowed = []
        for item, fields in changed:
            try:
                self.check_change(item, fields, state.get(item.pk))
            except DomainError as exc:
                record = item.record
                self.ctx.fail(
                    self.kind,
                    record.key,
                    record.origin,
                    RowError(self.column(exc.field), exc.message),
                )
                continue
            allowed.append((item, fields))
        return allowed

    def _remember(
        self, new: list[Prepared[R]], changed: list[tuple[Prepared[R], set[str]]]
    ) -> None:
        """Store the source values of what was written, for the next import's comparison."""
        ctx = self.ctx
        batch_id = ctx.options.batch.pk if ctx.options.batch else None
        org_id = ctx.organization.pk
        write_rows(
            ImportedRecord,
            ["organization_id", "source", "kind", "external_id", "object_id", "values", "batch_id"],
            (
                (org_id, ctx.source, self.kind, i.record.key, i.pk, self.memory(i), batch_id)
                for i in new
                if i.record.key
            ),
        )
        for item, _fields in changed:
            ImportedRecord.objects.filter(
                organization_id=org_id,
                source=ctx.source,
                kind=self.kind,
                external_id=item.record.key,
            ).update(values=self.memory(item), batch_id=batch_id)
