"""Deadlines and alerts as of a day, assembled from batched reads.

The rules are in ``tracker.domain``; this module reads what they need (a handful of
queries, whatever the size of the database) and words the findings for people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from tracker import models
from tracker.config import Settings
from tracker.domain.alerts import RECENT, Alert, AlertKind, Severity, risk_severity
from tracker.domain.consortium import (
    HUNDRED,
    MemberRole,
    MemberShare,
    mandataria_holds_largest_share,
)
from tracker.domain.continuity import ContinuityStatus, GapState, ServiceContinuity
from tracker.domain.deadlines import (
    Deadline,
    DeadlineKind,
    occurrences,
    procedure_start,
    tender_milestones,
)
from tracker.domain.identifiers import check_partita_iva
from tracker.domain.kinds import (
    TENDER_PROGRESS,
    DeadlineState,
    FundingStatus,
    OptionKind,
    OptionState,
    Recurrence,
    TenderStatus,
)
from tracker.domain.money import Amount, from_cents, share_from_hundredths
from tracker.domain.periods import Period, end_of_precision
from tracker.domain.rules import (
    amount_at_risk,
    expected_renewal,
    quinto_usage,
    renewal_matches,
    share_after,
    threshold_exceeded,
    whole_months,
)
from tracker.errors import ValidationError
from tracker.formatting import Formatter, days_ago, in_days, overdue_by
from tracker.i18n import _
from tracker.queries.engine import compute_continuity
from tracker.queries.facts import (
    ContractFacts,
    TenderFacts,
    contract_facts,
    tender_facts,
)
from tracker.queries.tables import plain
from tracker.vocabulary import term

MILESTONE_LEAD_DAYS = 30
ROLES = {role.value: role for role in MemberRole}


@dataclass(frozen=True)
class AllocationFact:
    ref: str
    source: str
    source_name: str
    eligible_until: date | None
    funds: str
    amount: Decimal | None
    status: str


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
            )
        )
    return facts


def derive_deadlines(
    session: Session,
    *,
    contracts: Sequence[ContractFacts],
    tenders: Sequence[TenderFacts],
    allocations: Sequence[AllocationFact],
    settings: Settings,
    fmt: Formatter,
    through: date,
    since: date | None = None,
) -> list[Deadline]:
    """Deadlines, derived and explicit, up to ``through`` (recurrences expanded).

    With ``since``, only those that can still matter on that day: open actions
    whatever their date, and events and closed items from ``since`` on.
    """
    deadlines: list[Deadline] = []
    open_state = DeadlineState.OPEN
    acknowledged = {
        row.key: row.through for row in session.execute(plain(models.Acknowledgement))
    }

    def derived_state(key: str, done: bool) -> DeadlineState:
        if done:
            return DeadlineState.DONE
        return DeadlineState.ACKNOWLEDGED if key in acknowledged else open_state

    def keep(due: date, state: DeadlineState, actionable: bool) -> bool:
        if since is None or due >= since:
            return True
        return actionable and state is DeadlineState.OPEN

    for c in contracts:
        end_state = derived_state(f"{c.ref}/end", done=False)
        if keep(c.covered_until, end_state, False):
            deadlines.append(
                Deadline(
                    DeadlineKind.CONTRACT_END,
                    f"{c.ref}/end",
                    c.covered_until,
                    _("Contract {ref} ends").format(ref=c.ref),
                    c.ref,
                    settings.lead_days_for(None),
                    None,
                    end_state,
                    actionable=False,
                )
            )
        for option in c.options:
            if option.start is None or option.kind == OptionKind.QUINTO_VARIATION:
                continue
            extends = option.start - timedelta(days=1)
            decided = option.state != OptionState.PLANNED
            decide_by = extends - timedelta(days=settings.option_notice_days)
            decision_state = derived_state(f"{option.ref}/decision", done=decided)
            if not keep(decide_by, decision_state, True):
                continue
            deadlines.append(
                Deadline(
                    DeadlineKind.OPTION_DECISION,
                    f"{option.ref}/decision",
                    decide_by,
                    _(
                        "Decide on option {ref} of contract {contract} (from {start})"
                    ).format(
                        ref=option.ref, contract=c.ref, start=fmt.day(option.start)
                    ),
                    c.ref,
                    MILESTONE_LEAD_DAYS,
                    None,
                    decision_state,
                    actionable=True,
                )
            )
    for t in tenders:
        milestones = tender_milestones(
            status=t.status,
            signed=t.signed,
            latest_start=t.latest_start,
            lead_days=settings.lead_days_for(t.procedure_type),
            publication=t.publication_date,
            offers=t.offer_deadline,
            award=t.award_date,
            standstill=t.standstill_end,
            signature=t.signature_date,
        )
        for m in milestones:
            state = derived_state(f"{t.ref}/{m.key}", done=m.reached)
            if not keep(m.due, state, m.actionable):
                continue
            title = _("Tender {ref}: {milestone}").format(
                ref=t.ref, milestone=term(m.label)
            )
            if m.moved_from is not None:
                title += " " + _("(moved from {day}, a holiday)").format(
                    day=fmt.day(m.moved_from)
                )
            deadlines.append(
                Deadline(
                    DeadlineKind.TENDER_MILESTONE,
                    f"{t.ref}/{m.key}",
                    m.due,
                    title,
                    t.ref,
                    MILESTONE_LEAD_DAYS,
                    t.rup,
                    state,
                    actionable=m.actionable,
                    moved_from=m.moved_from,
                )
            )
    funded_sources = {(a.source, a.source_name, a.eligible_until) for a in allocations}
    for source, name, until in sorted(funded_sources, key=lambda s: s[0]):
        if until is None:
            continue
        deadlines.append(
            Deadline(
                DeadlineKind.FUNDING_ELIGIBILITY_END,
                f"{source}/eligibility",
                until,
                _("{source}: last day of eligible spending").format(source=name),
                source,
                settings.horizon_days,
                None,
                derived_state(f"{source}/eligibility", done=False),
                actionable=False,
            )
        )
    for programme in session.execute(
        plain(models.Programme).order_by(col(models.Programme.ref))
    ):
        if programme.end is None:
            continue
        deadlines.append(
            Deadline(
                DeadlineKind.PROGRAMME_END,
                f"{programme.ref}/end",
                end_of_precision(programme.end, programme.end_precision),
                _("Programme {name} ends").format(name=programme.name),
                programme.ref,
                settings.horizon_days,
                None,
                derived_state(f"{programme.ref}/end", done=False),
                actionable=False,
            )
        )
    for explicit in session.execute(
        plain(models.Deadline).order_by(col(models.Deadline.ref))
    ):
        recurrence = Recurrence(explicit.recurrence)
        for day in occurrences(
            explicit.due, recurrence, explicit.recurrence_until, through
        ):
            acked_through = acknowledged.get(explicit.ref)
            if (
                explicit.state == DeadlineState.DONE and recurrence is Recurrence.NONE
            ) or (explicit.done_through is not None and day <= explicit.done_through):
                state = DeadlineState.DONE
            elif explicit.state == DeadlineState.ACKNOWLEDGED or (
                acked_through is not None and day <= acked_through
            ):
                state = DeadlineState.ACKNOWLEDGED
            else:
                state = open_state
            deadlines.append(
                Deadline(
                    DeadlineKind.EXPLICIT,
                    f"{explicit.ref}@{day.isoformat()}",
                    day,
                    explicit.title,
                    explicit.subject_ref or explicit.ref,
                    explicit.lead_days,
                    explicit.owner,
                    state,
                    actionable=True,
                )
            )
    return sorted(deadlines, key=lambda d: (d.due, d.key))


def _risk_alert(
    s: ServiceContinuity, severity: Severity, fmt: Formatter, as_of: date
) -> Alert:
    assert s.act_by is not None
    if s.coverage_ends is not None and s.coverage_ends >= as_of:
        message = _(
            "{service}: covered until {end} ({countdown}), no contract after."
        ).format(
            service=s.name,
            end=fmt.day(s.coverage_ends),
            countdown=in_days((s.coverage_ends - as_of).days),
        )
    else:
        message = _(
            "{service}: required from {start} ({countdown}), nothing contracted."
        ).format(
            service=s.name,
            start=fmt.day(s.required_from),
            countdown=in_days((s.required_from - as_of).days),
        )
    late = s.act_by < as_of
    message += " " + _("Start the successor procedure by {day} ({countdown}).").format(
        day=fmt.day(s.act_by),
        countdown=overdue_by((as_of - s.act_by).days)
        if late
        else in_days((s.act_by - as_of).days),
    )
    if s.next_tender is not None:
        message += " " + _("Next tender {ref}: {status}.").format(
            ref=s.next_tender.ref, status=term(s.next_tender.status)
        )
    return Alert(
        severity, AlertKind.CONTINUITY_RISK, s.act_by, s.name, s.service, message
    )


def continuity_alerts(
    results: Sequence[ServiceContinuity], fmt: Formatter, as_of: date, *, within: int
) -> list[Alert]:
    """Gaps (critical); risks: a warning once the day to start the successor is within
    the horizon, critical once it has passed; planned gaps and overlaps (warnings)."""
    alerts: list[Alert] = []
    for s in results:
        if s.status is ContinuityStatus.GAP:
            gap = s.open_gap
            start = gap.start if gap else as_of
            message = _("{service}: no service since {start} ({since}).").format(
                service=s.name,
                start=fmt.day(start),
                since=days_ago((as_of - start).days),
            )
            if s.successor is not None:
                message += " " + _("{ref} starts on {start}.").format(
                    ref=s.successor.ref, start=fmt.day(s.successor.start)
                )
            elif s.next_tender is not None:
                message += " " + _("Next tender {ref}: {status}.").format(
                    ref=s.next_tender.ref, status=term(s.next_tender.status)
                )
                if s.next_tender.funding_pending:
                    message += " " + _("Its funding awaits confirmation.")
            else:
                message += " " + _("No tender is planned.")
            alerts.append(
                Alert(
                    Severity.CRITICAL,
                    AlertKind.CONTINUITY_GAP,
                    start,
                    s.name,
                    s.service,
                    message,
                )
            )
        elif s.required_until is None or as_of <= s.required_until:
            severity = risk_severity(as_of, s.act_by, within=within)
            if severity is not None:
                alerts.append(_risk_alert(s, severity, fmt, as_of))
        if s.required_until is None or s.required_until >= as_of:
            for gap in s.gaps:
                if gap.state is GapState.FUTURE and gap.end is not None:
                    alerts.append(
                        Alert(
                            Severity.WARNING,
                            AlertKind.PLANNED_GAP,
                            gap.start,
                            s.name,
                            s.service,
                            _(
                                "{service}: no coverage from {start} to {end} ({days} days)."
                            ).format(
                                service=s.name,
                                start=fmt.day(gap.start),
                                end=fmt.day(gap.end),
                                days=gap.days,
                            ),
                        )
                    )
        for overlap in s.overlaps:
            if overlap.end < s.required_from or overlap.end < as_of - RECENT:
                continue
            alerts.append(
                Alert(
                    Severity.WARNING,
                    AlertKind.OVERLAP,
                    overlap.start,
                    s.name,
                    s.service,
                    _(
                        "{service}: {first} and {second} both cover {start}–{end} "
                        "({days} days): the service may be paid twice."
                    ).format(
                        service=s.name,
                        first=overlap.first,
                        second=overlap.second,
                        start=fmt.day(overlap.start),
                        end=fmt.day(overlap.end),
                        days=overlap.days,
                    ),
                )
            )
    return alerts


def deadline_alerts(
    deadlines: Sequence[Deadline], *, as_of: date, within: int
) -> list[Alert]:
    alerts: list[Alert] = []
    horizon = as_of + timedelta(days=within)
    recurring_overdue: dict[str, list[Deadline]] = defaultdict(list)
    for d in deadlines:
        if d.state is not DeadlineState.OPEN:
            continue
        if d.due < as_of:
            if not d.actionable:
                continue
            if d.kind == DeadlineKind.EXPLICIT:
                recurring_overdue[d.key.split("@")[0]].append(d)
                continue
            alerts.append(
                Alert(
                    Severity.WARNING,
                    AlertKind.DEADLINE_OVERDUE,
                    d.due,
                    d.title,
                    d.subject,
                    f"{d.title}: {overdue_by(d.overdue_days(as_of))}.",
                    key=d.key,
                )
            )
        elif d.due <= horizon:
            days = (d.due - as_of).days
            severity = Severity.INFO
            if d.kind == DeadlineKind.FUNDING_ELIGIBILITY_END or (
                d.actionable and days <= d.lead_days
            ):
                severity = Severity.WARNING
            alerts.append(
                Alert(
                    severity,
                    AlertKind.DEADLINE_UPCOMING,
                    d.due,
                    d.title,
                    d.subject,
                    f"{d.title}: {in_days(days)}.",
                    key=d.key.split("@")[0],
                )
            )
    for missed in recurring_overdue.values():
        first = missed[0]
        message = f"{first.title}: {overdue_by(first.overdue_days(as_of))}."
        if len(missed) > 1:
            message += " " + _("{count} occurrences not done.").format(
                count=len(missed)
            )
        alerts.append(
            Alert(
                Severity.WARNING,
                AlertKind.DEADLINE_OVERDUE,
                first.due,
                first.title,
                first.subject,
                message,
                key=first.key.split("@")[0],
            )
        )
    return alerts


def funding_alerts(
    allocations: Sequence[AllocationFact],
    contracts: Sequence[ContractFacts],
    tenders: Sequence[TenderFacts],
    fmt: Formatter,
    *,
    as_of: date,
    lead_days_for: Callable[[str | None], int],
) -> list[Alert]:
    """Pending funds; for contracts running or ended within a year, spending past a
    source's eligibility and allocations that do not match the amount."""
    alerts: list[Alert] = []
    contract_by_ref = {c.ref: c for c in contracts}
    tender_by_ref = {t.ref: t for t in tenders}
    for a in allocations:
        if a.status != FundingStatus.PENDING_CONFIRMATION:
            continue
        tender = tender_by_ref.get(a.funds)
        subject = tender.title if tender else contract_by_ref[a.funds].title
        due = (
            None
            if tender is None
            else procedure_start(
                tender.latest_start, lead_days_for(tender.procedure_type)
            )
        )
        alerts.append(
            Alert(
                Severity.WARNING,
                AlertKind.FUNDING_PENDING,
                due,
                subject,
                a.funds,
                _(
                    "{funds} depends on {amount} from {source}, awaiting confirmation."
                ).format(
                    funds=a.funds,
                    amount=fmt.euro(a.amount, missing=_("funds (amount not stated)")),
                    source=a.source_name,
                ),
            )
        )
    by_contract: dict[str, list[AllocationFact]] = defaultdict(list)
    for a in allocations:
        if a.funds in contract_by_ref:
            by_contract[a.funds].append(a)
    for ref, facts in sorted(by_contract.items()):
        contract = contract_by_ref[ref]
        if contract.covered_until < as_of - RECENT:
            continue
        period = Period(contract.start, contract.covered_until)
        total = contract.total_gross
        for a in facts:
            if a.eligible_until is None or period.end <= a.eligible_until:
                continue
            fraction = share_after(period, a.eligible_until)
            base = a.amount if a.amount is not None else total
            at_risk = None if base is None else amount_at_risk(base, fraction)
            alerts.append(
                Alert(
                    Severity.WARNING,
                    AlertKind.FUNDING_ELIGIBILITY,
                    a.eligible_until,
                    contract.title,
                    ref,
                    _(
                        "{ref} runs until {end}, past the eligibility of {source} "
                        "(until {until}): {percent} of the period, {amount} at risk."
                    ).format(
                        ref=ref,
                        end=fmt.day(period.end),
                        source=a.source_name,
                        until=fmt.day(a.eligible_until),
                        percent=fmt.percent(
                            Decimal(fraction.numerator * 100) / fraction.denominator
                        ),
                        amount=fmt.euro(at_risk, missing=_("an amount not stated")),
                    ),
                )
            )
        if total is None or any(a.amount is None for a in facts):
            continue
        allocated = sum(
            (a.amount for a in facts if a.amount is not None), Decimal("0.00")
        )
        if allocated > total:
            message = _(
                "{ref}: allocations total {allocated}, more than the contract's {total} "
                "(double funding?)."
            )
        elif allocated < total:
            message = _(
                "{ref}: allocations total {allocated} of {total}; {missing} is unfunded."
            )
        else:
            continue
        alerts.append(
            Alert(
                Severity.WARNING,
                AlertKind.FUNDING_MISMATCH,
                None,
                contract.title,
                ref,
                message.format(
                    ref=ref,
                    allocated=fmt.euro(allocated),
                    total=fmt.euro(total),
                    missing=fmt.euro(total - allocated),
                ),
            )
        )
    return alerts


