"""Uploaded files: recognised by their content, stored under our name, served as downloads.

The uploader's file name and the browser's content type are claims, not facts. A file is
accepted only when its bytes are one of the allowed kinds: images that Pillow can read (JPEG,
PNG, WebP, HEIC), PDF, Office Open XML documents without macros (DOCX, XLSX, PPTX), and plain
text (CSV or TXT in UTF-8, UTF-16 or GB18030). The stored extension and the content type we
serve follow from the content. Only checked images are shown inline; everything else is a
download (``Content-Disposition: attachment``), always with ``X-Content-Type-Options: nosniff``
and a sandboxing Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from keyact.core.errors import DomainError

try:  # HEIC photos from phones; pillow-heif registers itself as a Pillow plugin.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass

IMAGE = "image"
DOCUMENT = "document"
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel phone photo; larger is a decompression bomb

_IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "HEIF": ".heic"}
_OFFICE_PARTS = {
    "word/document.xml": ".docx",
    "xl/workbook.xml": ".xlsx",
    "ppt/presentation.xml": ".pptx",
}
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
INLINE_EXTENSIONS = frozenset({".jpg", ".png", ".webp", ".heic"})


@dataclass(frozen=True)
class CheckedFile:
    """What an upload turned out to be."""

    kind: str  # IMAGE or DOCUMENT
    extension: str  # from the content, e.g. ".pdf"
    size: int

    @property
    def content_type(self) -> str:
        """The content type to serve it with."""
        return CONTENT_TYPES[self.extension]


def _image_extension(stream: IO[bytes]) -> str | None:
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                extension = _IMAGE_FORMATS.get(image.format or "")
                if extension is None or image.width * image.height > MAX_IMAGE_PIXELS:
                    return None
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None
    except (OSError, ValueError, SyntaxError, EOFError):
        return None  # truncated or corrupt image data
    return extension


def _office_extension(stream: IO[bytes]) -> str | None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:  # reads the directory only, extracts nothing
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names or any(n.endswith("vbaProject.bin") for n in names):
        return None  # not Office Open XML, or carrying macros
    for part, extension in _OFFICE_PARTS.items():
        if part in names:
            return extension
    return None


_TEXT_CONTROLS_ALLOWED = {"\t", "\n", "\r", "\f"}


def _is_text(stream: IO[bytes], limit: int = 1024 * 1024) -> bool:
    stream.seek(0)
    head = stream.read(limit)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            # The sample may end inside a character: tolerate only an incomplete tail.
            text = head.decode(encoding, errors="strict")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:
                continue
            text = head[: exc.start].decode(encoding)
        return not any(
            unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS_ALLOWED for ch in text
        )
    return False


def file_check(
    file: File[Any],
    *,
    field: str,
    max_bytes: int,
    images_only: bool = False,
) -> CheckedFile:
    """Recognise an upload by its content; a DomainError on ``field`` names what is accepted.

    ``images_only`` accepts JPEG, PNG, WebP and HEIC photos; otherwise PDF, Word, Excel,
    PowerPoint, CSV and text files are accepted too.
    """
    size = file.size or 0
    if size <= 0:
        raise DomainError(_("The file is empty."), field=field)
    if size > max_bytes:
        raise DomainError(
            _("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            field=field,
        )
    stream: IO[bytes] = file.file  # type: ignore[assignment]
    try:
        extension = _image_extension(stream)
        if extension is not None:
            return CheckedFile(IMAGE, extension, size)
        if images_only:
            raise DomainError(_("Upload a JPEG, PNG, WebP or HEIC photo."), field=field)
        stream.seek(0)
        if stream.read(5) == b"%PDF-":
            return CheckedFile(DOCUMENT, ".pdf", size)
        extension = _office_extension(stream)
        if extension is not None:
            return CheckedFile(DOCUMENT, extension, size)
        if _is_text(stream):
            named_csv = (file.name or "").lower().endswith(".csv")
            return CheckedFile(DOCUMENT, ".csv" if named_csv else ".txt", size)
    finally:
        stream.seek(0)
    raise DomainError(
        _(
            "This kind of file cannot be uploaded. Upload a photo (JPEG, PNG, WebP, HEIC), "
            "a PDF, a Word, Excel or PowerPoint file (without macros), or a CSV or text file."
        ),
        field=field,
    )


def stored_file_name(original: str | None, checked: CheckedFile, fallback: str) -> str:
    """A safe name to store under: the uploader's stem (cleaned), our extension."""
    stem = (original or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    with contextlib.suppress(Exception):
        stem = get_valid_filename(stem)
    return f"{(stem or fallback)[:60]}{checked.extension}"


def stored_file_delete_on_commit(name: str | None) -> None:
    """Delete a replaced or removed file once the transaction that replaced it commits.

    Deleting earlier would lose the file if the transaction rolled back; never deleting fills
    the disk.
    """
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def stored_file_response(stored: FieldFile, *, download_name: str | None = None) -> FileResponse:
    """Serve a stored upload: inline only for checked images, otherwise as a download."""
    name = stored.name or ""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    inline = extension in INLINE_EXTENSIONS
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    filename = download_name or name.rsplit("/", 1)[-1]
    response = FileResponse(
        stored.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A document opened in the browser runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
