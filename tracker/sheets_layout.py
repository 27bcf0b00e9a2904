"""The record sheets of a workbook the office fills in: which columns each has,
and how a header or a choice written in either language is recognised.

A record sheet is a form (``tracker.forms.FORMS``) laid out as a table: one
column per field, headed by the field's label, one row per record. Some sheets
differ from their form: a lot names its tender and an option its contract (the
app adds them from the record they are opened on); a consortium takes one row
per member, its own fields given on the first of its rows; a service may name
its programme and carry a note, which the app's form of a new service leaves to
the service's screen; the deadlines of an export carry their origin, so that
those derived from other records are passed over. A contract's payments stay in
the app.

The template (``tracker.sheets_template``) writes these sheets and the import
(``tracker.sheets_in``) reads them, or an exported workbook, by sheet name and
header in Italian or English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from tracker.domain.money import VatRate
from tracker.domain.refs import RecordKind
from tracker.errors import N_
from tracker.forms import FORMS, MEMBER_ROLES, FormField
from tracker.i18n import LANGUAGES, load_catalog
from tracker.present.tables import SHEET_TITLES

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog


@dataclass(frozen=True)
class SheetColumn:
    """One column of a record sheet: the form value it fills (``name``), headed
    by ``field.label``, typed and checked as ``field`` says."""

    name: str
    field: FormField
    headers: tuple[str, ...] = ()
    """Other message ids read as this column's header (how an export heads it)."""
    in_template: bool = True
    """False for a column only an exported workbook has, read to know a row."""

    @property
    def label(self) -> str:
        return self.field.label

    @property
    def required(self) -> bool:
        return self.field.required


@dataclass(frozen=True)
class RecordSheet:
    kind: str
    """The record kind: the key of ``SHEET_TITLES``."""
    form: str
    """The form of ``tracker.forms.FORMS`` a row is read with."""
    section: str
    """The dataset's list of such records, as a load names it in its errors."""
    columns: tuple[SheetColumn, ...]

    @property
    def title(self) -> str:
        """A message id: the sheet's name is ``_(title)``."""
        return SHEET_TITLES[self.kind]


MEMBER_ORGANISATION = "member.organisation"
MEMBER_ROLE = "member.role"
MEMBER_SHARE = "member.share"

_MEMBER_COLUMNS = (
    SheetColumn(
        MEMBER_ORGANISATION,
        FormField(
            MEMBER_ORGANISATION,
            N_("Member (organisation)"),
            "ref",
            True,
            targets=(RecordKind.ORGANISATION,),
            hint=N_(
                "One row per member: the consortium's reference on every row, its "
                "name and kind on the first."
            ),
        ),
        headers=(N_("Member"),),
    ),
    SheetColumn(
        MEMBER_ROLE,
        FormField(MEMBER_ROLE, N_("Member's role"), "choice", choices=MEMBER_ROLES),
        headers=(N_("Role"),),
    ),
    SheetColumn(
        MEMBER_SHARE,
        FormField(
            MEMBER_SHARE,
            N_("Member's share (%)"),
            hint=N_("A percentage, such as 40 or 33.34; empty when not stated."),
        ),
        headers=(N_("Share"), N_("Share (%)")),
    ),
)

_PARENTS = {
    "lot": SheetColumn(
        "tender",
        FormField(
            "tender",
            N_("Tender (reference)"),
            "ref",
            True,
            targets=(RecordKind.TENDER,),
            hint=N_("The tender the lot belongs to, from the sheet of the tenders."),
        ),
        headers=(N_("Tender"),),
    ),
    "option": SheetColumn(
        "contract",
        FormField(
            "contract",
            N_("Contract (reference)"),
            "ref",
            True,
            targets=(RecordKind.CONTRACT,),
            hint=N_(
                "The contract the option belongs to, from the sheet of the contracts."
            ),
        ),
        headers=(N_("Contract"),),
    ),
}

ORIGIN = "origin"
BY_HAND = N_("entered by hand")
"""The origin of a deadline that is a record of its own. An exported workbook
lists the deadlines derived from other records too (a contract's end), with no
reference of their own: the import passes over them."""

