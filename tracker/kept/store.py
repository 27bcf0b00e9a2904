"""Reading and replacing the kept facts (tables ``kept_fact`` and ``kept_state``).

Every write goes through ``replace_facts``: the facts of the scopes named are
deleted and built again with every family's builder, in the caller's transaction,
so the facts never disagree with the records a transaction leaves behind.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select
from sqlmodel import Session

from tracker import models
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.kept.bulk import insert_rows
from tracker.queries.facts import shared_reads
from tracker.queries.kept import FAMILIES
from tracker.queries.kept_findings import payloads_of

FORMAT = 2
"""Moves when the way facts are built or stored changes: facts of another format
are built again. A family that changes its payloads bumps its own ``format``
attribute (see ``format_tag``). 2: written in ``fact_order``."""

Scopes = Mapping[ScopeKind, Collection[int]]
"""Some records of each scope kind, by id."""

CHUNK = 500
"""Ids per ``IN (...)``: well under every backend's limit of bound values."""

FACT: Any = models.KeptFact.__table__  # type: ignore[attr-defined]
STATE: Any = models.KeptState.__table__  # type: ignore[attr-defined]


def format_tag() -> str:
    """The format of the facts this appalti builds: the store's and each
    family's, so that a database built before a family existed is built again."""
    families = ",".join(
        f"{name}:{getattr(FAMILIES[name], 'format', 1)}" for name in sorted(FAMILIES)
    )
    return f"{FORMAT}/{families}"


def build(session: Session, scopes: Scopes | None = None) -> list[Fact]:
    """The facts of ``scopes`` worked out from the records now (every record's
    with None), by every family, in a stable order."""
    facts: list[Fact] = []
    if scopes is None:
        # the families share each whole read of a table (every contract is
        # read once, not once per family)
        with shared_reads(session), collector_paused():
            for builder in FAMILIES.values():
                for kind in ScopeKind:
                    facts.extend(builder(session, kind, None))
    else:
        for builder in FAMILIES.values():
            for kind in ScopeKind:
                ids = scopes.get(kind)
                if ids:
                    facts.extend(builder(session, kind, sorted(ids)))
    facts.sort(key=fact_order)
    return facts


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off meanwhile. A whole build makes about a
    million small objects and frees them only at its end: the collector would
    walk every object alive again and again (after a load, every record the
    session holds too), for nothing, since the build makes no cycles to free."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def fact_order(fact: Fact) -> tuple[Any, ...]:
    """A fact's place among the facts built, and so in the table a whole build
    writes: by family, then first day (the facts without one first), then scope
    kind, record and key (a fact's identity, so the order is total).

    A day's reading takes a range of days within a family: written in that
    order, the facts it reads lie side by side in the file instead of one to a
    page among the others (at 50,000 contracts the alerts of a day read 6,500
    pages rather than 10,000; the continuity of every service, read along the
    index by first day, 2,900 rather than 15,900)."""
    return (
        fact.family,
        fact.day_from is not None,
        fact.day_from or date.min,
        fact.scope,
        fact.scope_id,
        fact.key,
    )


def replace_facts(session: Session, scopes: Scopes | None = None) -> int:
    """Build the facts of ``scopes`` again (all, with None) in the session's
    transaction; how many facts they have now. A full build also records the
    format, so the database counts as built."""
    with collector_paused():
        return _replace(session, scopes)


def _replace(session: Session, scopes: Scopes | None) -> int:
    fresh = build(session, scopes)
    connection = session.connection()
    indexes = sorted(FACT.indexes, key=lambda index: str(index.name))
    if scopes is None:
        # A whole table is written faster with its indexes made after it, and
        # emptied faster without them.
        for index in indexes:
            index.drop(connection)
        connection.execute(delete(FACT))
    else:
        for kind, ids in scopes.items():
            for part in _chunks(sorted(ids)):
                connection.execute(
                    delete(FACT).where(
                        FACT.c.scope == str(kind), FACT.c.scope_id.in_(part)
                    )
                )
    insert_rows(connection, FACT, COLUMNS, map(fact_values, fresh))
    if scopes is None:
        for index in indexes:
            index.create(connection)
        connection.execute(delete(STATE))
        connection.execute(
            insert(STATE), [{"format": format_tag(), "built": datetime.now(UTC)}]
        )
    return len(fresh)


def facts_current(session: Session) -> bool:
    """Whether the kept facts were built whole in this appalti's format."""
    found = session.connection().execute(select(STATE.c.format)).scalars().all()
    return found == [format_tag()]


COLUMNS = ("family", "scope", "scope_id", "key", "day_from", "day_until", "payload")
"""The columns of a fact's row, in the order of ``fact_values``."""


