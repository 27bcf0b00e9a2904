"""The workbook an office fills in to import its records: ``appalti template xlsx``.

A guide sheet first (the order to fill the sheets in, then every column: whether
it is required, its format, its allowed values and what it means), then one sheet
per kind of record (``tracker.sheets_layout``) with its headers in the active
language, required ones marked ``*``, a drop-down list on every choice, dates,
amounts and whole numbers formatted, the header row frozen. The lists the
drop-downs offer are on a hidden sheet, which the import passes over.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from tracker.domain.refs import RecordKind
from tracker.errors import N_
from tracker.forms import FormField
from tracker.i18n import _
from tracker.sheets_layout import (
    MEMBER_SHARE,
    RECORD_SHEETS,
    SHEET_OF_KIND,
    RecordSheet,
    SheetColumn,
)
from tracker.vocabulary import term

GUIDE_LINE = 150
"""Characters of the guide's text that fit on one line across its table."""
FORMATTED_ROWS = 500
"""Rows below the header given a date, money or number format ahead of typing."""
DAY_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = '#,##0.00 "€"'
BOLD = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")

FORMATS = {
    "text": N_("text"),
    "long": N_("text, as long as needed"),
    "ref": N_("a reference"),
    "refs": N_("references, separated by commas"),
    "date": N_("date (dd/mm/yyyy)"),
    "int": N_("whole number"),
    "money": N_("amount in euro (1,234.56)"),
    "choice": N_("one of the list"),
}
MEANINGS = {
    "ref": N_(
        "The record's own reference: capitals, digits and . _ / - (at most 40), "
        "used by no other record."
    ),
    "member.role": N_("Empty: mandante."),
    "neighbourhood": N_(
        "The neighbourhood's reference; when it is not recorded yet, give its "
        "name in the next column and it is created with the service."
    ),
}
AMOUNT_MEANINGS = {
    "_vat_rate": N_("Empty: the rate is not stated."),
    "_basis": N_("net: VAT excluded; gross: VAT included. Empty: net."),
}


def template_bytes() -> bytes:
    """The template in the active language, as the bytes of an .xlsx file."""
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = _("Guide")
    lists = _Lists(book)
    for sheet in RECORD_SHEETS:
        _record_sheet(book.create_sheet(_(sheet.title)), sheet, lists)
    _guide(guide)
    book.move_sheet(lists.sheet, offset=len(book.sheetnames) - 1)
    lists.sheet.sheet_state = "hidden"
    book.properties.title = _("appalti: records to import")
    book.properties.creator = "appalti"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Lists:
    """The hidden sheet holding each choice's labels, a column per list."""

    def __init__(self, book: Workbook) -> None:
        self.sheet = book.create_sheet(_("Lists"))
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_of(self, choices: tuple[str, ...]) -> str:
        if choices not in self.ranges:
            column = get_column_letter(len(self.ranges) + 1)
            for row, code in enumerate(choices, start=1):
                self.sheet.cell(row, len(self.ranges) + 1, term(code))
            name = quote_sheetname(self.sheet.title)
            self.ranges[choices] = f"{name}!${column}$1:${column}${len(choices)}"
        return self.ranges[choices]


def _record_sheet(sheet: Worksheet, layout: RecordSheet, lists: _Lists) -> None:
    columns = [column for column in layout.columns if column.in_template]
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = _(column.label) + (" *" if column.required else "")
        cell = sheet.cell(1, index, header)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        note = _note(column)
        if note:
            cell.comment = Comment(note, "appalti", width=320, height=160)
        sheet.column_dimensions[letter].width = min(max(len(header) + 4, 14), 40)
        cells = f"{letter}2:{letter}{FORMATTED_ROWS + 1}"
        field = column.field
        if field.kind == "choice":
            _drop_down(sheet, cells, lists.range_of(field.choices))
        elif field.kind == "ref":
            _suggested(sheet, cells, field)
        number_format = {
            "date": DAY_FORMAT,
            "money": MONEY_FORMAT,
            "int": "0",
        }.get(field.kind, "@" if field.kind in ("ref", "refs", "text") else None)
        if number_format is not None and column.name != MEMBER_SHARE:
            for row in range(2, FORMATTED_ROWS + 2):
                sheet.cell(row, index).number_format = number_format
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"


