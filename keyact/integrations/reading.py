"""Reading what users bring: a folder, a zip of one, or single CSV / XLSX files, row by row.

Rows are streamed (one row in memory at a time, whatever the file size). CSV encodings: UTF-8
with or without a byte-order mark, or a Chinese legacy encoding (GBK / GB18030) detected with
charset-normalizer; the encoding read is reported. XLSX cells come back as text: formulas stay
the text of the formula (never evaluated), dates and times as ISO text.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from charset_normalizer import from_bytes

TABLE_SUFFIXES = (".csv", ".xlsx", ".txt")
SNIFF_BYTES = 256 * 1024
# Field sizes of real exports: long descriptions and e-mail bodies exceed csv's 128 KB default.
csv.field_size_limit(16 * 1024 * 1024)

# charset-normalizer names for the Chinese legacy encodings; GB18030 reads every one of them.
_CHINESE = {"gb2312", "gbk", "gb18030", "hz", "cp936"}


class UnreadableFile(Exception):
    """A file that is not a table keyact can read (message says why)."""


@dataclass(frozen=True)
class SourceFile:
    """One table file of an upload: its name (path inside the folder or zip) and how to open it."""

    name: str
    open: Callable[[], IO[bytes]]

    @property
    def stem(self) -> str:
        """The file name without folders and suffix, e.g. ``Task`` for ``export/Task.csv``."""
        return PurePosixPath(self.name).stem


def source_files(path: Path) -> list[SourceFile]:
    """The table files of a folder, a zip archive or a single file, sorted by name."""
    if path.is_dir():
        return [
            SourceFile(str(p.relative_to(path)), _file_opener(p))
            for p in sorted(path.rglob("*"))
            if p.is_file() and p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith(".")
        ]
    if path.suffix.lower() not in TABLE_SUFFIXES and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = sorted(
                n
                for n in archive.namelist()
                if PurePosixPath(n).suffix.lower() in TABLE_SUFFIXES
                and not PurePosixPath(n).name.startswith((".", "~$"))
                and not n.startswith("__MACOSX/")
            )
        return [SourceFile(n, _zip_opener(path, n)) for n in names]
    return [SourceFile(path.name, _file_opener(path))]


def _file_opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: path.open("rb")


def _zip_opener(path: Path, name: str) -> Callable[[], IO[bytes]]:
    def opener() -> IO[bytes]:
        archive = zipfile.ZipFile(path)
        member = archive.open(name)
        # Closing the member must close the archive too.
        original_close = member.close

        def close() -> None:
            original_close()
            archive.close()

        member.close = close  # type: ignore[method-assign]
        return member

    return opener


def detect_encoding(head: bytes) -> str:
    """The encoding of a CSV file from its first bytes: utf-8-sig, utf-8 or gb18030."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the end of the sample is fine
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(head).best()
    if best is not None and best.encoding.replace("_", "").lower() in _CHINESE:
        return "gb18030"
    try:
        head.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnreadableFile("neither UTF-8 nor GBK/GB18030 text") from exc
    return "gb18030"


@dataclass
class Table:
    """An open table: its header, the encoding read, and its rows as (line, values by header)."""

    file: SourceFile
    header: list[str]
    encoding: str
    rows: Iterator[tuple[int, dict[str, str]]]


def _clean_header(header: list[str]) -> list[str]:
    return [h.replace("\ufeff", "").strip() for h in header]


@contextmanager
def open_table(file: SourceFile) -> Iterator[Table]:
    """Open a CSV or XLSX file for streaming; raises UnreadableFile when it is neither."""
    if file.name.lower().endswith(".xlsx"):
        with _open_xlsx(file) as table:
            yield table
        return
    stream = file.open()
    try:
        head = stream.read(SNIFF_BYTES)
        encoding = detect_encoding(head)
        stream.close()
        stream = file.open()
        text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
        reader = csv.reader(text)
        try:
            header = _clean_header(next(reader))
        except StopIteration as exc:
            raise UnreadableFile("the file is empty") from exc
        except (UnicodeDecodeError, csv.Error) as exc:
            raise UnreadableFile(str(exc)) from exc
        yield Table(file, header, encoding, _csv_rows(reader, header))
    finally:
        stream.close()


def _csv_rows(reader: Any, header: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows with the line each starts on (a quoted value may span several lines)."""
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"line {start}: not valid text ({exc.reason})") from exc
        except csv.Error as exc:
            raise UnreadableFile(f"line {start}: {exc}") from exc
        if not "".join(values).strip():  # a blank row (one C-level pass, not a loop)
            continue
        yield start, dict(zip(header, values, strict=False))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@contextmanager
def _open_xlsx(file: SourceFile) -> Iterator[Table]:
    from openpyxl import load_workbook

    stream = file.open()
    try:
        try:
            workbook = load_workbook(io.BytesIO(stream.read()), read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise UnreadableFile(f"not an XLSX workbook ({exc})") from exc
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        try:
            header = _clean_header([_cell_text(v) for v in next(rows)])
        except StopIteration as exc:
            raise UnreadableFile("the sheet is empty") from exc

        def body() -> Iterator[tuple[int, dict[str, str]]]:
            for number, values in enumerate(rows, start=2):
                texts = [_cell_text(v) for v in values]
                if any(t.strip() for t in texts):
                    yield number, dict(zip(header, texts, strict=False))

        yield Table(file, header, "xlsx", body())
        workbook.close()
    finally:
        stream.close()
