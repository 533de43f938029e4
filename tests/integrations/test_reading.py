"""Reading uploads: encodings, zip folders, XLSX cells, line numbers, cell values."""

from __future__ import annotations

import codecs
import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from keyact.integrations.parsing import BadValue, parse_bool, parse_datetime, parse_decimal
from keyact.integrations.reading import UnreadableFile, detect_encoding, open_table, source_files

SHANGHAI = ZoneInfo("Asia/Shanghai")
SHEET = '跟进时间,跟进方式,跟进内容\n2024-03-05 14:30,拜访,"多行\n内容"\n2024/3/6,电话,报价\n'


def _rows(path: Path) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    (file,) = source_files(path)
    with open_table(file) as table:
        return table.encoding, list(table.rows)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (SHEET.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SHEET.encode("utf-8"), "utf-8-sig"),
        (SHEET.encode("gbk"), "gb18030"),
        (SHEET.encode("gb18030"), "gb18030"),
    ],
)
def test_utf8_with_or_without_bom_and_gbk_read_the_same(
    tmp_path: Path, raw: bytes, encoding: str
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(raw)
    found, rows = _rows(path)
    assert found == encoding
    assert rows == [
        (2, {"跟进时间": "2024-03-05 14:30", "跟进方式": "拜访", "跟进内容": "多行\n内容"}),
        (4, {"跟进时间": "2024/3/6", "跟进方式": "电话", "跟进内容": "报价"}),
    ]


def test_bytes_that_are_no_text_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile):
        detect_encoding(bytes(range(256)) * 4)


def test_a_zip_of_a_folder_lists_its_tables_and_ignores_the_rest(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("export/Task.csv", "Id\n1\n")
        z.writestr("export/Account.csv", "Id\n2\n")
        z.writestr("__MACOSX/export/._Task.csv", "junk")
        z.writestr("export/readme.pdf", "%PDF")
    files = source_files(archive)
    assert [(f.name, f.stem) for f in files] == [
        ("export/Account.csv", "Account"),
        ("export/Task.csv", "Task"),
    ]
    with open_table(files[1]) as table:
        assert list(table.rows) == [(2, {"Id": "1"})]


def test_xlsx_cells_come_back_as_text_and_formulas_stay_text(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["跟进时间", "金额", "跟进内容"])
    sheet.append([dt.datetime(2024, 3, 5, 14, 30), 12000.0, '=HYPERLINK("http://x","y")'])
    sheet.append([None, None, None])
    sheet.append([dt.date(2024, 3, 6), 3.5, "报价"])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    encoding, rows = _rows(path)
    assert encoding == "xlsx"
    assert rows == [
        (
            2,
            {
                "跟进时间": "2024-03-05 14:30:00",
                "金额": "12000",
                "跟进内容": '=HYPERLINK("http://x","y")',
            },
        ),
        (4, {"跟进时间": "2024-03-06 00:00:00", "金额": "3.5", "跟进内容": "报价"}),
    ]


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("2024-03-05 14:30:00", dt.datetime(2024, 3, 5, 14, 30, tzinfo=SHANGHAI), True),
        ("2021-02-22T17:25:11.000+0000", dt.datetime(2021, 2, 22, 17, 25, 11, tzinfo=dt.UTC), True),
        ("2024-03-05T06:30:00Z", dt.datetime(2024, 3, 5, 6, 30, tzinfo=dt.UTC), True),
        ("2024/3/5 9:05", dt.datetime(2024, 3, 5, 9, 5, tzinfo=SHANGHAI), True),
        ("2024年3月5日 14:30", dt.datetime(2024, 3, 5, 14, 30, tzinfo=SHANGHAI), True),
        ("2024年3月5日", dt.datetime(2024, 3, 5, tzinfo=SHANGHAI), False),
        ("3/5/2024", dt.datetime(2024, 3, 5, tzinfo=SHANGHAI), False),
        ("1709620200000", dt.datetime(2024, 3, 5, 6, 30, tzinfo=dt.UTC), True),
    ],
)
def test_date_times_of_every_export(text: str, expected: dt.datetime, has_time: bool) -> None:
    assert parse_datetime(text, SHANGHAI) == (expected, has_time)


def test_cells_that_are_not_what_their_column_needs() -> None:
    assert parse_datetime("", SHANGHAI) is None
    with pytest.raises(BadValue, match="Not a date: tomorrow"):
        parse_datetime("tomorrow", SHANGHAI)
    with pytest.raises(BadValue, match="Not a date: 2024-02-30"):
        parse_datetime("2024-02-30", SHANGHAI)
    assert parse_decimal("¥1,250,000.50") == Decimal("1250000.50")
    assert parse_decimal("") is None
    with pytest.raises(BadValue, match="Not a number: 九十六万"):
        parse_decimal("九十六万")
    assert (parse_bool("是"), parse_bool("false"), parse_bool("")) == (True, False, False)
