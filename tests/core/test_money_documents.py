"""A three-member ATI on a funded tender: every document gives the members' parts
adding up to the printed total, the tender's funds, and a value above them."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import COMMITTEE_DAY
from tracker.api import Tracker
from tracker.cli import main
from tracker.dataset import parse_dataset
from tracker.export.dossier import write_dossier
from tracker.formatting import Formatter
from tracker.i18n import set_language

TRIAL: dict[str, Any] = {
    "format": "appalti-dataset",
    "version": 1,
    "neighbourhoods": [{"ref": "LOR", "name": "Lorenteggio"}],
    "services": [
        {
            "ref": "LSL",
            "name": "Laboratorio Sociale Lorenteggio",
            "neighbourhood": "LOR",
            "required_from": "2023-01-01",
        }
    ],
    "organisations": [
        {"ref": "SPAZIO", "name": "Spazio Aperto Servizi"},
        {"ref": "ARS", "name": "ARS"},
        {"ref": "DIKE", "name": "DIKE"},
    ],
    "consortia": [
        {
            "ref": "ATI-LOR",
            "name": "ATI Lorenteggio",
            "kind": "ATI",
            "members": [
                {"organisation": "SPAZIO", "role": "mandataria", "share": "65"},
                {"organisation": "ARS", "role": "mandante", "share": "20"},
                {"organisation": "DIKE", "role": "mandante", "share": "15"},
            ],
        }
    ],
    "funding_sources": [{"ref": "RL", "name": "Regione Lombardia", "kind": "regional"}],
    "tenders": [
        {
            "ref": "LOR-2023",
            "title": "Laboratorio Sociale Lorenteggio 2023",
            "status": "awarded",
            "lots": [
                {
                    "ref": "LOR-2023-L1",
                    "number": 1,
                    "title": "Lotto",
                    "services": ["LSL"],
                }
            ],
        }
    ],
    "contracts": [
        {
            "ref": "LOR-2023-C1",
            "title": "Accompagnamento sociale Lorenteggio",
            "lot": "LOR-2023-L1",
            "supplier": "ATI-LOR",
            "start": "2023-01-01",
            "end": "2025-12-31",
            "amount": {"gross": "1263333.18", "vat_rate": "unknown"},
        }
    ],
    "allocations": [
        {
            "ref": "FIN-LOR-2023-RL",
            "source": "RL",
            "funds": "LOR-2023",
            "amount": "1010666.54",
            "status": "confirmed",
        }
    ],
}
PARTS = ("821.166,57 €", "252.666,63 €", "189.499,98 €")


@pytest.fixture
def trial(tracker: Tracker) -> Tracker:
    tracker.load_dataset(parse_dataset(json.dumps(TRIAL)))
    return tracker


def euros(text: str) -> Decimal:
    return Decimal(text.removesuffix(" €").replace(".", "").replace(",", "."))


def test_the_dossier_gives_parts_adding_up_to_the_total_and_the_shortfall(
    trial: Tracker,
) -> None:
    set_language("it")
    out = io.BytesIO()
    write_dossier(
        trial.dossier("LOR-2023", COMMITTEE_DAY), out, Formatter("it"), author="RUP"
    )
    pages = [p.extract_text() or "" for p in PdfReader(out).pages]
    text = " ".join(" ".join(pages).replace("\xa0", " ").split())
    for part in PARTS:
        assert part in text, part
    assert sum(map(euros, PARTS)) == Decimal("1263333.18")
    assert "1.263.333,18 €" in text
    assert (
        "LOR-2023-C1: base e opzioni esercitate per un totale di 1.263.333,18 € "
        "IVA inclusa, oltre i 1.010.666,54 € di fondi confermati per la gara "
        "LOR-2023 (252.666,64 € senza copertura)."
    ) in text
    # flagged on the tender's funds and among the open alerts
    assert text.count("(252.666,64 € senza copertura)") == 2


@pytest.mark.usefixtures("trial")
def test_show_gives_the_parts_and_the_tenders_funds(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "--lang", "it", "show", "LOR-2023-C1"]) == 0
    out = capsys.readouterr().out.replace("\xa0", " ")
    assert "mandataria: Spazio Aperto Servizi, quota 65%, parte 821.166,57 €" in out
    assert "mandante: ARS, quota 20%, parte 252.666,63 €" in out
    assert "mandante: DIKE, quota 15%, parte 189.499,98 €" in out
    assert "Regione Lombardia → LOR-2023: 1.010.666,54 € (confermato)" in out


def test_the_alerts_say_the_contract_is_above_its_tenders_funds(
    trial: Tracker,
) -> None:
    [alert] = [
        a for a in trial.alerts(COMMITTEE_DAY) if a.kind.value == "funding_shortfall"
    ]
    assert (alert.severity.value, alert.ref) == ("warning", "LOR-2023-C1")
    assert alert.message == (
        "LOR-2023-C1: base and exercised options come to €1,263,333.18 VAT "
        "included, above the €1,010,666.54 of funds confirmed for its tender "
        "LOR-2023 (€252,666.64 not covered)."
    )
