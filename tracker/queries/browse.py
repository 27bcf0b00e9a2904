"""Pages of records to browse: tenders, contracts, services, organisations, funding
sources and deadlines.

Lists of tens of thousands of records are read a page at a time: searching, sorting
and paging happen in SQL (case-insensitive LIKE, ORDER BY, LIMIT/OFFSET), so a page
costs about the same on the Milan dataset and on 50,000 contracts. Service continuity
and deadlines come from the engine, which works on the whole database at once: they
are computed once for an as-of day into a browser, then paged in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    Table,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlmodel import Session

from tracker import models
from tracker.config import Settings
from tracker.domain.continuity import ContinuityStatus, ServiceContinuity
from tracker.domain.deadlines import Deadline, DeadlineKind
from tracker.domain.kinds import (
    DeadlineState,
    FundingKind,
    FundingStatus,
    OptionState,
    OrganisationKind,
    TenderStatus,
)
from tracker.domain.money import Amount, Totals, from_cents
from tracker.errors import Term, ValidationError
from tracker.queries.engine import compute_continuity
from tracker.queries.rows import AmountRow, amount_row
from tracker.vocabulary import N_

R = TypeVar("R")

MAX_PAGE = 500
DEADLINE_WINDOW_DAYS = 365
"""How far ahead the deadlines list and the record views look."""


# -- queries and pages -----------------------------------------------------------


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


class ContractState(StrEnum):
    """Where a contract stands on the as-of day."""

    UPCOMING = "upcoming"
    RUNNING = "running"
    ENDED = "ended"


class DeadlineStatus(StrEnum):
    """A deadline as people read it on the as-of day."""

    OPEN = "open"
    OVERDUE = "overdue"
    PASSED = "passed"
    DONE = "done"
    ACKNOWLEDGED = "acknowledged"


WORDS = (N_("upcoming"), N_("running"), N_("ended"), N_("overdue"), N_("passed"))

SORT_KEYS: dict[str, tuple[str, ...]] = {
    "tenders": (
        "ref",
        "title",
        "procedure",
        "status",
        "lots",
        "estimate",
        "planned_start",
        "award",
    ),
    "contracts": (
        "ref",
        "title",
        "supplier",
        "cig",
        "start",
        "covered_until",
        "gross",
        "state",
    ),
    "services": ("status", "ref", "name", "neighbourhood", "covered_until", "act_by"),
    "organisations": ("ref", "name", "kind", "partita_iva", "contracts"),
    "funding": (
        "ref",
        "name",
        "kind",
        "funder",
        "eligible_until",
        "allocated",
        "pending",
    ),
    "deadlines": ("due", "title", "subject", "state"),
}
"""The sorts each list offers; the first is its default."""

STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "tenders": tuple(s.value for s in TenderStatus),
    "contracts": tuple(s.value for s in ContractState),
    "services": tuple(s.value for s in ContinuityStatus),
    "organisations": tuple(k.value for k in OrganisationKind),
    "funding": tuple(k.value for k in FundingKind),
    "deadlines": tuple(s.value for s in DeadlineStatus),
}
"""The values each list's status filter takes (tender status, contract state,
continuity status, organisation kind, funding kind, deadline state)."""

BROWSE_KINDS = tuple(SORT_KEYS)


def _check(kind: str, query: BrowseQuery) -> str:
    sort = query.sort or SORT_KEYS[kind][0]
    if sort not in SORT_KEYS[kind]:
        raise ValidationError(
            "sort", sort, N_("the {kind} list cannot be sorted by it"), kind=Term(kind)
        )
    if query.status is not None and query.status not in STATUS_FILTERS[kind]:
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


def table_of(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


def _search_terms(text: str) -> list[str]:
    """Every word must match somewhere: "lor 2019" finds LOR-2019-C1."""
    return text.split()


def _matching(columns: Sequence[Any], words: Iterable[str]) -> ColumnElement[bool]:
    clauses = [
        or_(*(column.icontains(word, autoescape=True) for column in columns))
        for word in words
    ]
    return and_(*clauses) if clauses else and_(literal(True))


def _ordered(
    query: Select[Any], key: Any, tiebreak: Any, descending: bool
) -> Select[Any]:
    ordered = key.desc() if descending else key.asc()
    return query.order_by(ordered.nulls_last(), tiebreak)


def _page_of(
    session: Session,
    page: Select[Any],
    count: Select[Any],
    browse: BrowseQuery,
) -> tuple[list[Any], int]:
    """The rows of a page, and how many rows the whole list holds: counted only when
    the page does not tell (a short page is the last one)."""
    rows = list(session.execute(page.offset(browse.offset).limit(browse.limit)))
    if 0 < len(rows) < browse.limit or (browse.offset == 0 and not rows):
        return rows, browse.offset + len(rows)
    return rows, int(session.execute(count).scalar_one())


def _counted(frm: Any, conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    return select(func.count()).select_from(frm).where(*conditions)


def _gross_hundredths(cents: Any, basis: Any, vat_rate: Any) -> Any:
    """An amount's gross in hundredths of a cent, as an integer SQL expression: a sort
    key only (amounts shown are computed exactly from the stored halves)."""
    factor = case({"22": 122, "10": 110, "5": 105, "4": 104}, value=vat_rate, else_=100)
    return case((basis == "gross", cents * 100), else_=cents * factor)


# -- tenders ---------------------------------------------------------------------


@dataclass(frozen=True)
class TenderListRow:
    ref: str
    title: str
    procedure_type: str | None
    status: str
    lots: int
    cigs: tuple[str, ...]
    estimate: AmountRow | None
    planned_start: date | None
    planned_start_precision: str
    publication_date: date | None
    award_date: date | None


TENDER_STATUS_ORDER = {status.value: i for i, status in enumerate(TenderStatus)}


def browse_tenders(session: Session, query: BrowseQuery) -> Page[TenderListRow]:
    """A page of tenders; the search looks at ref, title, CUP, RUP and the lots' refs
    and CIGs; the filter is the tender's status."""
    sort = _check("tenders", query)
    t, lot = table_of(models.Tender), table_of(models.Lot)
    conditions: list[ColumnElement[bool]] = [
        or_(
            _matching([t.c.ref, t.c.title, t.c.cup, t.c.rup], [word]),
            # Uncorrelated IN (subquery): read once, not once per tender.
            t.c.id.in_(
                select(lot.c.tender_id).where(_matching([lot.c.cig, lot.c.ref], [word]))
            ),
        )
        for word in _search_terms(query.search)
    ]
    if query.status is not None:
        conditions.append(t.c.status == query.status)
    page = select(t).where(*conditions)
    keys: dict[str, Any] = {
        "ref": t.c.ref,
        "title": t.c.title,
        "procedure": t.c.procedure_type,
        "status": case(TENDER_STATUS_ORDER, value=t.c.status, else_=99),
        "estimate": _gross_hundredths(
            t.c.estimate_cents, t.c.estimate_basis, t.c.estimate_vat_rate
        ),
        "planned_start": t.c.planned_start,
        "award": t.c.award_date,
    }
    if sort == "lots":
        lots = (
            select(lot.c.tender_id, func.count().label("n"))
            .group_by(lot.c.tender_id)
            .subquery()
        )
        page = page.outerjoin(lots, lots.c.tender_id == t.c.id)
        keys["lots"] = func.coalesce(lots.c.n, 0)
    rows, total = _page_of(
        session,
        _ordered(page, keys[sort], t.c.ref, query.descending),
        _counted(t, conditions),
        query,
    )
    lot_rows: dict[int, list[str | None]] = defaultdict(list)
    for tender_id, cig in session.execute(
        select(lot.c.tender_id, lot.c.cig)
        .where(lot.c.tender_id.in_([row.id for row in rows]))
        .order_by(lot.c.tender_id, lot.c.number)
    ):
        lot_rows[tender_id].append(cig)
    return Page(
        tuple(
            TenderListRow(
                ref=row.ref,
                title=row.title,
                procedure_type=row.procedure_type,
                status=row.status,
                lots=len(lot_rows[row.id]),
                cigs=tuple(cig for cig in lot_rows[row.id] if cig),
                estimate=amount_row(
                    row.estimate_cents, row.estimate_basis, row.estimate_vat_rate
                ),
                planned_start=row.planned_start,
                planned_start_precision=row.planned_start_precision,
                publication_date=row.publication_date,
                award_date=row.award_date,
            )
            for row in rows
        ),
        total,
        query.offset,
        sort,
    )


