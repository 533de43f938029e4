"""Uploads: recognised by content, replaced files deleted after commit, per-user limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from keyact.activities.models import Activity
from keyact.activities.services import activity_attach_photo
from keyact.core.errors import DomainError
from keyact.core.files import DOCUMENT, IMAGE, file_check
from keyact.core.models import StoredFile
from tests.conftest import World
from tests.factories import ActivityFactory, image_bytes

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _office(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<xml/>")
    return buffer.getvalue()


def _check(name: str, content: bytes, images_only: bool = False) -> tuple[str, str]:
    checked = file_check(
        _upload(name, content), field="f", max_bytes=10 * MB, images_only=images_only
    )
    return checked.kind, checked.extension


def test_images_are_recognised_by_decoding_them_not_by_their_name() -> None:
    assert _check("photo.bin", image_bytes("PNG"), images_only=True) == (IMAGE, ".png")
    assert _check("x.png", image_bytes("JPEG"), images_only=True) == (IMAGE, ".jpg")
    assert _check("x", image_bytes("WEBP"), images_only=True) == (IMAGE, ".webp")
    for name, content in [
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # the signature alone
        ("evil.jpg", b"<script>alert(1)</script>"),
        ("doc.png", b"%PDF-1.7\n"),
        ("anim.gif", image_bytes("GIF")),
    ]:
        with pytest.raises(DomainError, match="Upload a JPEG, PNG, WebP or HEIC photo"):
            _check(name, content, images_only=True)


def test_an_image_with_too_many_pixels_is_refused() -> None:
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, "PNG")  # 48 megapixels, a few kB on disk
    with pytest.raises(DomainError):
        _check("bomb.png", buffer.getvalue(), images_only=True)


def test_documents_are_recognised_by_their_content() -> None:
    assert _check("report", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n") == (DOCUMENT, ".pdf")
    assert _check("a.bin", _office("[Content_Types].xml", "word/document.xml")) == (
        DOCUMENT,
        ".docx",
    )
    assert _check("b.txt", _office("[Content_Types].xml", "xl/workbook.xml")) == (DOCUMENT, ".xlsx")
    assert _check("c", _office("[Content_Types].xml", "ppt/presentation.xml")) == (
        DOCUMENT,
        ".pptx",
    )
    assert _check("list.csv", "客户,金额\n华东,100\n".encode()) == (DOCUMENT, ".csv")
    assert _check("notes.csv", "客户,金额\n".encode("gbk")) == (DOCUMENT, ".csv")
    assert _check("notes", b"plain notes\r\n") == (DOCUMENT, ".txt")
    assert _check("photo.pdf", image_bytes("PNG")) == (IMAGE, ".png")


def test_other_files_are_refused_whatever_their_name() -> None:
    for name, content in [
        ("tool.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),  # a Windows program
        ("macro.docx", _office("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin")),
        ("archive.xlsx", _office("readme.txt")),
        ("data.csv", bytes(range(256)) * 4),
        ("page.txt", b"\x00\x01\x02binary"),
    ]:
        with pytest.raises(DomainError, match="This kind of file cannot be uploaded"):
            _check(name, content)
    with pytest.raises(DomainError, match="empty"):
        _check("empty.txt", b"")
    with pytest.raises(DomainError, match="larger than 1 MB"):
        file_check(_upload("big.txt", b"a" * (MB + 1)), field="f", max_bytes=MB)


@pytest.mark.django_db
def test_a_replaced_photo_is_deleted_after_the_commit(
    world: World, django_capture_on_commit_callbacks
) -> None:
    rep = world.users["rep"]
    activity = world.activities["rep"]
    with django_capture_on_commit_callbacks(execute=True):
        first = activity_attach_photo(
            actor=rep, activity_id=activity.pk, photo=_upload("a.png", image_bytes("PNG"))
        ).photo.name
    assert default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        second = activity_attach_photo(
            actor=rep, activity_id=activity.pk, photo=_upload("b.jpg", image_bytes("JPEG"))
        ).photo.name
    # Until the transaction commits, the old photo is still there (a rollback would need it).
    assert default_storage.exists(first)
    for callback in pending:
        callback()
    assert not default_storage.exists(first)
    assert default_storage.exists(second)
    ledger = [(f.name, f.removed_at is None) for f in StoredFile.objects.order_by("id")]
    assert ledger == [(first, False), (second, True)]


@pytest.mark.django_db
def test_uploads_per_hour_are_limited_with_a_clear_message(world: World, settings) -> None:
    settings.KEYACT_UPLOADS_PER_HOUR = 2
    rep = world.users["rep"]
    activity = world.activities["rep"]
    for _ in range(2):
        activity_attach_photo(
            actor=rep, activity_id=activity.pk, photo=_upload("a.png", image_bytes("PNG"))
        )
    version = Activity.objects.get(pk=activity.pk).version
    with pytest.raises(DomainError, match="You have uploaded 2 files in the last hour") as refused:
        activity_attach_photo(
            actor=rep, activity_id=activity.pk, photo=_upload("a.png", image_bytes("PNG"))
        )
    assert refused.value.field == "photo"
    assert Activity.objects.get(pk=activity.pk).version == version
    assert StoredFile.objects.count() == 2


@pytest.mark.django_db
def test_bytes_per_hour_and_storage_are_limited(world: World, settings) -> None:
    rep = world.users["rep"]
    activity = world.activities["rep"]
    photo = image_bytes("PNG", (64, 64))
    settings.KEYACT_UPLOAD_BYTES_PER_HOUR = len(photo) + 10
    activity_attach_photo(actor=rep, activity_id=activity.pk, photo=_upload("a.png", photo))
    with pytest.raises(DomainError, match="in the last hour, the most allowed"):
        activity_attach_photo(actor=rep, activity_id=activity.pk, photo=_upload("a.png", photo))
    settings.KEYACT_UPLOAD_BYTES_PER_HOUR = 100 * MB
    settings.KEYACT_UPLOAD_QUOTA_BYTES = len(photo) + 10
    # The kept photo counts against the quota; another activity's photo would pass it.
    other = ActivityFactory(organization=activity.organization, owner=rep)
    with pytest.raises(DomainError, match="Your files take"):
        activity_attach_photo(actor=rep, activity_id=other.pk, photo=_upload("b.png", photo))
    assert not Activity.objects.get(pk=other.pk).photo


@pytest.mark.django_db
def test_photos_are_served_inline_without_sniffing_or_caching(world: World, client) -> None:
    rep = world.users["rep"]
    activity = world.activities["rep"]
    activity_attach_photo(
        actor=rep, activity_id=activity.pk, photo=_upload("a.png", image_bytes("PNG"))
    )
    client.force_login(rep)
    served = client.get(f"/activities/{activity.pk}/photo/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_guide_attachments_and_tool_files_are_downloads_inside_the_scope(
    world: World, django_capture_on_commit_callbacks
) -> None:
    from keyact.keyactivities.services import guide_step_add, tool_add, tool_remove
    from tests.keyactivities.conftest import fresh, ready

    manager = world.users["manager"]
    ka = ready(world)
    pdf = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"
    step = guide_step_add(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        text_en="Read the brief",
        attachment=_upload("brief<script>.html.pdf", pdf, "text/html"),
    )
    assert step.attachment.name.endswith(".pdf")
    ka = fresh(ka)
    tool = tool_add(
        actor=manager,
        key_activity_id=ka.pk,
        version=ka.version,
        kind="file",
        name_en="Price list",
        file=_upload("prices.csv", "产品,价格\n".encode()),
    )
    client = Client()
    client.force_login(world.users["manager"])  # who designs the (draft) key activity
    served = client.get(f"/key-activities/{ka.pk}/guide/{step.pk}/attachment/")
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    assert b"".join(served.streaming_content) == pdf
    listed = client.get(f"/key-activities/{ka.pk}/tools/{tool.pk}/file/")
    assert listed["Content-Type"] == "text/csv; charset=utf-8"
    assert listed["Content-Disposition"].startswith("attachment;")
    outsider = Client()
    outsider.force_login(world.users["other_admin"])
    assert outsider.get(f"/key-activities/{ka.pk}/guide/{step.pk}/attachment/").status_code == 404
    assert outsider.get(f"/key-activities/{ka.pk}/tools/{tool.pk}/file/").status_code == 404
    assert client.get(f"/key-activities/{ka.pk}/tools/{tool.pk + 999}/file/").status_code == 404
    # Nothing is linked under /media/ any more.
    page = client.get(f"/key-activities/{ka.pk}/").content.decode()
    assert "/media/" not in page
    assert f"/key-activities/{ka.pk}/guide/{step.pk}/attachment/" in page
    # A removed tool's file is deleted once the removal commits.
    name = tool.file.name
    with django_capture_on_commit_callbacks(execute=True):
        tool_remove(
            actor=manager, key_activity_id=ka.pk, version=fresh(ka).version, tool_id=tool.pk
        )
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_a_guide_attachment_of_an_unknown_kind_is_refused(world: World) -> None:
    from keyact.keyactivities.services import guide_step_add
    from tests.keyactivities.conftest import fresh, ready

    ka = ready(world)
    with pytest.raises(DomainError, match="This kind of file cannot be uploaded") as refused:
        guide_step_add(
            actor=world.users["manager"],
            key_activity_id=ka.pk,
            version=ka.version,
            text_en="Run this",
            attachment=_upload("setup.pdf", b"MZ\x90\x00" + b"\x00" * 60),
        )
    assert refused.value.field == "attachment"
    assert fresh(ka).guide_steps.count() == ka.guide_steps.count()
    assert not StoredFile.objects.exists()
