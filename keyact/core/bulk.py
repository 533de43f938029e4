"""The shared bulk loader: COPY on PostgreSQL, batched executemany elsewhere.

Used by demo seeding and by the importers. Rows carry explicit primary keys, allocated under a
table lock, so related rows can point at each other without a round trip per row; sequences are
reset afterwards. The loader writes what it is given: the callers validate rows first (the
importers through the same rule functions as the services).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

Row = tuple[Any, ...]

BATCH = 5000


def is_postgresql() -> bool:
    """Whether the default database is PostgreSQL."""
    return connection.vendor == "postgresql"


def lock_and_next_id(model: type[models.Model]) -> int:
    """Lock the model's table against concurrent writers and return the first free id."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
        cursor.execute(f'SELECT MAX(id) FROM "{table}"')
        (max_id,) = cursor.fetchone() or (None,)
    return int(max_id or 0) + 1


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve ``count`` primary keys for rows written later, without locking the table.

    PostgreSQL draws them from the table's sequence (concurrent writers get other ids).
    SQLite has one writer at a time: inside the caller's transaction nobody else inserts, so
    the ids after the highest one are free; the next allocation continues after them.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [f'"{table}"', count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT MAX(id) FROM "{table}"')
        (max_id,) = cursor.fetchone() or (None,)
    start = max(int(max_id or 0), _sqlite_reserved.get(table, 0)) + 1
    _sqlite_reserved[table] = start + count - 1
    return list(range(start, start + count))


# Ids handed out on SQLite but maybe not written yet (rows are written after allocation).
_sqlite_reserved: dict[str, int] = {}


def allocation_reset() -> None:
    """Forget SQLite reservations (at the end of the transaction that used them)."""
    _sqlite_reserved.clear()


def reset_sequences(*model_list: type[models.Model]) -> None:
    """Move the id sequences past the explicit ids written (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@contextmanager
def foreign_keys_validated_at_end(*model_list: type[models.Model]) -> Iterator[None]:
    """On PostgreSQL, check the tables' foreign keys once for all rows instead of row by row.

    Django's foreign keys are deferred: each inserted row queues one check per key, run at
    commit (about 35 s for a million activities). Dropping the constraints and adding them back
    validates every row in one join per key. Needs a transaction; the tables are locked until it
    ends, so this is for seeding, not for a live site. Elsewhere it does nothing.
    """
    if not is_postgresql():
        yield
        return
    tables = [m._meta.db_table for m in model_list]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)"
            " ORDER BY 1, 2",
            [[f'"{t}"' for t in tables] + tables],
        )
        constraints = cursor.fetchall()
        # Run the checks queued so far: a table with pending checks cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    with connection.cursor() as cursor:
        for table, name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def indexes_rebuilt_at_end(model: type[models.Model], new_rows: int) -> Iterator[None]:
    """On PostgreSQL, when a load at least doubles a table, build its secondary indexes once
    afterwards instead of updating a dozen of them row by row (seeding only: the table is locked
    and its indexes are missing until the transaction ends). Elsewhere it does nothing."""
    if not is_postgresql():
        yield
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [f'"{table}"'])
        (existing,) = cursor.fetchone() or (0,)
        if new_rows < max(float(existing), 50_000.0):
            indexes: list[tuple[str, str]] = []
        else:
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                " JOIN pg_class c ON c.oid = i.indexrelid"
                " WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary"
                " ORDER BY 1",
                [f'"{table}"'],
            )
            indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)


# Values SQLite takes as they are: most cells, checked by exact type before any conversion.
_SQLITE_AS_IS = frozenset({str, int, float, type(None), bytes})


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        # Django's SQLite backend stores UTC without an offset.
        return str(value.astimezone(dt.UTC).replace(tzinfo=None))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _fillers(model: type[models.Model], columns: Sequence[str]) -> tuple[list[str], Row]:
    """Columns of ``model`` the caller leaves out, with the value each one gets."""
    given = set(columns)
    unknown = given - {f.column for f in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column(s) {sorted(unknown)}")
    names: list[str] = []
    values: list[Any] = []
    for field in model._meta.concrete_fields:
        column = field.column
        if column is None or column in given:
            continue
        if field.primary_key and isinstance(field, models.AutoField | models.BigAutoField):
            continue  # left out: the database numbers the rows
        if field.has_default() or field.null or field.empty_strings_allowed:
            value = field.get_default()  # the default, else None or "" as the field allows
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value in the rows")
        names.append(column)
        values.append(field.get_db_prep_save(value, connection))
    return names, tuple(values)


def write_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Row]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into the model's table; return the count.

    Columns left out get the field's default (or NULL), so a new nullable or defaulted field
    does not break seeding; a left-out automatic primary key is numbered by the database.
    """
    table = model._meta.db_table
    extra_names, extra_values = _fillers(model, columns)
    all_columns = [*columns, *extra_names]
    column_sql = ", ".join(f'"{c}"' for c in all_columns)
    count = 0
    with connection.cursor() as cursor:
        if is_postgresql():
            raw = cursor.cursor
            cursor.execute(
                "SELECT a.attname, t.typname FROM pg_attribute a"
                " JOIN pg_type t ON t.oid = a.atttypid"
                " WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
                [f'"{table}"'],
            )
            pg_types = dict(cursor.fetchall())
            # Binary COPY with pinned types: PostgreSQL parses nothing, psycopg looks up nothing.
            with raw.copy(f'COPY "{table}" ({column_sql}) FROM STDIN (FORMAT BINARY)') as copy:
                copy.set_types([pg_types[c] for c in all_columns])
                write: Callable[[Row], None] = copy.write_row
                if extra_values:
                    for row in rows:
                        write(row + extra_values)
                        count += 1
                else:
                    for row in rows:
                        write(row)
                        count += 1
            return count
        placeholders = ", ".join(["%s"] * len(all_columns))
        sql = f'INSERT INTO "{table}" ({column_sql}) VALUES ({placeholders})'
        batch: list[Row] = []
        for row in rows:
            batch.append(
                tuple(
                    [
                        v if type(v) in _SQLITE_AS_IS else _sqlite_value(v)
                        for v in row + extra_values
                    ]
                )
            )
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