def _drop_down(sheet: Worksheet, cells: str, source: str) -> None:
    rule = DataValidation(type="list", formula1=source, allow_blank=True)
    rule.error = _("Choose one of the values of the list.")
    rule.errorTitle = _("Not one of the choices")
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    rule.add(cells)


def _suggested(sheet: Worksheet, cells: str, field: FormField) -> None:
    """A reference to the records of one sheet offers that sheet's references
    as a drop-down, without refusing others (a record already in the database)."""
    if len(field.targets) != 1 or field.targets[0].value not in SHEET_OF_KIND:
        return
    target = SHEET_OF_KIND[field.targets[0].value]
    shown = [column.name for column in target.columns if column.in_template]
    letter = get_column_letter(shown.index("ref") + 1)
    name = quote_sheetname(_(target.title))
    rows = f"${letter}$2:${letter}${FORMATTED_ROWS + 1}"
    rule = DataValidation(type="list", formula1=f"{name}!{rows}", allow_blank=True)
    rule.showErrorMessage = False
    sheet.add_data_validation(rule)
    rule.add(cells)


def _note(column: SheetColumn) -> str:
    """What the header's comment says: the format, the values, the meaning."""
    parts = [_format(column)]
    allowed = _allowed(column.field)
    if allowed:
        parts.append(allowed)
    meaning = _meaning(column)
    if meaning:
        parts.append(meaning)
    return "\n".join(parts)


def _format(column: SheetColumn) -> str:
    if column.name == MEMBER_SHARE:
        return _("percentage (40 or 33.34)")
    return _(FORMATS.get(column.field.kind, N_("text")))


def _allowed(field: FormField) -> str:
    if field.kind == "choice":
        return ", ".join(term(code) for code in field.choices)
    if not field.targets:
        return ""
    if set(field.targets) == set(RecordKind):
        return _("the reference of any record")
    places = []
    for target in field.targets:
        sheet = SHEET_OF_KIND.get(target.value)
        if sheet is not None:
            places.append(_("sheet {sheet}").format(sheet=_(sheet.title)))
        else:
            from tracker.present.errors import record_kind

            places.append(
                _("a {kind} already in the database").format(
                    kind=record_kind(target.value)
                )
            )
    return _("references of: {places}").format(places="; ".join(places))


def _meaning(column: SheetColumn) -> str:
    if column.field.hint:
        return _(column.field.hint)
    if column.name in MEANINGS:
        return _(MEANINGS[column.name])
    for suffix, meaning in AMOUNT_MEANINGS.items():
        if column.name.endswith(suffix):
            return _(meaning)
    return ""


def _guide(sheet: Worksheet) -> None:
    order = ", ".join(_(layout.title) for layout in RECORD_SHEETS)
    lines = [
        _("appalti: records to import"),
        _(
            "One row per record, below the headers (leave the headers as they are). "
            "Columns marked * are required; a header's comment says what to write."
        ),
        _(
            "Fill the sheets in this order: {order}. A reference names a record of "
            "a sheet before its own, or one already in the database."
        ).format(order=order),
        _(
            "A consortium takes one row per member: the consortium's reference on "
            "every row, its name and kind on the first."
        ),
        _(
            "Then: appalti import xlsx FILE.xlsx. Every value is checked as the "
            "app's forms check it; if any is refused, nothing is imported and each "
            "refused cell is named (Contracts!D12)."
        ),
    ]
    for row, line in enumerate(lines, start=1):
        cell = sheet.cell(row, 1, line)
        cell.font = BOLD if row == 1 else Font()
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # across the table's width, as tall as the wrapped text needs
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        sheet.row_dimensions[row].height = 15 * (1 + len(line) // GUIDE_LINE)
    top = len(lines) + 2
    headers = [
        _("Sheet"),
        _("Column"),
        _("Required (*)"),
        _("Format"),
        _("Allowed values"),
        _("Meaning"),
    ]
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(top, index, header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
    row = top + 1
    for layout in RECORD_SHEETS:
        for column in layout.columns:
            if not column.in_template:
                continue
            values: list[Any] = [
                _(layout.title),
                _(column.label),
                _("yes") if column.required else "",
                _format(column),
                _allowed(column.field),
                _meaning(column),
            ]
            for index, value in enumerate(values, start=1):
                cell = sheet.cell(row, index, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    for letter, width in zip("ABCDEF", (18, 30, 10, 26, 40, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(top + 1, 1).coordinate
    # printed, the guide fits the page's width in landscape
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
