"""What an import remembers of each activity's source values: fingerprints per field, enough
to tell the fields a newer export changed (and keep keyact-side edits), without a copy of every
note; snapshots stored as values by earlier releases still compare."""

from __future__ import annotations

import pytest

from keyact.integrations.engine.activities import ActivityLoader
from keyact.integrations.engine.loading import (
    FINGERPRINTS,
    changed_fields,
    fingerprints,
)
from keyact.integrations.models import ImportedRecord
from tests.integrations.conftest import SAMPLES, run_import

SNAPSHOT = {"subject": "Visit", "notes": "第一行\n=SUM(A1)", "duration_minutes": 30, "ids": ["a"]}


def test_fingerprints_tell_which_fields_changed() -> None:
    stored = fingerprints(SNAPSHOT)
    assert set(stored) == {FINGERPRINTS} and "第一行" not in stored[FINGERPRINTS]
    assert changed_fields(stored, SNAPSHOT) == set()
    newer = {**SNAPSHOT, "notes": "第一行", "duration_minutes": None}
    assert changed_fields(stored, newer) == {"notes", "duration_minutes"}
    assert changed_fields(stored, {**SNAPSHOT, "outcome": ""}) == {"outcome"}


def test_snapshots_stored_as_values_still_compare() -> None:
    assert changed_fields(SNAPSHOT, SNAPSHOT) == set()
    assert changed_fields(SNAPSHOT, {**SNAPSHOT, "subject": "Call"}) == {"subject"}
    assert changed_fields(None, {"subject": "Call"}) == {"subject"}


@pytest.mark.django_db
def test_activities_are_remembered_by_fingerprints_and_reimport_changes_nothing() -> None:
    assert run_import("salesforce", SAMPLES / "salesforce", "--org", "huadong").ok
    remembered = ImportedRecord.objects.filter(kind="activities")
    assert remembered.count() == 7
    assert all(set(r.values) == {FINGERPRINTS} for r in remembered)
    again = run_import("salesforce", SAMPLES / "salesforce", "--org", "huadong")
    assert again.report["unchanged"]["activities"] == 7
    assert again.report["updated"]["activities"] == 0


@pytest.mark.django_db
def test_an_import_remembered_as_values_is_recognised_unchanged(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ActivityLoader, "fingerprinted", False)
    assert run_import("salesforce", SAMPLES / "salesforce", "--org", "huadong").ok
    assert "notes" in ImportedRecord.objects.filter(kind="activities").first().values  # type: ignore[union-attr]
    monkeypatch.undo()
    again = run_import("salesforce", SAMPLES / "salesforce", "--org", "huadong")
    assert again.report["unchanged"]["activities"] == 7
    assert again.report["updated"]["activities"] == 0
