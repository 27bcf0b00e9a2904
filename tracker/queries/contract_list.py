"""The list of contracts: its paging in SQL, and the rows it shows (the app's list
and ``list contracts``), a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    bindparam,
    case,
    func,
    or_,
    select,
    type_coerce,
)
from sqlmodel import Session

from tracker import models
from tracker.domain.consortium import LEAD_ROLES
from tracker.domain.contracts import (
    STATE_ORDER,
    ContractState,
    contract_state,
    covered_until,
)
from tracker.domain.kinds import OptionState
from tracker.domain.money import Basis, from_cents
from tracker.queries.contracts import EXERCISED, contract_rows
from tracker.queries.paging import (
    BrowseQuery,
    ListShape,
    Page,
    checked_sort,
    gross_cents,
    gross_hundredths,
    matching,
    net_without_rate,
    search_terms,
    sorted_page,
)
from tracker.queries.rows import (
    ContractRow,
)
from tracker.queries.tables import in_order, table_of

CONTRACTS = ListShape(
    "contracts",
    ("ref", "title", "supplier", "cig", "start", "covered_until", "gross", "state"),
    tuple(s.value for s in ContractState if s is not ContractState.UNCERTAIN),
    # most offices record both ends of every contract: the filter cycle keeps to
    # the three states they meet; sorting by state groups the uncertain ones
    (ContractState.UNCERTAIN.value,),
)


def _exercised_ends() -> Any:
    """(contract id, last end of its exercised options), as a subquery."""
    o = table_of(models.ContractOption)
    return (
        select(o.c.contract_id, func.max(o.c.end).label("end"))
        .where(o.c.state == OptionState.EXERCISED.value)
        .group_by(o.c.contract_id)
        .subquery()
    )


# Paging by coverage or state must happen in SQL, so the two domain rules of
# tracker.domain.contracts (covered_until, contract_state) have this one SQL copy;
# tests/core/test_domain_contracts.py runs it against the domain's cases.
def covered_until_sql(end: Any, exercised_end: Any) -> ColumnElement[date]:
    """``covered_until`` in SQL: ``exercised_end`` is the last end of the contract's
    exercised options (NULL when none), as ``_exercised_ends`` reads it."""
    return type_coerce(
        case(
            (end.is_(None), exercised_end),
            (exercised_end.is_not(None) & (exercised_end > end), exercised_end),
            else_=end,
        ),
        Date,
    )


def contract_state_sql(start: Any, covered: Any, as_of: date) -> ColumnElement[str]:
    """``contract_state`` in SQL, as the state's stored value (a comparison with
    an unknown day is NULL, so it falls through as in the domain)."""
    return case(
        (start > as_of, ContractState.UPCOMING.value),
        (covered < as_of, ContractState.ENDED.value),
        (start.is_(None) | covered.is_(None), ContractState.UNCERTAIN.value),
        else_=ContractState.RUNNING.value,
    )


def _search(word: str) -> ColumnElement[bool]:
    c, o = table_of(models.Contract), table_of(models.ContractOption)
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    cm, member = table_of(models.ConsortiumMember), org.alias("member")
    return or_(
        matching(
            [c.c.ref, c.c.title, c.c.cig, org.c.name, org.c.partita_iva, con.c.name],
            [word],
        ),
        # Uncorrelated IN (subquery): read once, not once per contract.
        c.c.supplier_consortium_id.in_(
            select(cm.c.consortium_id)
            .join(member, member.c.id == cm.c.organisation_id)
            .where(matching([member.c.name, member.c.partita_iva], [word]))
        ),
        c.c.id.in_(
            select(o.c.contract_id).where(o.c.cig.icontains(word, autoescape=True))
        ),
    )


def _gross_key(page: Any) -> tuple[Any, Any]:
    """The page joined to its exercised options' gross, and the gross to sort by."""
    c, o = table_of(models.Contract), table_of(models.ContractOption)
    option_gross = (
        select(
            o.c.contract_id,
            func.sum(
                gross_hundredths(
                    o.c.amount_cents, o.c.amount_basis, o.c.amount_vat_rate
                )
            ).label("gross"),
        )
        .where(o.c.state == OptionState.EXERCISED.value)
        .group_by(o.c.contract_id)
        .subquery()
    )
    key = gross_hundredths(
        c.c.amount_cents, c.c.amount_basis, c.c.amount_vat_rate
    ) + func.coalesce(option_gross.c.gross, 0)
    return page.outerjoin(option_gross, option_gross.c.contract_id == c.c.id), key


