"""Workbooks: typed tables (``tracker.present.tables``) written as one .xlsx file,
a sheet per table.

Each sheet is named after its table in the active language, with a bold header
row that stays in sight (frozen) and filters on every column. Cells hold values,
not words: a day is a date cell shown ``DD/MM/YYYY``, an amount a number in a
euro format, a share a number in a percent format, a count a number, so that the
office can sum, sort and filter them; an unknown value is an empty cell (the
table's note column says why), never a made-up 0.

Text is written as text, whatever it starts with. openpyxl makes a string that
starts with ``=`` a formula; here every text cell is typed as a string, and one
that a spreadsheet would read as a formula (``FORMULA_STARTS``) also gets Excel's
"quote prefix" style, which keeps it text when someone edits the cell. That is
the workbook's form of OWASP's apostrophe: ``neutralised()`` puts a visible
apostrophe into CSV text, where there is no other way; in a workbook the
apostrophe would become part of the value (a name ``'=HYPERLINK(...)`` on screen
and on the way back in), while a string cell with the quote prefix shows and
re-imports the name exactly as typed and never runs it.

Sheets are written in openpyxl's write-only mode, row by row, so that a table of
50,000 contracts never sits whole in memory: column widths are taken from the
header and the first ``WIDTH_SAMPLE`` rows (a sheet's columns precede its rows in
the file), the filter's range is set once the rows are written.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast
from zipfile import ZIP_DEFLATED, ZipFile

from tracker.files import write_private
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.present.tables import FORMULA_STARTS, Cell, CellKind, Column, Table

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as SheetCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

SHEET_NAME_LIMIT = 31
"""Excel refuses a longer sheet name."""
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))
"""Characters Excel refuses in a sheet name, each written as a dash."""
RESERVED_SHEET_NAMES = frozenset({"history"})
"""Names Excel keeps for itself, casefolded."""
TEXT_LIMIT = 32767
"""Characters a cell holds at most."""
WIDTH_SAMPLE = 500
"""Rows read ahead to size a sheet's columns."""
MIN_WIDTH = 6
MAX_WIDTH = 50
"""Column widths in characters: a long title is clipped on screen, not the
column stretched across it (the whole text stays in the cell)."""
FILTER_BUTTON = 3
"""Characters the filter's drop-down button takes in a header cell."""

DAY_FORMAT = "DD/MM/YYYY"
EURO_FORMATS = {"it": '#,##0.00 "€"', "en": '"€"#,##0.00'}
"""Where the euro sign goes, as the language writes it (the separators follow
the reader's own settings, as in every spreadsheet)."""
WHOLE_PERCENT = "0%"
PERCENT = "0.00%"


@dataclass(frozen=True)
class SheetWritten:
    """A sheet of a workbook written: its name and its rows (the header aside)."""

    name: str
    rows: int


def save_workbook(
    target: Path,
    tables: Iterable[Table],
    fmt: Formatter,
    *,
    title: str,
    as_of: date,
    author: str,
) -> tuple[SheetWritten, ...]:
    """Write ``tables`` to ``target`` whole or not at all (a temporary file in the
    same folder, renamed at the end; readable by its owner only): the sheets
    written. A folder that is missing or read-only is a TrackerError naming it."""
    sheets: list[SheetWritten] = []

    def write(stream: BinaryIO) -> None:
        sheets.extend(
            write_workbook(tables, stream, fmt, title=title, as_of=as_of, author=author)
        )

    write_private(target, write)
    return tuple(sheets)


