"""Do the kept facts equal a build from scratch?

The kept rows and a fresh build are compared as normalised rows (family, scope,
record, key, days, canonical payload): a fact missing, one that should not be
there, or one whose days or payload differ, each with the record it is about.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from tracker.domain.kept import FamilyName, ScopeKind
from tracker.kept.store import (
    FACT,
    build,
    canonical,
    fact_row,
    facts_current,
    replace_facts,
)

TABLES = {
    ScopeKind.SERVICE: "service",
    ScopeKind.CONTRACT: "contract",
    ScopeKind.TENDER: "tender",
    ScopeKind.ALLOCATION: "funding_allocation",
    ScopeKind.SOURCE: "funding_source",
    ScopeKind.PROGRAMME: "programme",
    ScopeKind.DEADLINE: "deadline",
    ScopeKind.ORGANISATION: "organisation",
    ScopeKind.CONSORTIUM: "consortium",
}
"""The table of each scope kind's records."""

Identity = tuple[str, str, int, str]
"""A fact's family, scope kind, record id and key."""


@dataclass(frozen=True)
class Difference:
    """One fact that disagrees with a fresh build."""

    family: FamilyName
    scope: ScopeKind
    scope_id: int
    key: str
    state: str
    """``missing`` (the build has it, the table does not), ``extra`` (the other
    way round) or ``different`` (days or payload)."""
    ref: str | None = None
    """The record's reference (None for a record that no longer exists)."""


@dataclass(frozen=True)
class Comparison:
    built: bool
    """Whether the facts were built whole in this appalti's format."""
    kept: int
    """How many facts the table holds."""
    differences: list[Difference]


def kept_rows(session: Session) -> list[dict[str, Any]]:
    found = session.connection().execute(select(FACT).order_by(FACT.c.id)).all()
    return [dict(row._mapping) for row in found]


def fresh_rows(session: Session) -> list[dict[str, Any]]:
    return [fact_row(fact) for fact in build(session, None)]


def compare(session: Session) -> Comparison:
    """The kept facts against a build from scratch (nothing is written)."""
    kept_list = kept_rows(session)
    kept: dict[Identity, tuple[Any, ...]] = {}
    duplicates: list[Identity] = []
    for row in kept_list:
        identity = (row["family"], row["scope"], int(row["scope_id"]), row["key"])
        if identity in kept:
            duplicates.append(identity)
        kept[identity] = (row["day_from"], row["day_until"], row["payload"])
    # a fresh payload is canonical as encoded; a kept one is decoded and encoded
    # again only when its text differs (written by another backend or appalti)
    fresh = {
        (str(f.family), str(f.scope), f.scope_id, f.key): (
            f.day_from,
            f.day_until,
            canonical(f.payload),
        )
        for f in build(session, None)
    }
    found: list[tuple[Identity, str]] = [(i, "extra") for i in duplicates]
    found += [(i, "missing") for i in fresh.keys() - kept.keys()]
    found += [(i, "extra") for i in kept.keys() - fresh.keys()]
    found += [
        (i, "different")
        for i in fresh.keys() & kept.keys()
        if fresh[i] != kept[i] and fresh[i] != _recoded(kept[i])
    ]
    found.sort()
    refs = _refs(session, (identity for identity, _state in found))
    differences = [
        Difference(
            family=FamilyName(family),
            scope=ScopeKind(scope),
            scope_id=scope_id,
            key=key,
            state=state,
            ref=refs.get((scope, scope_id)),
        )
        for (family, scope, scope_id, key), state in found
    ]
    return Comparison(facts_current(session), len(kept_list), differences)


def _recoded(content: tuple[Any, ...]) -> tuple[Any, ...]:
    day_from, day_until, payload = content
    try:
        return day_from, day_until, canonical(json.loads(payload))
    except ValueError:
        # a damaged payload, no JSON at all: a difference like any other
        return content


def _refs(
    session: Session, identities: Iterable[Identity]
) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = {}
    for _family, scope, scope_id, _key in identities:
        wanted.setdefault(scope, set()).add(scope_id)
    refs: dict[tuple[str, int], str] = {}
    for scope, ids in wanted.items():
        table: Any = SQLModel.metadata.tables[TABLES[ScopeKind(scope)]]
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):
            rows = session.connection().execute(
                select(table.c.id, table.c.ref).where(
                    table.c.id.in_(ordered[start : start + 500])
                )
            )
            refs.update({(scope, int(i)): str(ref) for i, ref in rows})
    return refs


def repair(session: Session) -> int:
    """Build every fact again in the session's transaction; how many there are."""
    return replace_facts(session, None)
