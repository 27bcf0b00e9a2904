"""The workbook writer: a sheet per table, typed cells, text that never runs, a
header in sight with filters, and a file written whole or not at all."""

from __future__ import annotations

import errno
import gc
import io
import sys
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, cast

import openpyxl
import pytest
from openpyxl.cell.cell import Cell

from tests.core.test_bad_targets import read_only
from tracker.errors import TrackerError
from tracker.export.workbook import (
    MAX_WIDTH,
    WIDTH_SAMPLE,
    save_workbook,
    sheet_name,
    write_workbook,
)
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.tables import Column, Table

COMMITTEE_DAY = date(2023, 1, 17)
COLUMNS = (
    Column("ref", "Ref"),
    Column("end", "End", "date"),
    Column("gross", "Gross", "money"),
    Column("share", "Share", "percent"),
    Column("lots", "Lots", "integer"),
    Column("note", "Note"),
)


def contracts(*rows: tuple[object, ...]) -> Table:
    return Table("contracts", "Contracts", COLUMNS, rows)  # type: ignore[arg-type]


def save(target: Path, *tables: Table, language: str = "en") -> openpyxl.Workbook:
    set_language(language)
    save_workbook(
        target,
        tables,
        Formatter(language),
        title="appalti lists",
        as_of=COMMITTEE_DAY,
        author="m.rossi",
    )
    return openpyxl.load_workbook(target)


LORENTEGGIO = (
    "LOR-2019-C1",
    date(2022, 12, 20),
    Decimal("828415.20"),
    Decimal("0.65"),
    1,
    None,
)


def test_cells_are_typed_dates_money_percentages_and_counts(tmp_path: Path) -> None:
    sheet = save(tmp_path / "a.xlsx", contracts(LORENTEGGIO))["Contracts"]
    ref, end, gross, share, lots, note = sheet[2]
    assert (ref.value, ref.data_type) == ("LOR-2019-C1", "s")
    assert isinstance(end, Cell)
    assert end.is_date
    assert (end.value, end.number_format) == (
        datetime(2022, 12, 20),  # noqa: DTZ001 (a spreadsheet's day has no zone)
        "DD/MM/YYYY",
    )
    assert (gross.data_type, gross.value) == ("n", 828415.2)
    assert gross.number_format == '"€"#,##0.00'
    assert (share.data_type, share.value, share.number_format) == ("n", 0.65, "0%")
    assert (lots.data_type, lots.value, lots.number_format) == ("n", 1, "General")
    # unknown is an empty cell, never a made-up 0
    assert note.value is None


def test_the_euro_sign_goes_where_italian_writes_it(tmp_path: Path) -> None:
    sheet = save(tmp_path / "a.xlsx", contracts(LORENTEGGIO), language="it")
    assert sheet.worksheets[0]["C2"].number_format == '#,##0.00 "€"'


def test_a_share_with_decimals_shows_them(tmp_path: Path) -> None:
    third = ("X", None, None, Decimal("0.3333"), None, None)
    sheet = save(tmp_path / "a.xlsx", contracts(third))["Contracts"]
    assert (sheet["D2"].value, sheet["D2"].number_format) == (0.3333, "0.00%")


FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "@SUM(A1)",
    "-2+3",
    "\tcmd",
    "\r=1",
]


def test_formula_looking_text_stays_text_exactly_as_typed(tmp_path: Path) -> None:
    rows = [("X", None, None, None, None, text) for text in FORMULAS]
    target = tmp_path / "a.xlsx"
    sheet = save(target, contracts(*rows))["Contracts"]
    cells = [sheet.cell(row, 6) for row in range(2, 2 + len(FORMULAS))]
    # a carriage return is a line break in a cell, as Excel writes it
    shown = [text.replace("\r", "\n") for text in FORMULAS]
    assert [(c.value, c.data_type) for c in cells] == [(t, "s") for t in shown]
    # kept text when someone edits the cell in Excel or LibreOffice
    assert all(c.quotePrefix for c in cells)
    assert not sheet["A2"].quotePrefix
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    # the whole workbook read as values holds no formula either
    values = openpyxl.load_workbook(target, data_only=True)["Contracts"]
    assert values["F2"].value == '=HYPERLINK("http://x","y")'


def test_header_is_bold_frozen_and_filtered(tmp_path: Path) -> None:
    sheet = save(tmp_path / "a.xlsx", contracts(LORENTEGGIO, LORENTEGGIO))["Contracts"]
    assert [c.value for c in sheet[1]] == [
        "Ref",
        "End",
        "Gross",
        "Share",
        "Lots",
        "Note",
    ]
    assert all(c.font.b for c in sheet[1])
    # in the workbook's own font, as the rows
    assert {c.font.name for c in sheet[1]} == {sheet["A2"].font.name} == {"Calibri"}
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"
    assert sheet.print_title_rows == "$1:$1"


def test_headers_and_sheets_speak_the_active_language(tmp_path: Path) -> None:
    table = Table(
        "contracts",
        "Contracts",
        (Column("gross", "Gross", "money"), Column("note", "Note")),
        [],
    )
    book = save(tmp_path / "a.xlsx", table, language="it")
    assert book.sheetnames == ["Contratti"]
    assert [c.value for c in book["Contratti"][1]] == ["Lordo", "Nota"]
    # an empty list still has its header and its filter
    assert book["Contratti"].auto_filter.ref == "A1:B1"


