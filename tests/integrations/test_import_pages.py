"""The import flow for administrators, in both languages: upload, preview and mapping, a
background import run by the real django-tasks worker, the summary."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.management.commands.db_worker import Worker

from keyact.activities.models import Activity
from keyact.integrations.models import ImportBatch, ImportMapping
from keyact.orgs.models import Role
from tests.conftest import World
from tests.factories import OrganizationFactory, member
from tests.integrations.conftest import SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def _zip(tmp_path: Path) -> bytes:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in sorted((SAMPLES / "salesforce").iterdir()):
            z.write(file, f"export/{file.name}")
    return archive.read_bytes()


def run_worker() -> None:
    """The django-tasks database worker, run until the queue is empty."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db(transaction=True)
def test_an_admin_uploads_maps_checks_and_imports_a_salesforce_export(
    as_user, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Committed transactions, as in production: the worker checks its connection between tasks.
    org = OrganizationFactory(name="Acme Sales", slug="acme")
    admin = member(org, "admin", Role.ADMIN)
    client = as_user(admin)
    assert "Upload an export" in client.get("/org/import/").content.decode()
    upload = SimpleUploadedFile("export.zip", _zip(tmp_path), content_type="application/zip")
    response = client.post(
        "/org/import/", {"source": "salesforce", "upload": upload, "on_error": "abort"}
    )
    batch = ImportBatch.objects.get(organization=org)
    assert response.status_code == 302
    assert response["Location"] == f"/org/import/{batch.pk}/map/"

    page = client.get(f"/org/import/{batch.pk}/map/").content.decode()
    assert "export/Task.csv" in page and "Team Meeting" in page and "Closed Won" in page
    # Map "Other" to the standard visit type; check first, writing nothing.
    response = client.post(
        f"/org/import/{batch.pk}/map/",
        {"action": "check", "activity_types::Other": "visit", "remember": "1"},
    )
    assert response["Location"] == f"/org/import/{batch.pk}/"
    batch.refresh_from_db()
    assert batch.status == "queued" and batch.dry_run
    assert "hx-trigger" in client.get(f"/org/import/{batch.pk}/").content.decode()
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "validated"
    assert batch.report["created"]["activities"] == 7
    assert not Activity.objects.filter(external_source="salesforce").exists()
    assert ImportMapping.objects.get(organization=org).mapping["activity_types"] == {
        "Other": "visit"
    }
    summary = client.get(f"/org/import/{batch.pk}/").content.decode()
    assert "Checked: nothing was written" in summary and "Import now" in summary

    client.post(f"/org/import/{batch.pk}/", {"action": "import"})
    run_worker()
    batch.refresh_from_db()
    assert (batch.status, batch.dry_run, batch.report["committed"]) == ("committed", False, True)
    assert batch.created_by == admin
    assert Activity.objects.get(external_id="00T5g00000Nr4SdEAJ").type.code == "visit"
    summary = client.get(f"/org/import/{batch.pk}/progress/").content.decode()
    assert "Imported." in summary and "hx-trigger" not in summary
    report = client.get(f"/org/import/{batch.pk}/report.json").json()
    assert report["created"]["activities"] == 7


def test_the_import_pages_read_in_chinese(world: World, as_user, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin = world.users["admin"]
    admin.language = "zh-hans"
    admin.save(update_fields=["language"])
    client = as_user(admin)
    page = client.get("/org/import/").content.decode()
    assert "导入数据" in page and "上传导出文件" in page
    upload = SimpleUploadedFile("export.zip", _zip(tmp_path))
    client.post("/org/import/", {"source": "salesforce", "upload": upload, "on_error": "skip"})
    batch = ImportBatch.objects.get(organization=world.org)
    page = client.get(f"/org/import/{batch.pk}/map/").content.decode()
    assert "预览与映射" in page and "检查" in page and "不写入" in page


@pytest.mark.parametrize("role", ["rep", "manager", "director", "supporter"])
def test_only_administrators_reach_the_import_pages(world: World, as_user, role: str) -> None:  # type: ignore[no-untyped-def]
    assert as_user(world.users[role]).get("/org/import/").status_code == 404


def test_an_upload_of_another_kind_of_file_is_refused(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user(world.users["admin"])
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4")
    response = client.post("/org/import/", {"source": "generic", "upload": upload})
    assert response.status_code == 200
    assert (
        "Upload a .zip of the export folder, or a .csv or .xlsx file." in response.content.decode()
    )
    assert not ImportBatch.objects.exists()
