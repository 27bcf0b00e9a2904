"""The plan workbook read back: scheda H, scheda G, the commitments by year and
the needs, in Italian and English, typed cells, written whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.core.test_bad_targets import read_only
from tracker.api import Tracker
from tracker.db import session_scope
from tracker.domain.money import Amount
from tracker.domain.periods import Period
from tracker.domain.programme_purchases import PlanMoney
from tracker.errors import TrackerError
from tracker.export.plan_workbook import plan_tables, save_plan_workbook
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.queries.plan_money import read_plan_money

D = date
E = Decimal
COMMITTEE_DAY = D(2023, 1, 17)
EURO_IT = '#,##0.00 "€"'


@dataclass(frozen=True)
class Need:
    key: str
    service: str
    description: str
    period: Period
    value: Amount | None
    tenders: tuple[str, ...]
    continues: str | None


NEEDS = (
    # an estimate given for the test, VAT included as the last contract's
    Need(
        "LSL-LORENTEGGIO/2022-12-21",
        "LSL-LORENTEGGIO",
        "Laboratorio Sociale Lorenteggio",
        Period(D(2022, 12, 21), D(2025, 12, 31)),
        Amount.of_gross(E("848000.00")),
        ("LOR-2023", "SCN-LOR-2025"),
        "LOR-2019-C1",
    ),
    Need(
        "LDQ-MAZZINI/2023-07-01",
        "LDQ-MAZZINI",
        "Laboratorio di Quartiere Mazzini",
        Period(D(2023, 7, 1), D(2025, 12, 31)),
        None,
        ("SCN-CDQ-2024",),
        "PRO-2020-MAZZINI",
    ),
)


def money(milan: Tracker) -> PlanMoney:
    with session_scope(milan._sessions) as session:
        return read_plan_money(session, from_year=2023, needs=NEEDS)


def write(milan: Tracker, target: Path, language: str) -> openpyxl.Workbook:
    set_language(language)
    fmt = Formatter(language)
    save_plan_workbook(
        target,
        plan_tables(money(milan), fmt),
        fmt,
        first_year=2023,
        as_of=COMMITTEE_DAY,
        author="m.rossi",
    )
    return openpyxl.load_workbook(target)


def rows(sheet: object) -> list[list[object]]:
    return [[c.value for c in row] for row in sheet.iter_rows()]  # type: ignore[attr-defined]


def test_the_italian_workbook(milan: Tracker, tmp_path: Path) -> None:
    book = write(milan, tmp_path / "programma.xlsx", "it")
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
    # 848.000,00 over 11 + 365 + 366 + 365 days; the 11 days of 2022 are said apart
    assert lor[9:14] == [279602.53, 280368.56, 279602.53, 0, 839573.62]
    assert lor[14] == "Regione Lombardia"
    assert lor[15] == "8.426,38\xa0€ ricade prima del 2023 (passato, fuori programma)"
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
        279602.53,
        280368.56,
        279602.53,
        0,
        839573.62,
        None,
    ]
    assert g[2] == ["Totale", 279602.53, 280368.56, 279602.53, 0, 839573.62, None]
    # each year's total is the sum of scheda H's rows
    for column in range(9, 14):
        assert g[-1][column - 8] == pytest.approx(sum(r[column] for r in h[1:]))

    needs = rows(book["Fabbisogni"])
    assert [r[0] for r in needs[1:]] == ["scheda H", "valore non stimato"]
    assert needs[2][1:3] == ["LDQ-MAZZINI/2023-07-01", "SCN-CDQ-2024"]
    # a spreadsheet's day has no zone
    start, end = datetime(2022, 12, 21), datetime(2025, 12, 31)  # noqa: DTZ001
    assert needs[1][5:9] == [start, end, 36, 848000]
    assert needs[1][9] == "IVA inclusa"
    assert book["Fabbisogni"]["F2"].number_format == "DD/MM/YYYY"
    # the value not estimated stays an empty cell, never 0
    assert needs[2][8] is None

    impegni = rows(book["Impegni per anno"])
    assert impegni[0][:3] == ["Voce", "Riferimento", "Titolo"]
    assert impegni[1][:4] == ["Contratto", "PRO-2020-GRATOSOGLIO", impegni[1][2], None]
    assert impegni[1][-1] == "non indicato: PRO-2020-GRATOSOGLIO"


def test_the_english_workbook(milan: Tracker, tmp_path: Path) -> None:
    book = write(milan, tmp_path / "plan.xlsx", "en")
    assert book.sheetnames == ["Scheda H", "Scheda G", "Commitments by year", "Needs"]
    assert rows(book["Scheda H"])[0][9:14] == [
        "2023",
        "2024",
        "2025",
        "After 2025",
        "Total",
    ]
    assert book["Scheda H"]["J2"].number_format == '"€"#,##0.00'


def test_a_read_only_folder_is_named_and_nothing_is_written(
    milan: Tracker, tmp_path: Path
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    target = folder / "plan.xlsx"
    with read_only(folder), pytest.raises(TrackerError) as refused:
        write(milan, target, "en")
    assert str(refused.value).startswith(f"cannot write {target}: ")
    assert list(folder.iterdir()) == []


def test_a_missing_folder_is_named(milan: Tracker, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "plan.xlsx"
    set_language("it")
    with pytest.raises(TrackerError) as refused:
        write(milan, target, "it")
    assert (
        str(refused.value) == f"impossibile scrivere {target}: la cartella non esiste"
    )
