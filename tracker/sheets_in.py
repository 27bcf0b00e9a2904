"""A workbook of records read into a dataset: each row through its form.

The record sheets (``tracker.sheets_layout``) are found by name and their columns
by header, in Italian or English; other sheets and columns (an export's computed
ones, its alerts) are passed over. Each row becomes the text its form would hold
and is read by the form's own code (``tracker.forms.draft_from_values``), so a
value is refused here exactly as in the app. Every refusal names its cell
(``Contratti!D12``) and the value in it, all of them at once; the dataset is
then loaded like ``appalti load``, in one transaction, and a refusal of the load
(a reference to nothing, a reference used twice) is named by its cell too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from tracker.domain.money import VatRate
from tracker.drafts import Dataset, Draft, NeighbourhoodDraft
from tracker.errors import N_, Message, TrackerError, ValidationError, each, quote
from tracker.form_service import new_service
from tracker.forms import (
    MAX_MEMBERS,
    FormField,
    draft_from_values,
    field_for_error,
    read_fields,
)
from tracker.i18n import _, ngettext
from tracker.sheets_cells import SheetCells, cell_text, read_cells
from tracker.sheets_layout import (
    BY_HAND,
    MEMBER_ORGANISATION,
    MEMBER_SHARE,
    ORIGIN,
    RECORD_SHEETS,
    SHEET_OF_KIND,
    RecordSheet,
    SheetColumn,
    choice_code,
    header_names,
    in_every_language,
    normalised,
    sheet_names,
)

SHOWN_PROBLEMS = 200
"""Problems a refusal lists; a file with more says how many more there are."""


class WorkbookError(TrackerError):
    """A workbook that cannot be imported: ``problems``, each naming its cell."""

    def __init__(self, source: Path, problems: list[Message]) -> None:
        self.problems = problems
        super().__init__(N_("{file}: nothing was imported"), file=source)

    def __str__(self) -> str:
        lines = [super().__str__()]
        lines += [f"  - {problem}" for problem in self.problems[:SHOWN_PROBLEMS]]
        more = len(self.problems) - SHOWN_PROBLEMS
        if more > 0:
            lines.append(
                "  "
                + ngettext(
                    "... and {n} more problem", "... and {n} more problems", more
                ).format(n=more)
            )
        return "\n".join(lines)


@dataclass
class Row:
    """One row of a record sheet: each known column's letter and text."""

    sheet: str
    number: int
    cells: dict[str, tuple[str, str]]

    def text(self, name: str) -> str:
        return self.cells.get(name, ("", ""))[1]

    def values(self) -> dict[str, str]:
        return {name: text for name, (_letter, text) in self.cells.items() if text}

    def place(self, name: str | None) -> str:
        """The cell of column ``name`` (``Contratti!D12``); the row's reference
        cell, else its first column, when the column is not in the sheet."""
        letter = None
        for key in (name, "ref", MEMBER_ORGANISATION):
            if key in self.cells:
                letter = self.cells[key][0]
                break
        if letter is None:
            letter = min(self.cells.values(), default=("A", ""))[0]
        return f"{sheet_reference(self.sheet)}!{letter}{self.number}"


