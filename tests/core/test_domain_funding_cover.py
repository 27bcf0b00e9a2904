"""A contract's value against the funds confirmed for it, as a pure rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.core.plain_records import Contract, Option
from tracker.domain.alerts import AlertKind, Finding, Severity
from tracker.domain.funding import (
    AllocationFact,
    FundingCover,
    OverFunding,
    cover_findings,
    weigh_cover,
)
from tracker.domain.money import Amount, VatRate
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.findings import message

AS_OF = date(2023, 1, 17)


def gross(value: str) -> Amount:
    return Amount.of_gross(Decimal(value))


def net(value: str, rate: VatRate = VatRate.STANDARD) -> Amount:
    return Amount.of_net(Decimal(value), rate)


WEIGHED = {
    "a gross within the funds": ([gross("1000.00")], "1000.00", None),
    "a gross above the funds": ([gross("1000.01")], "1000.00", FundingCover.EXCEEDS),
    "a net with its rate is weighed VAT included": (
        [net("900.00")],
        "1000.00",
        FundingCover.EXCEEDS,
    ),
    "a net with its rate within the funds": ([net("800.00")], "976.00", None),
    "a net without its rate above the funds is above for certain": (
        [net("1200.00", VatRate.UNKNOWN)],
        "1000.00",
        FundingCover.EXCEEDS,
    ),
    "a net without its rate below the funds cannot be verified": (
        [net("900.00", VatRate.UNKNOWN)],
        "1000.00",
        FundingCover.UNCHECKABLE,
    ),
    "an exercised option of no stated amount leaves a floor": (
        [gross("900.00"), None],
        "1000.00",
        FundingCover.UNCHECKABLE,
    ),
    "a floor above the funds is above for certain": (
        [gross("1100.00"), None],
        "1000.00",
        FundingCover.EXCEEDS,
    ),
    "a base and a renewal add up": (
        [gross("828415.20"), gross("138069.20")],
        "966484.40",
        None,
    ),
    "no confirmed funds at all": ([gross("10.00")], "0.00", FundingCover.EXCEEDS),
}


@pytest.mark.parametrize(
    ("amounts", "funded", "expected"), WEIGHED.values(), ids=WEIGHED.keys()
)
def test_a_value_is_above_the_funds_only_when_what_is_known_of_it_is(
    amounts: list[Amount | None], funded: str, expected: FundingCover | None
) -> None:
    assert weigh_cover(amounts, Decimal(funded)) == expected


def contract(
    ref: str,
    amount: Amount | None,
    *options: Option,
    tender: str | None = "T1",
    until: date = date(2023, 6, 30),
) -> Contract:
    return Contract(ref, until, options, amount=amount, tender=tender, end=until)


def funds(
    funded: str,
    amount: str | None,
    status: str = "confirmed",
    ref: str = "A",
) -> AllocationFact:
    return AllocationFact(
        f"{ref}-{funded}-{status}",
        "RL",
        "Regione Lombardia",
        None,
        funded,
        None if amount is None else Decimal(amount),
        status,
    )


RENEWAL = Option("C1-R1", "renewal", "exercised", None, amount=gross("200.00"))
PLANNED = Option("C1-R2", "renewal", "planned", None, amount=gross("5000.00"))

CASES: dict[str, tuple[list[AllocationFact], list[Contract], list[tuple[str, str]]]] = {
    "the tender's confirmed funds cover a contract without its own": (
        [funds("T1", "1200.00")],
        [contract("C1", gross("1000.00"), RENEWAL, PLANNED)],
        [],
    ),
    "an exercised renewal takes it above the tender's funds": (
        [funds("T1", "1100.00")],
        [contract("C1", gross("1000.00"), RENEWAL, PLANNED)],
        [("C1", "T1")],
    ),
    "funds pending confirmation do not count": (
        [funds("T1", "600.00"), funds("T1", "600.00", "pending_confirmation", "B")],
        [contract("C1", gross("1000.00"))],
        [("C1", "T1")],
    ),
    "the tender's contracts share its funds": (
        [funds("T1", "1500.00")],
        [contract("C1", gross("1000.00")), contract("C2", gross("1000.00"))],
        [("T1", "T1")],
    ),
    "a contract's own confirmed funds add to its tender's": (
        [funds("T1", "600.00"), funds("C1", "300.00")],
        [contract("C1", gross("1000.00"))],
        [("C1", "T1")],
    ),
    "together they cover it": (
        [funds("T1", "600.00"), funds("C1", "400.00")],
        [contract("C1", gross("1000.00"))],
        [],
    ),
    "a contract's own pending funds do not count": (
        [funds("C1", "1000.00", "pending_confirmation")],
        [contract("C1", gross("1000.00"), tender=None)],
        [("C1", "C1")],
    ),
    "own funds all confirmed and no tender's: the mismatch finding says it": (
        [funds("C1", "600.00")],
        [contract("C1", gross("1000.00"))],
        [],
    ),
    "confirmed funds of no stated amount cannot be weighed": (
        [funds("T1", None)],
        [contract("C1", gross("1000.00"))],
        [],
    ),
    "no funding recorded is not funding of nothing": (
        [funds("T9", "10.00")],
        [contract("C1", gross("1000.00")), contract("C2", gross("5.00"), tender=None)],
        [],
    ),
    "a contract ended over a year ago is history": (
        [funds("T1", "10.00")],
        [contract("C1", gross("1000.00"), until=date(2021, 12, 31))],
        [],
    ),
    "a contract of no stated amount has nothing to weigh": (
        [funds("T1", "10.00")],
        [contract("C1", None)],
        [],
    ),
}


@pytest.mark.parametrize(
    ("allocations", "contracts", "expected"), CASES.values(), ids=CASES.keys()
)
def test_contracts_above_their_confirmed_funds(
    allocations: list[AllocationFact],
    contracts: list[Contract],
    expected: list[tuple[str, str]],
) -> None:
    found = cover_findings(allocations, contracts, as_of=AS_OF)
    assert all(f.kind is AlertKind.FUNDING_SHORTFALL for f in found)
    assert [(f.ref, f.detail.funds) for f in found] == expected  # type: ignore[attr-defined]


def test_the_finding_states_the_value_the_funds_and_the_excess() -> None:
    [found] = cover_findings(
        [funds("T1", "1100.00")],
        [contract("C1", gross("1000.00"), RENEWAL)],
        as_of=AS_OF,
    )
    assert found.severity is Severity.WARNING
    assert found.subject == "Laboratorio"
    assert found.detail == OverFunding(
        ("C1",),
        "T1",
        Decimal("1100.00"),
        Decimal("1200.00"),
        Decimal("1200.00"),
        FundingCover.EXCEEDS,
    )
    assert found.detail.excess == Decimal("100.00")


def test_funds_of_the_contract_and_of_its_tender_are_said_together() -> None:
    [found] = cover_findings(
        [funds("T1", "600.00"), funds("C1", "300.00"), funds("C2", "50.00")],
        [contract("C1", gross("1000.00")), contract("C2", gross("100.00"))],
        as_of=AS_OF,
    )
    assert (found.ref, found.subject) == ("T1", "T1")
    assert found.detail == OverFunding(
        ("C1", "C2"),
        "T1",
        Decimal("950.00"),
        Decimal("1100.00"),
        Decimal("1100.00"),
        FundingCover.EXCEEDS,
        own=True,
    )


def test_a_value_that_cannot_be_weighed_is_information() -> None:
    [found] = cover_findings(
        [funds("T1", "2000.00")],
        [contract("C1", net("1000.00", VatRate.UNKNOWN))],
        as_of=AS_OF,
    )
    assert found.severity is Severity.INFO
    assert isinstance(found.detail, OverFunding)
    assert (found.detail.gross, found.detail.floor, found.detail.cover) == (
        None,
        Decimal("1000.00"),
        FundingCover.UNCHECKABLE,
    )


NBSP = "\xa0"


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        pytest.param(
            OverFunding(
                ("LOR-2019-C1",),
                "LOR-2019",
                Decimal("1010666.54"),
                Decimal("1263333.18"),
                Decimal("1263333.18"),
                FundingCover.EXCEEDS,
            ),
            "LOR-2019-C1: base e opzioni esercitate per un totale di 1.263.333,18{s}€ "
            "IVA inclusa, oltre i 1.010.666,54{s}€ di fondi confermati per la gara "
            "LOR-2019 (252.666,64{s}€ senza copertura).",
            id="tender",
        ),
        pytest.param(
            OverFunding(
                ("C1",),
                "C1",
                Decimal("10.00"),
                None,
                Decimal("12.00"),
                FundingCover.EXCEEDS,
            ),
            "C1: base e opzioni esercitate per un totale di almeno 12,00{s}€ IVA "
            "inclusa, oltre i 10,00{s}€ di fondi confermati per il contratto "
            "(2,00{s}€ senza copertura).",
            id="own-floor",
        ),
        pytest.param(
            OverFunding(
                ("C1", "C2"),
                "T1",
                Decimal("950.00"),
                Decimal("1100.00"),
                Decimal("1100.00"),
                FundingCover.EXCEEDS,
                own=True,
            ),
            "C1, C2: base e opzioni esercitate per un totale complessivo di "
            "1.100,00{s}€ IVA inclusa, oltre i 950,00{s}€ di fondi confermati per i "
            "contratti e per la loro gara T1 (150,00{s}€ senza copertura).",
            id="tender-and-own",
        ),
        pytest.param(
            OverFunding(
                ("C1",),
                "T1",
                Decimal("2000.00"),
                None,
                Decimal("1000.00"),
                FundingCover.UNCHECKABLE,
            ),
            "C1: non verificabile se base e opzioni esercitate restino entro i "
            "2.000,00{s}€ di fondi confermati per T1: sono noti almeno "
            "1.000,00{s}€ IVA inclusa, ma manca un'aliquota IVA o l'importo di "
            "un'opzione.",
            id="uncheckable",
        ),
    ],
)
def test_the_finding_reads_in_italian(detail: OverFunding, expected: str) -> None:
    set_language("it")
    try:
        words = message(
            Finding(
                Severity.WARNING, AlertKind.FUNDING_SHORTFALL, None, "x", "x", detail
            ),
            Formatter("it"),
            AS_OF,
        )
    finally:
        set_language("en")
    assert words == expected.format(s=NBSP)
