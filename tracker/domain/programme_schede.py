"""The programma triennale degli acquisti di beni e servizi (art. 37 D.Lgs.
36/2023, Allegato I.5): scheda H, the purchases of the three years, and scheda G,
the resources they need by year and by funding source.

A purchase of estimated value of 140,000 EUR or more (art. 50 c.1 lett. b) is a
row of scheda H; the others are listed apart, and so are those whose value is not
estimated yet (whether they belong to the programme cannot be told; they are never
counted as zero). The value is weighed net of VAT (art. 14 c.4): a value known only
VAT included, with the rate unknown, is below the threshold when the gross is, is
above it when even the gross less the highest rate (22%) is, and is otherwise kept
in scheda H marked uncertain, since leaving a purchase out of the programme is the
costlier mistake.

The cost of each year is the purchase's value VAT included (what the budget pays)
split pro rata by days over its period (``tracker.domain.commitments``); the part
of a period before the programme's first year is past and said apart. Scheda G's
figures are the sums of scheda H's rows, so each year's total is theirs exactly.

The CUI (codice unico di intervento) is S (services) or F (supplies), the
administration's codice fiscale, the first year of the programme the purchase
entered and a 5-digit progressive. Once entered it never changes: a CUI written in
a tender's plan entry is kept as written. A purchase without one is given the next
progressive after the highest written for the same administration and year, in the
order of the rows, and is marked proposed until it is written down.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tracker.domain.commitments import (
    ZERO,
    Columns,
    Group,
    YearFigure,
    YearRow,
    empty_row,
    row_of,
    shortfall,
    split_by_weights,
    split_by_year,
    sum_rows,
)
from tracker.domain.money import Amount, VatRate, to_cents
from tracker.domain.periods import Period

PROGRAMME_THRESHOLD = Decimal("140000.00")
"""Art. 37 c.1 lett. b with art. 50 c.1 lett. b D.Lgs. 36/2023, net of VAT."""

_HIGHEST_RATE = Decimal(VatRate.STANDARD.value) / 100
_CUI = re.compile(r"(?<![0-9A-Z])([SF])([0-9]{11})([0-9]{4})([0-9]{5})(?![0-9])")
MAX_PROGRESSIVE = 99999


class Weight(StrEnum):
    """Where a purchase's value puts it against the programme's threshold."""

    ABOVE = "above"
    UNCERTAIN = "uncertain"
    """Known VAT included only, with the rate unknown, and the net may be either side."""
    BELOW = "below"
    NOT_ESTIMATED = "not_estimated"


def weigh(value: Amount | None, threshold: Decimal = PROGRAMME_THRESHOLD) -> Weight:
    """Whether a purchase of ``value`` belongs to the programme (>= threshold net)."""
    if value is None:
        return Weight.NOT_ESTIMATED
    if value.net is not None:
        return Weight.ABOVE if value.net >= threshold else Weight.BELOW
    gross = value.value
    if gross < threshold:
        return Weight.BELOW
    if gross / (1 + _HIGHEST_RATE) >= threshold:
        return Weight.ABOVE
    return Weight.UNCERTAIN


@dataclass(frozen=True)
class Cui:
    code: str
    written: bool
    """Written in the tender's plan entry (kept as is), else proposed by the rule."""

    @property
    def first_year(self) -> int:
        return int(self.code[12:16])

    @property
    def progressive(self) -> int:
        return int(self.code[16:21])


def written_cui(text: str | None) -> str | None:
    """The CUI written in a plan entry ("Programma 2023-2025, CUI S0119...")."""
    if not text:
        return None
    found = _CUI.search(text.upper())
    return found.group(0) if found else None


