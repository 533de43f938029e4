"""What the mapping page shows of an upload: each file's first rows, what it was recognised
as, and the values (types, stages, people) that need a keyact counterpart."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.utils import timezone

from keyact.integrations.formats.base import Survey
from keyact.integrations.formats.registry import FORMATS
from keyact.integrations.formats.table_values import FIELDS
from keyact.integrations.formats.tables import TableDataset
from keyact.integrations.models import ImportBatch
from keyact.integrations.reading import UnreadableFile, open_table, source_files
from keyact.integrations.report import Report

PREVIEW_ROWS = 5
SURVEY_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class FilePreview:
    """One file of the upload."""

    name: str
    encoding: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    kind: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    error: str = ""


@dataclass
class UploadPreview:
    """The files, and the values to map (None when the upload is too large to survey here)."""

    files: list[FilePreview]
    survey: Survey | None
    mappable_columns: bool


def upload_preview(*, batch: ImportBatch) -> UploadPreview:
    """Read the first rows of each file and, for uploads up to 20 MB, survey the values."""
    path = Path(batch.upload.path)
    files = source_files(path)
    dataset = FORMATS[batch.source](
        files, tz=timezone.get_default_timezone(), mapping=batch.mapping
    )
    report = Report()
    recognised: dict[str, tuple[str, dict[str, str]]] = {}
    if isinstance(dataset, TableDataset):
        for file, mapping in dataset.file_mappings(report):
            recognised[file.name] = (mapping.kind, mapping.columns)
    previews = []
    for file in files:
        preview = FilePreview(name=file.name)
        try:
            with open_table(file) as table:
                preview.encoding = table.encoding
                preview.header = table.header
                preview.rows = [
                    [row.get(h, "") for h in table.header]
                    for _line, row in islice(table.rows, PREVIEW_ROWS)
                ]
        except UnreadableFile as exc:
            preview.error = str(exc)
        preview.kind, preview.columns = recognised.get(file.name, ("", {}))
        previews.append(preview)
    survey = dataset.survey(Report()) if path.stat().st_size <= SURVEY_MAX_BYTES else None
    return UploadPreview(previews, survey, isinstance(dataset, TableDataset))


KIND_FIELDS = FIELDS
