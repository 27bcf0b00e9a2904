"""The programme and the yearly commitments as text, in Italian and English."""

from __future__ import annotations

from tests.core.test_plan_workbook import money
from tracker.api import Tracker
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.programme_text import programme_lines


def test_the_programme_in_italian(milan: Tracker) -> None:
    set_language("it")
    lines = programme_lines(money(milan), Formatter("it"))
    assert (
        lines[0]
        == "Scheda H: acquisti di importo pari o superiore a 140.000,00\xa0€, 2023-2025"
    )
    assert lines[2] == (
        "  CUI - (nessuno: il codice fiscale della stazione appaltante non è registrato)"
    )
    assert lines[4] == (
        "    gara LOR-2023; fabbisogno LSL-LORENTEGGIO/2022-12-21; 36 mesi; "
        "nuovo affidamento di LOR-2019-C1; finanziamento: Regione Lombardia"
    )
    # the need's estimate over 349, 366 and 365 days
    assert lines[6].split() == [
        "263.724,05",
        "€",
        "276.570,20",
        "€",
        "275.814,55",
        "€",
        "0,00",
        "€",
        "816.108,80",
        "€",
    ]
    g = lines.index("Scheda G: risorse necessarie per anno e fonte di finanziamento")
    assert lines[g + 3].split()[:2] == ["Regione", "Lombardia"]
    assert lines[g + 4].split()[0] == "Totale"
    assert "Valore non stimato (inserire una stima per collocarli)" in lines
    shortfall = next(
        line for line in lines if line.strip().startswith("Fondi mancanti")
    )
    assert shortfall.split()[2:4] == ["non", "noto"]
    assert "non" not in lines[6]


def test_the_commitments_in_english(milan: Tracker) -> None:
    set_language("en")
    lines = programme_lines(money(milan), Formatter("en"))
    start = lines.index("Commitments by year (VAT included, pro rata by days)")
    assert lines[start + 2].split() == [
        "2023",
        "2024",
        "2025",
        "After",
        "2025",
        "Total",
    ]
    assert lines[start + 3].split() == [
        "LDQ-GRATOSOGLIO",
        "not",
        "known",
        "€0.00",
        "€0.00",
        "€0.00",
        "not",
        "known",
    ]
    assert lines[-1] == (
        "  Committed: not stated: PRO-2020-GRATOSOGLIO, PRO-2020-MAZZINI, "
        "PRO-2020-MOLISE-CALVAIRATE, PRO-2020-PONTE-LAMBRO, PRO-2020-SAN-SIRO"
    )
