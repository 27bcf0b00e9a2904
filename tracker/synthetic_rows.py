"""The rows of a synthetic database, drawn from a seed (``tracker.synthetic``
writes them): services, contracts with their options and suppliers, tenders,
funding and deadlines, with the gaps and overlaps real records have."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import islice
from typing import Any

from stdnum import luhn

from tracker.domain.identifiers import cig_check_standard
from tracker.domain.money import Amount, Basis, VatRate, from_cents, to_cents
from tracker.domain.periods import end_of_term

CONTRACTS_PER_SERVICE = 5
DECIDED_BEFORE = date(2025, 1, 1)
"""Options starting before this day are exercised or lapsed, never still planned."""
SOURCES = (
    ("SYN-FSE", "POR FSE (sintetico)", "eu", date(2027, 12, 31)),
    ("SYN-PNRR", "PNRR M5C2 (sintetico)", "eu", date(2026, 6, 30)),
    ("SYN-MIT", "Ministero (sintetico)", "national", None),
    ("SYN-REGIONE", "Regione (sintetico)", "regional", None),
    ("SYN-COMUNE", "Bilancio comunale (sintetico)", "municipal", None),
)
PROCEDURES = ("aperta", "aperta", "negoziata", "ristretta", "affidamento_diretto")


def partita_iva(rng: random.Random) -> str:
    """A valid partita IVA: 7 digits, a real office code, a Luhn check digit."""
    body = f"{rng.randrange(1, 9_999_999):07d}{rng.randrange(1, 101):03d}"
    return body + luhn.calc_check_digit(body)


def standard_cig(number: int) -> str:
    first = f"{number % 10_000_000:07d}"
    return first + cig_check_standard(first)


class Rows:
    """Rows per table with ids assigned here, so links need no round trips."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.ids: dict[str, int] = {}

    def add(self, table: str, **values: Any) -> int:
        next_id = self.ids.get(table, 0) + 1
        self.ids[table] = next_id
        self.rows.setdefault(table, []).append({"id": next_id, **values})
        return next_id

    def link(self, table: str, **values: Any) -> None:
        self.rows.setdefault(table, []).append(values)


def _amount(rng: random.Random, low: int, high: int) -> dict[str, Any]:
    cents = rng.randrange(low * 100, high * 100)
    if rng.random() < 0.1:
        return {"cents": cents, "basis": "gross", "vat_rate": "unknown"}
    return {
        "cents": cents,
        "basis": "net",
        "vat_rate": rng.choice(("22", "22", "5", "exempt")),
    }


