"""Helpers for the importer tests: run ``keyact import`` as a user would and read its report."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

SAMPLES = Path(__file__).parent / "samples"


class Run:
    """The outcome of one ``keyact import`` run."""

    def __init__(self, ok: bool, report: dict[str, Any], error: str = "") -> None:
        self.ok = ok
        self.report = report
        self.error = error

    def problems(self, severity: str | None = None) -> list[tuple[Any, ...]]:
        """Problems as (file, line, id, field, severity) tuples, in report order."""
        return [
            (p["file"], p["line"], p["id"], p["field"], p["severity"])
            for p in self.report["problems"]
            if severity is None or p["severity"] == severity
        ]

    def reasons(self, severity: str | None = None) -> list[str]:
        return [
            p["reason"]
            for p in self.report["problems"]
            if severity is None or p["severity"] == severity
        ]


def run_import(fmt: str, path: Path | str, *args: str) -> Run:
    """``keyact import FORMAT PATH ARGS --json``; a refused import is a Run with ok False."""
    out = io.StringIO()
    try:
        call_command("import", fmt, str(path), *args, "--json", stdout=out)
        ok, error = True, ""
    except CommandError as exc:
        ok, error = False, str(exc)
    return Run(ok, json.loads(out.getvalue()), error)


@pytest.fixture
def sample_copy(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A writable copy of a sample folder, to make it dirty."""

    def _copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(SAMPLES / name, target)
        return target

    return _copy


@pytest.fixture
def as_user(client):  # type: ignore[no-untyped-def]
    """Log the test client in as ``user`` (force_login)."""

    def _as(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return _as
