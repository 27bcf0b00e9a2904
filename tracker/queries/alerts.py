"""Deadlines and alerts as of a day, assembled from batched reads.

The rules are in ``tracker.domain`` (``derived``, ``findings``, ``funding``,
``parties``, ``rules``) and the words in ``tracker.present.findings``; this module
reads what they need, a handful of queries whatever the size of the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from tracker import models
from tracker.config import Settings
from tracker.domain.alerts import Alert, AlertKind, Finding
from tracker.domain.consortium import ConsortiumKind, MemberRole, MemberShare
from tracker.domain.continuity import ServiceContinuity
from tracker.domain.deadlines import Deadline
from tracker.domain.derived import Derivation
from tracker.domain.derived import derive_deadlines as derive
from tracker.domain.findings import continuity_findings, deadline_findings
from tracker.domain.funding import (
    AllocationFact,
    PaymentFact,
)
from tracker.domain.kept import FamilyName
from tracker.domain.kinds import DeadlineState, Recurrence
from tracker.domain.money import from_cents, share_from_hundredths
from tracker.domain.parties import Grouping, Party
from tracker.domain.records import (
    ContractTerms,
    ExplicitDeadline,
    ProgrammeEnd,
    TenderTerms,
)
from tracker.formatting import Formatter
from tracker.kept.store import Window, facts_current, read_facts
from tracker.present.findings import DeadlineTitles, worded
from tracker.queries.continuity_read import continuity_on, findings_by_batch
from tracker.queries.facts import contract_facts, tender_facts
from tracker.queries.kept_deadlines import (
    acknowledgements,
    deadlines_of_facts,
    kept_deadlines,
    kept_stale_findings,
    stale_of_payloads,
)
from tracker.queries.kept_funding import kept_funding_findings
from tracker.queries.kept_parties import kept_money_findings, kept_party_findings
from tracker.queries.tables import plain, table_of

__all__ = [
    "ALERT_FAMILIES",
    "URGENT_FAMILIES",
    "AllocationFact",
    "DayAlerts",
    "Findings",
    "allocation_facts",
    "compute_alerts",
    "compute_findings",
    "continuity_alerts",
    "derive_all_deadlines",
    "derive_deadlines",
    "explicit_deadlines",
]


@dataclass(frozen=True)
class Findings:
    """Everything the engine found as of a day."""

    as_of: date
    continuity: list[ServiceContinuity]
    deadlines: list[Deadline]
    alerts: list[Alert]
    snoozed: int = 0
    """How many alerts are hidden because someone snoozed them up to ``as_of`` or
    later."""


def allocation_facts(session: Session) -> list[AllocationFact]:
    sources = {s.id: s for s in session.execute(plain(models.FundingSource))}
    tenders = dict(session.exec(select(models.Tender.id, models.Tender.ref)).all())
    contracts = dict(
        session.exec(select(models.Contract.id, models.Contract.ref)).all()
    )
    facts: list[AllocationFact] = []
    for a in session.execute(
        plain(models.FundingAllocation).order_by(col(models.FundingAllocation.ref))
    ):
        source = sources[a.source_id]
        funds = (
            tenders[a.tender_id]
            if a.tender_id is not None
            else contracts[a.contract_id]
        )
        facts.append(
            AllocationFact(
                ref=a.ref,
                source=source.ref,
                source_name=source.name,
                eligible_until=source.eligible_until,
                funds=funds,
                amount=None if a.amount_cents is None else from_cents(a.amount_cents),
                status=a.status,
                paid_by=source.paid_by,
            )
        )
    return facts


def payment_facts(
    session: Session, allocations: Sequence[AllocationFact]
) -> dict[str, list[PaymentFact]]:
    """The payments of the contracts funded by a source with a paid-by day, by
    contract ref (only those: the rule reads no other payment). Read from the
    records, as the kept funding facts are checked against."""
    refs = sorted({a.funds for a in allocations if a.paid_by is not None})
    if not refs:
        return {}
    c, p = table_of(models.Contract), table_of(models.Payment)
    payments: dict[str, list[PaymentFact]] = defaultdict(list)
    for ref, paid_on, cents in session.execute(
        sa_select(c.c.ref, p.c.paid_on, p.c.amount_cents)
        .join(p, p.c.contract_id == c.c.id)
        .where(c.c.ref.in_(refs))
        .order_by(c.c.ref, p.c.position)
    ):
        payments[ref].append(PaymentFact(paid_on, from_cents(cents)))
    return payments


def _programme_ends(session: Session) -> list[ProgrammeEnd]:
    return [
        ProgrammeEnd(p.ref, p.name, p.end, p.end_precision)
        for p in session.execute(
            plain(models.Programme).order_by(col(models.Programme.ref))
        )
        if p.end is not None
    ]


def explicit_deadlines(session: Session) -> list[ExplicitDeadline]:
    return [
        ExplicitDeadline(
            ref=x.ref,
            title=x.title,
            due=x.due,
            recurrence=Recurrence(x.recurrence),
            recurrence_until=x.recurrence_until,
            state=DeadlineState(x.state),
            done_through=x.done_through,
            subject_ref=x.subject_ref,
            lead_days=x.lead_days,
            owner=x.owner,
        )
        for x in session.execute(
            plain(models.Deadline).order_by(col(models.Deadline.ref))
        )
    ]


def derive_deadlines(
    session: Session,
    *,
    contracts: Sequence[ContractTerms],
    tenders: Sequence[TenderTerms],
    allocations: Sequence[AllocationFact],
    settings: Settings,
    fmt: Formatter,
    through: date,
    since: date | None = None,
) -> list[Deadline]:
    """Deadlines, derived and explicit, up to ``through`` (recurrences expanded),
    reading programmes, explicit deadlines and acknowledgements.

    With ``since``, only those that can still matter on that day: open actions
    whatever their date, and events and closed items from ``since`` on.
    """
    acknowledged = {
        row.key: row.through for row in session.execute(plain(models.Acknowledgement))
    }
    return derive(
        Derivation(settings, DeadlineTitles(fmt), acknowledged, through, since),
        contracts=contracts,
        tenders=tenders,
        allocations=allocations,
        programmes=_programme_ends(session),
        explicit=explicit_deadlines(session),
    )


def continuity_alerts(
    results: Sequence[ServiceContinuity], fmt: Formatter, as_of: date, *, within: int
) -> list[Alert]:
    return worded(continuity_findings(results, as_of, within=within), fmt, as_of)


def _parties(session: Session) -> tuple[list[Party], list[Grouping]]:
    """Organisations and consortia, by reference, with members in their order,
    read from the records, as the kept party facts are checked against."""
    organisations = {o.id: o for o in session.execute(plain(models.Organisation))}
    members: dict[int, list[MemberShare]] = defaultdict(list)
    for m in session.execute(
        plain(models.ConsortiumMember).order_by(
            col(models.ConsortiumMember.consortium_id),
            col(models.ConsortiumMember.position),
        )
    ):
        members[m.consortium_id].append(
            MemberShare(
                organisations[m.organisation_id].name,
                MemberRole(m.role),
                share_from_hundredths(m.share_hundredths),
            )
        )
    parties = [
        Party(o.ref, o.name, o.partita_iva)
        for o in sorted(organisations.values(), key=lambda o: o.ref)
    ]
    groupings = [
        Grouping(
            c.ref, c.name, tuple(members.get(c.id or 0, ())), ConsortiumKind(c.kind)
        )
        for c in session.execute(
            plain(models.Consortium).order_by(col(models.Consortium.ref))
        )
    ]
    return parties, groupings


def derive_all_deadlines(
    session: Session,
    *,
    through: date,
    since: date | None,
    settings: Settings,
    fmt: Formatter,
) -> list[Deadline]:
    """Deadlines up to ``through``, read from the database."""
    return derive_deadlines(
        session,
        contracts=contract_facts(session),
        tenders=tender_facts(session),
        allocations=allocation_facts(session),
        settings=settings,
        fmt=fmt,
        through=through,
        since=since,
    )


ALERT_FAMILIES = frozenset(
    {
        FamilyName.CONTINUITY,
        FamilyName.DEADLINES,
        FamilyName.STALE,
        FamilyName.FUNDING,
        FamilyName.PARTIES,
        FamilyName.MONEY,
    }
)
"""The families that raise alerts: read together, every alert of the day."""
URGENT_FAMILIES = frozenset({FamilyName.CONTINUITY})
"""The families whose findings hold every critical alert of a day
(``CRITICAL_KINDS`` are continuity's): what the digest reads first."""


@dataclass(frozen=True)
class DayAlerts:
    """The alerts of a day, without the continuity and deadlines they come from:
    what the alerts, the digest and their documents show."""

    as_of: date
    alerts: list[Alert]
    snoozed: int = 0
    partial: bool = False
    """Whether only some families were read: the alerts are theirs (for
    ``URGENT_FAMILIES``, every critical alert of the day), the others not counted."""


def compute_findings(
    session: Session,
    *,
    as_of: date,
    within: int,
    settings: Settings,
    fmt: Formatter,
    hide_snoozed: bool = True,
) -> Findings:
    """Continuity of every service, deadlines and alerts as of a day, read from
    the kept facts.

    Alerts someone snoozed are left out while the snooze lasts; documents for
    others (the dossier, the committee report) pass ``hide_snoozed=False``.
    """
    continuity = continuity_on(session, as_of=as_of, settings=settings)
    deadlines = _kept_deadlines(
        session,
        since=as_of,
        through=as_of + timedelta(days=max(within, settings.horizon_days)),
        settings=settings,
        fmt=fmt,
    )
    findings = [
        *continuity_findings(continuity, as_of, within=within),
        *deadline_findings(deadlines, as_of=as_of, within=within),
    ]
    for found in _findings_of_day(session, as_of, settings, ALERT_FAMILIES):
        findings += found
    alerts, snoozed = _shown(session, worded(findings, fmt, as_of), as_of, hide_snoozed)
    return Findings(as_of, continuity, deadlines, alerts, snoozed)


def compute_alerts(
    session: Session,
    *,
    as_of: date,
    within: int,
    settings: Settings,
    fmt: Formatter,
    hide_snoozed: bool = True,
    families: Collection[FamilyName] = ALERT_FAMILIES,
) -> DayAlerts:
    """The alerts of ``compute_findings``, reading only the facts that can raise
    one on the day: the services that may, the deadlines due within the
    horizon. Their cost follows the alerts, not the database.

    With ``families``, only the alerts of those families, marked partial unless
    they are all (the digest reads ``URGENT_FAMILIES`` first)."""
    # each family's findings worded as soon as they are found, the continuity's
    # a batch of services at a time: only the alerts are held, not a city's
    # findings with everything their sentences are made from
    alerts: list[Alert] = []
    if FamilyName.CONTINUITY in families:
        for batch in findings_by_batch(
            session, as_of=as_of, within=within, settings=settings
        ):
            alerts += worded(batch, fmt, as_of)
    if FamilyName.DEADLINES in families:
        deadlines = _kept_deadlines(
            session,
            since=as_of,
            through=as_of + timedelta(days=max(within, settings.horizon_days)),
            settings=settings,
            fmt=fmt,
            due_by=as_of + timedelta(days=within),
        )
        alerts += worded(
            deadline_findings(deadlines, as_of=as_of, within=within), fmt, as_of
        )
    for found in _findings_of_day(session, as_of, settings, families):
        alerts += worded(found, fmt, as_of)
    shown, snoozed = _shown(session, alerts, as_of, hide_snoozed)
    return DayAlerts(
        as_of, shown, snoozed, partial=not ALERT_FAMILIES.issubset(families)
    )


def _kept_deadlines(
    session: Session,
    *,
    since: date,
    through: date,
    settings: Settings,
    fmt: Formatter,
    due_by: date | None = None,
) -> list[Deadline]:
    """``kept_deadlines``; on a database whose facts are not built (read-only,
    from an older appalti), from the facts built in memory. With ``due_by``,
    only what the findings of the horizon are raised from: the open deadlines
    due by then."""
    findings_only = due_by is not None
    if facts_current(session):
        return kept_deadlines(
            session,
            since=since,
            through=through,
            settings=settings,
            fmt=fmt,
            due_by=due_by,
            open_only=findings_only,
        )
    derivation = Derivation(
        settings,
        DeadlineTitles(fmt),
        acknowledgements(session),
        through,
        since,
        due_by,
        findings_only,
    )
    return deadlines_of_facts(read_facts(session, FamilyName.DEADLINES), derivation)


def _findings_of_day(
    session: Session,
    as_of: date,
    settings: Settings,
    families: Collection[FamilyName],
) -> Iterator[list[Finding]]:
    """The stale questions, funding, party and money findings of the day (of
    those among ``families``), a family at a time, in the order the rules give
    them."""
    day = Window(as_of, as_of)
    current = facts_current(session)
    if FamilyName.STALE in families:
        yield (
            kept_stale_findings(session, as_of=as_of)
            if current
            else stale_of_payloads(
                (
                    f.payload
                    for f in read_facts(session, FamilyName.STALE)
                    if f.day_from is not None and f.day_from <= as_of
                ),
                as_of,
                _answered(session),
            )
        )
    if FamilyName.FUNDING in families:
        yield kept_funding_findings(
            session,
            as_of=as_of,
            lead_days_for=settings.lead_days_for,
            facts=None
            if current
            else read_facts(session, FamilyName.FUNDING, window=day),
        )
    if FamilyName.PARTIES in families:
        yield kept_party_findings(
            session, facts=None if current else read_facts(session, FamilyName.PARTIES)
        )
    if FamilyName.MONEY in families:
        yield kept_money_findings(
            session,
            as_of=as_of,
            facts=None
            if current
            else read_facts(session, FamilyName.MONEY, window=day),
        )


def _shown(
    session: Session, alerts: list[Alert], as_of: date, hide_snoozed: bool
) -> tuple[list[Alert], int]:
    """The alerts less those snoozed (with ``hide_snoozed``), most urgent first;
    and how many were snoozed."""
    snoozed = _snoozed(session, as_of) if hide_snoozed else set()
    shown = [a for a in alerts if a.key not in snoozed] if snoozed else alerts
    shown.sort(key=Alert.sort_key)
    return shown, len(alerts) - len(shown)


def _answered(session: Session) -> set[str]:
    """The keys of the stale tenders' questions someone acknowledged."""
    pattern = "%/" + AlertKind.TENDER_STALE.value
    query = select(models.Acknowledgement.key).where(
        col(models.Acknowledgement.key).like(pattern)
    )
    return {key for (key,) in session.execute(query)}


def _snoozed(session: Session, as_of: date) -> set[str]:
    """The keys of the alerts someone hid up to ``as_of`` or later."""
    return {
        key
        for (key,) in session.execute(
            select(models.Snooze.key).where(col(models.Snooze.until) >= as_of)
        )
    }