def _page_ids(session: Session, query: BrowseQuery) -> tuple[list[int], int, str]:
    """The ids of a page of contracts in the list's order, the number of contracts
    the whole list holds, and the sort. The search looks at ref, title, CIG (options'
    too) and the supplier: its name and partita IVA, a consortium's name and its
    members'; the filter is the state on the as-of day (upcoming, running, ended).

    Tables are joined only when the search, filter or sort needs them: stepping
    over an offset costs one index entry per contract rather than one join."""
    sort = checked_sort(CONTRACTS, query)
    c = table_of(models.Contract)
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    frm: Any = c
    words = search_terms(query.search)
    if words or sort == "supplier":
        frm = frm.outerjoin(org, org.c.id == c.c.supplier_organisation_id).outerjoin(
            con, con.c.id == c.c.supplier_consortium_id
        )
    conditions = [_search(word) for word in words]
    keys: dict[str, Any] = {
        "ref": c.c.ref,
        "title": c.c.title,
        "supplier": func.coalesce(org.c.name, con.c.name),
        "cig": c.c.cig,
        "start": c.c.start,
    }
    # Coverage and state need the exercised options: joined only when asked for.
    if query.status is not None or sort in ("covered_until", "state"):
        exercised = _exercised_ends()
        covered = covered_until_sql(c.c.end, exercised.c.end)
        state = contract_state_sql(c.c.start, covered, query.as_of)
        frm = frm.outerjoin(exercised, exercised.c.contract_id == c.c.id)
        keys["covered_until"] = covered
        keys["state"] = case(STATE_ORDER, value=state)
        if query.status is not None:
            conditions.append(state == query.status)
    page = select(c.c.id).select_from(frm).where(*conditions)
    if sort == "gross":
        page, keys["gross"] = _gross_key(page)
    rows, total = sorted_page(
        session,
        page,
        key=keys[sort],
        ref=c.c.ref,
        whole=(frm, conditions),
        browse=query,
    )
    return [row.id for row in rows], total, sort


def contract_page(session: Session, query: BrowseQuery) -> Page[ContractRow]:
    """A page of contracts with everything each shows (see ``_page_ids``)."""
    ids, total, sort = _page_ids(session, query)
    return Page(tuple(contract_rows(session, ids=ids)), total, query.offset, sort)


@dataclass(frozen=True)
class ContractListRow:
    ref: str
    title: str
    supplier: str | None
    supplier_ref: str | None
    cig: str | None
    start: date | None
    """None: not stated (so is ``end``)."""
    start_precision: str
    end: date | None
    end_precision: str
    covered_until: date | None
    covered_until_precision: str
    gross: Decimal | None
    """Base plus exercised options, VAT included; None when the base is not stated
    or a part is stated net without its VAT rate."""
    gross_is_floor: bool
    """An exercised option's amount is not stated: the gross is at least this."""
    state: str
    consortium_kind: str | None = None
    """The kind of the consortium holding the contract (None for one organisation)."""
    lead: str | None = None
    """The consortium's mandataria (its first member if none is named)."""
    members: int = 0
    """How many members the consortium has."""
    net: Decimal | None = None
    """Base plus exercised options, net of VAT, given when the gross is not known
    and every part states its net (ANAC's nets without a rate)."""


class _Exercised(NamedTuple):
    """What coverage reads of a contract's exercised options: their last end."""

    end: date | None
    state: str = OptionState.EXERCISED.value


