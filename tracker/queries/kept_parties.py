"""The kept facts of the parties' and the money findings, built from the records
and read for a day.

An organisation keeps a partita IVA that does not check out; a consortium keeps
its lead and shares findings, with its members' names (an organisation's rename
rebuilds its consortia's facts). A contract keeps its renewals not pro rata and
a quinto beyond a fifth, a tender a value at or above its procedure's threshold.
What a fact holds is in ``tracker.domain.parties`` and ``tracker.domain.rules``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from tracker import models
from tracker.domain.alerts import Finding
from tracker.domain.consortium import ConsortiumKind, MemberRole, MemberShare
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.money import share_from_hundredths
from tracker.domain.parties import (
    Grouping,
    Party,
    consortium_facts,
    organisation_facts,
    parties_of,
    parties_on,
)
from tracker.domain.rules import (
    LIMITED_PROCEDURES,
    contract_money_facts,
    money_of,
    money_on,
    tender_money_facts,
)
from tracker.queries.facts import contract_facts, id_chunks, tender_facts
from tracker.queries.kept_findings import payloads_on
from tracker.queries.tables import table_of

ORGANISATION: Any = table_of(models.Organisation)
CONSORTIUM: Any = table_of(models.Consortium)
MEMBER: Any = table_of(models.ConsortiumMember)
TENDER: Any = table_of(models.Tender)


def build_parties(
    session: Session, scope: ScopeKind, ids: Collection[int] | None
) -> list[Fact]:
    """The parties' facts of the records of ``scope`` with ``ids`` (all with None)."""
    match scope:
        case ScopeKind.ORGANISATION:
            return [
                fact
                for row_id, party in read_parties(session, ids)
                for fact in organisation_facts(party, row_id)
            ]
        case ScopeKind.CONSORTIUM:
            return [
                fact
                for row_id, grouping in read_groupings(session, ids)
                for fact in consortium_facts(grouping, row_id)
            ]
    return []


def read_parties(
    session: Session, ids: Collection[int] | None = None
) -> list[tuple[int, Party]]:
    """The organisations that state a partita IVA (only those can be found
    wrong), with their ids."""
    o = ORGANISATION
    query = select(o.c.id, o.c.ref, o.c.name, o.c.partita_iva).where(
        o.c.partita_iva.is_not(None)
    )
    parties = []
    for chunk in id_chunks(ids):
        part = query if chunk is None else query.where(o.c.id.in_(chunk))
        for row in session.connection().execute(part).all():
            parties.append((row.id, Party(row.ref, row.name, row.partita_iva)))
    return parties


def read_groupings(
    session: Session, ids: Collection[int] | None = None
) -> list[tuple[int, Grouping]]:
    """Consortia with their members in their order (by the members' names)."""
    c, m, o = CONSORTIUM, MEMBER, ORGANISATION
    groupings = []
    for chunk in id_chunks(ids):
        members: dict[int, list[MemberShare]] = defaultdict(list)
        query = (
            select(m.c.consortium_id, o.c.name, m.c.role, m.c.share_hundredths)
            .join(o, o.c.id == m.c.organisation_id)
            .order_by(m.c.consortium_id, m.c.position)
        )
        consortia = select(c.c.id, c.c.ref, c.c.name, c.c.kind)
        if chunk is not None:
            query = query.where(m.c.consortium_id.in_(chunk))
            consortia = consortia.where(c.c.id.in_(chunk))
        connection = session.connection()
        for consortium_id, name, role, share in connection.execute(query).all():
            members[consortium_id].append(
                MemberShare(name, _ROLES[role], share_from_hundredths(share))
            )
        for consortium_id, ref, name, kind in connection.execute(consortia).all():
            grouping = Grouping(
                ref, name, tuple(members.get(consortium_id, ())), _KINDS[kind]
            )
            groupings.append((consortium_id, grouping))
    return groupings


# a dictionary finds a member faster than the enumeration's call, row after row
_ROLES = {role.value: role for role in MemberRole}
_KINDS = {kind.value: kind for kind in ConsortiumKind}


def build_money(
    session: Session, scope: ScopeKind, ids: Collection[int] | None
) -> list[Fact]:
    """The money facts of the contracts or tenders with ``ids`` (all with None)."""
    match scope:
        case ScopeKind.CONTRACT:
            return [
                fact
                for c in contract_facts(session, ids)
                for fact in contract_money_facts(c, _id(c.id))
            ]
        case ScopeKind.TENDER:
            return [
                fact
                for t in tender_facts(session, _capped(session, ids))
                for fact in tender_money_facts(t, _id(t.id))
            ]
    return []


def _capped(session: Session, ids: Collection[int] | None) -> list[int]:
    """Of the tenders with ``ids`` (all with None), those whose procedure is
    capped by a threshold and that state an estimate: only they can reach it."""
    t = TENDER
    query = select(t.c.id).where(
        t.c.procedure_type.in_(sorted(LIMITED_PROCEDURES)),
        t.c.estimate_cents.is_not(None),
    )
    found: list[int] = []
    for chunk in id_chunks(ids):
        part = query if chunk is None else query.where(t.c.id.in_(chunk))
        found += session.execute(part).scalars()
    return found


def _id(row_id: int | None) -> int:
    if row_id is None:
        raise ValueError("a record read from the database has an id")
    return row_id


def kept_party_findings(
    session: Session, *, facts: Iterable[Fact] | None = None
) -> list[Finding]:
    """What ``party_findings`` finds, from the kept facts (none depends on the
    day): one indexed query."""
    if facts is None:
        return parties_of(payloads_on(session, FamilyName.PARTIES, None))
    return parties_on(facts)


def kept_money_findings(
    session: Session, *, as_of: date, facts: Iterable[Fact] | None = None
) -> list[Finding]:
    """What ``money_findings`` finds on ``as_of``, from the kept facts: one
    indexed query."""
    if facts is None:
        return money_of(payloads_on(session, FamilyName.MONEY, as_of), as_of)
    return money_on(facts, as_of)
