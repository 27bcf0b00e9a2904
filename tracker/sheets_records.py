"""The parties, acts, programmes and money as typed tables: organisations,
consortia (a row per member), acts, programmes, funding sources and allocations.

Each sheet starts with its form's fields (``tracker.present.sheet_columns``), so
that the spreadsheet import reads it back, then the columns the lists compute.
The rows are those the app's lists and ``appalti list`` read, a page at a time.

A consortium's members are its form's ``members`` field, one row each: the
columns ``member.organisation``, ``member.role`` and ``member.share`` hold the
form's ``member.N.*`` values, the rows of one consortium in the order it lists
its members, each repeating the consortium's own fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal

from tracker.api import (
    ActListRow,
    AllocationRow,
    ConsortiumListRow,
    FundingListRow,
    OrganisationRow,
    Tracker,
)
from tracker.drafts import ProgrammeDraft
from tracker.errors import N_
from tracker.i18n import _, ngettext
from tracker.present.sheet_columns import (
    MISSING,
    choice,
    form_columns,
    fraction,
    missing,
    precision,
    refs,
    text,
)
from tracker.present.tables import SHEET_TITLES, Cell, Column, Table

Row = tuple[Cell, ...]


def organisations_table(pages: Iterable[Sequence[OrganisationRow]]) -> Table:
    """Every organisation with the consortia it belongs to."""

    def rows() -> Iterator[Row]:
        for page in pages:
            for o in page:
                yield (
                    o.ref,
                    o.name,
                    choice(o.kind),
                    text(o.legal_form),
                    text(o.partita_iva),
                    text(o.codice_fiscale),
                    text(o.ausa),
                    text(o.address),
                    text(o.note),
                    # each entry is "REF (role)"; a ref never holds " (": the
                    # roles are on the consortia's sheet, in words
                    refs(entry.rpartition(" (")[0] or entry for entry in o.consortia),
                )

    return Table(
        "organisation",
        SHEET_TITLES["organisation"],
        (*form_columns("organisation"), Column("consortia", N_("Consortia"))),
        rows(),
    )


MEMBER_COLUMNS = (
    Column("member", N_("Member"), field="member.organisation"),
    Column("role", N_("Role"), field="member.role"),
    Column("share", N_("Share"), "percent", field="member.share"),
)
MEMBER_FACTS = (
    Column("member_name", N_("Member's name")),
    Column("member_partita_iva", N_("Member's partita IVA")),
)


def consortia_table(pages: Iterable[Sequence[ConsortiumListRow]]) -> Table:
    """One row per member of each consortium: its role in words and its share as
    a fraction (0.6 is 60 %), an unstated share empty and said to be so."""

    def rows() -> Iterator[Row]:
        for page in pages:
            for c in page:
                own = (c.ref, c.name, choice(c.kind))
                if not c.members:
                    none = (None,) * len(MEMBER_COLUMNS)
                    facts = (None,) * len(MEMBER_FACTS)
                    note = text(c.note)
                    yield (
                        *own,
                        *none,
                        note,
                        *facts,
                        c.contracts,
                        _("no member stated"),
                    )
                    continue
                for m in c.members:
                    yield (
                        *own,
                        m.ref,
                        choice(m.role),
                        fraction(m.share),
                        text(c.note),
                        m.name,
                        text(m.partita_iva),
                        c.contracts,
                        None if m.share is not None else _("share not stated"),
                    )

    return Table(
        "consortium",
        SHEET_TITLES["consortium"],
        (
            *form_columns("consortium", skip=("members", "note")),
            *MEMBER_COLUMNS,
            *form_columns("consortium", only=("note",)),
            *MEMBER_FACTS,
            Column("contracts", N_("Contracts"), "integer"),
            MISSING,
        ),
        rows(),
    )


def acts_table(pages: Iterable[Sequence[ActListRow]]) -> Table:
    """Every act, with how many records cite it."""

    def rows() -> Iterator[Row]:
        for page in pages:
            for a in page:
                yield (
                    a.ref,
                    choice(a.kind),
                    text(a.number),
                    a.adopted_on,
                    text(a.body),
                    a.subject,
                    text(a.url),
                    text(a.note),
                    a.cited,
                    missing(
                        None if a.number else _("number not stated"),
                        None if a.adopted_on else _("date not stated"),
                    ),
                )

    return Table(
        "act",
        SHEET_TITLES["act"],
        (
            *form_columns("act"),
            Column("cited", N_("Cited by"), "integer"),
            MISSING,
        ),
        rows(),
    )


def programmes_table(programmes: Iterable[ProgrammeDraft]) -> Table:
    """Every programme as recorded: a start or end known to its year or month
    only holds the day recorded, and says so in the note column."""

    def rows() -> Iterator[Row]:
        for p in programmes:
            yield (
                p.ref,
                p.name,
                p.start,
                p.end,
                text(p.note),
                missing(
                    precision(N_("Start"), p.start_precision),
                    precision(N_("End"), p.end_precision),
                ),
            )

    return Table(
        "programme",
        SHEET_TITLES["programme"],
        (*form_columns("programme"), MISSING),
        rows(),
    )


def _unstated(count: int) -> str | None:
    if not count:
        return None
    return ngettext(
        "{n} allocation without an amount, not in the totals",
        "{n} allocations without an amount, not in the totals",
        count,
    ).format(n=count)


def _sums(f: FundingListRow) -> tuple[Decimal | None, ...]:
    """What is allocated, confirmed and pending, of the amounts stated: a sum of
    allocations none of which states its amount is unknown, not 0."""
    if f.allocations and f.unstated == f.allocations:
        return None, None, None
    pending: Decimal | None = f.pending
    if f.pending_count and f.pending_unstated == f.pending_count:
        pending = None
    return f.allocated, f.confirmed, pending


def funding_sources_table(pages: Iterable[Sequence[FundingListRow]]) -> Table:
    """Every funding source with its allocations summed by status; allocations
    whose amount is not stated are counted and said to be left out of the sums."""

    def rows() -> Iterator[Row]:
        for page in pages:
            for f in page:
                yield (
                    f.ref,
                    f.name,
                    choice(f.kind),
                    text(f.funder),
                    f.eligible_from,
                    f.eligible_until,
                    f.paid_by,
                    text(f.note),
                    f.allocations,
                    *_sums(f),
                    missing(_unstated(f.unstated)),
                )

    return Table(
        "funding_source",
        SHEET_TITLES["funding_source"],
        (
            *form_columns("funding_source"),
            Column("allocations", N_("Allocations"), "integer"),
            Column("allocated", N_("Allocated"), "money"),
            Column("confirmed", N_("Confirmed funds"), "money"),
            Column("pending", N_("Awaiting confirmation"), "money"),
            MISSING,
        ),
        rows(),
    )


def allocations_table(pages: Iterable[Sequence[AllocationRow]]) -> Table:
    """Every allocation: which source pays how much for which tender or contract,
    and whether the money is confirmed."""

    def rows() -> Iterator[Row]:
        for page in pages:
            for a in page:
                yield (
                    a.ref,
                    a.source,
                    a.funds,
                    a.amount,
                    choice(a.status),
                    text(a.note),
                    a.source_name,
                    a.eligible_until,
                    a.paid_by,
                    None if a.amount is not None else _("amount not stated"),
                )

    return Table(
        "allocation",
        SHEET_TITLES["allocation"],
        (
            *form_columns("allocation"),
            Column("source_name", N_("Source's name")),
            Column("eligible_until", N_("Eligible until"), "date"),
            Column("paid_by", N_("Must be paid by"), "date"),
            MISSING,
        ),
        rows(),
    )


SHEETS: dict[str, Callable[[Tracker, date], Table]] = {
    "organisation": lambda tracker, day: organisations_table(
        tracker.organisation_pages(day)
    ),
    "consortium": lambda tracker, _day: consortia_table(
        tracker.consortium_list_pages()
    ),
    "act": lambda tracker, _day: acts_table(tracker.act_list_pages()),
    "programme": lambda tracker, _day: programmes_table(tracker.programme_records()),
    "funding_source": lambda tracker, _day: funding_sources_table(
        tracker.funding_list_pages()
    ),
    "allocation": lambda tracker, _day: allocations_table(tracker.allocation_pages()),
}
"""The sheets of this module by key (``SHEET_TITLES``): each read as of a day (the
parties, acts, programmes and money are the same on every day)."""