def fact_values(fact: Fact) -> tuple[Any, ...]:
    """A fact as the values of the row that keeps it, in the order of
    ``COLUMNS`` (the payload as canonical JSON)."""
    return (
        str(fact.family),
        str(fact.scope),
        fact.scope_id,
        fact.key,
        fact.day_from,
        fact.day_until,
        canonical(fact.payload),
    )


def fact_row(fact: Fact) -> dict[str, Any]:
    """A fact as the row that keeps it, by column."""
    return dict(zip(COLUMNS, fact_values(fact), strict=True))


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _canonical_encoder() -> Callable[[Any], str]:
    """The C encoder ``_ENCODER.encode`` makes for each payload, made once: a
    whole build encodes two hundred thousand payloads, and making it again for
    each was a third of their encoding. Payloads are trees of plain data, never
    circular, so no circular check is made (the text is the same)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _ENCODER.encode
    encode = make(
        None,
        _ENCODER.default,
        json.encoder.encode_basestring,
        None,
        _ENCODER.key_separator,
        _ENCODER.item_separator,
        True,
        False,
        True,
    )
    join = "".join

    def canonical(payload: Any) -> str:
        if type(payload) is not dict:
            return _ENCODER.encode(payload)
        return join(encode(payload, 0))

    return canonical


canonical = _canonical_encoder()
"""A payload as the one text that keeps it."""


def _fact(row: Any) -> Fact:
    return Fact(
        family=FamilyName(row.family),
        scope=ScopeKind(row.scope),
        scope_id=int(row.scope_id),
        key=str(row.key),
        payload=payloads_of([row.payload])[0],
        day_from=row.day_from,
        day_until=row.day_until,
    )


@dataclass(frozen=True)
class Window:
    """The days a reader asks about: facts that can matter on some day from
    ``first`` through ``last`` (either end open with None)."""

    first: date | None = None
    last: date | None = None


def read_facts(
    session: Session,
    family: FamilyName,
    *,
    scope: ScopeKind | None = None,
    ids: Collection[int] | None = None,
    window: Window | None = None,
) -> list[Fact]:
    """The kept facts of ``family`` (of some records of ``scope`` when given) that
    can matter on a day of ``window``, through the indexes.

    A database whose facts are not built (opened read-only before its first
    writable opening, or by an older appalti) is answered from a build in memory:
    slower, the same answer.
    """
    if not _usable(session):
        return _filter(_built_in_memory(session, family), scope, ids, window)
    facts: list[Fact] = []
    for condition in _conditions(family, scope, ids, window):
        rows = session.connection().execute(
            select(FACT).where(condition).order_by(FACT.c.id)
        )
        facts.extend(_fact(row) for row in rows)
    return facts


def _usable(session: Session) -> bool:
    usable = session.info.get("kept_usable")
    if usable is None:
        usable = session.info["kept_usable"] = facts_current(session)
    return bool(usable)


def _built_in_memory(session: Session, family: FamilyName) -> list[Fact]:
    cache: dict[FamilyName, list[Fact]] = session.info.setdefault("kept_memory", {})
    if family not in cache:
        builder = FAMILIES.get(family)
        cache[family] = (
            []
            if builder is None
            else sorted(
                (f for kind in ScopeKind for f in builder(session, kind, None)),
                key=fact_order,
            )
        )
    return cache[family]


def _filter(
    facts: Iterable[Fact],
    scope: ScopeKind | None,
    ids: Collection[int] | None,
    window: Window | None,
) -> list[Fact]:
    wanted = None if ids is None else set(ids)
    return [
        fact
        for fact in facts
        if (scope is None or fact.scope == scope)
        and (wanted is None or fact.scope_id in wanted)
        and _in_window(fact, window)
    ]


def _in_window(fact: Fact, window: Window | None) -> bool:
    if window is None:
        return True
    too_late = (
        window.last is not None
        and fact.day_from is not None
        and fact.day_from > window.last
    )
    too_early = (
        window.first is not None
        and fact.day_until is not None
        and fact.day_until < window.first
    )
    return not (too_late or too_early)


def _conditions(
    family: FamilyName,
    scope: ScopeKind | None,
    ids: Collection[int] | None,
    window: Window | None,
) -> Iterator[Any]:
    base = [FACT.c.family == str(family)]
    if scope is not None:
        base.append(FACT.c.scope == str(scope))
    if window is not None and window.last is not None:
        base.append(or_(FACT.c.day_from.is_(None), FACT.c.day_from <= window.last))
    if window is not None and window.first is not None:
        base.append(or_(FACT.c.day_until.is_(None), FACT.c.day_until >= window.first))
    if ids is None:
        yield and_(*base)
        return
    for part in _chunks(sorted(set(ids))):
        yield and_(*base, FACT.c.scope_id.in_(part))


def count_facts(session: Session) -> int:
    return int(
        session.connection()
        .execute(select(func.count()).select_from(FACT))
        .scalar_one()
    )


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