def sheet_reference(name: str) -> str:
    """A sheet's name as a formula writes it: quoted when it is not one word."""
    if re.fullmatch(r"\w+", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def problem(row: Row, column: str | None, reason: Message) -> Message:
    """A refusal at a cell, with the value the cell holds; at the record's
    reference when it concerns the whole record."""
    column = column or "ref"
    text = row.text(column)
    if text:
        return Message(
            N_("{cell} {value}: {reason}"),
            {"cell": row.place(column), "value": quote(text), "reason": reason},
        )
    return Message(
        N_("{cell}: {reason}"), {"cell": row.place(column), "reason": reason}
    )


@dataclass
class Records:
    """What the workbook holds, and where each record was read from."""

    drafts: dict[str, list[Any]] = field(default_factory=dict)
    rows: dict[tuple[str, str], list[Row]] = field(default_factory=dict)
    """(kind, ref) → the rows it was read from (a consortium's: one a member)."""
    problems: list[Message] = field(default_factory=list)
    refused: set[tuple[str, str]] = field(default_factory=set)
    """(kind, ref) of the rows refused."""

    def add(self, kind: str, draft: Any, rows: list[Row]) -> None:
        self.drafts.setdefault(kind, []).append(draft)
        self.rows[(kind, draft.ref)] = rows

    def counts(self) -> dict[str, int]:
        """How many records of each kind, in the order they are loaded."""
        order = [sheet.kind for sheet in RECORD_SHEETS]
        order.insert(order.index("service"), "neighbourhood")
        return {kind: len(self.drafts[kind]) for kind in order if self.drafts.get(kind)}


def read_workbook(path: Path) -> tuple[Dataset, Records]:
    """The records of the workbook at ``path``, checked as their forms check
    them; a WorkbookError naming every cell refused."""
    wanted = {name: sheet for sheet in RECORD_SHEETS for name in sheet_names(sheet)}
    records = Records()

    def columns_of(name: str, header: list[Any]) -> dict[str, int] | None:
        sheet = wanted.get(normalised(name))
        return None if sheet is None else _header_columns(sheet, header)

    found = read_cells(path, columns_of)
    if not found:
        titles = ", ".join(_(sheet.title) for sheet in RECORD_SHEETS)
        raise TrackerError(
            N_("{path} has no sheet of records (sheets such as {titles})"),
            path=path,
            titles=titles,
        )
    rows_of: dict[str, list[Row]] = {}
    for cells in found:
        sheet = wanted[normalised(cells.name)]
        rows_of.setdefault(sheet.kind, []).extend(_sheet_rows(sheet, cells, records))
    for sheet in RECORD_SHEETS:
        READERS.get(sheet.kind, _read_records)(
            sheet, rows_of.get(sheet.kind, []), records
        )
    _attach(records, "lot", "tender", "lots")
    _attach(records, "option", "contract", "options")
    if records.problems:
        raise WorkbookError(path, records.problems)
    return _dataset(records), records


def _header_columns(sheet: RecordSheet, header: list[Any]) -> dict[str, int]:
    """Where each column of a record sheet is, found by its header (the first,
    when a header is there twice)."""
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        name = normalised(str(value)) if value is not None else ""
        for column in sheet.columns:
            if column.name not in found and name in header_names(column):
                found[column.name] = index
                break
    return found


def _sheet_rows(sheet: RecordSheet, cells: SheetCells, records: Records) -> list[Row]:
    """The rows of a record sheet with something in a known column."""
    letters = {
        name: get_column_letter(index + 1) for name, index in cells.columns.items()
    }
    rows: list[Row] = []
    for number, values in cells.rows:
        texts = {
            name: (letters[name], cell_text(*cell))
            for name, cell in zip(cells.columns, values, strict=True)
        }
        if any(text for _letter, text in texts.values()):
            rows.append(Row(cells.name, number, texts))
    missing = [c for c in sheet.columns if c.required and c.name not in cells.columns]
    # a sheet of that name with none of its headers is not one to pass over
    if missing and (rows or not cells.columns):
        for column in missing:
            records.problems.append(
                Message(
                    N_("{sheet}: there is no column {column}"),
                    {"sheet": sheet_reference(cells.name), "column": _(column.label)},
                )
            )
        return []
    return rows


def _form_values(
    sheet: RecordSheet, row: Row, records: Records
) -> dict[str, str] | None:
    """The row as its form's values, choices as stored; None when a choice is
    none of the column's (said at its cell)."""
    values = row.values()
    refused = False
    for column in sheet.columns:
        text = values.get(column.name)
        if text and column.field.kind == "choice":
            code = choice_code(column.field, text)
            if code is None:
                records.problems.append(
                    problem(row, column.name, _not_a_choice(column))
                )
                refused = True
            else:
                values[column.name] = code
    if refused:
        records.refused.add((sheet.kind, row.text("ref").upper()))
        return None
    names = {column.name for column in sheet.columns}
    for column in sheet.columns:
        rate = f"{column.name}_vat_rate"
        if values.get(column.name) and rate in names and not values.get(rate):
            # an empty cell states nothing: the rate is not invented
            values[rate] = VatRate.UNKNOWN.value
    return values


def _not_a_choice(column: SheetColumn) -> Message:
    from tracker.errors import Term

    return Message(
        N_("not one of the choices: {expected}"),
        {"expected": tuple(Term(code) for code in column.field.choices)},
    )


def _refused(
    records: Records, sheet: RecordSheet, rows: list[Row], error: ValidationError
) -> None:
    """Each error of a form, at the cell of the field it names."""
    records.refused.add((sheet.kind, rows[0].text("ref").upper()))
    for one in each(error):
        row, column = _cell_of(sheet, rows, one.field)
        records.problems.append(
            problem(row, column, Message(one.reason_id, one.reason_params))
        )


def _cell_of(sheet: RecordSheet, rows: list[Row], name: str) -> tuple[Row, str | None]:
    """The row and column of a form field an error names. A member is named by
    its form row (``member.2.share``: the consortium's third row) or, by the
    load, by its place among the members (``members[2].share``: rows with no
    member are not counted)."""
    found = re.fullmatch(r"(member\.|members\[)(\d+)\]?\.?(\w*)", name)
    if found is not None:
        index = int(found.group(2))
        if found.group(1) == "members[":
            rows = [
                r for r in rows if r.text(MEMBER_ORGANISATION) or r.text(MEMBER_SHARE)
            ]
        if index < len(rows):
            part = (
                found.group(3)
                if found.group(3) in ("role", "share")
                else "organisation"
            )
            return rows[index], f"member.{part}"
    column = field_for_error(sheet.form, name) or name
    return rows[0], column if any(c.name == column for c in sheet.columns) else None


def _derived(row: Row) -> bool:
    """A deadline an export lists that follows its record (a contract's end)."""
    origin = row.text(ORIGIN)
    return (
        bool(origin)
        and not row.text("ref")
        and normalised(origin)
        not in {normalised(word) for word in in_every_language(BY_HAND)}
    )


def _read_records(sheet: RecordSheet, rows: list[Row], records: Records) -> None:
    for row in rows:
        if _derived(row):
            continue
        values = _form_values(sheet, row, records)
        if values is None:
            continue
        try:
            draft = draft_from_values(sheet.form, values)
        except ValidationError as error:
            _refused(records, sheet, [row], error)
            continue
        records.add(sheet.kind, draft, [row])


def _read_consortia(sheet: RecordSheet, rows: list[Row], records: Records) -> None:
    """One row per member: the rows of one consortium gathered by reference."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.text("ref").upper() or f"#{row.number}", []).append(row)
    for group in groups.values():
        values: dict[str, str] = {}
        chosen: list[dict[str, str] | None] = [
            _form_values(sheet, row, records) for row in group
        ]
        if any(one is None for one in chosen):
            continue
        if len(group) > MAX_MEMBERS:
            records.problems.append(
                problem(
                    group[MAX_MEMBERS],
                    MEMBER_ORGANISATION,
                    Message(
                        N_("a consortium has at most {count} members"),
                        {"count": MAX_MEMBERS},
                    ),
                )
            )
            records.refused.add((sheet.kind, group[0].text("ref").upper()))
            continue
        for index, (row, read) in enumerate(zip(group, chosen, strict=True)):
            assert read is not None
            for name, text in read.items():
                if name.startswith("member."):
                    values[f"member.{index}.{name.removeprefix('member.')}"] = text
                elif values.setdefault(name, text) != text:
                    records.problems.append(
                        problem(
                            row,
                            name,
                            Message(
                                N_("differs from row {row} of the same consortium"),
                                {"row": group[0].number},
                            ),
                        )
                    )
        try:
            draft = draft_from_values(sheet.form, values)
        except ValidationError as error:
            _refused(records, sheet, group, error)
            continue
        records.add(sheet.kind, draft, group)


def _read_services(sheet: RecordSheet, rows: list[Row], records: Records) -> None:
    """A service per row, and the neighbourhood a row names with a name: once,
    however many services are in it."""
    named: dict[str, tuple[NeighbourhoodDraft, Row]] = {}
    for row in rows:
        values = _form_values(sheet, row, records)
        if values is None:
            continue
        try:
            made = new_service(read_fields(_fields(sheet), values))
        except ValidationError as error:
            _refused(records, sheet, [row], error)
            continue
        records.add(sheet.kind, made.service, [row])
        hood = made.neighbourhood
        if hood is None:
            continue
        if hood.ref not in named:
            named[hood.ref] = (hood, row)
        elif named[hood.ref][0] != hood:
            first = named[hood.ref][1]
            records.problems.append(
                problem(
                    row,
                    "neighbourhood_name",
                    Message(
                        N_(
                            "the neighbourhood {ref} is described differently on row {row}"
                        ),
                        {"ref": hood.ref, "row": first.number},
                    ),
                )
            )
    for hood, row in named.values():
        records.add("neighbourhood", hood, [row])


def _fields(sheet: RecordSheet) -> list[FormField]:
    return [column.field for column in sheet.columns]


READERS: dict[str, Callable[[RecordSheet, list[Row], Records], None]] = {
    "consortium": _read_consortia,
    "service": _read_services,
}


def _attach(records: Records, kind: str, parent_kind: str, part: str) -> None:
    """Put each lot in its tender and each option in its contract: the parent
    must be in its own sheet of the workbook (one refused there is not named
    again at its children)."""
    parents = {draft.ref: draft for draft in records.drafts.get(parent_kind, [])}
    children: dict[str, list[Draft]] = {}
    for draft in records.drafts.get(kind, []):
        row = records.rows[(kind, draft.ref)][0]
        parent = row.text(parent_kind).upper()
        if parent in parents:
            children.setdefault(parent, []).append(draft)
        elif (parent_kind, parent) not in records.refused:
            records.problems.append(
                problem(
                    row,
                    parent_kind,
                    Message(
                        N_("no row of the sheet {sheet} has this reference"),
                        {"sheet": _(SHEET_OF_KIND[parent_kind].title)},
                    ),
                )
            )
    # every parent row is kept, a reference typed twice too: the load refuses it
    records.drafts[parent_kind] = [
        draft.model_copy(update={part: children.get(draft.ref, [])})
        for draft in records.drafts.get(parent_kind, [])
    ]


SECTIONS = {
    "neighbourhood": "neighbourhoods",
    **{sheet.kind: sheet.section for sheet in RECORD_SHEETS},
}


def _dataset(records: Records) -> Dataset:
    return Dataset(
        **{
            SECTIONS[kind]: drafts
            for kind, drafts in records.drafts.items()
            if kind not in ("lot", "option")
        }
    )


_LOCATION = re.compile(
    r"^(?P<section>\w+)\[(?P<ref>[^\]]*)\](?:\.(?P<part>lots|options)\[(?P<sub>[^\]]*)\])?\.?(?P<field>.*)$"
)
_PART_KIND = {"lots": "lot", "options": "option"}


def load_problem(records: Records, error: ValidationError) -> Message | None:
    """A refusal of the load at the cell of the record and field it names, or
    None when it names no record of the workbook."""
    found = _LOCATION.match(error.field)
    if found is None:
        return None
    kinds = {section: kind for kind, section in SECTIONS.items()}
    kind, ref = kinds.get(found["section"]), found["ref"]
    if found["part"]:
        kind, ref = _PART_KIND[found["part"]], found["sub"]
    if kind is None or (kind, ref) not in records.rows:
        return None
    rows = records.rows[(kind, ref)]
    reason = Message(error.reason_id, error.reason_params)
    if kind == "neighbourhood":  # described on the row of a service
        named = {"name": "neighbourhood_name", "municipio": "municipio"}
        return problem(rows[0], named.get(found["field"], "neighbourhood"), reason)
    row, column = _cell_of(SHEET_OF_KIND[kind], rows, found["field"] or "ref")
    return problem(row, column, reason)