def party_alerts(session: Session, fmt: Formatter) -> list[Alert]:
    alerts: list[Alert] = []
    organisations = {o.id: o for o in session.execute(plain(models.Organisation))}
    for o in sorted(organisations.values(), key=lambda o: o.ref):
        if not o.partita_iva:
            continue
        try:
            check_partita_iva(o.partita_iva)
        except ValidationError as error:
            alerts.append(
                Alert(
                    Severity.WARNING,
                    AlertKind.INVALID_PARTITA_IVA,
                    None,
                    o.name,
                    o.ref,
                    _("{name}: partita IVA {value} is not valid ({reason}).").format(
                        name=o.name, value=o.partita_iva, reason=error.reason
                    ),
                )
            )
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
                ROLES[m.role],
                share_from_hundredths(m.share_hundredths),
            )
        )
    for consortium in session.execute(
        plain(models.Consortium).order_by(col(models.Consortium.ref))
    ):
        shares = members.get(consortium.id or 0, [])
        known = [m.share for m in shares if m.share is not None]
        if known and (len(known) != len(shares) or sum(known) != HUNDRED):
            alerts.append(
                Alert(
                    Severity.WARNING,
                    AlertKind.CONSORTIUM_SHARES,
                    None,
                    consortium.name,
                    consortium.ref,
                    _("{name}: member shares add up to {total}, not 100%.").format(
                        name=consortium.name, total=fmt.percent(sum(known, Decimal(0)))
                    ),
                )
            )
        if not mandataria_holds_largest_share(shares):
            lead = next(m for m in shares if m.role is MemberRole.MANDATARIA)
            larger = max(
                (m for m in shares if m.share is not None),
                key=lambda m: m.share or Decimal(0),
            )
            alerts.append(
                Alert(
                    Severity.WARNING,
                    AlertKind.MANDATARIA_SHARE,
                    None,
                    consortium.name,
                    consortium.ref,
                    _(
                        "{name}: the mandataria {lead} holds {share}, less than "
                        "{other} ({other_share}); check the tender's rules."
                    ).format(
                        name=consortium.name,
                        lead=lead.organisation,
                        share=fmt.percent(lead.share),
                        other=larger.organisation,
                        other_share=fmt.percent(larger.share),
                    ),
                )
            )
    return alerts