# -- contracts -------------------------------------------------------------------


@dataclass(frozen=True)
class ContractListRow:
    ref: str
    title: str
    supplier: str | None
    supplier_ref: str | None
    cig: str | None
    start: date
    start_precision: str
    end: date
    end_precision: str
    covered_until: date
    covered_until_precision: str
    gross: Decimal | None
    """Base plus exercised options, VAT included; None when the base is not stated."""
    gross_is_floor: bool
    """An exercised option's amount is not stated: the gross is at least this."""
    state: str


def contract_state(start: date, covered_until: date, as_of: date) -> str:
    if start > as_of:
        return ContractState.UPCOMING.value
    if covered_until < as_of:
        return ContractState.ENDED.value
    return ContractState.RUNNING.value


def browse_contracts(session: Session, query: BrowseQuery) -> Page[ContractListRow]:
    """A page of contracts; the search looks at ref, title, CIG (options' too) and the
    supplier: its name and partita IVA, a consortium's name and its members'; the
    filter is the state on the as-of day (upcoming, running, ended)."""
    sort = _check("contracts", query)
    c, o = table_of(models.Contract), table_of(models.ContractOption)
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    cm, member = table_of(models.ConsortiumMember), org.alias("member")
    frm = c.outerjoin(org, org.c.id == c.c.supplier_organisation_id).outerjoin(
        con, con.c.id == c.c.supplier_consortium_id
    )
    exercised = (
        select(o.c.contract_id, func.max(o.c.end).label("end"))
        .where(o.c.state == OptionState.EXERCISED.value)
        .group_by(o.c.contract_id)
        .subquery()
    )
    covered = type_coerce(
        case(
            (
                and_(exercised.c.end.is_not(None), exercised.c.end > c.c.end),
                exercised.c.end,
            ),
            else_=c.c.end,
        ),
        Date,
    )
    conditions: list[ColumnElement[bool]] = [
        or_(
            _matching(
                [
                    c.c.ref,
                    c.c.title,
                    c.c.cig,
                    org.c.name,
                    org.c.partita_iva,
                    con.c.name,
                ],
                [word],
            ),
            # Uncorrelated IN (subquery): read once, not once per contract.
            c.c.supplier_consortium_id.in_(
                select(cm.c.consortium_id)
                .join(member, member.c.id == cm.c.organisation_id)
                .where(_matching([member.c.name, member.c.partita_iva], [word]))
            ),
            c.c.id.in_(
                select(o.c.contract_id).where(o.c.cig.icontains(word, autoescape=True))
            ),
        )
        for word in _search_terms(query.search)
    ]
    if query.status == ContractState.UPCOMING:
        conditions.append(c.c.start > query.as_of)
    elif query.status == ContractState.RUNNING:
        conditions += [c.c.start <= query.as_of, covered >= query.as_of]
    elif query.status == ContractState.ENDED:
        conditions.append(covered < query.as_of)
    supplier = func.coalesce(org.c.name, con.c.name)
    keys: dict[str, Any] = {
        "ref": c.c.ref,
        "title": c.c.title,
        "supplier": supplier,
        "cig": c.c.cig,
        "start": c.c.start,
        "covered_until": covered,
        "state": case(
            (c.c.start > query.as_of, 0), (covered < query.as_of, 2), else_=1
        ),
    }
    needs_coverage = query.status is not None or sort in ("covered_until", "state")
    if needs_coverage:
        frm = frm.outerjoin(exercised, exercised.c.contract_id == c.c.id)
    page = (
        select(
            c.c.id,
            c.c.ref,
            c.c.title,
            c.c.cig,
            c.c.start,
            c.c.start_precision,
            c.c.end,
            c.c.end_precision,
            c.c.amount_cents,
            c.c.amount_basis,
            c.c.amount_vat_rate,
            supplier.label("supplier"),
            func.coalesce(org.c.ref, con.c.ref).label("supplier_ref"),
        )
        .select_from(frm)
        .where(*conditions)
    )
    if sort == "gross":
        option_gross = (
            select(
                o.c.contract_id,
                func.sum(
                    _gross_hundredths(
                        o.c.amount_cents, o.c.amount_basis, o.c.amount_vat_rate
                    )
                ).label("gross"),
            )
            .where(o.c.state == OptionState.EXERCISED.value)
            .group_by(o.c.contract_id)
            .subquery()
        )
        page = page.outerjoin(option_gross, option_gross.c.contract_id == c.c.id)
        keys["gross"] = _gross_hundredths(
            c.c.amount_cents, c.c.amount_basis, c.c.amount_vat_rate
        ) + func.coalesce(option_gross.c.gross, 0)
    rows, total = _page_of(
        session,
        _ordered(page, keys[sort], c.c.ref, query.descending),
        _counted(frm, conditions),
        query,
    )
    options: dict[int, list[tuple[Amount | None, date | None]]] = defaultdict(list)
    for row in session.execute(
        select(
            o.c.contract_id,
            o.c.amount_cents,
            o.c.amount_basis,
            o.c.amount_vat_rate,
            o.c.end,
        ).where(
            o.c.contract_id.in_([row.id for row in rows]),
            o.c.state == OptionState.EXERCISED.value,
        )
    ):
        amount = Amount.from_columns(
            row.amount_cents, row.amount_basis, row.amount_vat_rate
        )
        options[row.contract_id].append((amount, row.end))
    page_rows: list[ContractListRow] = []
    for row in rows:
        base_amount = Amount.from_columns(
            row.amount_cents, row.amount_basis, row.amount_vat_rate
        )
        stated = [a for a, _ in options[row.id] if a is not None]
        covered_until = max([row.end, *(end for _, end in options[row.id] if end)])
        page_rows.append(
            ContractListRow(
                ref=row.ref,
                title=row.title,
                supplier=row.supplier,
                supplier_ref=row.supplier_ref,
                cig=row.cig,
                start=row.start,
                start_precision=row.start_precision,
                end=row.end,
                end_precision=row.end_precision,
                covered_until=covered_until,
                covered_until_precision=row.end_precision
                if covered_until == row.end
                else "day",
                gross=None
                if base_amount is None
                else Totals.of([base_amount, *stated]).gross,
                gross_is_floor=len(stated) < len(options[row.id]),
                state=contract_state(row.start, covered_until, query.as_of),
            )
        )
    return Page(tuple(page_rows), total, query.offset, sort)


