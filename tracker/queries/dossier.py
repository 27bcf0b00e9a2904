"""Everything a tender dossier shows, read in one unit of work.

The PDF writer in ``tracker.export`` only lays this out; which deadlines, alerts and
periods concern a tender is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from tracker.config import Settings
from tracker.domain.alerts import Alert
from tracker.domain.continuity import Coverage, ServiceContinuity
from tracker.domain.deadlines import Deadline
from tracker.formatting import Formatter
from tracker.queries.alerts import Findings, compute_findings, derive_all_deadlines
from tracker.queries.engine import coverage_of
from tracker.queries.records import get_act, list_history_for
from tracker.queries.rows import ActRow, ChangeRow, ServiceRow, TenderDetail
from tracker.queries.services import service_rows
from tracker.queries.tenders import tender_detail


@dataclass(frozen=True)
class ServiceTimeline:
    """A service's continuity and the periods that covered it, for the chart."""

    service: ServiceRow
    continuity: ServiceContinuity
    coverage: tuple[Coverage, ...]


@dataclass(frozen=True)
class DossierData:
    as_of: date
    made_on: date
    detail: TenderDetail
    timelines: tuple[ServiceTimeline, ...]
    deadlines: tuple[Deadline, ...]
    alerts: tuple[Alert, ...]
    acts: tuple[ActRow, ...]
    history: tuple[ChangeRow, ...]


def document_findings(
    session: Session, *, as_of: date, settings: Settings, fmt: Formatter
) -> Findings:
    """The findings a document reports: within the horizon, snoozed ones too (a
    document is read by people who did not snooze them)."""
    return compute_findings(
        session,
        as_of=as_of,
        within=settings.horizon_days,
        settings=settings,
        fmt=fmt,
        hide_snoozed=False,
    )


def get_dossier(
    session: Session,
    ref: str,
    *,
    as_of: date,
    made_on: date,
    settings: Settings,
    fmt: Formatter,
) -> DossierData:
    """The dossier of tender ``ref`` as of a day."""
    detail = tender_detail(session, ref)
    tender = detail.tender
    service_refs = sorted({s for lot in tender.lots for s in lot.services})
    contracts = detail.contracts
    records = {
        tender.ref,
        *(lot.ref for lot in tender.lots),
        *(c.ref for c in contracts),
        *(o.ref for c in contracts for o in c.options),
        *(c.supplier.ref for c in contracts if c.supplier),
        *(a.ref for a in detail.allocations),
        *service_refs,
    }
    sources = {a.source for a in detail.allocations}
    findings = document_findings(session, as_of=as_of, settings=settings, fmt=fmt)
    continuity = {c.service: c for c in findings.continuity}
    coverage = coverage_of(session, service_refs)
    services = {s.ref: s for s in service_rows(session, refs=service_refs)}
    ends = [c.covered_until for c in contracts if c.covered_until is not None]
    horizon = max([as_of, *ends]) + timedelta(days=3650)
    deadlines = [
        d
        for d in derive_all_deadlines(
            session, through=horizon, since=None, settings=settings, fmt=fmt
        )
        if d.subject in records or d.subject in sources
    ]
    act_refs = [tender.authorising_act, *(c.act for c in contracts)]
    acts = []
    for act_ref in dict.fromkeys(r for r in act_refs if r):
        act = get_act(session, act_ref)
        if act is not None:
            acts.append(act)
    return DossierData(
        as_of=as_of,
        made_on=made_on,
        detail=detail,
        timelines=tuple(
            ServiceTimeline(services[r], continuity[r], tuple(coverage[r]))
            for r in service_refs
        ),
        deadlines=tuple(deadlines),
        alerts=tuple(a for a in findings.alerts if a.ref in records),
        acts=tuple(acts),
        history=tuple(list_history_for(session, sorted(records - set(service_refs)))),
    )