def _list_columns() -> tuple[Any, ...]:
    """Besides the contract's own columns, each read by index lookups per contract:
    the supplier, its exercised options' last end, gross and unstated amounts, and a
    consortium's lead (its mandataria or capogruppo, else its first member) and
    size."""
    c, o = table_of(models.Contract), table_of(models.ContractOption)
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    cm, member = table_of(models.ConsortiumMember), org.alias("member")
    exercised = (o.c.contract_id == c.c.id, o.c.state.in_(EXERCISED))
    lead = (
        select(member.c.name)
        .join(cm, cm.c.organisation_id == member.c.id)
        .where(cm.c.consortium_id == con.c.id)
        .order_by(
            case((cm.c.role.in_([r.value for r in LEAD_ROLES]), 0), else_=1),
            cm.c.position,
        )
        .limit(1)
    )
    return (
        *(c.c[name] for name in _LIST_COLUMNS),
        func.coalesce(org.c.name, con.c.name),
        func.coalesce(org.c.ref, con.c.ref),
        con.c.kind,
        gross_cents(c.c.amount_cents, c.c.amount_basis, c.c.amount_vat_rate),
        select(func.max(o.c.end)).where(*exercised).scalar_subquery(),
        select(
            func.sum(
                gross_cents(o.c.amount_cents, o.c.amount_basis, o.c.amount_vat_rate)
            )
        )
        .where(*exercised)
        .scalar_subquery(),
        select(func.count())
        .where(*exercised, o.c.amount_cents.is_(None))
        .scalar_subquery(),
        select(func.count())
        .where(*exercised, net_without_rate(o.c.amount_basis, o.c.amount_vat_rate))
        .scalar_subquery(),
        select(func.sum(o.c.amount_cents))
        .where(*exercised, o.c.amount_basis == Basis.NET.value)
        .scalar_subquery(),
        select(func.count())
        .where(*exercised, o.c.amount_basis == Basis.GROSS.value)
        .scalar_subquery(),
        lead.scalar_subquery(),
        select(func.count()).where(cm.c.consortium_id == con.c.id).scalar_subquery(),
    )


@cache
def _list_query() -> Select[Any]:
    """Built once: a list of 50,000 contracts runs it a hundred times."""
    c = table_of(models.Contract)
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    return (
        select(*_list_columns())
        .select_from(c)
        .outerjoin(org, org.c.id == c.c.supplier_organisation_id)
        .outerjoin(con, con.c.id == c.c.supplier_consortium_id)
        .where(c.c.id.in_(bindparam("ids", expanding=True)))
    )


def contract_list_rows(
    session: Session, ids: Sequence[int], as_of: date
) -> list[ContractListRow]:
    """The contracts ``ids``, in that order, as the list of contracts shows them on
    a day: the base, the exercised options' sums and the supplier's name only, in
    one query (a list of 50,000 contracts is written a page at a time from these)."""
    rows = in_order(session.execute(_list_query(), {"ids": list(ids)}).all(), ids)
    return [_list_row(row, as_of) for row in rows]


_LIST_COLUMNS = (
    "id",
    "ref",
    "title",
    "cig",
    "start",
    "start_precision",
    "end",
    "end_precision",
    "amount_cents",
    "amount_basis",
)


def _list_row(row: Any, as_of: date) -> ContractListRow:
    # Unpacked once: a list of 50,000 contracts reads each column by name otherwise.
    (
        _,
        ref,
        title,
        cig,
        start,
        start_precision,
        end,
        end_precision,
        cents,
        basis,
        supplier,
        supplier_ref,
        consortium_kind,
        base_gross,
        options_end,
        options_gross,
        unstated,
        options_net_only,
        options_net,
        options_stated_gross,
        lead,
        members,
    ) = row
    covered = covered_until(end, (_Exercised(options_end),))
    return ContractListRow(
        ref=ref,
        title=title,
        supplier=supplier,
        supplier_ref=supplier_ref,
        cig=cig,
        start=start,
        start_precision=start_precision,
        end=end,
        end_precision=end_precision,
        covered_until=covered,
        covered_until_precision=end_precision if covered == end else "day",
        gross=(
            None
            if base_gross is None or options_net_only
            else from_cents(base_gross + (options_gross or 0))
        ),
        net=(
            from_cents(cents + (options_net or 0))
            if cents is not None
            and (base_gross is None or options_net_only)
            and basis == Basis.NET.value
            and not options_stated_gross
            else None
        ),
        gross_is_floor=unstated > 0,
        state=contract_state(start, covered, as_of).value,
        consortium_kind=consortium_kind,
        lead=lead,
        members=members if lead is not None else 0,
    )


def browse_contracts(session: Session, query: BrowseQuery) -> Page[ContractListRow]:
    """A page of the list of contracts (see ``_page_ids``)."""
    ids, total, sort = _page_ids(session, query)
    rows = contract_list_rows(session, ids, query.as_of)
    return Page(tuple(rows), total, query.offset, sort)