def test_columns_are_as_wide_as_their_content_within_limits(tmp_path: Path) -> None:
    long_title = "Servizio di accompagnamento sociale " * 5
    sheet = save(
        tmp_path / "a.xlsx",
        contracts(("LOR-2019-C1", None, Decimal("828415.20"), None, None, long_title)),
    )["Contracts"]
    widths = {c: sheet.column_dimensions[c].width for c in "ABCF"}
    assert widths == {"A": 12, "B": 7, "C": 12, "F": MAX_WIDTH}
    # the cell keeps the whole text; only the column is capped
    assert sheet["F2"].value == long_title


def test_every_row_is_written_beyond_the_rows_that_size_the_columns(
    tmp_path: Path,
) -> None:
    def rows() -> Iterator[tuple[object, ...]]:
        for number in range(WIDTH_SAMPLE * 3):
            yield (f"C-{number}", None, Decimal(number), None, number, None)

    target = tmp_path / "a.xlsx"
    set_language("en")
    sheets = save_workbook(
        target,
        [Table("contracts", "Contracts", COLUMNS, rows())],  # type: ignore[arg-type]
        Formatter("en"),
        title="t",
        as_of=COMMITTEE_DAY,
        author="m.rossi",
    )
    assert [(s.name, s.rows) for s in sheets] == [("Contracts", WIDTH_SAMPLE * 3)]
    sheet = openpyxl.load_workbook(target, read_only=True)["Contracts"]
    last = list(sheet.iter_rows(min_row=WIDTH_SAMPLE * 3 + 1, values_only=True))
    assert last == [(f"C-{WIDTH_SAMPLE * 3 - 1}", None, 1499, None, 1499)]


def test_characters_a_workbook_cannot_hold_are_replaced(tmp_path: Path) -> None:
    sheet = save(
        tmp_path / "a.xlsx", contracts(("A\x1bB\x00C", None, None, None, None, None))
    )["Contracts"]
    assert sheet["A2"].value == "A\ufffdB\ufffdC"


SHEET_NAMES = {
    "as it is": ("Contracts", set(), "Contracts"),
    "forbidden characters": ("Lots [1/2]: *?\\", set(), "Lots -1-2-- ---"),
    "31 characters at most": ("F" * 40, set(), "F" * 31),
    "no apostrophe at the ends": ("'Quoted'", set(), "Quoted"),
    "taken in another case": ("Contracts", {"contracts"}, "Contracts (2)"),
    "taken twice": ("Contracts", {"contracts", "contracts (2)"}, "Contracts (3)"),
    "taken and long": ("G" * 40, {"g" * 31}, "G" * 27 + " (2)"),
    "nothing left": (" '' ", set(), "-"),
    "a name Excel keeps": ("History", set(), "History (2)"),
}


@pytest.mark.parametrize(
    ("title", "taken", "expected"), SHEET_NAMES.values(), ids=SHEET_NAMES.keys()
)
def test_sheet_names_excel_accepts(title: str, taken: set[str], expected: str) -> None:
    assert sheet_name(title, taken) == expected


def test_document_properties_name_the_tool_and_the_day(tmp_path: Path) -> None:
    book = save(tmp_path / "a.xlsx", contracts(), language="it")
    assert book.properties.title == "appalti lists"
    assert book.properties.creator == "appalti"
    assert book.properties.lastModifiedBy == "m.rossi"
    assert book.properties.subject == "al 17/01/2023"


def test_a_missing_folder_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "a.xlsx"
    with pytest.raises(TrackerError) as refused:
        save(target, contracts(LORENTEGGIO))
    assert str(refused.value) == f"cannot write {target}: the folder does not exist"
    assert not target.parent.exists()


def test_a_read_only_folder_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    target = folder / "a.xlsx"
    with read_only(folder), pytest.raises(TrackerError) as refused:
        save(target, contracts(LORENTEGGIO))
    assert str(refused.value).startswith(f"cannot write {target}: ")
    assert list(folder.iterdir()) == []


def test_a_failure_while_writing_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"the officer's own workbook")

    def rows() -> Iterator[tuple[object, ...]]:
        yield LORENTEGGIO
        raise TrackerError("the database is busy")

    with pytest.raises(TrackerError):
        save(target, Table("contracts", "Contracts", COLUMNS, rows()))  # type: ignore[arg-type]
    assert target.read_bytes() == b"the officer's own workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]


class FillingStream(io.RawIOBase):
    """A file on a disk that fills after ``room`` bytes."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.at = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.at

    def seek(self, offset: int, whence: int = 0) -> int:
        self.at = offset if whence == 0 else self.at + offset
        return self.at

    def write(self, data: Any) -> int:
        if self.at + len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.at += len(data)
        return len(data)


@pytest.mark.parametrize("room", [0, 200, 2_000, 6_000])
def test_a_disk_that_fills_while_saving_leaves_nothing_to_complain_later(
    room: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # openpyxl's archive and row writers, left open by a failed save, used to
    # print "Exception ignored ... closed file" after the command's own message
    complaints: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", complaints.append)
    set_language("en")
    rows = [
        (f"C-{n}", COMMITTEE_DAY, Decimal(n), None, n, "x" * 40) for n in range(400)
    ]
    stream = FillingStream(room)
    with pytest.raises(OSError, match="No space"):
        write_workbook(
            [contracts(*rows), contracts(*rows)],
            cast(BinaryIO, stream),
            Formatter("en"),
            title="appalti lists",
            as_of=COMMITTEE_DAY,
            author="m.rossi",
        )
    del stream
    gc.collect()
    assert complaints == []