def build_cui(
    supplies: bool, codice_fiscale: str, first_year: int, progressive: int
) -> str:
    """The CUI of a purchase: ``S01199250158202300001``."""
    if not re.fullmatch(r"[0-9]{11}", codice_fiscale):
        raise ValueError(
            f"not the codice fiscale of an administration: {codice_fiscale!r}"
        )
    if not 1 <= progressive <= MAX_PROGRESSIVE:
        raise ValueError(f"progressive out of range: {progressive}")
    return (
        f"{'F' if supplies else 'S'}{codice_fiscale}{first_year:04d}{progressive:05d}"
    )


class CuiGap(StrEnum):
    """Why a row has no CUI."""

    NO_CODICE_FISCALE = "no_codice_fiscale"
    """The buyer's codice fiscale (11 digits) is not recorded."""
    FULL = "full"
    """The year's 99,999 progressives are used up."""


@dataclass(frozen=True)
class Purchase:
    """A purchase the programme may list: a need from continuity, a planned or
    proposed tender, or a need with the tender that would cover it."""

    key: str
    """The tender's reference, or the need's own."""
    description: str
    tender: str | None
    needs: tuple[str, ...]
    """The needs it meets, by key."""
    services: tuple[str, ...]
    period: Period | None
    months: int | None
    value: Amount | None
    funding: tuple[str, ...]
    """The funding sources' references, sorted; none when not identified."""
    continues: str | None = None
    """The contract whose service the purchase carries on, if any."""
    cpv: str | None = None
    cup: str | None = None
    rup: str | None = None
    supplies: bool = False
    codice_fiscale: str | None = None
    """The buyer's: the administration whose programme it is."""
    plan_entry: str | None = None
    confirmed: Decimal | None = ZERO
    """The funds confirmed for it (its tender's allocations), VAT included; None
    when a confirmed allocation states no amount."""


@dataclass(frozen=True)
class ProgrammeRow:
    purchase: Purchase
    weight: Weight
    cost: YearRow
    """VAT included, per year of the programme and after."""
    before: Decimal
    """The share of the period before the programme's first year (past)."""
    cui: Cui | None
    cui_gap: CuiGap | None
    confirmed: YearRow
    """The confirmed funds spread over the years like the cost."""


@dataclass(frozen=True)
class SchedaG:
    """The resources needed per year, by funding (its sources' references; an
    empty key: not identified yet), and in all."""

    by_funding: tuple[Group, ...]
    total: YearRow
    confirmed: YearRow
    """The funds already confirmed for the purchases of scheda H."""

    @property
    def to_find(self) -> tuple[Decimal | None, ...]:
        """Per year shown, then after: what the confirmed funds leave to find;
        None unless both are known."""
        return tuple(
            shortfall(need, funds)
            for need, funds in zip(
                (*self.total.years, self.total.later),
                (*self.confirmed.years, self.confirmed.later),
                strict=True,
            )
        )


@dataclass(frozen=True)
class Programme:
    columns: Columns
    scheda_h: tuple[ProgrammeRow, ...]
    scheda_g: SchedaG
    below: tuple[ProgrammeRow, ...]
    not_estimated: tuple[ProgrammeRow, ...]


def cost_row(purchase: Purchase, columns: Columns) -> tuple[YearRow, Decimal]:
    """A purchase's cost per year VAT included, and the part before the columns.
    A cost not known (no value, only the net with the rate unknown, no period) is
    missing from every year it falls in, or from every column."""
    gross = None if purchase.value is None else purchase.value.gross
    if purchase.period is None or gross is None:
        years = (
            range(columns.first, columns.last + 2)
            if purchase.period is None
            else range(purchase.period.start.year, purchase.period.end.year + 1)
        )
        return row_of({}, columns, missing_in=years, ref=purchase.key), ZERO
    shares = split_by_year(gross, purchase.period)
    before = sum((v for y, v in shares.items() if y < columns.first), ZERO)
    return row_of(shares, columns), before