# -- organisations ---------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationListRow:
    ref: str
    name: str
    kind: str | None
    legal_form: str | None
    partita_iva: str | None
    codice_fiscale: str | None
    contracts: int
    """Contracts held alone or as a member of a consortium."""
    consortia: int


def _contracts_by_organisation() -> Any:
    """(organisation id, contracts held alone or through a consortium) of every
    organisation, as a subquery to sort by."""
    c, cm = table_of(models.Contract), table_of(models.ConsortiumMember)
    # Contracts are counted per consortium first: there is no index on the supplier
    # columns, so each is read in one pass rather than once per member.
    per_consortium = (
        select(c.c.supplier_consortium_id.label("cid"), func.count().label("n"))
        .where(c.c.supplier_consortium_id.is_not(None))
        .group_by(c.c.supplier_consortium_id)
        .subquery()
    )
    direct = select(
        c.c.supplier_organisation_id.label("oid"), literal(1).label("n")
    ).where(c.c.supplier_organisation_id.is_not(None))
    via = select(cm.c.organisation_id.label("oid"), per_consortium.c.n).join(
        per_consortium, per_consortium.c.cid == cm.c.consortium_id
    )
    held = union_all(direct, via).subquery()
    return (
        select(held.c.oid, func.sum(held.c.n).label("n"))
        .group_by(held.c.oid)
        .subquery()
    )


