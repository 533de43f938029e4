"""Guide steps and tools may carry a file; oversize files are refused and nothing changes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from keyact.core.errors import DomainError
from keyact.keyactivities.models import GuideStep, Tool
from keyact.keyactivities.services import guide_step_add, tool_add
from keyact.users.models import User
from tests.conftest import World
from tests.keyactivities.conftest import fresh, ready


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _office(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


DOCX = _office("word/document.xml")
XLSX = _office("xl/workbook.xml")


def test_a_guide_step_carries_an_attachment(kworld: World) -> None:
    ka = ready(kworld)
    step = guide_step_add(
        actor=kworld.users["manager"],
        key_activity_id=ka.pk,
        version=ka.version,
        text_en="Use the invitation letter",
        attachment=SimpleUploadedFile("invitation.docx", DOCX),
    )
    stored = GuideStep.objects.get(pk=step.pk)
    assert stored.attachment.name.endswith("invitation.docx")  # recognised by its content
    assert stored.attachment.read() == DOCX


def test_an_oversize_file_is_refused_and_nothing_changes(kworld: World) -> None:
    ka = ready(kworld)
    big = SimpleUploadedFile("big.pdf", b"x" * (10 * 1024 * 1024 + 1))
    with pytest.raises(DomainError) as exc:
        tool_add(
            actor=kworld.users["manager"],
            key_activity_id=ka.pk,
            version=ka.version,
            kind="file",
            name_en="Brochure",
            file=big,
        )
    assert exc.value.field == "file"
    assert not Tool.objects.exists()
    assert fresh(ka).version == ka.version


def test_the_output_page_uploads_a_tool_file_and_sets_supporters(
    kworld: World, login: Callable[[User], Client]
) -> None:
    client = login(kworld.users["manager"])
    ka = ready(kworld)
    response = client.post(
        f"/key-activities/{ka.pk}/do/tool-add/",
        {
            "version": ka.version,
            "kind": "template",
            "name_en": "Visit report template",
            "file": SimpleUploadedFile("report.xlsx", XLSX),
        },
    )
    assert response.status_code == 302
    tool = Tool.objects.get()
    assert tool.file.read() == XLSX
    ka = fresh(ka)
    saved = client.post(
        f"/key-activities/{ka.pk}/do/supporters/",
        {"version": ka.version, "supporter_ids": [kworld.users["supporter"].pk]},
    )
    assert saved.status_code == 302
    assert list(fresh(ka).supporters.all()) == [kworld.users["supporter"]]
    page = client.get(f"/key-activities/{ka.pk}/output/").content.decode()
    # Served by a download view that checks the scope, never from /media/.
    assert f"/key-activities/{ka.pk}/tools/{tool.pk}/file/" in page
    assert "/media/" not in page
