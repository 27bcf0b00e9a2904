"""Yearly commitments: what each contract costs in each financial year.

The Italian financial year (esercizio finanziario) is the calendar year. No payment
schedule is recorded, so a part of a contract (its base, each option) is split over
the years it runs pro rata by days, VAT included (funds and the budget pay the
gross). The split is cent-exact: the whole cents go first, then the cents left over
go one each to the years with the largest remainders (the earlier year on a tie),
so the years always add up to the amount to the cent.

Nothing is guessed: a part whose gross or period is not known is not split, and
every year it touches (or, with no period, the sum) says that a part is missing
instead of reading as zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from tracker.domain.kinds import OptionState
from tracker.domain.money import Amount, from_cents, to_cents
from tracker.domain.option_periods import adds_time
from tracker.domain.periods import Period, end_of_term
from tracker.domain.records import ContractTerms, OptionTerms

ZERO = Decimal("0.00")


def year_days(period: Period) -> dict[int, int]:
    """The days of ``period`` in each calendar year it touches."""
    days: dict[int, int] = {}
    for year in range(period.start.year, period.end.year + 1):
        first = max(period.start, date(year, 1, 1))
        last = min(period.end, date(year, 12, 31))
        days[year] = (last - first).days + 1
    return days


def split_by_weights(total: Decimal, weights: Mapping[int, int]) -> dict[int, Decimal]:
    """``total`` shared among the keys in proportion to their (non-negative)
    weights, to the cent, adding up to ``total`` exactly (largest remainder; the
    smaller key wins a tie). With no weight at all the keys get nothing but the
    total cannot be shared: that is a ValueError."""
    weight = sum(weights.values())
    if weight <= 0:
        raise ValueError("nothing to share the amount by")
    cents = to_cents(total)
    floors = {key: cents * w // weight for key, w in weights.items()}
    left = cents - sum(floors.values())
    by_remainder = sorted(
        weights, key=lambda key: (-(cents * weights[key] % weight), key)
    )
    for key in by_remainder[:left]:
        floors[key] += 1
    return {key: from_cents(floors[key]) for key in sorted(weights)}


def split_by_year(total: Decimal, period: Period) -> dict[int, Decimal]:
    """``total`` split over the calendar years of ``period`` pro rata by days."""
    return split_by_weights(total, year_days(period))


class PartKind(StrEnum):
    """Which part of a contract's value a commitment is."""

    BASE = "base"
    OPTION = "option"
    """An exercised option or modification: it counts in the contract's value."""
    PLANNED_OPTION = "planned_option"
    """Not exercised yet: shown apart, never in the committed figures."""


class Unplaced(StrEnum):
    """Why a part is not split over the years."""

    NO_AMOUNT = "no_amount"
    NET_ONLY = "net_only"
    """Only the net is stated and the VAT rate is unknown: the gross is not known."""
    NO_PERIOD = "no_period"


@dataclass(frozen=True)
class CommitmentPart:
    """One part of a contract's value and its share of each year."""

    contract: str
    ref: str
    kind: PartKind
    period: Period | None
    gross: Decimal | None
    unplaced: Unplaced | None
    years: Mapping[int, Decimal] = field(default_factory=dict)


def commitment_parts(contract: ContractTerms) -> list[CommitmentPart]:
    """The base, the exercised options and the planned ones, each with its years.

    A lapsed option commits nothing and is left out. An option that adds time and
    states only its months starts the day after what it extends ends."""
    base = _base_period(contract)
    parts = [_part(contract.ref, contract.ref, PartKind.BASE, base, contract.amount)]
    follows = base.end if base is not None else None
    for option in contract.options:
        if option.state == OptionState.LAPSED:
            continue
        period = _option_period(option, follows)
        if adds_time(option.kind) and period is not None:
            follows = max(follows or period.end, period.end)
        kind = (
            PartKind.OPTION
            if option.state == OptionState.EXERCISED
            else PartKind.PLANNED_OPTION
        )
        parts.append(_part(contract.ref, option.ref, kind, period, option.amount))
    return parts


def _base_period(contract: ContractTerms) -> Period | None:
    if contract.start is None:
        return None
    end = contract.end
    if end is None and contract.months is not None:
        end = end_of_term(contract.start, contract.months)
    return None if end is None or end < contract.start else Period(contract.start, end)


def _option_period(option: OptionTerms, follows: date | None) -> Period | None:
    start = option.start
    if start is None and follows is not None and adds_time(option.kind):
        start = follows + timedelta(days=1)
    if start is None:
        return None
    end = option.end
    if end is None and option.months is not None:
        end = end_of_term(start, option.months)
    return None if end is None or end < start else Period(start, end)