def _holdings(
    session: Session, ids: Sequence[int]
) -> tuple[dict[int, int], dict[int, int]]:
    """Contracts held (alone or through a consortium) and consortia joined, for some
    organisations: one pass over each table, no join without an index."""
    c, cm = table_of(models.Contract), table_of(models.ConsortiumMember)
    contracts: dict[int, int] = defaultdict(int)
    for oid, n in session.execute(
        select(c.c.supplier_organisation_id, func.count())
        .where(c.c.supplier_organisation_id.in_(ids))
        .group_by(c.c.supplier_organisation_id)
    ):
        contracts[int(oid)] += int(n)
    members: dict[int, list[int]] = defaultdict(list)
    for oid, cid in session.execute(
        select(cm.c.organisation_id, cm.c.consortium_id).where(
            cm.c.organisation_id.in_(ids)
        )
    ):
        members[int(cid)].append(int(oid))
    for cid, n in session.execute(
        select(c.c.supplier_consortium_id, func.count())
        .where(c.c.supplier_consortium_id.in_(list(members)))
        .group_by(c.c.supplier_consortium_id)
    ):
        for oid in members[int(cid)]:
            contracts[oid] += int(n)
    consortia: dict[int, int] = defaultdict(int)
    for oids in members.values():
        for oid in oids:
            consortia[oid] += 1
    return contracts, consortia


