"""Ceiling 2: a raw WSGI app that inserts one activity row with psycopg (one connection per
worker, autocommit). Served by gunicorn: ``gunicorn benchmarks.ceilings.raw_wsgi:application``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from typing import Any

import psycopg

ORG_ID = int(os.environ.get("BENCH_ORG_ID", "0"))
OWNER_ID = int(os.environ.get("BENCH_OWNER_ID", "0"))
INSERT = """
INSERT INTO activities_activity (
    organization_id, type_id, owner_id, status, occurred_at, customer_id, subject, outcome,
    commitment_text, notes, photo, customer_confirmed, customer_confirmed_by, completed_at,
    created_by_id, created_at, updated_by_id, updated_at, version, external_source, external_id
) VALUES (%s, %s, %s, 'done', %s, %s, '', %s, '', '', '', false, '', %s, %s, %s, %s, %s, 1, '', '')
RETURNING id
"""
_connection: psycopg.Connection[Any] | None = None


def application(
    environ: dict[str, Any], start_response: Callable[[str, list[tuple[str, str]]], Any]
) -> Iterable[bytes]:
    global _connection
    if _connection is None or _connection.closed:
        url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
        _connection = psycopg.connect(url, autocommit=True)
    length = int(environ.get("CONTENT_LENGTH") or 0)
    data = json.loads(environ["wsgi.input"].read(length))
    now = dt.datetime.now(dt.UTC)
    row = _connection.execute(
        INSERT,
        (
            ORG_ID,
            data["type_id"],
            OWNER_ID,
            now,
            data.get("customer_id"),
            data.get("outcome", ""),
            now,
            OWNER_ID,
            now,
            OWNER_ID,
            now,
        ),
    ).fetchone()
    body = json.dumps({"id": row[0] if row else None}).encode()
    start_response(
        "201 Created",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]
