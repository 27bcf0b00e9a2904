"""Findings and derived deadlines as sentences, in the active language.

The rules in ``tracker.domain`` say what was found; this module says it. Dates,
amounts and percentages go through the ``Formatter`` of the session's locale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from tracker.domain.alerts import Alert, AlertKind, Finding
from tracker.domain.continuity import ServiceContinuity
from tracker.domain.findings import (
    ContractOverlap,
    DeadlineFinding,
    PlannedGap,
    ServiceGap,
    ServiceRisk,
)
from tracker.domain.funding import (
    AllocationFact,
    AllocationMismatch,
    FundingCover,
    OverFunding,
    PaidAfter,
    PastEligibility,
    UnpaidAtPaidBy,
)
from tracker.domain.parties import (
    InvalidPartitaIva,
    NoLead,
    SeveralLeads,
    SharesOff,
    SharesUnknown,
    SmallMandataria,
)
from tracker.domain.rules import QuintoExceeded, RenewalOffRate, ThresholdExceeded
from tracker.domain.stale import StaleTender
from tracker.formatting import Formatter
from tracker.i18n import _, ngettext
from tracker.present.countdowns import due, in_days, open_since, overdue_by
from tracker.vocabulary import term


class DeadlineTitles:
    """The titles of derived deadlines (``tracker.domain.derived.DeadlineTitles``)."""

    def __init__(self, fmt: Formatter) -> None:
        self.fmt = fmt

    def contract_end(self, contract: str) -> str:
        return _("Contract {ref} ends").format(ref=contract)

    def option_decision(self, option: str, contract: str, start: date) -> str:
        return _("Decide on option {ref} of contract {contract} (from {start})").format(
            ref=option, contract=contract, start=self.fmt.day(start)
        )

    def milestone(self, tender: str, label: str, moved_from: date | None) -> str:
        title = _("Tender {ref}: {milestone}").format(ref=tender, milestone=term(label))
        if moved_from is not None:
            title += " " + _("(moved from {day}, a holiday)").format(
                day=self.fmt.day(moved_from)
            )
        return title

    def eligibility_end(self, source_name: str) -> str:
        return _("{source}: last day of eligible spending").format(source=source_name)

    def programme_end(self, name: str) -> str:
        return _("Programme {name} ends").format(name=name)


def worded(findings: list[Finding], fmt: Formatter, as_of: date) -> list[Alert]:
    """The alerts that say ``findings`` on ``as_of``."""
    return [f.alert(message(f, fmt, as_of)) for f in findings]


def message(finding: Finding, fmt: Formatter, as_of: date) -> str:
    """The sentence of an alert."""
    # one look-up by the detail's class, where a match would try the classes in
    # turn: a city's day has 12,000 alerts, many of the later classes
    wording = _WORDINGS.get(type(finding.detail))
    if wording is None:
        raise TypeError(f"no wording for {type(finding.detail).__name__}")
    return wording(finding.detail, finding, fmt, as_of)


def _invalid_partita_iva(invalid: InvalidPartitaIva) -> str:
    return _("{name}: partita IVA {value} is not valid ({reason}).").format(
        name=invalid.name, value=invalid.value, reason=invalid.error.reason
    )


def _shares_off(shares: SharesOff, fmt: Formatter) -> str:
    return _("{name}: member shares add up to {total}, not 100%.").format(
        name=shares.name, total=fmt.percent(shares.total)
    )


def _no_lead(name: str) -> str:
    return _("{name}: no member is stated as mandataria or capogruppo.").format(
        name=name
    )


def _several_leads(name: str, leads: Sequence[str]) -> str:
    return _("{name}: {leads} are all stated as the group's lead.").format(
        name=name, leads=", ".join(leads)
    )


def _gap(detail: ServiceGap, fmt: Formatter, as_of: date) -> str:
    s = detail.service
    message = _("{service}: no service since {start} ({since}).").format(
        service=s.name,
        start=fmt.day(detail.start),
        since=open_since(detail.start, as_of),
    )
    if s.successor is not None:
        return (
            message
            + " "
            + _("{ref} starts on {start}.").format(
                ref=s.successor.ref, start=fmt.day(s.successor.start)
            )
        )
    if s.next_tender is None:
        return message + " " + _("No tender is planned.")
    message += " " + _("Next tender {ref}: {status}.").format(
        ref=s.next_tender.ref, status=term(s.next_tender.status)
    )
    if s.next_tender.funding_pending:
        message += " " + _("Its funding awaits confirmation.")
    return message


def _planned_gap(planned: PlannedGap, fmt: Formatter) -> str:
    gap = planned.gap
    return _("{service}: no coverage from {start} to {end} ({days} days).").format(
        service=planned.service.name,
        start=fmt.day(gap.start),
        end=fmt.day(gap.end),
        days=gap.days,
    )


def _overlap(found: ContractOverlap, fmt: Formatter) -> str:
    overlap = found.overlap
    return _(
        "{service}: {first} and {second} both cover {start}–{end} "
        "({days} days): the service may be paid twice."
    ).format(
        service=found.service.name,
        first=overlap.first,
        second=overlap.second,
        start=fmt.day(overlap.start),
        end=fmt.day(overlap.end),
        days=overlap.days,
    )


def _risk(s: ServiceContinuity, fmt: Formatter, as_of: date) -> str:
    assert s.act_by is not None
    # the last day a contract known by one end may cover, when it is the last known
    maybe = s.uncertain[-1].end if s.uncertain else None
    later = maybe is not None and (s.coverage_ends is None or maybe > s.coverage_ends)
    if maybe is not None and later and maybe >= as_of:
        message = _(
            "{service}: perhaps covered until {end} ({countdown}; a contract known "
            "by one end only), no contract after."
        ).format(
            service=s.name,
            end=fmt.day(maybe),
            countdown=in_days((maybe - as_of).days),
        )
    elif s.coverage_ends is not None and s.coverage_ends >= as_of:
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
    return message


def _deadline(kind: AlertKind, detail: DeadlineFinding, as_of: date) -> str:
    d = detail.deadline
    if kind is AlertKind.DEADLINE_UPCOMING:
        return f"{d.title}: {in_days((d.due - as_of).days)}."
    message = f"{d.title}: {overdue_by(d.overdue_days(as_of))}."
    if detail.missed > 1:
        message += " " + _("{count} occurrences not done.").format(count=detail.missed)
    return message


def _pending(
    allocation: AllocationFact, needed: date | None, fmt: Formatter, as_of: date
) -> str:
    message = _(
        "{funds} depends on {amount} from {source}, awaiting confirmation."
    ).format(
        funds=allocation.funds,
        amount=fmt.euro(allocation.amount, missing=_("funds (amount not stated)")),
        source=allocation.source_name,
    )
    if needed is None:
        return message
    # the alert's day is the tender's, not the fund's: say which it is
    return (
        message
        + " "
        + _(
            "The funds are needed by {day} ({countdown}), the day its procedure "
            "must start."
        ).format(day=fmt.day(needed), countdown=due(needed, as_of))
    )


def _stale(stale: StaleTender, fmt: Formatter) -> str:
    return (
        _("Is tender {ref} still {status}? Planned service start: {day}.").format(
            ref=stale.tender,
            status=term(stale.status),
            day=fmt.day_with_precision(stale.planned_start, stale.precision),
        )
        + " "
        + _("If it is, acknowledge this question; if not, cancel the tender.")
    )


def _shares_unknown(unknown: SharesUnknown, fmt: Formatter) -> str:
    return _(
        "{name}: the share of {members} is not stated; the stated shares add up "
        "to {total}."
    ).format(
        name=unknown.name,
        members=", ".join(unknown.unknown),
        total=fmt.percent(unknown.total),
    )


def _small_mandataria(small: SmallMandataria, fmt: Formatter) -> str:
    return _(
        "{name}: the mandataria {lead} holds {share}, less than "
        "{other} ({other_share}); check the tender's rules."
    ).format(
        name=small.name,
        lead=small.lead.organisation,
        share=fmt.percent(small.lead.share),
        other=small.larger.organisation,
        other_share=fmt.percent(small.larger.share),
    )


def _past_eligibility(detail: PastEligibility, fmt: Formatter) -> str:
    fraction = detail.fraction
    return _(
        "{ref} runs until {end}, past the eligibility of {source} "
        "(until {until}): {percent} of the period, {amount} at risk."
    ).format(
        ref=detail.contract,
        end=fmt.day(detail.ends),
        source=detail.allocation.source_name,
        until=fmt.day(detail.eligible_until),
        percent=fmt.percent(Decimal(fraction.numerator * 100) / fraction.denominator),
        amount=fmt.euro(detail.at_risk, missing=_("an amount not stated")),
    )


def _over_funding(detail: OverFunding, fmt: Formatter) -> str:
    value = (
        fmt.euro(detail.gross)
        if detail.gross is not None
        else _("at least {amount}").format(amount=fmt.euro(detail.floor))
    )
    words = {
        "refs": ", ".join(detail.contracts),
        "value": value,
        "funded": fmt.euro(detail.funded),
        "excess": fmt.euro(detail.excess),
        "tender": detail.funds,
    }
    if detail.cover is FundingCover.UNCHECKABLE:
        return _(
            "{refs}: whether base and exercised options stay within the {funded} "
            "of funds confirmed for {tender} cannot be verified: {value} VAT "
            "included is known, a VAT rate or an option's amount not being stated."
        ).format(**words)
    if detail.contracts == (detail.funds,):
        return _(
            "{refs}: base and exercised options come to {value} VAT included, "
            "above the {funded} of funds confirmed for it ({excess} not covered)."
        ).format(**words)
    if len(detail.contracts) == 1 and detail.own:
        return _(
            "{refs}: base and exercised options come to {value} VAT included, "
            "above the {funded} of funds confirmed for it and its tender {tender} "
            "({excess} not covered)."
        ).format(**words)
    if len(detail.contracts) == 1:
        return _(
            "{refs}: base and exercised options come to {value} VAT included, "
            "above the {funded} of funds confirmed for its tender {tender} "
            "({excess} not covered)."
        ).format(**words)
    if detail.own:
        return _(
            "{refs}: base and exercised options come to {value} VAT included "
            "together, above the {funded} of funds confirmed for them and their "
            "tender {tender} ({excess} not covered)."
        ).format(**words)
    return _(
        "{refs}: base and exercised options come to {value} VAT included together, "
        "above the {funded} of funds confirmed for their tender {tender} "
        "({excess} not covered)."
    ).format(**words)


def _paid_after(detail: PaidAfter, fmt: Formatter) -> str:
    return ngettext(
        "{ref}: {count} payment of {amount} made after {day}, the day {source} "
        "must be paid by: not eligible.",
        "{ref}: {count} payments of {amount} made after {day}, the day {source} "
        "must be paid by: not eligible.",
        detail.payments,
    ).format(
        ref=detail.contract,
        count=detail.payments,
        amount=fmt.euro(detail.amount),
        day=fmt.day(detail.paid_by),
        source=detail.allocation.source_name,
    )


def _unpaid(detail: UnpaidAtPaidBy, fmt: Formatter) -> str:
    if detail.passed:
        message = _(
            "{ref}: {unpaid} of {owed} from {source} was not paid by {day}: "
            "paid {paid}; the rest is not eligible."
        )
    else:
        message = _(
            "{ref}: {unpaid} of {owed} from {source} must be paid today ({day}): "
            "paid {paid} so far."
        )
    return message.format(
        ref=detail.contract,
        unpaid=fmt.euro(detail.unpaid),
        owed=fmt.euro(detail.owed),
        source=detail.allocation.source_name,
        day=fmt.day(detail.paid_by),
        paid=fmt.euro(detail.paid),
    )


def _mismatch(detail: AllocationMismatch, fmt: Formatter) -> str:
    if detail.allocated > detail.total:
        message = _(
            "{ref}: allocations total {allocated}, more than the contract's {total} "
            "(double funding?)."
        )
    else:
        message = _(
            "{ref}: allocations total {allocated} of {total}; {missing} is unfunded."
        )
    return message.format(
        ref=detail.contract,
        allocated=fmt.euro(detail.allocated),
        total=fmt.euro(detail.total),
        missing=fmt.euro(detail.total - detail.allocated),
    )


def _renewal(renewal: RenewalOffRate, fmt: Formatter) -> str:
    return _(
        "{ref}: renewal of {amount} for {months} months; pro rata of the "
        "base ({base} for {base_months} months) it would be {expected}."
    ).format(
        ref=renewal.option,
        amount=fmt.euro(renewal.amount.value),
        months=renewal.months,
        base=fmt.euro(renewal.base.value),
        base_months=renewal.base_months,
        expected=fmt.euro(renewal.expected.value),
    )


def _quinto(quinto: QuintoExceeded, fmt: Formatter) -> str:
    return _(
        "{ref}: variations total {used}, beyond one fifth of the "
        "contract value ({limit}): the contractor is no longer bound to "
        "the same terms."
    ).format(
        ref=quinto.contract,
        used=fmt.euro(quinto.used),
        limit=fmt.euro(quinto.ceiling),
    )


def _threshold(found: ThresholdExceeded, fmt: Formatter) -> str:
    procedure = found.procedure_type
    return _(
        "{ref}: estimated value {value} net (options included) is at or above "
        "{threshold}, the limit for a {procedure} ({source})."
    ).format(
        ref=found.tender,
        value=fmt.euro(found.value),
        threshold=fmt.euro(found.threshold.amount),
        procedure=term(procedure) if procedure else "-",
        source=found.threshold.source,
    )


_WORDINGS: dict[type, Callable[[Any, Finding, Formatter, date], str]] = {
    ServiceGap: lambda gap, _f, fmt, as_of: _gap(gap, fmt, as_of),
    ServiceRisk: lambda risk, _f, fmt, as_of: _risk(risk.service, fmt, as_of),
    PlannedGap: lambda planned, _f, fmt, _as_of: _planned_gap(planned, fmt),
    ContractOverlap: lambda overlap, _f, fmt, _as_of: _overlap(overlap, fmt),
    DeadlineFinding: lambda deadline, f, _fmt, as_of: _deadline(
        f.kind, deadline, as_of
    ),
    AllocationFact: lambda pending, f, fmt, as_of: _pending(pending, f.due, fmt, as_of),
    StaleTender: lambda stale, _f, fmt, _as_of: _stale(stale, fmt),
    PastEligibility: lambda past, _f, fmt, _as_of: _past_eligibility(past, fmt),
    AllocationMismatch: lambda mismatch, _f, fmt, _as_of: _mismatch(mismatch, fmt),
    OverFunding: lambda over, _f, fmt, _as_of: _over_funding(over, fmt),
    PaidAfter: lambda late, _f, fmt, _as_of: _paid_after(late, fmt),
    UnpaidAtPaidBy: lambda unpaid, _f, fmt, _as_of: _unpaid(unpaid, fmt),
    InvalidPartitaIva: lambda invalid, _f, _fmt, _as_of: _invalid_partita_iva(invalid),
    SharesOff: lambda shares, _f, fmt, _as_of: _shares_off(shares, fmt),
    SharesUnknown: lambda unknown, _f, fmt, _as_of: _shares_unknown(unknown, fmt),
    NoLead: lambda lead, _f, _fmt, _as_of: _no_lead(lead.name),
    SeveralLeads: lambda leads, _f, _fmt, _as_of: _several_leads(
        leads.name, leads.leads
    ),
    SmallMandataria: lambda small, _f, fmt, _as_of: _small_mandataria(small, fmt),
    RenewalOffRate: lambda renewal, _f, fmt, _as_of: _renewal(renewal, fmt),
    QuintoExceeded: lambda quinto, _f, fmt, _as_of: _quinto(quinto, fmt),
    ThresholdExceeded: lambda found, _f, fmt, _as_of: _threshold(found, fmt),
}
"""How each finding's detail is worded: ``(detail, finding, formatter, as_of)``."""