def money_alerts(
    contracts: Sequence[ContractFacts],
    tenders: Sequence[TenderFacts],
    fmt: Formatter,
    as_of: date,
) -> list[Alert]:
    alerts: list[Alert] = []
    for c in contracts:
        if c.covered_until < as_of - RECENT:
            continue
        if c.amount is None:
            continue
        base = c.amount
        base_months = c.months or whole_months(Period(c.start, c.end))
        variations: list[Amount] = []
        for option in c.options:
            if option.amount is None or option.state == OptionState.LAPSED:
                continue
            amount = option.amount
            if option.kind == OptionKind.QUINTO_VARIATION:
                variations.append(amount)
                continue
            if option.kind != OptionKind.RENEWAL or not base_months:
                continue
            months = option.months
            if months is None and option.start and option.end:
                months = whole_months(Period(option.start, option.end))
            if not months or renewal_matches(base, amount, base_months, months):
                continue
            expected = expected_renewal(base, base_months, months)
            alerts.append(
                Alert(
                    Severity.INFO,
                    AlertKind.RENEWAL_NOT_PRO_RATA,
                    option.start,
                    c.title,
                    option.ref,
                    _(
                        "{ref}: renewal of {amount} for {months} months; pro rata of the "
                        "base ({base} for {base_months} months) it would be {expected}."
                    ).format(
                        ref=option.ref,
                        amount=fmt.euro(amount.value),
                        months=months,
                        base=fmt.euro(base.value),
                        base_months=base_months,
                        expected=fmt.euro(expected.value),
                    ),
                )
            )
        if variations:
            used, ceiling = quinto_usage(base, variations)
            if used > ceiling:
                alerts.append(
                    Alert(
                        Severity.WARNING,
                        AlertKind.QUINTO_EXCEEDED,
                        None,
                        c.title,
                        c.ref,
                        _(
                            "{ref}: variations total {used}, beyond one fifth of the "
                            "contract value ({limit}): the contractor is no longer bound to "
                            "the same terms."
                        ).format(
                            ref=c.ref, used=fmt.euro(used), limit=fmt.euro(ceiling)
                        ),
                    )
                )
    for t in tenders:
        if t.estimate is None or t.estimate.net is None:
            continue
        if t.status not in TENDER_PROGRESS:
            continue
        decided = t.award_date or t.latest_start
        if t.status == TenderStatus.AWARDED and decided and decided < as_of - RECENT:
            continue
        day = t.publication_date or t.planned_start or as_of
        threshold = threshold_exceeded(t.procedure_type, t.estimate.net, day)
        if threshold is None:
            continue
        alerts.append(
            Alert(
                Severity.WARNING,
                AlertKind.THRESHOLD_EXCEEDED,
                t.publication_date or t.planned_start,
                t.title,
                t.ref,
                _(
                    "{ref}: estimated value {value} net (options included) is at or above "
                    "{threshold}, the limit for a {procedure} ({source})."
                ).format(
                    ref=t.ref,
                    value=fmt.euro(t.estimate.net),
                    threshold=fmt.euro(threshold.amount),
                    procedure=term(t.procedure_type) if t.procedure_type else "-",
                    source=threshold.source,
                ),
            )
        )
    return alerts


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


