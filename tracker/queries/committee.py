"""What the committee report shows: per programme and neighbourhood, the figures, the
site, each service's history, what is contracted, what is missing, what must be
decided by when, and the funds still pending."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from tracker import models
from tracker.config import Settings
from tracker.domain.alerts import Alert, Severity
from tracker.domain.continuity import Coverage, HalfKnown, ServiceContinuity
from tracker.domain.kinds import TENDER_PROGRESS
from tracker.domain.money import from_cents
from tracker.formatting import Formatter
from tracker.queries.contracts import contract_rows
from tracker.queries.dossier import ServiceTimeline, document_findings
from tracker.queries.engine import coverage_of, half_known_of
from tracker.queries.paging import MAX_PAGE
from tracker.queries.rows import ContractRow, ServiceRow
from tracker.queries.services import service_pages
from tracker.queries.tables import plain, table_of


@dataclass(frozen=True)
class NeighbourhoodFacts:
    ref: str
    name: str
    municipio: int | None
    inhabitants: int | None
    inhabitants_approximate: bool
    households: int | None
    erp_dwellings: int | None
    figures_basis: str | None
    note: str | None


@dataclass(frozen=True)
class SiteFacts:
    name: str
    address: str
    owner: str
    space_kind: str | None
    floor: str | None
    condition_notes: str | None


@dataclass(frozen=True)
class PeriodFacts:
    """One contract or in-house period in a service's history."""

    ref: str
    title: str
    supplier: str | None
    start: date | None
    """None: not stated (so is ``end``)."""
    end: date | None
    in_house: bool
    start_precision: str = "day"
    end_precision: str = "day"


@dataclass(frozen=True)
class PendingFunds:
    tender: str
    source: str
    amount: Decimal | None
    status: str


@dataclass(frozen=True)
class ServiceSection:
    timeline: ServiceTimeline
    neighbourhood: NeighbourhoodFacts
    site: SiteFacts | None
    history: tuple[PeriodFacts, ...]
    pending_funds: tuple[PendingFunds, ...]


@dataclass(frozen=True)
class ProgrammeSection:
    ref: str
    name: str
    end: date | None
    end_precision: str
    note: str | None
    services: tuple[ServiceSection, ...]
    other_neighbourhoods: tuple[NeighbourhoodFacts, ...]
    elsewhere: tuple[tuple[str, str, str], ...] = ()
    """Services of this programme's neighbourhoods reported under another programme:
    (neighbourhood, service, programme name)."""
    tenders: tuple[tuple[str, str, str], ...] = ()
    """The programme's live tenders: (ref, title, status)."""


@dataclass(frozen=True)
class CommitteeData:
    as_of: date
    made_on: date
    programmes: tuple[ProgrammeSection, ...]
    alerts: tuple[Alert, ...]


def get_committee_report(
    session: Session, *, as_of: date, made_on: date, settings: Settings, fmt: Formatter
) -> CommitteeData:
    """Every service of the database, grouped by programme, as of a day."""
    findings = document_findings(session, as_of=as_of, settings=settings, fmt=fmt)
    continuity = {c.service: c for c in findings.continuity}
    services = [row for page in service_pages(session) for row in page]
    neighbourhoods = _neighbourhoods(session)
    sections = _service_sections(session, services, continuity, neighbourhoods)
    programmes = _programme_sections(session, sections, services, neighbourhoods)
    service_refs = {s.ref for s in services}
    alerts = tuple(
        a
        for a in findings.alerts
        if a.severity is not Severity.INFO
        and (a.ref in service_refs or a.kind.value.startswith("funding"))
    )
    return CommitteeData(as_of, made_on, tuple(programmes), alerts)


def _neighbourhoods(session: Session) -> dict[str, NeighbourhoodFacts]:
    return {
        row.ref: NeighbourhoodFacts(
            row.ref,
            row.name,
            row.municipio,
            row.inhabitants,
            row.inhabitants_approximate,
            row.households,
            row.erp_dwellings,
            row.figures_basis,
            row.note,
        )
        for row in session.execute(plain(models.Neighbourhood))
    }