def _part(
    contract: str,
    ref: str,
    kind: PartKind,
    period: Period | None,
    amount: Amount | None,
) -> CommitmentPart:
    gross = None if amount is None else amount.gross
    unplaced = (
        Unplaced.NO_AMOUNT
        if amount is None
        else Unplaced.NET_ONLY
        if gross is None
        else Unplaced.NO_PERIOD
        if period is None
        else None
    )
    years = (
        split_by_year(gross, period) if gross is not None and period is not None else {}
    )
    return CommitmentPart(contract, ref, kind, period, gross, unplaced, years)


@dataclass(frozen=True)
class YearFigure:
    """A sum of money for a year: the known part, and the parts that belong to the
    year but state no figure (by reference). With any missing the known sum is
    only a floor, and is never shown as the figure."""

    stated: Decimal = ZERO
    """The sum of the parts that state a figure."""
    missing: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        return not self.missing

    @property
    def value(self) -> Decimal | None:
        """The figure, or None when a part of it is not known."""
        return self.stated if self.exact else None

    def plus(self, other: YearFigure) -> YearFigure:
        return total((self, other))


def total(figures: Iterable[YearFigure]) -> YearFigure:
    """The sum of the figures; each part missing from any is listed once, in
    the order met (linear: a plan adds up tens of thousands of them)."""
    stated = ZERO
    missing: dict[str, None] = {}
    for figure in figures:
        stated += figure.stated
        for ref in figure.missing:
            missing[ref] = None
    return YearFigure(stated, tuple(missing))


@dataclass(frozen=True)
class Columns:
    """The years a table shows one by one, and a column for all those after."""

    first: int
    count: int = 3

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first, self.first + self.count))

    @property
    def last(self) -> int:
        return self.first + self.count - 1


@dataclass(frozen=True)
class YearRow:
    """A row of figures: one per year shown, and those of the later years."""

    years: tuple[YearFigure, ...]
    later: YearFigure

    @property
    def total(self) -> YearFigure:
        return total((*self.years, self.later))

    def plus(self, other: YearRow) -> YearRow:
        return YearRow(
            tuple(a.plus(b) for a, b in zip(self.years, other.years, strict=True)),
            self.later.plus(other.later),
        )


def empty_row(columns: Columns) -> YearRow:
    return YearRow(tuple(YearFigure() for _ in columns.years), YearFigure())


def row_of(
    shares: Mapping[int, Decimal],
    columns: Columns,
    *,
    missing_in: Iterable[int] = (),
    ref: str = "",
) -> YearRow:
    """The shares of the years shown, those after folded into ``later``; years
    before the first are not shown. ``ref`` is missing in the years ``missing_in``."""
    first, count = columns.first, columns.count
    sums = [ZERO] * (count + 1)
    for year, share in shares.items():
        if year >= first:
            sums[min(year - first, count)] += share
    absent = [False] * (count + 1)
    for year in missing_in:
        if year >= first:
            absent[min(year - first, count)] = True
    cells = [
        YearFigure(stated, (ref,) if lacking else ())
        for stated, lacking in zip(sums, absent, strict=True)
    ]
    return YearRow(tuple(cells[:-1]), cells[-1])


def part_row(part: CommitmentPart, columns: Columns) -> YearRow:
    """A part's figures in the columns: a part not split is missing in every year
    it runs, or, with no period, in every column (when it falls is not known)."""
    if part.unplaced is None:
        return row_of(part.years, columns)
    if part.period is None:
        return row_of(
            {}, columns, missing_in=[*columns.years, columns.last + 1], ref=part.ref
        )
    return row_of({}, columns, missing_in=year_days(part.period), ref=part.ref)


def sum_rows(rows: Iterable[YearRow], columns: Columns) -> YearRow:
    cells: list[list[YearFigure]] = [[] for _ in range(columns.count + 1)]
    for row in rows:
        for index, figure in enumerate((*row.years, row.later)):
            cells[index].append(figure)
    summed = [total(column) for column in cells]
    return YearRow(tuple(summed[:-1]), summed[-1])


def touches(part: CommitmentPart, columns: Columns) -> bool:
    """Whether a part runs in a year shown or later (or may: its period unknown)."""
    return part.period is None or part.period.end.year >= columns.first


@dataclass(frozen=True)
class Group:
    """The figures of a group: the references it is grouped under (services,
    programmes or funding sources; none: not recorded)."""

    refs: tuple[str, ...]
    figures: YearRow


