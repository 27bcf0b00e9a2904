"""Pages of records: what a list asks for and what it gets back.

Lists of tens of thousands of records are read a page at a time: searching, sorting
and paging happen in SQL (case-insensitive LIKE, ORDER BY, LIMIT/OFFSET), so a page
costs about the same on the Milan dataset and on 50,000 contracts. Lists computed by
the engine for a day (services, deadlines) are paged in memory with the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
)
from sqlmodel import Session

from tracker.domain.money import (
    Basis,
    VatRate,
)
from tracker.errors import Term, ValidationError
from tracker.vocabulary import N_

R = TypeVar("R")


class _WithStatus(Protocol):
    @property
    def status(self) -> str: ...


S = TypeVar("S", bound=_WithStatus)

MAX_PAGE = 500
DEADLINE_WINDOW_DAYS = 365
"""How far ahead the deadlines list and the record views look."""


@dataclass(frozen=True, kw_only=True)
class BrowseQuery:
    """What a list shows: a search, a status filter, a sort and a slice."""

    as_of: date
    search: str = ""
    status: str | None = None
    sort: str | None = None
    """A key of ``SORT_KEYS[kind]``; None sorts by the kind's default (the first)."""
    descending: bool = False
    offset: int = 0
    limit: int = 100


@dataclass(frozen=True)
class Page(Generic[R]):
    """A slice of a list, with the number of records the whole list holds."""

    rows: tuple[R, ...]
    total: int
    offset: int
    sort: str


@dataclass(frozen=True)
class ListShape:
    """The sorts a list offers (the first is its default) and the values its status
    filter takes."""

    kind: str
    sorts: tuple[str, ...]
    statuses: tuple[str, ...]
    """The filters offered one after the other (the app's ``f``)."""
    other_statuses: tuple[str, ...] = ()
    """Filters a query may ask for that are not offered in turn."""


def checked_sort(shape: ListShape, query: BrowseQuery) -> str:
    """The sort a query asks for, once the query is one the list can answer."""
    kind = shape.kind
    sort = query.sort or shape.sorts[0]
    if sort not in shape.sorts:
        raise ValidationError(
            "sort", sort, N_("the {kind} list cannot be sorted by it"), kind=Term(kind)
        )
    known = (*shape.statuses, *shape.other_statuses)
    if query.status is not None and query.status not in known:
        raise ValidationError(
            "status",
            query.status,
            N_("not a filter of the {kind} list"),
            kind=Term(kind),
        )
    if query.offset < 0 or not 0 < query.limit <= MAX_PAGE:
        raise ValidationError(
            "limit",
            query.limit,
            N_("a page holds 1 to {most} rows from offset 0 on"),
            most=MAX_PAGE,
        )
    return sort


def search_terms(text: str) -> list[str]:
    """Every word must match somewhere: "lor 2019" finds LOR-2019-C1."""
    return text.split()


def matching(columns: Sequence[Any], words: Iterable[str]) -> ColumnElement[bool]:
    clauses = [
        or_(*(column.icontains(word, autoescape=True) for column in columns))
        for word in words
    ]
    return and_(*clauses) if clauses else and_(literal(True))


def sorted_by(
    query: Select[Any], key: Any, tiebreak: Any, descending: bool
) -> Select[Any]:
    """Missing values last either way; ties in ``tiebreak`` order."""
    direction = key.desc() if descending else key.asc()
    return query.order_by(direction.nulls_last(), tiebreak)


def page_of(
    session: Session,
    page: Select[Any],
    count: Select[Any],
    browse: BrowseQuery,
) -> tuple[Sequence[Any], int]:
    """The rows of a page, and how many rows the whole list holds: counted only when
    the page does not tell (a short page is the last one)."""
    rows = session.execute(page.offset(browse.offset).limit(browse.limit)).all()
    if 0 < len(rows) < browse.limit or (browse.offset == 0 and not rows):
        return rows, browse.offset + len(rows)
    return rows, int(session.execute(count).scalar_one())


