"""The columns a record's sheet shares with its form, and its cells in words.

A record kind with a form (``tracker.forms.FORMS``) starts its sheet with the
form's fields in the form's order, headed by the form's labels, so that the
spreadsheet import reads an export back by header; its computed columns follow.
A stored choice (a kind, a role, a status) is written in words of the active
language, which the import reads back in either language.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal

from tracker.errors import N_
from tracker.forms import FORMS, FieldKind
from tracker.i18n import _
from tracker.present.tables import CellKind, Column
from tracker.vocabulary import term

CELL_KINDS: dict[FieldKind, CellKind] = {
    "date": "date",
    "int": "integer",
    "money": "money",
}
"""How a form field's cells are typed; every other field is text."""

MISSING = Column("missing", N_("Missing values"))
"""The last column of a sheet whose computed values may be unknown: why each
empty one is empty, never a made-up 0."""


def form_columns(
    kind: str, *, skip: Collection[str] = (), only: Collection[str] | None = None
) -> tuple[Column, ...]:
    """The fields of the form of ``kind`` as columns, in the form's order (those
    named in ``skip`` left out: a value no reader of the list carries; with
    ``only``, those named there alone)."""
    return tuple(
        Column(
            key=field.name,
            header=field.label,
            # a rate is a choice of the form ("22", "exempt"): a percentage here
            kind="percent"
            if field.name.endswith("_vat_rate")
            else CELL_KINDS.get(field.kind, "text"),
            field=field.name,
        )
        for field in FORMS[kind]
        if field.name not in skip and (only is None or field.name in only)
    )


def text(value: str | None) -> str | None:
    """A text cell: empty text is no value."""
    return value or None


def choice(value: str | None) -> str | None:
    """A stored choice in words of the active language ("cooperativa sociale")."""
    return term(value) if value else None


def refs(values: Iterable[str]) -> str | None:
    """References joined as the form takes them ("LDQ-MAZZINI, LDQ-SAN-SIRO")."""
    return ", ".join(values) or None


def fraction(percent: Decimal | None) -> Decimal | None:
    """A percentage as the fraction a spreadsheet formats as one (65 → 0.65)."""
    return None if percent is None else percent / 100


def missing(*reasons: str | None) -> str | None:
    """The note of a row: its reasons for an empty value, joined; None without."""
    return "; ".join(reason for reason in reasons if reason) or None


def precision(label: str, known_to: str) -> str | None:
    """That a day of the form's field ``label`` is known to its year or month
    only (the cell holds its first day), in the active language."""
    if known_to == "year":
        return _("{field}: only the year is known").format(field=_(label))
    if known_to == "month":
        return _("{field}: only the month is known").format(field=_(label))
    return None
