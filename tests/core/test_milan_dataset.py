"""The Milan dataset says what the seed documents say, and nothing more."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import MILAN, SHARED
from tracker.api import ContractDetail, TenderDetail, Tracker
from tracker.cli import main

SEEDS_README = SHARED / "seeds" / "README.md"
CDQ = ("MAZZINI", "SAN-SIRO", "MOLISE-CALVAIRATE", "GRATOSOGLIO", "PONTE-LAMBRO")


def _raw() -> dict[str, object]:
    data: dict[str, object] = json.loads(MILAN.read_text(encoding="utf-8"))
    return data


def test_lorenteggio_contract_as_the_deck_states_it(milan: Tracker) -> None:
    contract = next(c for c in milan.list_contracts() if c.ref == "LOR-2019-C1")
    assert contract.tender == "LOR-2019"
    assert (contract.start, contract.end) == (date(2019, 6, 21), date(2022, 6, 20))
    assert contract.months == 36
    assert contract.covered_until == date(2022, 12, 20)
    assert contract.amount is not None
    assert contract.amount.gross == Decimal("828415.20")
    assert contract.amount.vat_rate == "unknown"
    assert contract.amount.net is None
    assert contract.amount.vat is None
    [renewal] = contract.options
    assert (renewal.kind, renewal.state) == ("renewal", "exercised")
    assert (renewal.start, renewal.end, renewal.months) == (
        date(2022, 6, 21),
        date(2022, 12, 20),
        6,
    )
    assert renewal.amount is not None
    assert renewal.amount.gross == Decimal("138069.20")
    assert contract.total_base_and_exercised is not None
    assert contract.total_base_and_exercised.gross == Decimal("966484.40")
    assert contract.total_base_and_exercised.net is None
    supplier = contract.supplier
    assert supplier is not None
    assert supplier.kind == "ATI"
    assert [(m.ref, m.role) for m in supplier.members] == [
        ("SPAZIO-APERTO", "mandataria"),
        ("ARS", "mandante"),
        ("A-I", "mandante"),
        ("DIKE", "mandante"),
        ("KCITY", "mandante"),
    ]
    assert all(m.share is None for m in supplier.members)
    detail = milan.get_record("LOR-2019-C1")
    assert isinstance(detail, ContractDetail)
    [allocation] = detail.allocations
    assert allocation.source == "POR-FSE-2014-2020"
    assert allocation.eligible_until == date(2023, 12, 31)
    assert [(s.role.split(" ")[0], s.count) for s in detail.staffing] == [
        ("Operatori", 12),
        ("Comitato", 3),
    ]


def test_professional_contracts_end_on_the_dates_of_the_deck(milan: Tracker) -> None:
    ends = {
        c.ref: c.end for c in milan.list_contracts() if c.ref.startswith("PRO-2020-")
    }
    assert ends == {
        "PRO-2020-MAZZINI": date(2023, 6, 30),
        "PRO-2020-SAN-SIRO": date(2023, 6, 30),
        "PRO-2020-GRATOSOGLIO": date(2023, 12, 31),
        "PRO-2020-PONTE-LAMBRO": date(2023, 12, 31),
        "PRO-2020-MOLISE-CALVAIRATE": date(2023, 12, 31),
    }


def test_cdq_contracts_ended_on_30_april_2016(milan: Tracker) -> None:
    contracts = [c for c in milan.list_contracts() if c.ref.startswith("CDQ-2006-")]
    assert sorted(c.services[0] for c in contracts) == sorted(f"LDQ-{n}" for n in CDQ)
    assert {c.end for c in contracts} == {date(2016, 4, 30)}
    assert {c.start_precision for c in contracts} == {"year"}


def test_tenders_and_their_states(milan: Tracker) -> None:
    tenders = {t.ref: t for t in milan.list_tenders()}
    assert {ref: t.status for ref, t in tenders.items()} == {
        "LDQ-2016": "planned",
        "LOR-2019": "awarded",
        "LOR-2023": "planned",
        "SCN-CDQ-2024": "proposed",
        "SCN-SAN-SIRO-PINQUA": "proposed",
        "SCN-LOR-2025": "proposed",
    }
    ldq = tenders["LDQ-2016"]
    assert len(ldq.lots) == 5
    assert ldq.planned_start == date(2016, 5, 2)
    assert ldq.planned_months == 36
    assert ldq.note is not None
    assert "non conferma" in ldq.note
    assert sorted(s for lot in ldq.lots for s in lot.services) == sorted(
        f"LDQ-{n}" for n in CDQ
    )
    assert tenders["SCN-LOR-2025"].procedure_type == "aperta"
    assert tenders["SCN-CDQ-2024"].lots[0].services == (
        "LDQ-GRATOSOGLIO",
        "LDQ-MAZZINI",
        "LDQ-MOLISE-CALVAIRATE",
        "LDQ-PONTE-LAMBRO",
    )
    detail = milan.get_record("LOR-2023")
    assert isinstance(detail, TenderDetail)
    [funding] = detail.allocations
    assert (funding.source, funding.status) == (
        "REGIONE-LOMBARDIA",
        "pending_confirmation",
    )


def test_no_identifier_is_invented(milan: Tracker) -> None:
    """The seeds give no partita IVA, CIG or CUP: the dataset leaves them empty."""
    assert all(
        o.partita_iva is None and o.codice_fiscale is None
        for o in milan.list_organisations()
    )
    for tender in milan.list_tenders():
        assert tender.cup is None
        assert tender.rup is None
        assert all(lot.cig is None for lot in tender.lots)
    assert all(c.cig is None for c in milan.list_contracts())


def test_uncertain_readings_are_noted_not_hidden() -> None:
    raw = _raw()
    neighbourhoods = {n["ref"]: n for n in raw["neighbourhoods"]}  # type: ignore[attr-defined]
    for ref in ("MOLISE-CALVAIRATE", "GRATOSOGLIO", "MAZZINI"):
        assert "OCR" in neighbourhoods[ref]["note"]
    assert neighbourhoods["LORENTEGGIO"]["inhabitants_approximate"] is True
    consortia: list[dict[str, str]] = raw["consortia"]  # type: ignore[assignment]
    assert len(consortia) == 1
    assert "quote" in consortia[0]["note"].lower()


def _seed_figures() -> dict[str, tuple[int, int | None, int]]:
    table: dict[str, tuple[int, int | None, int]] = {}
    for line in SEEDS_README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 7 or not cells[2].isdigit():
            continue
        name, _programme, _municipio, inhabitants, households, dwellings, _reading = (
            cells
        )

        def number(text: str) -> int | None:
            digits = re.sub(r"[^0-9]", "", text)
            return int(digits) if digits else None

        table[name] = (
            number(inhabitants) or 0,
            number(households),
            number(dwellings) or 0,
        )
    return table


@pytest.mark.skipif(
    not SEEDS_README.is_file(), reason="../shared/seeds is not beside the repo"
)
def test_neighbourhood_figures_match_the_seed_reading() -> None:
    seeds = _seed_figures()
    assert len(seeds) == 6
    dataset = {
        n["name"]: (n["inhabitants"], n.get("households"), n["erp_dwellings"])
        for n in _raw()["neighbourhoods"]  # type: ignore[attr-defined]
    }
    assert dataset == seeds


def test_list_contracts_json_shows_lorenteggio_exactly(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    assert main(["--db", db_url, "list", "contracts", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    [lor] = [c for c in report["contracts"] if c["ref"] == "LOR-2019-C1"]
    assert lor["start"] == "2019-06-21"
    assert lor["end"] == "2022-06-20"
    assert lor["covered_until"] == "2022-12-20"
    assert lor["amount"] == {
        "basis": "gross",
        "vat_rate": "unknown",
        "net": None,
        "vat": None,
        "gross": "828415.20",
    }
    [renewal] = lor["options"]
    assert renewal["amount"]["gross"] == "138069.20"
    assert (renewal["start"], renewal["end"], renewal["state"]) == (
        "2022-06-21",
        "2022-12-20",
        "exercised",
    )
    assert lor["total_base_and_exercised"]["gross"] == "966484.40"
    members = lor["supplier"]["members"]
    assert len(members) == 5
    assert members[0]["name"] == "Spazio Aperto Servizi Società Cooperativa Sociale"
    assert members[0]["role"] == "mandataria"