def browse_organisations(
    session: Session, query: BrowseQuery
) -> Page[OrganisationListRow]:
    """A page of organisations; the search looks at ref, name, partita IVA and codice
    fiscale; the filter is the organisation's kind."""
    sort = _check("organisations", query)
    org = table_of(models.Organisation)
    conditions: list[ColumnElement[bool]] = [
        _matching(
            [org.c.ref, org.c.name, org.c.partita_iva, org.c.codice_fiscale], [word]
        )
        for word in _search_terms(query.search)
    ]
    if query.status is not None:
        conditions.append(org.c.kind == query.status)
    page = select(org).where(*conditions)
    keys: dict[str, Any] = {
        "ref": org.c.ref,
        "name": org.c.name,
        "kind": org.c.kind,
        "partita_iva": org.c.partita_iva,
    }
    if sort == "contracts":
        held = _contracts_by_organisation()
        page = page.outerjoin(held, held.c.oid == org.c.id)
        keys["contracts"] = func.coalesce(held.c.n, 0)
    rows, total = _page_of(
        session,
        _ordered(page, keys[sort], org.c.ref, query.descending),
        _counted(org, conditions),
        query,
    )
    contracts, consortia = _holdings(session, [row.id for row in rows])
    return Page(
        tuple(
            OrganisationListRow(
                ref=row.ref,
                name=row.name,
                kind=row.kind,
                legal_form=row.legal_form,
                partita_iva=row.partita_iva,
                codice_fiscale=row.codice_fiscale,
                contracts=contracts.get(row.id, 0),
                consortia=consortia.get(row.id, 0),
            )
            for row in rows
        ),
        total,
        query.offset,
        sort,
    )


# -- funding ---------------------------------------------------------------------


@dataclass(frozen=True)
class FundingListRow:
    ref: str
    name: str
    kind: str
    funder: str | None
    eligible_from: date | None
    eligible_until: date | None
    allocations: int
    allocated: Decimal
    """The sum of the allocations whose amount is stated."""
    unstated: int
    """Allocations whose amount is not stated (not in ``allocated``)."""
    pending: Decimal
    """The sum of the allocations pending confirmation whose amount is stated."""
    pending_count: int
    pending_unstated: int
    confirmed: Decimal