def programme(purchases: Sequence[Purchase], first_year: int) -> Programme:
    """Schede H and G of the programme from ``first_year``, with the purchases
    below the threshold and those not estimated apart. Rows come in the order of
    their start (unknown last), then key."""
    columns = Columns(first_year)
    ordered = sorted(
        purchases,
        key=lambda p: (
            p.period is None,
            p.period.start if p.period else date.max,
            p.key,
        ),
    )
    rows = [_row(p, columns) for p in ordered]
    listed = [r for r in rows if r.weight in (Weight.ABOVE, Weight.UNCERTAIN)]
    listed = _with_cuis(listed, first_year)
    return Programme(
        columns,
        tuple(listed),
        scheda_g(listed, columns),
        tuple(r for r in rows if r.weight is Weight.BELOW),
        tuple(r for r in rows if r.weight is Weight.NOT_ESTIMATED),
    )


def _row(purchase: Purchase, columns: Columns) -> ProgrammeRow:
    cost, before = cost_row(purchase, columns)
    confirmed = confirmed_row(purchase, cost, columns)
    return ProgrammeRow(
        purchase, weigh(purchase.value), cost, before, None, None, confirmed
    )


def confirmed_row(purchase: Purchase, cost: YearRow, columns: Columns) -> YearRow:
    """The purchase's confirmed funds in the columns, in proportion to its cost;
    missing wherever the cost is, when their amount is not stated, or when the
    cost is not known (they cannot be placed)."""
    funds = purchase.confirmed
    cells = (*cost.years, cost.later)
    if funds is not None and not funds:
        return empty_row(columns)
    weights = {i: to_cents(c.stated) for i, c in enumerate(cells)}
    if funds is None or not cost.total.exact or not sum(weights.values()):
        lacking = [i for i, c in enumerate(cells) if not c.exact or c.stated]
        figures = [
            YearFigure(ZERO, (purchase.key,) if i in lacking or not lacking else ())
            for i in range(len(cells))
        ]
        return YearRow(tuple(figures[:-1]), figures[-1])
    shares = split_by_weights(funds, weights)
    figures = [YearFigure(shares[i]) for i in range(len(cells))]
    return YearRow(tuple(figures[:-1]), figures[-1])


def scheda_g(rows: Sequence[ProgrammeRow], columns: Columns) -> SchedaG:
    grouped: dict[tuple[str, ...], list[YearRow]] = defaultdict(list)
    for row in rows:
        grouped[row.purchase.funding].append(row.cost)
    return SchedaG(
        tuple(
            Group(key, sum_rows(costs, columns))
            for key, costs in sorted(grouped.items())
        ),
        sum_rows((r.cost for r in rows), columns),
        sum_rows((r.confirmed for r in rows), columns),
    )


def _with_cuis(rows: Sequence[ProgrammeRow], first_year: int) -> list[ProgrammeRow]:
    written = {
        r.purchase.key: code
        for r in rows
        if (code := written_cui(r.purchase.plan_entry)) is not None
    }
    highest: dict[tuple[str, int], int] = defaultdict(int)
    for code in written.values():
        key = (code[1:12], int(code[12:16]))
        highest[key] = max(highest[key], int(code[16:21]))
    result = []
    for row in rows:
        cui, gap = _cui(row.purchase, written, highest, first_year)
        result.append(replace(row, cui=cui, cui_gap=gap))
    return result


def _cui(
    purchase: Purchase,
    written: dict[str, str],
    highest: dict[tuple[str, int], int],
    first_year: int,
) -> tuple[Cui | None, CuiGap | None]:
    if purchase.key in written:
        return Cui(written[purchase.key], written=True), None
    cf = purchase.codice_fiscale
    if cf is None or not re.fullmatch(r"[0-9]{11}", cf):
        return None, CuiGap.NO_CODICE_FISCALE
    if highest[(cf, first_year)] >= MAX_PROGRESSIVE:
        return None, CuiGap.FULL
    highest[(cf, first_year)] += 1
    code = build_cui(purchase.supplies, cf, first_year, highest[(cf, first_year)])
    return Cui(code, written=False), None
