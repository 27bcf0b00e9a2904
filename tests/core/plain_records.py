"""Contracts, options and tenders as plain data, as the domain's rules read them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tracker.domain.money import Amount

BASE_START = date(2020, 1, 1)
BASE_END = date(2022, 12, 31)


@dataclass(frozen=True)
class Option:
    ref: str
    kind: str
    state: str
    start: date | None
    end: date | None = None
    months: int | None = None
    amount: Amount | None = None


@dataclass(frozen=True)
class Contract:
    ref: str
    covered_until: date
    options: Sequence[Option] = ()
    title: str = "Laboratorio"
    start: date = BASE_START
    end: date = BASE_END
    months: int | None = None
    amount: Amount | None = None
    total_gross: Decimal | None = None
    tender: str | None = None


@dataclass(frozen=True)
class Tender:
    ref: str
    status: str
    latest_start: date | None = None
    publication_date: date | None = None
    offer_deadline: date | None = None
    award_date: date | None = None
    standstill_end: date | None = None
    signature_date: date | None = None
    signed: bool = False
    procedure_type: str | None = None
    rup: str | None = "Rossi"
    title: str = "Gara"
    planned_start: date | None = None
    estimate: Amount | None = None
