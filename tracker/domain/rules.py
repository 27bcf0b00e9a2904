"""Checks on money and procedures: pro-rata renewals, the quinto d'obbligo, funding
eligibility and the value thresholds each procedure allows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from tracker.domain.alerts import RECENT, AlertKind, Finding, Severity
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.kept_findings import (
    AMOUNT,
    DECIMAL,
    PLAIN,
    Conv,
    finding_fact,
    findings_of,
    held_on,
    register,
)
from tracker.domain.kinds import (
    TENDER_PROGRESS,
    OptionKind,
    OptionState,
    ProcedureType,
    TenderStatus,
)
from tracker.domain.modifications import weighs_on_quinto
from tracker.domain.money import Amount, quantize
from tracker.domain.periods import Period, end_of_term
from tracker.domain.records import ContractTerms, OptionTerms, TenderTerms
from tracker.domain.thresholds import (
    THRESHOLDS,
    Threshold,
    ThresholdKind,
    threshold_on,
)

ROUNDING_TOLERANCE = Decimal("0.01")


def whole_months(period: Period) -> int | None:
    """The number of months an inclusive period spans exactly, or None."""
    months = (
        (period.end.year - period.start.year) * 12
        + period.end.month
        - period.start.month
    )
    for candidate in (months, months + 1):
        if candidate > 0 and end_of_term(period.start, candidate) == period.end:
            return candidate
    return None


def expected_renewal(base: Amount, base_months: int, renewal_months: int) -> Amount:
    """What a renewal costs pro rata of the base: 6/36 of the base for 6 of 36 months."""
    return base.scaled(renewal_months, base_months)


def renewal_matches(
    base: Amount, renewal: Amount, base_months: int, renewal_months: int
) -> bool | None:
    """Whether a renewal is pro rata of its base, compared on the half both state;
    None when they state different halves and the rate that links them is unknown
    (a net against a gross cannot be checked, and no rate is guessed).

    A cent either way is rounding (6/36 of an amount, truncated or rounded), not a
    different price.
    """
    expected = expected_renewal(base, base_months, renewal_months)
    if expected.basis is renewal.basis:
        return abs(expected.value - renewal.value) <= ROUNDING_TOLERANCE
    for mine, theirs in (
        (expected.net, renewal.net),
        (expected.gross, renewal.gross),
    ):
        if mine is not None and theirs is not None:
            return abs(mine - theirs) <= ROUNDING_TOLERANCE
    return None


def counts_towards_quinto(kind: str, state: str, *, with_planned: bool = True) -> bool:
    """Whether an option is one of the variations weighed against the quinto.

    Exercised variations are the fifth used (what a contract's view shows, with
    ``with_planned=False``). The alerts weigh the planned ones too: a planned
    variation beyond the fifth is one the contractor could refuse, and the office
    should know before exercising it. A lapsed one commits nobody to anything.
    Only the quinto variation counts (``modifications.QUINTO``).
    """
    if not weighs_on_quinto(kind):
        return False
    return state == OptionState.EXERCISED or (
        with_planned and state == OptionState.PLANNED
    )


def quinto_usage(
    base: Amount, variations: Sequence[Amount]
) -> tuple[Decimal, Decimal, bool] | None:
    """(variations, one fifth of the contract, whether both are net): net of VAT when
    every net is known, VAT included when every gross is, so that the two are always
    on the same footing. None when neither half is known throughout (a net stated
    without its rate against a gross stated without its rate): the quinto cannot be
    checked, and no rate is guessed to check it."""
    nets = [v.net for v in variations]
    if base.net is not None and None not in nets:
        used = sum((n for n in nets if n is not None), Decimal("0.00"))
        return used, quantize(base.net / 5), True
    grosses = [v.gross for v in variations]
    if base.gross is not None and None not in grosses:
        used = sum((g for g in grosses if g is not None), Decimal("0.00"))
        return used, quantize(base.gross / 5), False
    return None


def reported_until(covered_until: date | None) -> date | None:
    """The last day the findings about a contract covered until ``covered_until``
    are reported: a year after it ends (a contract with no known end may still
    run)."""
    return None if covered_until is None else covered_until + RECENT


def share_after(period: Period, cutoff: date) -> Fraction:
    """The fraction of a period's days that fall after ``cutoff``."""
    if period.end <= cutoff:
        return Fraction(0)
    if period.start > cutoff:
        return Fraction(1)
    return Fraction((period.end - cutoff).days, period.days)


