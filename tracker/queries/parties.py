"""Organisations and consortia, with the contracts they hold."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    func,
    literal,
    select,
    union_all,
)
from sqlmodel import Session

from tracker import models
from tracker.domain.contracts import contract_state
from tracker.domain.kinds import (
    OrganisationKind,
)
from tracker.domain.money import (
    share_from_hundredths,
)
from tracker.queries.contracts import (
    contract_rows,
    suppliers_for,
)
from tracker.queries.paging import (
    BrowseQuery,
    ListShape,
    Page,
    checked_sort,
    matching,
    search_terms,
    sorted_page,
)
from tracker.queries.records import (
    RecordContext,
    list_history_for,
    list_notes_for,
)
from tracker.queries.rows import (
    ChangeRow,
    MemberRow,
    NoteRow,
    OrganisationRow,
)
from tracker.queries.tables import (
    in_order,
    row_by_ref,
    table_of,
)

ORGANISATIONS = ListShape(
    "organisations",
    ("ref", "name", "kind", "partita_iva", "contracts"),
    tuple(k.value for k in OrganisationKind),
)


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


def _contracts_held(session: Session, ids: Sequence[int]) -> dict[int, int]:
    """Contracts held (alone or through a consortium) by some organisations: one
    pass over each table, no join without an index."""
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
    return contracts


def organisation_rows(session: Session, *, ids: Sequence[int]) -> list[OrganisationRow]:
    """The organisations ``ids``, in that order, with the consortia they belong to."""
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    cm = table_of(models.ConsortiumMember)
    rows = in_order(session.execute(select(org).where(org.c.id.in_(ids))), ids)
    memberships: dict[int, list[str]] = defaultdict(list)
    for organisation_id, consortium, role in session.execute(
        select(cm.c.organisation_id, con.c.ref, cm.c.role)
        .join(con, con.c.id == cm.c.consortium_id)
        .where(cm.c.organisation_id.in_(ids))
    ):
        memberships[organisation_id].append(f"{consortium} ({role})")
    return [
        OrganisationRow(
            ref=row.ref,
            name=row.name,
            kind=row.kind,
            legal_form=row.legal_form,
            partita_iva=row.partita_iva,
            codice_fiscale=row.codice_fiscale,
            address=row.address,
            consortia=tuple(sorted(memberships[row.id])),
            note=row.note,
            ausa=row.ausa,
        )
        for row in rows
    ]


def _organisation_page(
    session: Session, query: BrowseQuery
) -> tuple[list[int], Page[OrganisationRow]]:
    sort = checked_sort(ORGANISATIONS, query)
    org = table_of(models.Organisation)
    conditions: list[ColumnElement[bool]] = [
        matching(
            [
                org.c.ref,
                org.c.name,
                org.c.partita_iva,
                org.c.codice_fiscale,
                org.c.ausa,
            ],
            [word],
        )
        for word in search_terms(query.search)
    ]
    if query.status is not None:
        conditions.append(org.c.kind == query.status)
    page = select(org.c.id).where(*conditions)
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
    rows, total = sorted_page(
        session,
        page,
        key=keys[sort],
        ref=org.c.ref,
        whole=(org, conditions),
        browse=query,
    )
    ids = [row.id for row in rows]
    found = organisation_rows(session, ids=ids)
    return ids, Page(tuple(found), total, query.offset, sort)


def organisation_page(session: Session, query: BrowseQuery) -> Page[OrganisationRow]:
    """A page of organisations; the search looks at ref, name, partita IVA, codice
    fiscale and AUSA code; the filter is the organisation's kind."""
    return _organisation_page(session, query)[1]


def browse_organisations(
    session: Session, query: BrowseQuery
) -> Page[OrganisationListRow]:
    """A page of the list of organisations (see ``organisation_page``), with the
    contracts each holds."""
    ids, page = _organisation_page(session, query)
    contracts = _contracts_held(session, ids)
    rows = tuple(
        OrganisationListRow(
            ref=row.ref,
            name=row.name,
            kind=row.kind,
            legal_form=row.legal_form,
            partita_iva=row.partita_iva,
            codice_fiscale=row.codice_fiscale,
            contracts=contracts.get(organisation_id, 0),
            consortia=len(row.consortia),
        )
        for organisation_id, row in zip(ids, page.rows, strict=True)
    )
    return Page(rows, page.total, page.offset, page.sort)


@dataclass(frozen=True)
class PartyContractRow:
    """A contract held by an organisation, alone or through a consortium."""

    ref: str
    title: str
    role: str | None
    """The member's role when held through a consortium (None when held alone)."""
    via: str | None
    """The consortium holding it, if any."""
    start: date | None
    """None: not stated (so is ``covered_until``)."""
    start_precision: str
    covered_until: date | None
    gross: Decimal | None
    state: str
    net: Decimal | None = None
    """Given when the gross is not known (a net stated without its VAT rate)."""