def counted(frm: Any, conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return select(func.count()).select_from(frm).where(*conditions)


def sorted_page(
    session: Session,
    page: Select[Any],
    *,
    key: Any,
    ref: Any,
    whole: tuple[Any, Sequence[ColumnElement[bool]]],
    browse: BrowseQuery,
) -> tuple[Sequence[Any], int]:
    """A page of a list sorted on ``key`` (ties by ``ref``), and how many rows the
    whole list holds: those of a table or join meeting some conditions (``whole``)."""
    frm, conditions = whole
    return page_of(
        session,
        sorted_by(page, key, ref, browse.descending),
        counted(frm, conditions),
        browse,
    )


def gross_hundredths(cents: Any, basis: Any, vat_rate: Any) -> Any:
    """An amount's gross in hundredths of a cent, as an integer SQL expression: a sort
    key only (amounts shown are computed exactly from the stored halves)."""
    factor = case(GROSS_PER_HUNDRED_NET, value=vat_rate, else_=100)
    return case((basis == Basis.GROSS.value, cents * 100), else_=cents * factor)


def gross_cents(cents: Any, basis: Any, vat_rate: Any) -> Any:
    """An amount's gross in cents, as an integer SQL expression: the net plus its VAT
    rounded half up to the cent, as ``Amount.gross`` computes it (amounts are never
    negative, so adding half a cent and dropping the rest rounds half up)."""
    return (gross_hundredths(cents, basis, vat_rate) + 50) // 100


# The rates come from the domain's own table (VatRate.fraction): SQL sorts by gross
# only to order a page, and must never drift from the amounts the rows then show.
# Exempt and unknown rates have no fraction to add: their gross is the stated value.
GROSS_PER_HUNDRED_NET = {
    rate.value: int(100 * (1 + rate.fraction)) for rate in VatRate if rate.fraction
}
"""For each VAT rate with a fraction, the gross of 100 net (22 -> 122)."""


def every_page(
    read: Callable[[BrowseQuery], Page[R]], *, as_of: date, size: int = MAX_PAGE
) -> Iterator[tuple[R, ...]]:
    """Every row of a list in its default order, a page at a time, through the same
    paged read the app uses for one page."""
    offset = 0
    while True:
        page = read(BrowseQuery(as_of=as_of, offset=offset, limit=size))
        if page.rows:
            yield page.rows
        offset += size
        if offset >= page.total:
            return


def sliced(
    rows: Sequence[R],
    query: BrowseQuery,
    sort: str,
    key: Callable[[R], Any],
) -> Page[R]:
    """Sort by ``key`` (reversed when descending), keeping the given order among
    equals, then slice: as the SQL lists do, ties stay in reference order."""
    ordered = sorted(rows, key=key, reverse=query.descending)
    return Page(
        tuple(ordered[query.offset : query.offset + query.limit]),
        len(ordered),
        query.offset,
        sort,
    )


def held_page(
    rows: Sequence[S],
    query: BrowseQuery,
    shape: ListShape,
    searched: Callable[[S], Iterable[str | None]],
    keys: Mapping[str, Callable[[S], Any]],
) -> Page[S]:
    """A page of a list computed in memory: the rows of the status asked for whose
    ``searched`` texts hold every word of the search, sorted on the key of the sort
    asked for, then sliced (see ``sliced``)."""
    sort = checked_sort(shape, query)
    words = search_terms(query.search)
    kept = [
        r
        for r in rows
        if (query.status is None or r.status == query.status)
        and (not words or found_in(searched(r), words))
    ]
    return sliced(kept, query, sort, keys[sort])


def found_in(haystack: Iterable[str | None], words: Sequence[str]) -> bool:
    text = " ".join(h for h in haystack if h).casefold()
    return all(word.casefold() in text for word in words)


def dated(day: date | None, descending: bool) -> date:
    """Missing dates sort last either way."""
    if day is not None:
        return day
    return date.min if descending else date.max