def amount_at_risk(total: Decimal, fraction: Fraction) -> Decimal:
    return quantize(total * fraction.numerator / fraction.denominator)


LIMITED_PROCEDURES: dict[str, ThresholdKind] = {
    ProcedureType.AFFIDAMENTO_DIRETTO.value: ThresholdKind.DIRECT_AWARD_SERVICES,
    ProcedureType.NEGOZIATA.value: ThresholdKind.SOCIAL_SERVICES_EU,
}
"""Procedures capped in value, and the threshold that caps them (services)."""


def threshold_exceeded(
    procedure_type: str | None, estimated_net: Decimal, day: date
) -> Threshold | None:
    """The threshold a procedure of this type may not exceed, when the value does."""
    if procedure_type is None:
        return None
    kind = LIMITED_PROCEDURES.get(procedure_type)
    if kind is None:
        return None
    threshold = threshold_on(kind, day)
    if threshold is not None and estimated_net >= threshold.amount:
        return threshold
    return None


def threshold_reported(status: str, decided: date | None) -> tuple[bool, date | None]:
    """Whether a procedure's value is worth checking against its threshold at all
    (while it is live), and the last day it is: a year after it was awarded
    (``decided``: the award, or the latest planned start when no award day is
    stated); None while it has no end."""
    if status not in TENDER_PROGRESS:
        return False, None
    if status == TenderStatus.AWARDED and decided is not None:
        return True, decided + RECENT
    return True, None


def threshold_still_reported(status: str, decided: date | None, as_of: date) -> bool:
    """Whether a procedure's value is still worth checking on ``as_of``."""
    live, last = threshold_reported(status, decided)
    return live and (last is None or as_of <= last)


@dataclass(frozen=True)
class RenewalOffRate:
    """A renewal priced other than pro rata of the base."""

    option: str
    amount: Amount
    months: int
    base: Amount
    base_months: int
    expected: Amount


@dataclass(frozen=True)
class QuintoExceeded:
    contract: str
    used: Decimal
    ceiling: Decimal


@dataclass(frozen=True)
class ThresholdExceeded:
    tender: str
    value: Decimal
    threshold: Threshold
    procedure_type: str | None


def money_findings(
    contracts: Sequence[ContractTerms], tenders: Sequence[TenderTerms], as_of: date
) -> list[Finding]:
    """Renewals not pro rata, quinto variations beyond a fifth (contracts running or
    ended within a year) and procedures valued at or above their threshold."""
    # the facts the database keeps, here kept nowhere: no record id is needed
    facts = [f for c in contracts for f in contract_money_facts(c, 0)]
    facts += [f for t in tenders for f in tender_money_facts(t, 0)]
    return money_on(facts, as_of)


def money_on(facts: Iterable[Fact], as_of: date) -> list[Finding]:
    """The money findings of ``as_of`` from the family's kept facts: each
    contract's (by reference), then each tender's."""
    return money_of(held_on(facts, as_of), as_of)


def money_of(payloads: Iterable[Mapping[str, Any]], as_of: date) -> list[Finding]:
    """``money_on`` from the payloads of the facts reported on ``as_of``."""
    return findings_of(payloads, as_of)


def contract_money_facts(contract: ContractTerms, scope_id: int) -> list[Fact]:
    """A contract's renewals not pro rata and quinto beyond a fifth, reported
    while it runs and for a year after it ends."""
    if contract.amount is None:
        return []
    return [
        finding_fact(
            finding,
            family=FamilyName.MONEY,
            scope=ScopeKind.CONTRACT,
            scope_id=scope_id,
            key=f"{finding.kind.value}/{finding.ref}",
            order=(0, contract.ref, n),
            day_until=reported_until(contract.covered_until),
        )
        for n, finding in enumerate(_contract_money(contract, contract.amount))
    ]