@dataclass(frozen=True)
class MembershipRow:
    consortium: str
    name: str
    kind: str
    role: str
    share: Decimal | None


@dataclass(frozen=True)
class OrganisationView:
    organisation: OrganisationRow
    memberships: tuple[MembershipRow, ...]
    contracts: tuple[PartyContractRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def _party_contracts(
    session: Session,
    held: dict[str, tuple[str | None, str | None]],
    as_of: date,
) -> tuple[PartyContractRow, ...]:
    """``held`` maps contract refs to (role, consortium)."""
    rows = [
        PartyContractRow(
            ref=x.ref,
            title=x.title,
            role=held[x.ref][0],
            via=held[x.ref][1],
            start=x.start,
            start_precision=x.start_precision,
            covered_until=x.covered_until,
            gross=None
            if x.total_base_and_exercised is None
            else x.total_base_and_exercised.gross,
            net=None
            if x.total_base_and_exercised is None
            else x.total_base_and_exercised.net,
            state=contract_state(x.start, x.covered_until, as_of).value,
        )
        for x in contract_rows(session, refs=list(held))
    ]
    # newest first; a contract with no stated start by its end, with neither first
    rows.sort(
        key=lambda r: (r.start or r.covered_until or date.max, r.ref), reverse=True
    )
    return tuple(rows)


def organisation_view(
    session: Session, ref: str, context: RecordContext
) -> OrganisationView:
    """The organisation ``ref`` with its consortia and contracts."""
    org, con = table_of(models.Organisation), table_of(models.Consortium)
    cm, c = table_of(models.ConsortiumMember), table_of(models.Contract)
    row = row_by_ref(session, org, ref, "organisation")
    memberships = [
        MembershipRow(
            consortium=m.ref,
            name=m.name,
            kind=m.kind,
            role=m.role,
            share=share_from_hundredths(m.share_hundredths),
        )
        for m in session.execute(
            select(
                con.c.id,
                con.c.ref,
                con.c.name,
                con.c.kind,
                cm.c.role,
                cm.c.share_hundredths,
            )
            .join(cm, cm.c.consortium_id == con.c.id)
            .where(cm.c.organisation_id == row.id)
            .order_by(con.c.ref)
        )
    ]
    held: dict[str, tuple[str | None, str | None]] = dict.fromkeys(
        session.execute(
            select(c.c.ref).where(c.c.supplier_organisation_id == row.id)
        ).scalars(),
        (None, None),
    )
    for contract_ref, consortium_ref, role in session.execute(
        select(c.c.ref, con.c.ref, cm.c.role)
        .join(con, con.c.id == c.c.supplier_consortium_id)
        .join(cm, cm.c.consortium_id == con.c.id)
        .where(cm.c.organisation_id == row.id)
    ):
        held[contract_ref] = (role, consortium_ref)
    [organisation] = organisation_rows(session, ids=[row.id])
    return OrganisationView(
        organisation=organisation,
        memberships=tuple(memberships),
        contracts=_party_contracts(session, held, context.as_of),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )


@dataclass(frozen=True)
class ConsortiumView:
    ref: str
    name: str
    kind: str
    note: str | None
    members: tuple[MemberRow, ...]
    shares_total: Decimal | None
    """The sum of the members' shares when every share is stated."""
    contracts: tuple[PartyContractRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


def consortium_view(
    session: Session, ref: str, context: RecordContext
) -> ConsortiumView:
    """The consortium ``ref`` with its members and contracts."""
    con, c = table_of(models.Consortium), table_of(models.Contract)
    row = row_by_ref(session, con, ref, "consortium")
    _, by_consortium = suppliers_for(session, set(), {row.id})
    members = by_consortium[row.id].members
    shares = [m.share for m in members]
    held: dict[str, tuple[str | None, str | None]] = dict.fromkeys(
        session.execute(
            select(c.c.ref).where(c.c.supplier_consortium_id == row.id)
        ).scalars(),
        (None, None),
    )
    return ConsortiumView(
        ref=row.ref,
        name=row.name,
        kind=row.kind,
        note=row.note,
        members=members,
        shares_total=None
        if not shares or None in shares
        else sum((s for s in shares if s is not None), Decimal(0)),
        contracts=_party_contracts(session, held, context.as_of),
        notes=tuple(list_notes_for(session, [ref])),
        history=tuple(list_history_for(session, [ref])),
    )
