"""PDF documents parsed back: figures, names, pages, escaping, determinism."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import COMMITTEE_DAY
from tracker.api import Tracker
from tracker.cli import main
from tracker.dataset import parse_dataset
from tracker.export.dossier import write_dossier
from tracker.export.styles import Fonts, fonts
from tracker.formatting import Formatter
from tracker.i18n import set_language


def _render(tracker: Tracker, ref: str, language: str = "it") -> bytes:
    set_language(language)
    data = tracker.dossier(ref, COMMITTEE_DAY)
    out = io.BytesIO()
    write_dossier(data, out, Formatter(language), author="Direzione Casa")
    return out.getvalue()


def _text(pdf: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    pages = [(p.extract_text() or "").replace("\xa0", " ") for p in reader.pages]
    return pages, reader


def _flat(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def test_lorenteggio_dossier_has_the_exact_figures(milan: Tracker) -> None:
    pages, reader = _text(_render(milan, "LOR-2019"))
    text = _flat(pages)
    for figure in ("828.415,20 €", "138.069,20 €", "966.484,40 €"):
        assert figure in text, figure
    for day in ("21/06/2019", "20/06/2022", "20/12/2022", "17/01/2023"):
        assert day in text, day
    for member in (
        "Spazio Aperto Servizi Società Cooperativa Sociale",
        "ARS - Associazione per la Ricerca Sociale",
        "A&I Società Cooperativa Sociale Onlus",
        "KCITY S.r.l.",
    ):
        assert member in text, member
    assert "DIKE Cooperativa per la mediazione dei conflitti" in text
    assert "mandataria Spazio Aperto" in text
    assert text.count("mandante") == 4
    assert "POR FSE Lombardia 2014-2020" in text
    assert "aliquota non indicata" in text
    assert "imponibile e IVA non sono noti e non vengono stimati" in text
    assert "senza servizio dal 21/12/2022" in text
    for section in (
        "Sintesi",
        "Lotti",
        "Contratti",
        "Raggruppamento",
        "Finanziamento",
        "Continuità dei servizi",
        "Scadenze e fasi",
        "Avvisi aperti",
        "Storico delle modifiche",
    ):
        assert section in text, section
    total = len(reader.pages)
    for number, page in enumerate(pages, start=1):
        assert f"pagina {number} di {total}" in page
        assert "Fascicolo di gara LOR-2019" in page
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title is not None
    assert metadata.title.startswith("Fascicolo di gara LOR-2019")
    assert metadata.author == "Direzione Casa"
    assert metadata.subject == "Situazione al 17/01/2023"


def test_the_dossier_is_the_same_bytes_for_the_same_data(milan: Tracker) -> None:
    assert _render(milan, "LOR-2019") == _render(milan, "LOR-2019")


def test_english_dossier(milan: Tracker) -> None:
    text = _flat(_text(_render(milan, "LOR-2019", "en"))[0])
    assert "€966,484.40" in text
    assert "Tender dossier LOR-2019" in text
    assert "rate unknown" in text


def _record(**fields: Any) -> dict[str, Any]:
    return fields


def test_user_text_prints_as_typed(tracker: Tracker) -> None:
    """Markup characters and letters outside Latin-1 survive into the PDF."""
    name = "Cooperativa <Łódź> & Ő Társaság"
    data = {
        "format": "appalti-dataset",
        "version": 1,
        "neighbourhoods": [_record(ref="Q", name="Quartiere <Nord> & Sud")],
        "services": [
            _record(
                ref="S",
                name="Laboratorio & <servizio>",
                neighbourhood="Q",
                required_from="2023-01-01",
            )
        ],
        "organisations": [
            _record(ref="A", name=name, partita_iva="01199250158"),
            _record(ref="B", name="Seconda & Co."),
        ],
        "consortia": [
            _record(
                ref="RTI",
                name="RTI <A> & B",
                kind="RTI",
                members=[
                    _record(organisation="A", role="mandataria", share="60"),
                    _record(organisation="B", role="mandante", share="40"),
                ],
            )
        ],
        "tenders": [
            _record(
                ref="T",
                title="Servizi <speciali> & altro",
                status="awarded",
                lots=[
                    _record(ref="T-L1", number=1, title="Lotto & <uno>", services=["S"])
                ],
            )
        ],
        "contracts": [
            _record(
                ref="C",
                title="Contratto & <uno>",
                lot="T-L1",
                supplier="RTI",
                start="2023-01-01",
                months=12,
                amount=_record(net="100000.00", vat_rate="5"),
            )
        ],
    }
    tracker.load_dataset(parse_dataset(json.dumps(data)))
    text = _flat(_text(_render(tracker, "T"))[0])
    for typed in (
        "Servizi <speciali> & altro",
        "RTI <A> & B",
        "Laboratorio & <servizio>",
    ):
        assert typed in text, typed
    assert "105.000,00 €" in text
    assert "63.000,00 €" in text, "the mandataria's 60% of the gross"
    if not fonts().embedded:
        pytest.skip(
            "DejaVu Sans is not installed: letters outside Latin-1 print as boxes"
        )
    assert name in text


def test_fonts_fall_back_to_helvetica_without_dejavu(tmp_path: Path) -> None:
    assert fonts(tmp_path) == Fonts("Helvetica", "Helvetica-Bold", embedded=False)


def test_a_large_tender_lays_out_on_many_pages(tracker: Tracker) -> None:
    organisations = [
        _record(ref=f"O{i}", name=f"Cooperativa sociale numero {i} con un nome lungo")
        for i in range(10)
    ]
    services = [
        _record(
            ref=f"S{i}",
            name=f"Laboratorio di quartiere {i}",
            neighbourhood="Q",
            required_from="2020-01-01",
        )
        for i in range(20)
    ]
    data = {
        "format": "appalti-dataset",
        "version": 1,
        "neighbourhoods": [_record(ref="Q", name="Quartiere")],
        "services": services,
        "organisations": organisations,
        "consortia": [
            _record(
                ref="RTI",
                name="Raggruppamento di dieci",
                kind="RTI",
                members=[
                    _record(
                        organisation=f"O{i}",
                        role="mandataria" if i == 0 else "mandante",
                        share="10",
                    )
                    for i in range(10)
                ],
            )
        ],
        "tenders": [
            _record(
                ref="BIG",
                title="Gara con venti lotti",
                status="awarded",
                lots=[
                    _record(
                        ref=f"BIG-L{i}",
                        number=i + 1,
                        title=f"Lotto {i + 1}",
                        services=[f"S{i}"],
                    )
                    for i in range(20)
                ],
            )
        ],
        "contracts": [
            _record(
                ref="BIG-C1",
                title="Contratto del lotto 1",
                lot="BIG-L0",
                supplier="RTI",
                start="2022-01-01",
                months=36,
                amount=_record(net="900000.00", vat_rate="22"),
            )
        ],
        "deadlines": [
            _record(
                ref=f"D{i:03d}",
                title=f"Relazione di monitoraggio {i}",
                due=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                subject="BIG",
            )
            for i in range(200)
        ],
    }
    tracker.load_dataset(parse_dataset(json.dumps(data)))
    pages, reader = _text(_render(tracker, "BIG"))
    assert len(reader.pages) >= 6
    text = _flat(pages)
    assert "Relazione di monitoraggio 199" in text
    assert "Cooperativa sociale numero 9 con un nome lungo" in text
    deadline_pages = [p for p in pages if "Relazione di monitoraggio" in p]
    assert len(deadline_pages) >= 3
    # each page of the deadlines table, or of the alerts table that names them,
    # starts with that table's header
    assert all(("Cosa" in p) or ("Gravità" in p) for p in deadline_pages)


def test_dossier_command(
    milan: Tracker, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    target = tmp_path / "lor.pdf"
    args = [
        "--db",
        db_url,
        "--lang",
        "it",
        "dossier",
        "LOR-2019",
        "-o",
        str(target),
        "--as-of",
        "2023-01-17",
    ]
    assert main(args) == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert (
        main(["--db", db_url, "dossier", "LOR-2019-C1", "-o", str(tmp_path / "x.pdf")])
        == 1
    )
    assert "a dossier is made for a tender" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_dates_in_the_dossier_follow_the_as_of_day(milan: Tracker) -> None:
    set_language("it")
    data = milan.dossier("LOR-2019", date(2026, 11, 21))
    assert data.as_of == date(2026, 11, 21)
    assert [t.continuity.status.value for t in data.timelines] == ["not_required"]


def _committee(tracker: Tracker, as_of: date, language: str = "it") -> bytes:
    from tracker.export.committee import write_committee_report

    set_language(language)
    out = io.BytesIO()
    write_committee_report(
        tracker.committee_report(as_of),
        out,
        Formatter(language),
        author="Direzione Casa",
    )
    return out.getvalue()


def test_a_service_no_longer_required_has_nothing_to_decide(milan: Tracker) -> None:
    # Lorenteggio was required until 31/12/2025: in 2026 no procedure is due.
    text = _flat(_text(_committee(milan, date(2026, 11, 21), "en"))[0])
    assert "Laboratorio Sociale Lorenteggio · not required" in text
    assert "To decide by" not in text
    assert "start the successor procedure by" not in text


def test_the_committee_report_tells_the_story_of_the_deck(milan: Tracker) -> None:
    pages, reader = _text(_committee(milan, COMMITTEE_DAY))
    text = _flat(pages)
    assert "Continuità dei servizi al 17/01/2023" in text
    # Lorenteggio: without service since 21/12/2022, next tender waiting for funds
    assert (
        "Laboratorio Sociale Lorenteggio: senza servizio dal 21/12/2022 (da 28 giorni)"
        in text
    )
    assert "Regione Lombardia (in attesa di conferma, importo non indicato)" in text
    # Mazzini and San Siro: 30/06/2023, nothing after; the others: 31/12/2023
    assert text.count("Contrattualizzato fino al 30/06/2023 (tra 164 giorni)") == 2
    assert text.count("Contrattualizzato fino al 31/12/2023 (tra 348 giorni)") == 3
    assert (
        "avviare la nuova procedura entro il 01/01/2023 (termine scaduto da 16 giorni)"
        in text
    )
    # the neighbourhoods' figures and sites, as the deck gives them
    for figure in (
        "6.647",
        "4.647",
        "circa 4.200",
        "2.677",
        "1.212",
        "537",
        "372",
        "4.656",
        "2.602",
    ):
        assert figure in text, figure
    for site in (
        "Piazzale Selinunte 4",
        "Via Mompiani 5",
        "Via Ucelli di Nemi 17",
        "Problemi manutentivi",
    ):
        assert site in text, site
    # the history of the service, with dates as precise as the sources
    assert "2006 – 30/04/2016" in text
    assert "2018 – 2019" in text
    for programme in (
        "Accordo di Programma Lorenteggio",
        "Contratti di Quartiere II",
        "PINQUA San Siro",
    ):
        assert programme in text, programme
    total = len(reader.pages)
    assert all(
        f"pagina {n} di {total}" in page for n, page in enumerate(pages, start=1)
    )


def test_the_committee_report_as_of_today(
    milan: Tracker, db_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "report.pdf"
    assert (
        main(
            [
                "--db",
                db_url,
                "--lang",
                "en",
                "report",
                "continuity",
                "-o",
                str(target),
                "--as-of",
                "2026-11-21",
            ]
        )
        == 0
    )
    text = _flat(_text(target.read_bytes())[0])
    assert "Continuity of the services as of 21/11/2026" in text
    assert "uncovered since 01/07/2023" in text
    assert "uncovered since 01/01/2024" in text
    assert _committee(milan, date(2026, 11, 21), "en") == _committee(
        milan, date(2026, 11, 21), "en"
    )


def test_dossier_money_is_honest_about_what_is_missing(tracker: Tracker) -> None:
    """An exercised option with no amount makes the total a floor; the quinto counts
    exercised variations net of VAT; members' parts add up to the total exactly."""
    data = {
        "format": "appalti-dataset",
        "version": 1,
        "neighbourhoods": [_record(ref="Q", name="Quartiere")],
        "services": [
            _record(
                ref="S",
                name="Laboratorio",
                neighbourhood="Q",
                required_from="2023-01-01",
            )
        ],
        "organisations": [
            _record(ref=f"O{i}", name=f"Cooperativa {i}") for i in range(3)
        ],
        "consortia": [
            _record(
                ref="RTI",
                name="RTI tre",
                kind="RTI",
                members=[
                    _record(organisation="O0", role="mandataria", share="33.34"),
                    _record(organisation="O1", role="mandante", share="33.33"),
                    _record(organisation="O2", role="mandante", share="33.33"),
                ],
            )
        ],
        "acts": [
            _record(ref="DD-1", kind="determina_dirigenziale", subject="Aggiudicazione")
        ],
        "tenders": [
            _record(
                ref="T",
                title="Gara",
                status="awarded",
                lots=[_record(ref="T-L1", number=1, title="Lotto", services=["S"])],
            )
        ],
        "contracts": [
            _record(
                ref="C",
                title="Contratto",
                lot="T-L1",
                supplier="RTI",
                act="DD-1",
                start="2023-01-01",
                months=12,
                amount=_record(net="100000.00", vat_rate="22"),
                options=[
                    _record(
                        ref="C-P1", kind="proroga_tecnica", state="exercised", months=2
                    ),
                    _record(
                        ref="C-Q1",
                        kind="quinto_variation",
                        state="exercised",
                        amount=_record(net="10000.00", vat_rate="22"),
                    ),
                    _record(
                        ref="C-Q2",
                        kind="quinto_variation",
                        state="planned",
                        amount=_record(net="5000.00", vat_rate="22"),
                    ),
                ],
            )
        ],
    }
    tracker.load_dataset(parse_dataset(json.dumps(data)))
    text = _flat(_text(_render(tracker, "T"))[0])
    assert "(importo non indicato: C-P1)" in text
    assert "almeno 134.200,00 €" in text, (
        "122.000 base + 12.200 exercised quinto, gross"
    )
    assert "10.000,00 € su 20.000,00 €, 50% (al netto di IVA)" in text, (
        "planned C-Q2 not counted"
    )
    # 134.200,00 split 33,34 / 33,33 / 33,33: 44.742,28 + 44.728,86 + 44.728,86
    assert "44.742,28 €" in text
    assert text.count("44.728,86 €") == 2
    assert "Determina dirigenziale (numero e data non indicati): Aggiudicazione" in text
    assert "creazione C " in text or "creazione C-P1" in text, (
        "the contract's history is included"
    )


def test_committee_report_points_to_where_a_service_is(milan: Tracker) -> None:
    text = _flat(_text(_committee(milan, COMMITTEE_DAY))[0])
    assert (
        "San Siro: il servizio Laboratorio di Quartiere San Siro è riportato nella sezione Contratti di Quartiere II."
        in text
    )
    assert "SCN-SAN-SIRO-PINQUA" in text
    assert "senza un servizio proprio" not in text