def tender_money_facts(tender: TenderTerms, scope_id: int) -> list[Fact]:
    """A procedure valued at or above the threshold its type may not reach: the
    threshold in force when it was published or is planned; for one with neither
    day, each threshold it reaches on the days that one is in force."""
    net = None if tender.estimate is None else tender.estimate.net
    kind = LIMITED_PROCEDURES.get(tender.procedure_type or "")
    live, last = threshold_reported(
        tender.status, tender.award_date or tender.latest_start
    )
    if net is None or kind is None or not live:
        return []
    day = tender.publication_date or tender.planned_start
    spans: list[tuple[Threshold, date | None, date | None]]
    if day is not None:
        found = threshold_exceeded(tender.procedure_type, net, day)
        spans = [] if found is None else [(found, None, last)]
    else:
        spans = [
            (threshold, start, min((d for d in (end, last) if d), default=None))
            for threshold, start, end in _in_force(kind)
            if net >= threshold.amount and (last is None or start <= last)
        ]
    return [
        finding_fact(
            Finding(
                Severity.WARNING,
                AlertKind.THRESHOLD_EXCEEDED,
                day,
                tender.title,
                tender.ref,
                ThresholdExceeded(tender.ref, net, threshold, tender.procedure_type),
            ),
            family=FamilyName.MONEY,
            scope=ScopeKind.TENDER,
            scope_id=scope_id,
            key=f"{AlertKind.THRESHOLD_EXCEEDED.value}/{threshold.valid_from}",
            order=(1, tender.ref),
            day_from=start,
            day_until=end,
        )
        for threshold, start, end in spans
    ]


def _in_force(kind: ThresholdKind) -> list[tuple[Threshold, date, date | None]]:
    """The thresholds of ``kind`` with the first and last day each is in force."""
    rows = sorted((t for t in THRESHOLDS if t.kind is kind), key=lambda t: t.valid_from)
    ends = [t.valid_from - timedelta(days=1) for t in rows[1:]]
    return list(zip(rows, [t.valid_from for t in rows], [*ends, None], strict=True))


def _contract_money(contract: ContractTerms, base: Amount) -> Iterator[Finding]:
    base_months = contract.months
    if not base_months and contract.start is not None and contract.end is not None:
        base_months = whole_months(Period(contract.start, contract.end))
    variations: list[Amount] = []
    for option in contract.options:
        if option.amount is None:
            continue
        if counts_towards_quinto(option.kind, option.state):
            variations.append(option.amount)
        elif (
            option.kind == OptionKind.RENEWAL
            and option.state != OptionState.LAPSED
            and base_months
        ):
            renewal = _renewal_off_rate(option, option.amount, base, base_months)
            if renewal is not None:
                yield Finding(
                    Severity.INFO,
                    AlertKind.RENEWAL_NOT_PRO_RATA,
                    option.start,
                    contract.title,
                    option.ref,
                    renewal,
                )
    usage = quinto_usage(base, variations) if variations else None
    # a quinto that cannot be checked is said on the contract, not raised as an alert
    if usage is not None:
        used, ceiling, _net = usage
        if used > ceiling:
            yield Finding(
                Severity.WARNING,
                AlertKind.QUINTO_EXCEEDED,
                None,
                contract.title,
                contract.ref,
                QuintoExceeded(contract.ref, used, ceiling),
            )


def _renewal_off_rate(
    option: OptionTerms, amount: Amount, base: Amount, base_months: int
) -> RenewalOffRate | None:
    months = option.months
    if months is None and option.start and option.end:
        months = whole_months(Period(option.start, option.end))
    # a renewal of no whole number of months has no pro rata to compare with, and
    # one stated on the other half than its base, with the rate unknown, neither
    if not months or renewal_matches(base, amount, base_months, months) is not False:
        return None
    expected = expected_renewal(base, base_months, months)
    return RenewalOffRate(option.ref, amount, months, base, base_months, expected)


_THRESHOLDS = {(t.kind.value, t.valid_from.isoformat()): t for t in THRESHOLDS}
register(RenewalOffRate, PLAIN, AMOUNT, PLAIN, AMOUNT, PLAIN, AMOUNT)
register(QuintoExceeded, PLAIN, DECIMAL, DECIMAL)
register(
    ThresholdExceeded,
    PLAIN,
    DECIMAL,
    Conv(
        lambda t: [t.kind.value, t.valid_from.isoformat()],
        lambda v: _THRESHOLDS[tuple(v)],
    ),
    PLAIN,
)