def compute_findings(
    session: Session,
    *,
    as_of: date,
    within: int,
    settings: Settings,
    fmt: Formatter,
    hide_snoozed: bool = True,
) -> Findings:
    """Continuity, deadlines and alerts as of a day.

    Alerts someone snoozed are left out while the snooze lasts; documents for
    others (the dossier, the committee report) pass ``hide_snoozed=False``.
    """
    continuity = compute_continuity(session, as_of=as_of, settings=settings)
    contracts = contract_facts(session)
    tenders = tender_facts(session)
    allocations = allocation_facts(session)
    deadlines = derive_deadlines(
        session,
        contracts=contracts,
        tenders=tenders,
        allocations=allocations,
        settings=settings,
        fmt=fmt,
        through=as_of + timedelta(days=max(within, settings.horizon_days)),
        since=as_of,
    )
    alerts = [
        *continuity_alerts(continuity, fmt, as_of, within=within),
        *deadline_alerts(deadlines, as_of=as_of, within=within),
        *funding_alerts(
            allocations,
            contracts,
            tenders,
            fmt,
            as_of=as_of,
            lead_days_for=settings.lead_days_for,
        ),
        *party_alerts(session, fmt),
        *money_alerts(contracts, tenders, fmt, as_of),
    ]
    snoozed = (
        {
            key
            for (key,) in session.execute(
                select(models.Snooze.key).where(col(models.Snooze.until) >= as_of)
            )
        }
        if hide_snoozed
        else set()
    )
    shown = [a for a in alerts if a.key not in snoozed]
    shown.sort(key=Alert.sort_key)
    return Findings(as_of, continuity, deadlines, shown, len(alerts) - len(shown))
