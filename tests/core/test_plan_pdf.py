"""The programme for the committee as a PDF, parsed back: the needs, scheda H
and G, the yearly commitments, the scenario beside the baseline; written by
``appalti plan -o FILE.pdf`` whole or not at all."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import COMMITTEE_DAY, MILAN, fixed_clock
from tracker.api import Tracker
from tracker.cli import main
from tracker.errors import TrackerError
from tracker.export.plan_pdf import plan_pdf, write_plan_pdf
from tracker.formatting import Formatter
from tracker.i18n import set_language

SCENARIO = ("SCN-CDQ-2024", "SCN-LOR-2025", "SCN-SAN-SIRO-PINQUA")
MADE_ON = date(2023, 1, 18)


@pytest.fixture
def milan_file(sqlite_template: Path, tmp_path: Path) -> Iterator[Tracker]:
    """The Milan dataset in a SQLite file (a PDF's content does not depend on
    the database's kind: the plan's own tests run on both)."""
    path = tmp_path / "appalti.db"
    shutil.copyfile(sqlite_template, path)
    opened = Tracker.open(f"sqlite:///{path}", clock=fixed_clock, actor="test-rup")
    opened.load_file(MILAN)
    yield opened
    opened.close()


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = " ".join((p.extract_text() or "") for p in pages).replace("\xa0", " ")
    return " ".join(text.split())


def _pdf(tracker: Tracker, language: str, scenario: tuple[str, ...] = ()) -> bytes:
    set_language(language)
    plan = tracker.plan(2023, COMMITTEE_DAY, scenario)
    return plan_pdf(plan, Formatter(language), author="Direzione Casa", made_on=MADE_ON)


def test_the_committee_reads_the_needs_the_schede_and_the_yearly_figures(
    milan_file: Tracker,
) -> None:
    text = _text(_pdf(milan_file, "it"))
    assert "Programma degli acquisti 2023–2025" in text
    assert "Situazione al 17/01/2023. Redatto il 18/01/2023" in text
    # the needs, each with its latest start and estimate
    assert (
        "Lorenteggio Laboratorio Sociale Lorenteggio 21/12/2022 – 31/12/2025 "
        "23/06/2022 scaduto da 208 giorni 816.108,80 € LOR-2023 (programmata)"
    ) in text
    assert text.count("scaduto da 16 giorni") == 2
    assert text.count("tra 168 giorni") == 3
    assert text.count("non stimato") >= 5
    # how the estimate was reached, said
    assert (
        "il costo giornaliero di LOR-2019-C1 (966.484,40 € per 1.279 giorni) per "
        "i 1.080 giorni ancora da acquistare"
    ) in text
    # scheda H: the Lorenteggio purchase, cost per year; scheda G adds up to it
    assert "Scheda H: gli acquisti del programma" in text
    figures = "263.724,05 € 276.570,20 € 275.814,55 € 0,00 € 816.108,80 €"
    # its row, scheda G's source, the total and what is still to find (the
    # Regione Lombardia funds are not confirmed)
    assert text.count(figures) == 4
    assert "Da reperire (totale meno finanziamenti confermati) " + figures in text
    assert "Scheda G: le risorse necessarie" in text
    assert "Regione Lombardia " + figures in text
    assert "Totale " + figures in text
    assert "Impegni annuali dei contratti" in text
    assert "Valore non ancora stimato" in text
    # no scenario asked: none shown
    assert "Lo scenario a confronto" not in text


def test_the_scenario_is_shown_beside_the_baseline(milan_file: Tracker) -> None:
    text = _text(_pdf(milan_file, "en", SCENARIO))
    assert "Programme of purchases 2023–2025" in text
    assert "The scenario beside the baseline" in text
    assert (
        "counts the proposed tenders SCN-CDQ-2024, SCN-LOR-2025, "
        "SCN-SAN-SIRO-PINQUA as awarded on their planned dates"
    ) in text
    assert (
        "SCN-LOR-2025 has no planned start or duration: counted for "
        "LSL-LORENTEGGIO from 17/01/2023 to 31/12/2025."
    ) in text
    assert "01/07/2023 – 31/12/2025 still uncovered 01/07/2023–31/12/2023" in text
    assert text.count("covered by SCN-CDQ-2024") == 3
    assert "covered by SCN-LOR-2025 (dates assumed)" in text
    assert "Programme (scheda G) · baseline €263,724.05 €276,570.20" in text


def test_the_same_plan_gives_the_same_bytes(milan_file: Tracker) -> None:
    assert _pdf(milan_file, "it", SCENARIO) == _pdf(milan_file, "it", SCENARIO)


def test_a_folder_that_does_not_exist_is_named_and_nothing_is_written(
    milan_file: Tracker, tmp_path: Path
) -> None:
    set_language("en")
    plan = milan_file.plan(2023, COMMITTEE_DAY)
    target = tmp_path / "missing" / "plan.pdf"
    with pytest.raises(TrackerError, match="missing"):
        write_plan_pdf(plan, target, Formatter("en"), author="x")
    assert not target.parent.exists()


def test_appalti_plan_o_writes_the_pdf(milan_file: Tracker, tmp_path: Path) -> None:
    db = milan_file.engine.url.render_as_string(hide_password=False)
    target = tmp_path / "programma.pdf"
    args = ["--db", db, "--lang", "it", "plan", "--from", "2023"]
    assert main([*args, "--as-of", "17/01/2023", "-o", str(target)]) == 0
    text = _text(target.read_bytes())
    assert "Programma degli acquisti 2023–2025" in text
    assert "816.108,80 €" in text
    # an existing file is kept unless --force
    before = target.read_bytes()
    assert main([*args, "--as-of", "17/01/2023", "-o", str(target)]) == 1
    assert target.read_bytes() == before