def write_workbook(
    tables: Iterable[Table],
    stream: BinaryIO,
    fmt: Formatter,
    *,
    title: str,
    as_of: date,
    author: str,
) -> tuple[SheetWritten, ...]:
    """Write ``tables`` as a workbook to ``stream``, one sheet each, in the active
    language; the sheets written."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.title = title
    book.properties.subject = _("as of {day}").format(day=fmt.day(as_of))
    book.properties.creator = "appalti"
    book.properties.lastModifiedBy = author
    written: list[SheetWritten] = []
    taken: set[str] = set()
    for table in tables:
        name = sheet_name(_(table.title), taken)
        taken.add(name.casefold())
        sheet = book.create_sheet(name)
        rows = _write_sheet(sheet, table, fmt)
        written.append(SheetWritten(name, rows))
    if not written:
        book.create_sheet(sheet_name(title, taken))
    _save(book, stream)
    return tuple(written)


def _save(book: Any, stream: BinaryIO) -> None:
    """``book.save(stream)``, but a save that fails (a full disk) leaves nothing
    open behind it: openpyxl would leave its archive and each sheet's row writer
    to complain about closed files when Python collects them, after the command
    has said what went wrong."""
    from openpyxl.writer.excel import ExcelWriter

    archive = ZipFile(stream, "w", ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(book, archive).save()
    except BaseException:
        for sheet in book.worksheets:
            writer = getattr(sheet, "_writer", None)
            for generator in (
                getattr(sheet, "_rows", None),
                getattr(writer, "xf", None),
            ):
                if generator is not None:
                    with contextlib.suppress(Exception):
                        generator.close()
        with contextlib.suppress(Exception):
            archive.close()
        raise


def sheet_name(title: str, taken: set[str]) -> str:
    """``title`` as Excel accepts a sheet's name: none of ``[]:*?/\\``, no
    apostrophe at either end, at most 31 characters, and different (in any case)
    from the names in ``taken`` (casefolded) and from Excel's own ("History")."""
    name = title.translate(SHEET_NAME_FORBIDDEN).strip().strip("'").strip()
    name = (name or "-")[:SHEET_NAME_LIMIT].rstrip()
    candidate = name
    for number in itertools.count(2):
        if candidate.casefold() not in taken | RESERVED_SHEET_NAMES:
            return candidate
        suffix = f" ({number})"
        candidate = name[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
    raise AssertionError("unreachable")


def _write_sheet(sheet: WriteOnlyWorksheet, table: Table, fmt: Formatter) -> int:
    """Write ``table``'s header and rows to ``sheet``; the number of rows."""
    from openpyxl.styles import DEFAULT_FONT, Font
    from openpyxl.utils import get_column_letter

    # A write-only sheet takes a worksheet's layout (Worksheet._setup), which the
    # type stubs leave out.
    layout = cast("Worksheet", sheet)
    columns = table.columns
    rows = iter(table.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    headers = [_(column.header) for column in columns]
    for index, width in enumerate(_widths(columns, headers, sample, fmt), 1):
        layout.column_dimensions[get_column_letter(index)].width = width
    # the header stays in sight and prints on every page
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    layout.page_setup.orientation = "landscape"
    # the workbook's own font in bold (a font without a name is another one)
    bold = Font(
        name=DEFAULT_FONT.name,
        sz=DEFAULT_FONT.sz,
        family=DEFAULT_FONT.family,
        scheme=DEFAULT_FONT.scheme,
        bold=True,
    )
    header_cells = []
    for header in headers:
        cell = _text_cell(sheet, header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    kinds = [column.kind for column in columns]
    euro = EURO_FORMATS.get(fmt.language, EURO_FORMATS["en"])
    count = 0
    for row in itertools.chain(sample, rows):
        sheet.append(
            [
                _cell(sheet, kind, value, euro)
                for kind, value in zip(kinds, row, strict=True)
            ]
        )
        count += 1
    last = get_column_letter(max(len(columns), 1))
    layout.auto_filter.ref = f"A1:{last}{count + 1}"
    return count


def _cell(
    sheet: WriteOnlyWorksheet, kind: CellKind, value: Cell, euro: str
) -> SheetCell | str | int | None:
    """The cell of ``value`` in a column of ``kind``: None (an empty cell) when
    unknown, else typed and formatted. A value of another type than its column's
    is written as text rather than dropped. Plain text and whole numbers go as
    values, which openpyxl writes without making a cell object of each (a sheet
    of 50,000 contracts holds a million cells)."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if isinstance(value, str):
        return value if _plain(value) else _text_cell(sheet, value)
    number_format = None
    if isinstance(value, date):
        number_format = DAY_FORMAT if kind == "date" else None
    elif kind == "money":
        number_format = euro
    elif kind == "percent":
        whole = (value * 100) % 1 == 0
        number_format = WHOLE_PERCENT if whole else PERCENT
    elif isinstance(value, int):
        return value
    if number_format is None:
        return _text_cell(sheet, str(value))
    # openpyxl writes a Decimal as the number it is; its stubs say float only
    cell = WriteOnlyCell(sheet, cast("float", value))
    cell.number_format = number_format
    return cell


def _plain(text: str) -> bool:
    """Whether openpyxl writes ``text`` as it is, as text: nothing that starts
    like a formula, no character to replace, not too long for a cell."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return (
        not text.startswith(FORMULA_STARTS)
        and "\r" not in text
        and len(text) <= TEXT_LIMIT
        and ILLEGAL_CHARACTERS_RE.search(text) is None
    )


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> SheetCell:
    """A cell that holds ``text`` as text: never a formula, the characters XML
    cannot hold replaced, clipped to what a cell holds."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    formula_like = text.startswith(FORMULA_STARTS)
    # XML reads a carriage return back as a line feed, a cell's line break
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)[:TEXT_LIMIT]
    cell = WriteOnlyCell(sheet, text)
    # openpyxl reads a leading "=" as a formula; this is text
    cell.data_type = "s"
    if formula_like:
        cell.quotePrefix = True
    return cell


def _widths(
    columns: tuple[Column, ...],
    headers: list[str],
    sample: list[tuple[Cell, ...]],
    fmt: Formatter,
) -> Iterator[float]:
    """Each column's width in characters, from its header and the sample rows."""
    for index, (column, header) in enumerate(zip(columns, headers, strict=True)):
        widest = len(header) + FILTER_BUTTON
        for row in sample:
            widest = max(widest, _shown_length(column.kind, row[index], fmt))
        yield max(MIN_WIDTH, min(MAX_WIDTH, widest + 1))


def _shown_length(kind: CellKind, value: Cell, fmt: Formatter) -> int:
    """About how many characters a spreadsheet shows for ``value``."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max(map(len, value.splitlines() or [""]))
    if isinstance(value, date):
        return len("00/00/0000")
    if kind == "money" and isinstance(value, Decimal | int):
        return len(fmt.euro(Decimal(value)))
    if kind == "percent" and isinstance(value, Decimal | int):
        return len(fmt.percent(Decimal(value) * 100)) + 3
    return len(str(value))
