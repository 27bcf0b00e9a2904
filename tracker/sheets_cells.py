"""The cells of a workbook read as what a form takes: the text a person types.

A spreadsheet types what it can: a day becomes a date, 828.415,20 a number, 40 %
the fraction 0.4. The forms read text (``tracker.forms``), so each cell is written
back as the text that means the same thing, and the forms' own rules check it.
Opening the file is here too, with a plain reason when it is not a workbook.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from tracker.errors import N_, TrackerError
from tracker.present.tables import FORMULA_STARTS

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How a compound document starts: an encrypted workbook, or an old .xls."""
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")

UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    ParseError,
    OSError,
)
"""What openpyxl raises on a file that is damaged, cut short or not a workbook."""


@dataclass(frozen=True)
class SheetCells:
    """The cells a sheet holds in the columns asked for: ``columns`` gives each
    column's index (0 is A), ``rows`` each row with a value in one of them, by
    its number, as (value, number format) in the order of ``columns``."""

    name: str
    columns: dict[str, int]
    rows: list[tuple[int, list[tuple[Any, str]]]]


ColumnsOf = Callable[[str, list[Any]], dict[str, int] | None]
"""The columns to read of a sheet, given its name and its header row's values;
None to pass the sheet over."""


def read_cells(path: Path, columns_of: ColumnsOf) -> list[SheetCells]:
    """The cells of ``path`` that ``columns_of`` asks for, in the workbook's
    order of sheets; only those are held, whatever else the sheets hold. A file
    that is no workbook is a TrackerError saying so."""
    from openpyxl import load_workbook

    content = _content(path)
    _check_kind(path, content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            found = (_sheet_cells(sheet, columns_of) for sheet in book.worksheets)
            return [cells for cells in found if cells is not None]
        finally:
            book.close()
    except UNREADABLE:
        raise TrackerError(
            N_(
                "{path} cannot be read as a workbook: it is damaged or incomplete "
                "(save it again from the spreadsheet)"
            ),
            path=path,
        ) from None


def _check_kind(path: Path, content: bytes) -> None:
    """A file that is not an .xlsx workbook is named as what it is."""
    if content.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in content:
            raise TrackerError(
                N_(
                    "{path} is protected by a password: save it without one "
                    "(File, Information, Protect) and import it again"
                ),
                path=path,
            )
        raise TrackerError(
            N_(
                "{path} is an old Excel file (.xls): save it as an Excel workbook "
                "(.xlsx) and import it again"
            ),
            path=path,
        )
    if not content.startswith(b"PK"):
        raise TrackerError(N_("{path} is not an Excel workbook (.xlsx)"), path=path)


def _sheet_cells(sheet: Any, columns_of: ColumnsOf) -> SheetCells | None:
    # the size a sheet declares may be wrong (some writers leave it out): read
    # the rows as they are
    sheet.reset_dimensions()
    rows = sheet.iter_rows()
    header = next(rows, None)
    if header is None:
        return None
    columns = columns_of(sheet.title, [cell.value for cell in header])
    if columns is None:
        return None
    kept = list(columns.values())
    body: list[tuple[int, list[tuple[Any, str]]]] = []
    for number, row in enumerate(rows, start=2):
        cells = [
            (row[i].value, row[i].number_format or "") if i < len(row) else (None, "")
            for i in kept
        ]
        if any(value is not None for value, _format in cells):
            body.append((number, cells))
    return SheetCells(sheet.title, columns, body)


def _content(path: Path) -> bytes:
    from tracker.files import os_reason

    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise TrackerError(N_("there is no file {path}"), path=path) from None
    except IsADirectoryError:
        raise TrackerError(
            N_("{path}: is a folder, not a workbook"), path=path
        ) from None
    except OSError as error:
        raise TrackerError(
            N_("cannot read {path}: {reason}"), path=path, reason=os_reason(error)
        ) from None


def cell_text(value: Any, number_format: str) -> str:
    """What a person would have typed for the value a spreadsheet stored."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        # an exported text cell that looked like a formula was given an apostrophe
        if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
            return text[1:]
        return text
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, datetime | date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return _number_text(value, percent="%" in number_format)
    return str(value).strip()


def _number_text(value: int | float | Decimal, *, percent: bool) -> str:
    """A number as typed with a decimal comma (``1234,5``): read by the forms as
    a decimal mark, never as a thousands separator."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if percent:  # 40 % is stored as 0.4
        number *= 100
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number.normalize():f}".replace(".", ",")
