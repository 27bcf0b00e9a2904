"""Stale plans: a proposed or planned tender whose service was to start more than a
year ago is no longer a deadline missed every morning but a question asked once:
is it still planned?

Answered by cancelling the tender, or by acknowledging the question (the alert's key
``<tender>/tender_stale``), which keeps it quiet for good; a new planned start
within the year makes the tender's milestones count again.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from dateutil.relativedelta import relativedelta

from tracker.domain.alerts import AlertKind, Finding, Severity
from tracker.domain.kinds import TenderStatus

STALE_AFTER = relativedelta(years=1)
"""How long after its planned start a tender not yet published is asked about."""

NOT_STARTED = (TenderStatus.PROPOSED.value, TenderStatus.PLANNED.value)

STALE_MILESTONE = "start"
"""The milestone the question replaces: the start of the procedure, derived from
a planned start long past (``tracker.domain.derived`` leaves it out)."""


class PlannedTender(Protocol):
    @property
    def ref(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def planned_start(self) -> date | None: ...
    @property
    def planned_start_precision(self) -> str: ...
    @property
    def latest_start(self) -> date | None: ...


@dataclass(frozen=True)
class StaleTender:
    """A tender still proposed or planned long after its service was to start."""

    tender: str
    status: str
    planned_start: date
    precision: str


def stale_from(status: str, latest_start: date | None) -> date | None:
    """The first day a tender ``status`` with its service to start by
    ``latest_start`` (the last day its planned start can mean) is stale: proposed
    or planned, and that day more than a year behind. None if it never is (its
    status changes it)."""
    if status not in NOT_STARTED or latest_start is None:
        return None
    return latest_start + STALE_AFTER + timedelta(days=1)


def is_stale(status: str, latest_start: date | None, as_of: date) -> bool:
    """Whether such a tender is stale on ``as_of``."""
    first = stale_from(status, latest_start)
    return first is not None and first <= as_of


@dataclass(frozen=True, slots=True)
class PlannedFact:
    """What the question about a tender needs, kept whatever the day: asked from
    ``stale_from`` on unless answered."""

    ref: str
    title: str
    status: str
    planned_start: date
    planned_start_precision: str
    latest_start: date
    stale_from: date


def planned_fact(t: PlannedTender) -> PlannedFact | None:
    """The fact of a tender that may one day be asked about (None if it never can:
    no planned start, or past planning)."""
    first = stale_from(t.status, t.latest_start)
    if t.planned_start is None or t.latest_start is None or first is None:
        return None
    return PlannedFact(
        t.ref,
        t.title,
        t.status,
        t.planned_start,
        t.planned_start_precision,
        t.latest_start,
        first,
    )


def planned_payload(fact: PlannedFact) -> dict[str, str]:
    """A fact as plain JSON-able data."""
    return {
        "ref": fact.ref,
        "title": fact.title,
        "status": fact.status,
        "planned_start": fact.planned_start.isoformat(),
        "precision": fact.planned_start_precision,
        "latest_start": fact.latest_start.isoformat(),
        "stale_from": fact.stale_from.isoformat(),
    }


def planned_from_payload(payload: Mapping[str, str]) -> PlannedFact:
    day = date.fromisoformat
    return PlannedFact(
        payload["ref"],
        payload["title"],
        payload["status"],
        day(payload["planned_start"]),
        payload["precision"],
        day(payload["latest_start"]),
        day(payload["stale_from"]),
    )


def stale_key(tender: str) -> str:
    """The key of a tender's stale question, the one that acknowledges it."""
    return f"{tender}/{AlertKind.TENDER_STALE.value}"


def stale_findings(
    tenders: Sequence[PlannedTender], *, as_of: date, answered: Collection[str]
) -> list[Finding]:
    """The question, once, for each stale tender whose key is not ``answered``."""
    findings = []
    for t in tenders:
        if t.planned_start is None or stale_key(t.ref) in answered:
            continue
        if not is_stale(t.status, t.latest_start, as_of):
            continue
        findings.append(
            Finding(
                Severity.INFO,
                AlertKind.TENDER_STALE,
                t.planned_start,
                t.title,
                t.ref,
                StaleTender(
                    t.ref, t.status, t.planned_start, t.planned_start_precision
                ),
                key=stale_key(t.ref),
            )
        )
    return findings