def build(contracts: int, *, seed: int) -> Rows:
    """Every row of a synthetic database with about ``contracts`` contracts."""
    rng = random.Random(seed)
    rows = Rows()
    organisations = [
        rows.add(
            "organisation",
            ref=f"SYN-O{n:05d}",
            name=f"Cooperativa sociale sintetica {n}",
            kind=rng.choice(("social_cooperative", "company", "association")),
            partita_iva=partita_iva(rng),
        )
        for n in range(1, max(20, contracts // 20) + 1)
    ]
    sources = [
        rows.add(
            "funding_source",
            ref=ref,
            name=name,
            kind=kind,
            eligible_until=until,
            funder=name,
        )
        for ref, name, kind, until in SOURCES
    ]
    programme = rows.add(
        "programme", ref="SYN-PRG", name="Programma sintetico", end=date(2030, 12, 31)
    )
    services_count = -(-contracts // CONTRACTS_PER_SERVICE)
    numbers = iter(range(1, contracts + 1))
    for s in range(1, services_count + 1):
        _service(rows, rng, s, programme, numbers, (organisations, sources))
    return rows


def _service(
    rows: Rows,
    rng: random.Random,
    s: int,
    programme: int,
    numbers: Iterator[int],
    parties: tuple[list[int], list[int]],
) -> None:
    """Service ``s``: its neighbourhood, site, up to CONTRACTS_PER_SERVICE contracts
    numbered from ``numbers``, maybe a planned successor and a monthly deadline."""
    organisations, sources = parties
    neighbourhood = rows.add(
        "neighbourhood",
        ref=f"SYN-Q{s:05d}",
        name=f"Quartiere sintetico {s}",
        municipio=1 + s % 9,
        inhabitants=rng.randrange(800, 9000),
        households=rng.randrange(300, 4000),
        erp_dwellings=rng.randrange(200, 5000),
        inhabitants_approximate=False,
    )
    rows.link(
        "neighbourhood_programme",
        neighbourhood_id=neighbourhood,
        programme_id=programme,
    )
    site = rows.add(
        "site",
        ref=f"SYN-SEDE{s:05d}",
        name=f"Sede {s}",
        neighbourhood_id=neighbourhood,
        address=f"Via Sintetica {s}, Milano",
        owner=rng.choice(("aler", "comune")),
    )
    start = date(2012, 1, 1) + timedelta(days=rng.randrange(0, 700))
    service = rows.add(
        "service",
        ref=f"SYN-S{s:05d}",
        name=f"Laboratorio sintetico {s}",
        neighbourhood_id=neighbourhood,
        site_id=site,
        programme_id=programme,
        required_from=start,
        required_until=None if rng.random() < 0.7 else date(2030, 12, 31),
    )
    for number in islice(numbers, CONTRACTS_PER_SERVICE):
        start = _contract(rows, rng, number, service, start, organisations, sources)
    if rng.random() < 0.3:
        _planned_successor(rows, rng, s, service, start, sources)
    if s % 50 == 0:
        rows.add(
            "deadline",
            ref=f"SYN-D{s:05d}",
            title=f"Relazione mensile di monitoraggio {s}",
            due=date(2024, 1, 31),
            lead_days=10,
            subject_ref=f"SYN-S{s:05d}",
            recurrence="monthly",
            state="open",
            done_through=date(2025, 6, 30),
        )


def _contract(
    rows: Rows,
    rng: random.Random,
    number: int,
    service: int,
    start: date,
    organisations: list[int],
    sources: list[int],
) -> date:
    """One tender, lot and contract for a service; returns where the next one starts.

    The random draws happen in a fixed order, so a seed always gives the same
    database: the helpers below are called in that order and must stay so.
    """
    months = rng.choice((12, 24, 36, 36, 48))
    end = end_of_term(start, months)
    lot = _tender_and_lot(rows, rng, number, start)
    rows.link("lot_service", lot_id=lot, service_id=service)
    organisation, consortium = _supplier(rows, rng, number, organisations)
    amount = _amount(rng, 40_000, 900_000)
    contract = rows.add(
        "contract",
        ref=f"SYN-C{number:06d}",
        title=f"Contratto sintetico {number}",
        lot_id=lot,
        cig=standard_cig(1_000_000 + number),
        supplier_organisation_id=organisation,
        supplier_consortium_id=consortium,
        signed_on=start - timedelta(days=rng.randrange(1, 30)),
        start=start,
        end=end,
        months=months,
        amount_cents=amount["cents"],
        amount_basis=amount["basis"],
        amount_vat_rate=amount["vat_rate"],
    )
    rows.link("contract_service", contract_id=contract, service_id=service)
    covered, extra_cents = _extension(
        rows, rng, number, contract, (end, months), amount
    )
    funded_cents = _gross_cents(amount["cents"], amount) + extra_cents
    if rng.random() < 0.05:
        _option(
            rows,
            (number, contract, "Q1"),
            amount,
            amount["cents"] // rng.choice((10, 4)),
            kind="quinto_variation",
            state="exercised",
        )
    if rng.random() < 0.8:
        rows.add(
            "funding_allocation",
            ref=f"SYN-F{number:06d}",
            source_id=rng.choice(sources),
            contract_id=contract,
            amount_cents=None if rng.random() < 0.5 else funded_cents,
            status="confirmed",
        )
    # A quarter of the services wait for their next contract, a tenth overlap.
    step = rng.random()
    if step < 0.25:
        return covered + timedelta(days=rng.randrange(2, 120))
    if step < 0.35:
        return covered - timedelta(days=rng.randrange(1, 30))
    return covered + timedelta(days=1)


def _tender_and_lot(rows: Rows, rng: random.Random, number: int, start: date) -> int:
    """An awarded single-lot tender; returns the lot."""
    tender = rows.add(
        "tender",
        ref=f"SYN-T{number:06d}",
        title=f"Servizio di accompagnamento sociale {number}",
        procedure_type=rng.choice(PROCEDURES),
        status="awarded",
        planned_start=start,
        award_date=start - timedelta(days=rng.randrange(30, 90)),
    )
    return rows.add(
        "lot",
        ref=f"SYN-T{number:06d}-L1",
        tender_id=tender,
        number=1,
        title="Lotto unico",
        cig=standard_cig(1_000_000 + number),
    )


def _supplier(
    rows: Rows, rng: random.Random, number: int, organisations: list[int]
) -> tuple[int | None, int | None]:
    """Half the contracts go to an ATI/RTI of two to four members, the rest to one
    organisation; returns (organisation, consortium), one of them None."""
    if rng.random() >= 0.5:
        return rng.choice(organisations), None
    members = rng.sample(organisations, rng.randrange(2, 5))
    consortium = rows.add(
        "consortium",
        ref=f"SYN-ATI{number:06d}",
        name=f"ATI sintetica {number}",
        kind=rng.choice(("ATI", "RTI")),
    )
    shares = _shares(rng, len(members))
    if rng.random() < 0.05:
        # A few leads hold less than a member: the mandataria finding must see them.
        shares.reverse()
    for position, (organisation, share) in enumerate(zip(members, shares, strict=True)):
        rows.add(
            "consortium_member",
            consortium_id=consortium,
            organisation_id=organisation,
            position=position,
            role="mandataria" if position == 0 else "mandante",
            share_hundredths=share,
        )
    return None, consortium


def _extension(
    rows: Rows,
    rng: random.Random,
    number: int,
    contract: int,
    term: tuple[date, int],
    amount: dict[str, Any],
) -> tuple[date, int]:
    """A renewal (two in five contracts) or a proroga tecnica (one in ten) after the
    base period; returns the end of coverage and the gross cents it adds."""
    end = term[0]
    roll = rng.random()
    if roll < 0.4:
        return _renewal(rows, rng, number, contract, term, amount)
    if roll >= 0.5:
        return end, 0
    proroga_end = end + timedelta(days=rng.randrange(60, 180))
    _option(
        rows,
        (number, contract, "P1"),
        amount,
        amount["cents"] // 8,
        kind="proroga_tecnica",
        state="exercised",
        start=end + timedelta(days=1),
        end=proroga_end,
    )
    return proroga_end, _gross_cents(amount["cents"] // 8, amount)


def _renewal(
    rows: Rows,
    rng: random.Random,
    number: int,
    contract: int,
    term: tuple[date, int],
    amount: dict[str, Any],
) -> tuple[date, int]:
    end, months = term
    renewal_months = rng.choice((6, 12))
    exercised = rng.random() < 0.6
    renewal_start = end + timedelta(days=1)
    state = "exercised" if exercised else "planned"
    if not exercised and renewal_start < DECIDED_BEFORE:
        state = "lapsed"
    renewal_end = end_of_term(renewal_start, renewal_months)
    # Pro rata temporis, but one in ten is not: the renewal finding must see them.
    expected = amount["cents"] * renewal_months // months
    _option(
        rows,
        (number, contract, "R1"),
        amount,
        expected if rng.random() < 0.9 else expected + 123_45,
        kind="renewal",
        state=state,
        start=renewal_start,
        end=renewal_end,
        months=renewal_months,
    )
    if exercised:
        return renewal_end, _gross_cents(expected, amount)
    return end, 0


def _option(
    rows: Rows,
    of: tuple[int, int, str],
    amount: dict[str, Any],
    cents: int,
    **values: Any,
) -> None:
    """An option of contract ``of`` (its number, its id and the option's suffix),
    stated on the basis and rate of the contract's ``amount``."""
    number, contract, suffix = of
    rows.add(
        "contract_option",
        ref=f"SYN-C{number:06d}-{suffix}",
        contract_id=contract,
        amount_cents=cents,
        amount_basis=amount["basis"],
        amount_vat_rate=amount["vat_rate"],
        **values,
    )


def _gross_cents(cents: int, like: dict[str, Any]) -> int:
    """The gross, in cents, of ``cents`` stated on the basis and rate of ``like``."""
    amount = Amount(from_cents(cents), Basis(like["basis"]), VatRate(like["vat_rate"]))
    # synthetic amounts state the gross, or the net with a known rate
    assert amount.gross is not None
    return to_cents(amount.gross)


def _shares(rng: random.Random, count: int) -> list[int]:
    """Shares in hundredths of a point adding up to 100%, largest first."""
    cuts = sorted(rng.sample(range(1, 100), count - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return [p * 100 for p in sorted(parts, reverse=True)]


def _planned_successor(
    rows: Rows,
    rng: random.Random,
    s: int,
    service: int,
    start: date,
    sources: list[int],
) -> None:
    tender = rows.add(
        "tender",
        ref=f"SYN-G{s:05d}",
        title=f"Nuova gara per il laboratorio sintetico {s}",
        procedure_type="aperta",
        status=rng.choice(("planned", "proposed", "published")),
        planned_start=start,
        planned_months=36,
    )
    lot = rows.add(
        "lot", ref=f"SYN-G{s:05d}-L1", tender_id=tender, number=1, title="Lotto unico"
    )
    rows.link("lot_service", lot_id=lot, service_id=service)
    rows.add(
        "funding_allocation",
        ref=f"SYN-FG{s:05d}",
        source_id=rng.choice(sources),
        tender_id=tender,
        amount_cents=rng.randrange(100_000, 900_000) * 100,
        status=rng.choice(("planned", "pending_confirmation", "confirmed")),
    )
