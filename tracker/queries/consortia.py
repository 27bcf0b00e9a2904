"""The list of consortia (ATI/RTI, consorzi): each with its lead, its members and
their shares."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

from tracker import models
from tracker.domain.consortium import ConsortiumKind, MemberRole
from tracker.queries.contracts import suppliers_for
from tracker.queries.paging import (
    BrowseQuery,
    ListShape,
    Page,
    checked_sort,
    matching,
    search_terms,
    sorted_page,
)
from tracker.queries.rows import MemberRow
from tracker.queries.tables import table_of

CONSORTIA = ListShape(
    "consortia",
    ("ref", "name", "kind", "members", "contracts"),
    tuple(k.value for k in ConsortiumKind),
)


@dataclass(frozen=True)
class ConsortiumListRow:
    ref: str
    name: str
    kind: str
    members: tuple[MemberRow, ...]
    """In the order the consortium lists them."""
    contracts: int
    note: str | None = None

    @property
    def leads(self) -> tuple[MemberRow, ...]:
        """The members stated as mandataria or capogruppo (none, one, or, as some
        sources publish, two)."""
        return tuple(m for m in self.members if MemberRole(m.role).leads)

    @property
    def shares(self) -> tuple[Decimal | None, ...]:
        return tuple(m.share for m in self.members)


def _count(column: Any) -> Any:
    """(id, rows naming it in ``column``) as a subquery to sort by."""
    return (
        select(column.label("cid"), func.count().label("n"))
        .where(column.is_not(None))
        .group_by(column)
        .subquery()
    )


def browse_consortia(session: Session, query: BrowseQuery) -> Page[ConsortiumListRow]:
    """A page of consortia; the search looks at the consortium's ref and name and
    at its members' refs, names and partite IVA; the filter is its kind."""
    sort = checked_sort(CONSORTIA, query)
    con, org = table_of(models.Consortium), table_of(models.Organisation)
    cm, c = table_of(models.ConsortiumMember), table_of(models.Contract)
    conditions: list[ColumnElement[bool]] = [
        matching([con.c.ref, con.c.name], [word])
        | con.c.id.in_(
            select(cm.c.consortium_id)
            .join(org, org.c.id == cm.c.organisation_id)
            .where(matching([org.c.ref, org.c.name, org.c.partita_iva], [word]))
        )
        for word in search_terms(query.search)
    ]
    if query.status is not None:
        conditions.append(con.c.kind == query.status)
    page = select(con.c.id).where(*conditions)
    keys: dict[str, Any] = {"ref": con.c.ref, "name": con.c.name, "kind": con.c.kind}
    if sort == "members":
        members = _count(cm.c.consortium_id)
        page = page.outerjoin(members, members.c.cid == con.c.id)
        keys["members"] = func.coalesce(members.c.n, 0)
    if sort == "contracts":
        held = _count(c.c.supplier_consortium_id)
        page = page.outerjoin(held, held.c.cid == con.c.id)
        keys["contracts"] = func.coalesce(held.c.n, 0)
    found, total = sorted_page(
        session,
        page,
        key=keys[sort],
        ref=con.c.ref,
        whole=(con, conditions),
        browse=query,
    )
    ids = [row.id for row in found]
    _, by_consortium = suppliers_for(session, set(), set(ids))
    contracts = {
        int(cid): int(n)
        for cid, n in session.execute(
            select(c.c.supplier_consortium_id, func.count())
            .where(c.c.supplier_consortium_id.in_(ids))
            .group_by(c.c.supplier_consortium_id)
        )
    }
    notes = {
        int(i): note
        for i, note in session.execute(
            select(con.c.id, con.c.note).where(con.c.id.in_(ids))
        )
    }
    rows = tuple(
        ConsortiumListRow(
            ref=by_consortium[i].ref,
            name=by_consortium[i].name,
            kind=by_consortium[i].kind,
            members=by_consortium[i].members,
            contracts=contracts.get(i, 0),
            note=notes.get(i),
        )
        for i in ids
    )
    return Page(rows, total, query.offset, sort)