_EXTRA: dict[str, tuple[SheetColumn, ...]] = {
    "deadline": (
        SheetColumn(ORIGIN, FormField(ORIGIN, N_("Origin")), in_template=False),
    ),
    # a service's record holds more than the app's form of a new one asks (its
    # site is left out: no sheet holds sites, which need their neighbourhood)
    "service": (
        SheetColumn(
            "programme",
            FormField(
                "programme", N_("Programme"), "ref", targets=(RecordKind.PROGRAMME,)
            ),
        ),
        SheetColumn("note", FormField("note", N_("Note"), "long")),
    ),
}

_LEFT_OUT = {"payments"}
"""Fields a sheet does not carry: a contract's payments are entered in the app."""


def _columns(kind: str, form: str) -> tuple[SheetColumn, ...]:
    columns: list[SheetColumn] = []
    if kind in _PARENTS:
        columns.append(_PARENTS[kind])
    for field in FORMS[form]:
        if field.name in _LEFT_OUT:
            continue
        if field.kind == "members":
            columns.extend(_MEMBER_COLUMNS)
        else:
            columns.append(SheetColumn(field.name, field))
    columns.extend(_EXTRA.get(kind, ()))
    return tuple(columns)


def _sheet(kind: str, section: str, form: str | None = None) -> RecordSheet:
    return RecordSheet(kind, form or kind, section, _columns(kind, form or kind))


RECORD_SHEETS: tuple[RecordSheet, ...] = (
    _sheet("organisation", "organisations"),
    _sheet("consortium", "consortia"),
    _sheet("act", "acts"),
    _sheet("funding_source", "funding_sources"),
    _sheet("programme", "programmes"),
    _sheet("service", "services", "new_service"),
    _sheet("tender", "tenders"),
    _sheet("lot", "lots"),
    _sheet("contract", "contracts"),
    _sheet("option", "options"),
    _sheet("allocation", "allocations"),
    _sheet("deadline", "deadlines"),
)
"""The record sheets in the order they are filled in (and loaded): a record
names only records of the sheets before its own, or already in the database."""

SHEET_OF_KIND = {sheet.kind: sheet for sheet in RECORD_SHEETS}


def normalised(text: str) -> str:
    """A header, a sheet name or a choice as compared: case, spaces and the mark
    of a required column (``*``) ignored."""
    return " ".join(text.replace("*", " ").split()).casefold()


@cache
def _catalogs() -> tuple[Catalog, ...]:
    """Every translation's catalog, read once: a header is recognised in any."""
    found = (load_catalog(language) for language in LANGUAGES if language != "en")
    return tuple(catalog for catalog in found if catalog is not None)


def in_every_language(message: str) -> tuple[str, ...]:
    """``message`` as each language writes it: English, and each translation."""
    words = [message]
    for catalog in _catalogs():
        entry = catalog.get(message)
        if entry is not None and entry.string and not entry.fuzzy:
            words.append(str(entry.string))
    return tuple(words)


@cache
def header_names(column: SheetColumn) -> frozenset[str]:
    """Every header a column is recognised by, normalised."""
    return frozenset(
        normalised(word)
        for message in (column.label, *column.headers)
        for word in in_every_language(message)
    )


def sheet_names(sheet: RecordSheet) -> set[str]:
    return {normalised(word) for word in in_every_language(sheet.title)}


_PERCENT = re.compile(r"\s*%\s*$")


@cache
def choice_codes(choices: tuple[str, ...]) -> dict[str, str]:
    """The stored value of each way a choice may be written: the value itself,
    its label in each language (a VAT rate also with its % sign)."""
    from tracker.vocabulary import ENGLISH

    codes: dict[str, str] = {}
    for code in choices:
        for word in (code, ENGLISH.get(code, code), *in_every_language(code)):
            codes.setdefault(normalised(word), code)
    if VatRate.EXEMPT.value in choices:
        codes.setdefault("0", VatRate.EXEMPT.value)  # a rate typed as a number
    return codes


def choice_code(field: FormField, text: str) -> str | None:
    """The stored value ``text`` names among the field's choices, or None."""
    codes = choice_codes(field.choices)
    found = codes.get(normalised(text))
    if found is None and _PERCENT.search(text):
        found = codes.get(normalised(_PERCENT.sub("", text)))
    return found