def browse_funding(session: Session, query: BrowseQuery) -> Page[FundingListRow]:
    """A page of funding sources with their allocations' totals by status; the search
    looks at ref, name and funder; the filter is the kind of source."""
    sort = _check("funding", query)
    fs, a = table_of(models.FundingSource), table_of(models.FundingAllocation)
    pending = a.c.status == FundingStatus.PENDING_CONFIRMATION.value
    unstated = a.c.amount_cents.is_(None)
    cents = func.coalesce(a.c.amount_cents, 0)
    sums = (
        select(
            a.c.source_id,
            func.count().label("n"),
            func.sum(cents).label("allocated"),
            func.sum(case((unstated, 1), else_=0)).label("unstated"),
            func.sum(case((pending, cents), else_=0)).label("pending"),
            func.sum(case((pending, 1), else_=0)).label("pending_count"),
            func.sum(case((and_(pending, unstated), 1), else_=0)).label(
                "pending_unstated"
            ),
            func.sum(
                case((a.c.status == FundingStatus.CONFIRMED.value, cents), else_=0)
            ).label("confirmed"),
        )
        .group_by(a.c.source_id)
        .subquery()
    )
    conditions: list[ColumnElement[bool]] = [
        _matching([fs.c.ref, fs.c.name, fs.c.funder], [word])
        for word in _search_terms(query.search)
    ]
    if query.status is not None:
        conditions.append(fs.c.kind == query.status)
    allocated = func.coalesce(sums.c.allocated, 0)
    pending_sum = func.coalesce(sums.c.pending, 0)
    page = (
        select(
            fs,
            func.coalesce(sums.c.n, 0).label("allocations"),
            allocated.label("allocated"),
            func.coalesce(sums.c.unstated, 0).label("unstated"),
            pending_sum.label("pending"),
            func.coalesce(sums.c.pending_count, 0).label("pending_count"),
            func.coalesce(sums.c.pending_unstated, 0).label("pending_unstated"),
            func.coalesce(sums.c.confirmed, 0).label("confirmed"),
        )
        .outerjoin(sums, sums.c.source_id == fs.c.id)
        .where(*conditions)
    )
    keys: dict[str, Any] = {
        "ref": fs.c.ref,
        "name": fs.c.name,
        "kind": fs.c.kind,
        "funder": fs.c.funder,
        "eligible_until": fs.c.eligible_until,
        "allocated": allocated,
        "pending": pending_sum,
    }
    rows, total = _page_of(
        session,
        _ordered(page, keys[sort], fs.c.ref, query.descending),
        _counted(fs, conditions),
        query,
    )
    return Page(
        tuple(
            FundingListRow(
                ref=row.ref,
                name=row.name,
                kind=row.kind,
                funder=row.funder,
                eligible_from=row.eligible_from,
                eligible_until=row.eligible_until,
                allocations=int(row.allocations),
                allocated=from_cents(int(row.allocated)),
                unstated=int(row.unstated),
                pending=from_cents(int(row.pending)),
                pending_count=int(row.pending_count),
                pending_unstated=int(row.pending_unstated),
                confirmed=from_cents(int(row.confirmed)),
            )
            for row in rows
        ),
        total,
        query.offset,
        sort,
    )


# -- services and deadlines: computed once per as-of day, paged in memory ---------


