"""Checks on money and procedures: pro-rata renewals, the quinto d'obbligo, funding
eligibility and the value thresholds each procedure allows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from tracker.domain.kinds import ProcedureType
from tracker.domain.money import Amount, quantize
from tracker.domain.periods import Period, end_of_term
from tracker.domain.thresholds import Threshold, ThresholdKind, threshold_on

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
) -> bool:
    """Whether a renewal is pro rata of its base, compared on the half both state.

    A cent either way is rounding (6/36 of an amount, truncated or rounded), not a
    different price.
    """
    expected = expected_renewal(base, base_months, renewal_months)
    if expected.basis is renewal.basis:
        return abs(expected.value - renewal.value) <= ROUNDING_TOLERANCE
    if expected.net is not None and renewal.net is not None:
        return abs(expected.net - renewal.net) <= ROUNDING_TOLERANCE
    return abs(expected.gross - renewal.gross) <= ROUNDING_TOLERANCE


def quinto_limit(base: Amount) -> Decimal:
    """One fifth of the contract value, on the half the contract states."""
    return quantize(base.value / 5)


def quinto_usage(base: Amount, variations: Sequence[Amount]) -> tuple[Decimal, Decimal]:
    """(variations, one fifth of the contract): net of VAT when every net is known,
    VAT included otherwise, so that the two are always on the same footing."""
    nets = [v.net for v in variations]
    if base.net is not None and None not in nets:
        return sum((n for n in nets if n is not None), Decimal("0.00")), quantize(
            base.net / 5
        )
    return sum((v.gross for v in variations), Decimal("0.00")), quantize(base.gross / 5)


def split_by_shares(total: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """Each member's part of ``total`` by percentage shares, to the cent, adding up to
    the total exactly (largest remainder)."""
    cents = int(total * 100)
    exact = [Fraction(cents) * Fraction(share) / 100 for share in shares]
    parts = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: exact[i] - parts[i], reverse=True)
    target = round(sum(exact))
    for i in order[: target - sum(parts)]:
        parts[i] += 1
    return [quantize(Decimal(p) / 100) for p in parts]


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
