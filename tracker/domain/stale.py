"""Stale plans: a proposed or planned tender whose service was to start more than a
year ago is no longer a deadline missed every morning but a question asked once:
is it still planned?

Answered by cancelling the tender, or by acknowledging the question (the alert's key
``<tender>/tender_stale``), which keeps it quiet for good; a new planned start
within the year makes the tender's milestones count again.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
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


def is_stale(status: str, latest_start: date | None, as_of: date) -> bool:
    """Whether a tender ``status`` with its service to start by ``latest_start``
    (the last day its planned start can mean) is stale on ``as_of``: proposed or
    planned, and that day more than a year behind."""
    return (
        status in NOT_STARTED
        and latest_start is not None
        and latest_start + STALE_AFTER < as_of
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
