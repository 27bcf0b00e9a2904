"""The builder of the kept continuity facts: one per service, with one more per
further stretch of its days that may raise a finding, from the rows the
engine reads (``tracker.queries.continuity_read`` reads a day back from them)."""

from __future__ import annotations

from collections.abc import Collection
from itertools import groupby

from sqlmodel import Session

from tracker.domain.continuity_kept import service_facts
from tracker.domain.coverage import Coverage
from tracker.domain.kept import Fact, ScopeKind
from tracker.queries.engine import (
    _services,
    coverage_rows,
    half_known_rows,
    tender_plans,
)

CHUNK = 1000
"""Services read per query when some are asked for: within every backend's limit
on the values one query may list."""


def build(
    session: Session, scope: ScopeKind, ids: Collection[int] | None
) -> list[Fact]:
    """The continuity facts of each service of ``ids`` (of every one with None):
    the one with its payload, then one per further stretch of days it may raise
    a finding in; nothing for any other scope kind."""
    if scope is not ScopeKind.SERVICE:
        return []
    if ids is None:
        return _build(session, None)
    wanted = sorted(ids)
    return [
        fact
        for at in range(0, len(wanted), CHUNK)
        for fact in _build(session, wanted[at : at + CHUNK])
    ]


def _build(session: Session, ids: list[int] | None) -> list[Fact]:
    services = _services(session, ids)
    plans = tender_plans(session, ids)
    halves = half_known_rows(session, ids)
    coverage: dict[int, list[Coverage]] = {}
    for service_id, rows in groupby(coverage_rows(session, ids), key=lambda r: r[0]):
        coverage[service_id] = [c for _, c in rows]
    return [
        fact
        for key in services
        for fact in service_facts(
            key.id,
            key.info,
            coverage.get(key.id, []),
            plans.get(key.id, []),
            halves.get(key.id, ()),
        )
    ]


build.format = 4  # type: ignore[attr-defined]
"""The format of the facts (``tracker.domain.continuity_kept.service_facts``):
moved whenever they or their payloads change (2: a fact per stretch of days; 3:
rows kept as arrays; 4: the facts as the typed decoder reads them back), so that
facts kept in an older one are built again (``tracker.kept.store.format_tag``)."""
