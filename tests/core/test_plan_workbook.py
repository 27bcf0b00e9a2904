"""The plan workbook read back: scheda H, scheda G, the commitments by year and
the needs, in Italian and English, typed cells, written whole or not at all."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.core.test_bad_targets import read_only
from tracker.api import Tracker
from tracker.cli import main
from tracker.db import session_scope
from tracker.domain.programme_purchases import PlanMoney
from tracker.queries.planning import PlanData, read_plan

D = date
E = Decimal
COMMITTEE_DAY = D(2023, 1, 17)
EURO_IT = '#,##0.00 "€"'


def plan(milan: Tracker, *scenarios: str) -> PlanData:
    with session_scope(milan._sessions) as session:
        return read_plan(
            session,
            from_year=2023,
            as_of=COMMITTEE_DAY,
            settings=milan.settings,
            scenarios=scenarios,
        )


def money(milan: Tracker) -> PlanMoney:
    found = plan(milan).baseline.money
    assert found is not None
    return found


Capture = pytest.CaptureFixture[str]


def command(
    capsys: Capture, db_url: str, target: Path, language: str, *more: str
) -> tuple[int, str, str]:
    status = main(
        [
            *("--db", db_url, "--lang", language, "plan", "--from", "2023"),
            *("--as-of", "17/01/2023", "-o", str(target), *more),
        ]
    )
    out, err = capsys.readouterr()
    return status, out, err


def write(
    capsys: Capture, db_url: str, target: Path, language: str, *more: str
) -> openpyxl.Workbook:
    status, out, err = command(capsys, db_url, target, language, *more)
    assert (status, err) == (0, "")
    assert str(target) in out
    return openpyxl.load_workbook(target)


def rows(sheet: object) -> list[list[object]]:
    return [[c.value for c in row] for row in sheet.iter_rows()]  # type: ignore[attr-defined]


@pytest.mark.usefixtures("milan")
def test_the_italian_workbook(capsys: Capture, db_url: str, tmp_path: Path) -> None:
    book = write(capsys, db_url, tmp_path / "programma.xlsx", "it")
    assert book.sheetnames == ["Scheda H", "Scheda G", "Impegni per anno", "Fabbisogni"]
    assert (
        book.properties.title
        == "Programma triennale degli acquisti 2023-2025 al 17/01/2023"
    )

    h = rows(book["Scheda H"])
    assert h[0][:9] == [
        "CUI",
        "Stato del CUI",
        "Gara",
        "CUP",
        "CPV",
        "Descrizione",
        "RUP",
        "Durata (mesi)",
        "Nuovo affidamento di contratto in essere",
    ]
    assert h[0][9:] == [
        "2023",
        "2024",
        "2025",
        "Dopo il 2025",
        "Totale",
        "Finanziamento",
        "Nota",
    ]
    assert len(h) == 2
    lor = h[1]
    # the planned tender meets the need; the buyer is not recorded: no CUI
    assert lor[:3] == [
        None,
        "nessuno: il codice fiscale della stazione appaltante non è registrato",
        "LOR-2023",
    ]
    assert lor[7:9] == [36, "LOR-2019-C1"]
    # the need's estimate, 816.108,80 VAT included from 17/01/2023 to 31/12/2025,
    # over 349 + 366 + 365 days
    assert lor[9:14] == [263724.05, 276570.2, 275814.55, 0, 816108.8]
    assert lor[14:] == ["Regione Lombardia", None]
    cell = book["Scheda H"]["J2"]
    assert (cell.data_type, cell.number_format) == ("n", EURO_IT)

    g = rows(book["Scheda G"])
    assert g[0] == [
        "Fonte di finanziamento",
        "2023",
        "2024",
        "2025",
        "Dopo il 2025",
        "Totale",
        "Nota",
    ]
    assert g[1] == [
        "Regione Lombardia",
        263724.05,
        276570.2,
        275814.55,
        0,
        816108.8,
        None,
    ]
    assert g[2] == ["Totale", 263724.05, 276570.2, 275814.55, 0, 816108.8, None]
    # each year's total is the sum of scheda H's rows
    for column in range(9, 14):
        assert g[2][column - 8] == pytest.approx(sum(r[column] for r in h[1:]))
    # Regione Lombardia's funds await confirmation: all of it is still to find
    assert g[3] == ["Finanziamenti confermati", 0, 0, 0, 0, 0, None]
    assert g[4] == [
        "Da reperire (totale meno finanziamenti confermati)",
        263724.05,
        276570.2,
        275814.55,
        0,
        816108.8,
        None,
    ]

    needs = rows(book["Fabbisogni"])
    assert needs[0][4:8] == [
        "Avviare la procedura entro",
        "Valore stimato",
        "Importo indicato",
        "Stima",
    ]
    # a spreadsheet's day has no zone
    day = datetime
    assert needs[1] == [
        "scheda H",
        "Laboratorio Sociale Lorenteggio",
        day(2022, 12, 21),
        day(2025, 12, 31),
        day(2022, 6, 23),
        816108.8,
        "IVA inclusa",
        "il costo giornaliero del contratto LOR-2019-C1 (966.484,40\xa0€ per "
        "1.279 giorni) su 1.080 giorni",
        "LOR-2023",
        "Regione Lombardia (in attesa di conferma)",
        "LOR-2019-C1",
        None,
    ]
    assert [r[1] for r in needs[2:]] == [
        "Laboratorio di Quartiere Mazzini",
        "Laboratorio di Quartiere San Siro",
        "Laboratorio di Quartiere Gratosoglio",
        "Laboratorio di Quartiere Molise-Calvairate",
        "Laboratorio di Quartiere Ponte Lambro",
    ]
    mazzini = needs[2]
    assert mazzini[0] == "valore non stimato"
    # the value not estimated stays an empty cell, never 0
    assert mazzini[5:9] == [
        None,
        None,
        "non stimato: inserire il valore stimato nella gara",
        "SCN-CDQ-2024",
    ]
    sheet = book["Fabbisogni"]
    assert (sheet["C2"].number_format, sheet["F2"].number_format) == (
        "DD/MM/YYYY",
        EURO_IT,
    )

    impegni = rows(book["Impegni per anno"])
    assert impegni[0][:3] == ["Voce", "Riferimento", "Titolo"]
    assert impegni[1][:4] == ["Contratto", "PRO-2020-GRATOSOGLIO", impegni[1][2], None]
    assert impegni[1][-1] == "non indicato: PRO-2020-GRATOSOGLIO"


@pytest.mark.usefixtures("milan")
def test_the_english_workbook(capsys: Capture, db_url: str, tmp_path: Path) -> None:
    book = write(capsys, db_url, tmp_path / "plan.xlsx", "en")
    assert book.sheetnames == ["Scheda H", "Scheda G", "Commitments by year", "Needs"]
    assert rows(book["Scheda H"])[0][9:14] == [
        "2023",
        "2024",
        "2025",
        "After 2025",
        "Total",
    ]
    assert book["Scheda H"]["J2"].number_format == '"€"#,##0.00'


@pytest.mark.usefixtures("milan")
def test_a_scenario_adds_its_schede_and_needs(
    capsys: Capture, db_url: str, tmp_path: Path
) -> None:
    book = write(
        capsys,
        db_url,
        tmp_path / "scenario.xlsx",
        "it",
        "--scenario",
        "SCN-CDQ-2024",
        "SCN-SAN-SIRO-PINQUA",
        "SCN-LOR-2025",
    )
    assert book.sheetnames == [
        "Scheda H",
        "Scheda G",
        "Impegni per anno",
        "Fabbisogni",
        "Scheda H (scenario)",
        "Scheda G (scenario)",
        "Fabbisogni (scenario)",
    ]
    # the baseline's sheets are those of the plan without the scenario
    assert rows(book["Scheda H"])[1][2] == "LOR-2023"
    assert [r[2] for r in rows(book["Scheda H (scenario)"])[1:]] == ["SCN-LOR-2025"]
    # Mazzini's contract ends 30/06/2023 and the scenario's tender starts in 2024
    mazzini = [
        r
        for r in rows(book["Fabbisogni (scenario)"])
        if r[1] == "Laboratorio di Quartiere Mazzini"
    ]
    day = datetime  # a spreadsheet's day has no zone
    assert [r[2:4] for r in mazzini] == [[day(2023, 7, 1), day(2023, 12, 31)]]


@pytest.mark.usefixtures("milan")
def test_a_read_only_folder_is_named_and_nothing_is_written(
    capsys: Capture, db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    target = folder / "plan.xlsx"
    with read_only(folder):
        status, out, err = command(capsys, db_url, target, "en")
    assert (status, out) == (1, "")
    assert f"cannot write {target}: " in err
    assert "Traceback" not in err
    assert list(folder.iterdir()) == []


@pytest.mark.usefixtures("milan")
def test_a_missing_folder_is_named_in_italian(
    capsys: Capture, db_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "nowhere" / "plan.xlsx"
    status, out, err = command(capsys, db_url, target, "it")
    assert (status, out) == (1, "")
    assert f"impossibile scrivere {target}: la cartella non esiste" in err


@pytest.mark.usefixtures("milan")
def test_an_existing_workbook_is_replaced_only_with_force(
    capsys: Capture, db_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    status, out, err = command(capsys, db_url, target, "en")
    assert (status, out) == (1, "")
    assert err.endswith(
        f"{target} already exists: nothing was written (--force overwrites it)\n"
    )
    assert target.read_bytes() == b"old"
    book = write(capsys, db_url, target, "en", "--force")
    assert book.sheetnames[0] == "Scheda H"