def _slice(
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


def _found(haystack: Iterable[str | None], words: Sequence[str]) -> bool:
    text = " ".join(h for h in haystack if h).casefold()
    return all(word.casefold() in text for word in words)


@dataclass(frozen=True)
class ServiceListRow:
    ref: str
    name: str
    neighbourhood: str
    status: str
    covered_until: date | None
    act_by: date | None
    """The last day to start the successor procedure (None when none is needed)."""
    gap_since: date | None
    current: str | None
    successor: str | None
    next_tender: str | None
    next_tender_status: str | None


STATUS_URGENCY = {
    ContinuityStatus.GAP.value: 0,
    ContinuityStatus.AT_RISK.value: 1,
    ContinuityStatus.OK.value: 2,
    ContinuityStatus.NOT_REQUIRED.value: 3,
}


def _service_row(s: ServiceContinuity) -> ServiceListRow:
    gap = s.open_gap
    return ServiceListRow(
        ref=s.service,
        name=s.name,
        neighbourhood=s.neighbourhood,
        status=s.status.value,
        covered_until=s.covered_until,
        act_by=s.act_by,
        gap_since=None if gap is None else gap.start,
        current=None if s.current is None else s.current.ref,
        successor=None if s.successor is None else s.successor.ref,
        next_tender=None if s.next_tender is None else s.next_tender.ref,
        next_tender_status=None if s.next_tender is None else s.next_tender.status,
    )


def _dated(day: date | None, descending: bool) -> date:
    """Missing dates sort last either way."""
    if day is not None:
        return day
    return date.min if descending else date.max


@dataclass(frozen=True)
class ServiceBrowser:
    """Every service's continuity on one day, to page through."""

    as_of: date
    rows: tuple[ServiceListRow, ...]

    def page(self, query: BrowseQuery) -> Page[ServiceListRow]:
        """A page of services; the search looks at ref, name and neighbourhood and at
        the contracts and tenders named in the row."""
        sort = _check("services", query)
        words = _search_terms(query.search)
        rows = [
            r
            for r in self.rows
            if (query.status is None or r.status == query.status)
            and (
                not words
                or _found(
                    (r.ref, r.name, r.neighbourhood, r.current, r.next_tender), words
                )
            )
        ]
        down = query.descending
        keys: dict[str, Callable[[ServiceListRow], Any]] = {
            "status": lambda r: (
                STATUS_URGENCY[r.status],
                _dated(r.covered_until, down),
            ),
            "ref": lambda r: r.ref,
            "name": lambda r: r.name.casefold(),
            "neighbourhood": lambda r: r.neighbourhood.casefold(),
            "covered_until": lambda r: _dated(r.covered_until, down),
            "act_by": lambda r: _dated(r.act_by, down),
        }
        return _slice(rows, query, sort, keys[sort])


def service_browser(
    session: Session, *, as_of: date, settings: Settings
) -> ServiceBrowser:
    """Continuity of every service as of a day, ready to page."""
    rows = [
        _service_row(s)
        for s in compute_continuity(session, as_of=as_of, settings=settings)
    ]
    return ServiceBrowser(as_of, tuple(sorted(rows, key=lambda r: r.ref)))


@dataclass(frozen=True)
class DeadlineListRow:
    key: str
    ref: str
    """The record to open: an explicit deadline, or what a derived one is about."""
    kind: str
    due: date
    days: int
    """Days from the as-of day to the due day (negative once past)."""
    title: str
    subject: str
    status: str
    owner: str | None
    actionable: bool
    moved_from: date | None


def deadline_status(deadline: Deadline, as_of: date) -> DeadlineStatus:
    """Open items past their day are overdue actions or events that have passed."""
    if deadline.state is DeadlineState.OPEN and deadline.due < as_of:
        return DeadlineStatus.OVERDUE if deadline.actionable else DeadlineStatus.PASSED
    return DeadlineStatus(deadline.state.value)


def deadline_row(d: Deadline, as_of: date) -> DeadlineListRow:
    explicit = d.kind == DeadlineKind.EXPLICIT
    return DeadlineListRow(
        key=d.key,
        ref=d.key.partition("@")[0] if explicit else d.subject,
        kind=str(d.kind),
        due=d.due,
        days=(d.due - as_of).days,
        title=d.title,
        subject=d.subject,
        status=deadline_status(d, as_of).value,
        owner=d.owner,
        actionable=d.actionable,
        moved_from=d.moved_from,
    )


DEADLINE_STATUS_ORDER = {
    DeadlineStatus.OVERDUE.value: 0,
    DeadlineStatus.OPEN.value: 1,
    DeadlineStatus.PASSED.value: 2,
    DeadlineStatus.ACKNOWLEDGED.value: 3,
    DeadlineStatus.DONE.value: 4,
}


@dataclass(frozen=True)
class DeadlineBrowser:
    """Deadlines that matter on one day (open ones whatever their date, the rest from
    that day on; recurring ones up to a year ahead), to page through."""

    as_of: date
    rows: tuple[DeadlineListRow, ...]

    def page(self, query: BrowseQuery) -> Page[DeadlineListRow]:
        """A page of deadlines; the search looks at title, subject, key and owner."""
        sort = _check("deadlines", query)
        words = _search_terms(query.search)
        rows = [
            r
            for r in self.rows
            if (query.status is None or r.status == query.status)
            and (not words or _found((r.title, r.subject, r.key, r.owner), words))
        ]
        keys: dict[str, Callable[[DeadlineListRow], Any]] = {
            "due": lambda r: r.due,
            "title": lambda r: r.title.casefold(),
            "subject": lambda r: r.subject,
            "state": lambda r: DEADLINE_STATUS_ORDER[r.status],
        }
        return _slice(rows, query, sort, keys[sort])


def deadline_browser(deadlines: Iterable[Deadline], *, as_of: date) -> DeadlineBrowser:
    """Deadlines computed by the engine, ready to page."""
    rows = sorted(
        (deadline_row(d, as_of) for d in deadlines), key=lambda r: (r.due, r.key)
    )
    return DeadlineBrowser(as_of, tuple(rows))


ListRow = (
    TenderListRow
    | ContractListRow
    | ServiceListRow
    | OrganisationListRow
    | FundingListRow
    | DeadlineListRow
)
"""A row of any list."""