def contract_row(
    parts: Sequence[CommitmentPart], columns: Columns, *, planned: bool = False
) -> YearRow:
    """A contract's base and exercised options (``planned``: its planned options
    instead) in the columns."""
    chosen = [
        part_row(p, columns)
        for p in parts
        if (p.kind is PartKind.PLANNED_OPTION) is planned and touches(p, columns)
    ]
    return sum_rows(chosen, columns)


def grouped_rows(
    rows: Mapping[str, YearRow],
    group_of: Mapping[str, tuple[str, ...]],
    columns: Columns,
) -> tuple[Group, ...]:
    """Contracts' rows (by reference) summed by their group in ``group_of``."""
    grouped: dict[tuple[str, ...], list[YearRow]] = defaultdict(list)
    for ref, row in rows.items():
        grouped[group_of[ref]].append(row)
    return tuple(
        Group(key, sum_rows(found, columns)) for key, found in sorted(grouped.items())
    )


def committed_rows(
    parts: Sequence[CommitmentPart],
    columns: Columns,
    group_of: Mapping[str, tuple[str, ...]],
) -> tuple[Group, ...]:
    """The base and exercised options of the contracts, summed by group (a
    contract's group by its reference in ``group_of``)."""
    by_contract: dict[str, list[CommitmentPart]] = defaultdict(list)
    for part in parts:
        by_contract[part.contract].append(part)
    rows = {ref: contract_row(found, columns) for ref, found in by_contract.items()}
    return grouped_rows(rows, group_of, columns)


def spread(amount: Decimal, parts: Sequence[CommitmentPart]) -> dict[int, Decimal]:
    """An allocation to a contract (or a tender's contracts) spread over the years
    like what it pays for: in proportion to the parts' yearly figures when each is
    known (an allocation equal to the value then matches it in every year), else to
    their days. Empty when no part has a period."""
    counted = [p for p in parts if p.kind is not PartKind.PLANNED_OPTION]
    if counted and all(p.unplaced is None for p in counted):
        weights: dict[int, int] = defaultdict(int)
        for p in counted:
            for year, share in p.years.items():
                weights[year] += to_cents(share)
        if sum(weights.values()) > 0:
            return split_by_weights(amount, weights)
    days: dict[int, int] = defaultdict(int)
    for p in counted:
        if p.period is not None:
            for year, count in year_days(p.period).items():
                days[year] += count
    return split_by_weights(amount, days) if days else {}


def shortfall(committed: YearFigure, confirmed: YearFigure) -> Decimal | None:
    """What the confirmed funds leave uncovered in a year (never below zero); None
    unless both figures are known."""
    if committed.value is None or confirmed.value is None:
        return None
    return max(committed.value - confirmed.value, ZERO)


def paid_by_year(payments: Iterable[tuple[date, Decimal]]) -> dict[int, Decimal]:
    """Payments summed by the year they were made in."""
    years: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for day, amount in payments:
        years[day.year] += amount
    return dict(years)


Key = tuple[str, ...]
"""The references a contract's figures are grouped under: its services, its
programmes or its funding sources (empty: none recorded). A contract shared by two
services is one group of both, never counted twice."""


@dataclass(frozen=True)
class ContractYears:
    ref: str
    title: str
    services: Key
    programmes: Key
    funding: Key
    committed: YearRow
    """Base and exercised options, VAT included."""
    planned_options: YearRow
    """Options not exercised yet: never in the committed figures."""


@dataclass(frozen=True)
class YearlyCommitments:
    """What the contracts cost in each year shown (and after), with the funds and
    payments beside them. Allocations state no year: each is spread like what it
    pays for (``tracker.domain.commitments.spread``)."""

    columns: Columns
    contracts: tuple[ContractYears, ...]
    by_service: tuple[Group, ...]
    by_programme: tuple[Group, ...]
    by_funding: tuple[Group, ...]
    committed: YearRow
    planned_options: YearRow
    confirmed: YearRow
    """Allocations confirmed."""
    awaited: YearRow
    """Allocations planned or pending confirmation: not counted against the cost."""
    paid: YearRow
    names: Mapping[str, str]
    """The name of each service, programme and funding source by reference."""

    @property
    def shortfall(self) -> tuple[Decimal | None, ...]:
        """Per year shown, then after: cost not covered by confirmed funds."""
        return tuple(
            shortfall(c, f)
            for c, f in zip(
                (*self.committed.years, self.committed.later),
                (*self.confirmed.years, self.confirmed.later),
                strict=True,
            )
        )