def _history(
    coverage: Sequence[Coverage],
    in_house: dict[str, Any],
    contracts: dict[str, ContractRow],
    halves: Sequence[HalfKnown] = (),
) -> tuple[PeriodFacts, ...]:
    """A service's contracts and in-house periods, each once (a contract's base and
    options as one period), oldest first; one known by a single end with the other
    unknown, ordered by the end it has."""
    periods: dict[str, tuple[date | None, date | None, bool]] = {}
    for c in coverage:
        known = periods.get(c.ref)
        start = c.start if known is None else min(known[0] or c.start, c.start)
        end = c.end if known is None else max(known[1] or c.end, c.end)
        periods[c.ref] = (start, end, c.kind.value == "in_house")
    for half in halves:
        # its exercised options may be known: the contract then runs to their end
        option_end = periods[half.ref][1] if half.ref in periods else None
        ends = [day for day in (half.end, option_end) if day is not None]
        periods[half.ref] = (half.start, max(ends, default=None), False)
    return tuple(
        _period(
            ref,
            start,
            end,
            in_house.get(ref) if house else None,
            contracts.get(ref),
        )
        for ref, (start, end, house) in sorted(
            periods.items(), key=lambda i: i[1][0] or i[1][1] or date.max
        )
    )


def _service_sections(
    session: Session,
    services: Sequence[ServiceRow],
    continuity: dict[str, ServiceContinuity],
    neighbourhoods: dict[str, NeighbourhoodFacts],
) -> dict[str | None, list[ServiceSection]]:
    """Each service's section, by the programme it is reported under."""
    coverage = coverage_of(session, None)
    sites = {
        row.ref: SiteFacts(
            row.name,
            row.address,
            row.owner,
            row.space_kind,
            row.floor,
            row.condition_notes,
        )
        for row in session.execute(plain(models.Site))
    }
    halves = half_known_of(session)
    contracts = _contracts_covering(
        session,
        {c.ref for periods in coverage.values() for c in periods}
        | {h.ref for known in halves.values() for h in known},
    )
    in_house = {row.ref: row for row in session.execute(plain(models.InHousePeriod))}
    pending = _pending_funds(session)
    sections: dict[str | None, list[ServiceSection]] = defaultdict(list)
    for service in services:
        next_tender = continuity[service.ref].next_tender
        service_coverage = coverage.get(service.ref, [])
        sections[service.programme].append(
            ServiceSection(
                ServiceTimeline(
                    service, continuity[service.ref], tuple(service_coverage)
                ),
                neighbourhoods[service.neighbourhood],
                sites.get(service.site) if service.site else None,
                _history(
                    service_coverage,
                    in_house,
                    contracts,
                    halves.get(service.ref, ()),
                ),
                tuple(
                    p
                    for p in pending.get(service.ref, ())
                    if next_tender is not None and p.tender == next_tender.ref
                ),
            )
        )
    return sections


def _programme_sections(
    session: Session,
    sections: dict[str | None, list[ServiceSection]],
    services: Sequence[ServiceRow],
    neighbourhoods: dict[str, NeighbourhoodFacts],
) -> list[ProgrammeSection]:
    """Each programme with its services, its other neighbourhoods and its live
    tenders; the services of no programme last."""
    programme_neighbourhoods: dict[str, list[str]] = defaultdict(list)
    programme_ids = {
        row.id: row.ref for row in session.execute(plain(models.Programme))
    }
    neighbourhood_ids = {
        row.id: row.ref for row in session.execute(plain(models.Neighbourhood))
    }
    for link in session.execute(plain(models.NeighbourhoodProgramme)):
        programme_neighbourhoods[programme_ids[link.programme_id]].append(
            neighbourhood_ids[link.neighbourhood_id]
        )
    programme_names = {
        row.ref: row.name for row in session.execute(plain(models.Programme))
    }
    services_of: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for service in services:
        services_of[service.neighbourhood].append((service.name, service.programme))
    tenders_of = _live_tenders(session, programme_ids)
    programmes: list[ProgrammeSection] = []
    for row in session.execute(
        plain(models.Programme).order_by(col(models.Programme.ref))
    ):
        own = sections.pop(row.ref, [])
        covered = {s.neighbourhood.ref for s in own}
        others = sorted(set(programme_neighbourhoods[row.ref]) - covered)
        elsewhere = tuple(
            (neighbourhoods[n].name, name, programme_names.get(programme or "", ""))
            for n in others
            for name, programme in services_of.get(n, [])
        )
        programmes.append(
            ProgrammeSection(
                row.ref,
                row.name,
                row.end,
                row.end_precision,
                row.note,
                tuple(own),
                tuple(neighbourhoods[n] for n in others if n not in services_of),
                elsewhere,
                tuple(tenders_of.get(row.ref, [])),
            )
        )
    if sections:
        rest = [s for group in sections.values() for s in group]
        programmes.append(ProgrammeSection("", "", None, "day", None, tuple(rest), ()))
    return programmes


