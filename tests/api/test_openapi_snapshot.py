"""The committed OpenAPI document (docs/openapi.json) matches the API."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from keyact.config.management.commands.openapi_snapshot import openapi_document

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_committed_openapi_snapshot_matches_the_api() -> None:
    committed = SNAPSHOT.read_text(encoding="utf-8")
    current = openapi_document()
    if committed != current:
        diff = "\n".join(
            list(difflib.unified_diff(committed.splitlines(), current.splitlines(), n=1))[:40]
        )
        pytest.fail(f"docs/openapi.json is out of date: run `make openapi`.\n{diff}")


def test_snapshot_is_stable_sorted_json_with_a_trailing_newline() -> None:
    text = openapi_document()
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert text == openapi_document()


def test_check_exits_1_on_drift_and_0_when_current(tmp_path: Path) -> None:
    path = tmp_path / "openapi.json"
    call_command("openapi_snapshot", write=str(path))
    call_command("openapi_snapshot", check=str(path))
    path.write_text(path.read_text().replace('"title": "keyact API"', '"title": "old"'))
    with pytest.raises(CommandError) as excinfo:
        call_command("openapi_snapshot", check=str(path))
    assert excinfo.value.returncode == 1
    assert "run `make openapi`" in str(excinfo.value)


def test_the_document_and_the_docs_are_served(db: None) -> None:
    client = Client()
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    assert document.json()["info"]["title"] == "keyact API"
    assert "/api/v1/activities" in document.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200
