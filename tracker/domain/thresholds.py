"""Value thresholds of Italian public procurement, as a table keyed by date.

Each row says from which day a threshold applies; the row in force on a day is the
latest one that started on or before it. Amounts are net of VAT. A procedure capped by
a threshold is allowed only below it: a value equal to the threshold is over it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class ThresholdKind(StrEnum):
    SOCIAL_SERVICES_EU = "social_services_eu"
    DIRECT_AWARD_SERVICES = "direct_award_services"


@dataclass(frozen=True)
class Threshold:
    kind: ThresholdKind
    valid_from: date
    amount: Decimal
    source: str


SOCIAL_EU, DIRECT = (
    ThresholdKind.SOCIAL_SERVICES_EU,
    ThresholdKind.DIRECT_AWARD_SERVICES,
)

# fmt: off
THRESHOLDS: tuple[Threshold, ...] = tuple(
    Threshold(kind, valid_from, Decimal(amount), source)
    for kind, valid_from, amount, source in (
        (SOCIAL_EU, date(2016, 4, 19), "750000.00", "Dir. 2014/24/UE art. 4 lett. d; D.Lgs. 50/2016 art. 35 c.1 lett. d"),
        (SOCIAL_EU, date(2023, 7, 1), "750000.00", "D.Lgs. 36/2023 art. 14 c.1 lett. d (servizi sociali, allegato XIV)"),
        (DIRECT, date(2016, 4, 19), "40000.00", "D.Lgs. 50/2016 art. 36 c.2 lett. a"),
        (DIRECT, date(2020, 7, 17), "75000.00", "D.L. 76/2020 art. 1 c.2 lett. a"),
        (DIRECT, date(2021, 6, 1), "139000.00", "D.L. 77/2021 art. 51 (modifying D.L. 76/2020 art. 1 c.2 lett. a)"),
        (DIRECT, date(2023, 7, 1), "140000.00", "D.Lgs. 36/2023 art. 50 c.1 lett. b"),
    )
)
# fmt: on


def threshold_on(
    kind: ThresholdKind, day: date, table: tuple[Threshold, ...] = THRESHOLDS
) -> Threshold | None:
    """The threshold of ``kind`` in force on ``day``, or None before the first one."""
    candidates = [t for t in table if t.kind is kind and t.valid_from <= day]
    return max(candidates, key=lambda t: t.valid_from, default=None)