def _live_tenders(
    session: Session, programme_ids: dict[int, str]
) -> dict[str, list[tuple[str, str, str]]]:
    """(ref, title, status) of the live tenders of each programme, by ref."""
    t = table_of(models.Tender)
    tenders_of: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for programme_id, ref, title, status in session.execute(
        select(t.c.programme_id, t.c.ref, t.c.title, t.c.status)
        .where(t.c.programme_id.is_not(None), t.c.status.in_(list(TENDER_PROGRESS)))
        .order_by(t.c.ref)
    ):
        tenders_of[programme_ids[programme_id]].append((ref, title, status))
    return tenders_of


def _contracts_covering(session: Session, named: set[str]) -> dict[str, ContractRow]:
    """The contracts among the periods covering the services (the in-house ones'
    refs find none), read a page of refs at a time (a statement holds a bounded
    number of parameters)."""
    refs = sorted(named)
    contracts: dict[str, ContractRow] = {}
    for start in range(0, len(refs), MAX_PAGE):
        for row in contract_rows(session, refs=refs[start : start + MAX_PAGE]):
            contracts[row.ref] = row
    return contracts


def _period(
    ref: str,
    start: date | None,
    end: date | None,
    in_house: Any,
    contract: ContractRow | None,
) -> PeriodFacts:
    """A period of a service's history, with dates as precise as the source."""
    if in_house is not None:
        return PeriodFacts(
            ref,
            in_house.title,
            None,
            start,
            end,
            True,
            in_house.start_precision,
            in_house.end_precision,
        )
    assert contract is not None
    return PeriodFacts(
        ref,
        contract.title,
        None if contract.supplier is None else contract.supplier.name,
        start,
        end,
        False,
        contract.start_precision,
        contract.end_precision if end == contract.end else "day",
    )


def _pending_funds(session: Session) -> dict[str, list[PendingFunds]]:
    """Allocations not yet confirmed on tenders, by the services their lots serve."""
    t, lot, ls, s = (
        models.Tender.__table__,  # type: ignore[attr-defined]
        models.Lot.__table__,  # type: ignore[attr-defined]
        models.LotService.__table__,  # type: ignore[attr-defined]
        models.Service.__table__,  # type: ignore[attr-defined]
    )
    a, src = (
        models.FundingAllocation.__table__,  # type: ignore[attr-defined]
        models.FundingSource.__table__,  # type: ignore[attr-defined]
    )
    query = (
        select(s.c.ref, t.c.ref, src.c.name, a.c.amount_cents, a.c.status)
        .select_from(a)
        .join(src, src.c.id == a.c.source_id)
        .join(t, t.c.id == a.c.tender_id)
        .join(lot, lot.c.tender_id == t.c.id)
        .join(ls, ls.c.lot_id == lot.c.id)
        .join(s, s.c.id == ls.c.service_id)
        .where(
            a.c.status != "confirmed",
            t.c.status.in_(("planned", "published", "proposed")),
        )
        .order_by(s.c.ref, t.c.ref, src.c.name)
    )
    result: dict[str, list[PendingFunds]] = defaultdict(list)
    for service, tender, source, cents, status in session.execute(query):
        amount = None if cents is None else from_cents(cents)
        result[service].append(PendingFunds(tender, source, amount, status))
    return result
