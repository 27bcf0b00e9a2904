"""The alert list as a PDF, parsed back: lines, counts, wording, escaping, pages;
and ``appalti alerts -o FILE.pdf``."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import COMMITTEE_DAY, NOW
from tracker.api import Tracker
from tracker.cli import main
from tracker.dataset import parse_dataset
from tracker.domain.alerts import Alert, AlertKind, Severity
from tracker.export.alerts_pdf import alerts_pdf
from tracker.formatting import Formatter
from tracker.i18n import set_language


def _pdf(
    tracker: Tracker,
    language: str,
    *,
    as_of: date = COMMITTEE_DAY,
    made_at: datetime = NOW,
) -> bytes:
    set_language(language)
    findings = tracker.findings(as_of, within=60)
    return alerts_pdf(
        as_of,
        60,
        findings.alerts,
        fmt=Formatter(language),
        made_at=made_at,
        author="Direzione Casa",
        snoozed=findings.snoozed,
    )


def _lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines, as pypdf reads them back."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        (page.extract_text() or "").replace("\xa0", " ").splitlines()
        for page in reader.pages
    ]


def _after(lines: list[str], first: str, count: int) -> list[str]:
    """The ``count`` lines from the one that is ``first``."""
    at = lines.index(first)
    return lines[at : at + count]


def test_the_milan_alerts_of_the_committee_day(milan: Tracker) -> None:
    pdf = _pdf(milan, "it")
    [lines] = _lines(pdf)
    assert lines[:5] == [
        "Avvisi al 17/01/2023",
        "3 avvisi critici · 1 segnalazione · 1 nota",
        "Dai più urgenti; scadenze entro 60 giorni.",
        # 08:30 UTC is 09:30 in Rome in January
        "Prodotto il 17/01/2023 alle 09:30 dai dati di appalti.",
        "3 avvisi critici",
    ]
    assert _after(lines, "critico", 6) == [
        "critico",
        "21/12/2022",
        "da 28 giorni",
        "LSL-LORENTEGGIO",
        "Laboratorio Sociale",
        "Lorenteggio",
    ]
    assert lines[lines.index("LDQ-MAZZINI") - 3 : lines.index("LDQ-MAZZINI")] == [
        "01/01/2023",
        "termine scaduto",
        "da 16 giorni",
    ]
    assert _after(lines, "1 segnalazione", 8) == [
        "1 segnalazione",
        "Gravità",
        "Quando",
        "Riguarda",
        "Situazione, cosa fare",
        "attenzione",
        "04/07/2023",
        "tra 168 giorni",
    ]
    # the stale tender's question has no countdown, as in the app
    assert _after(lines, "nota", 3) == ["nota", "02/05/2016", "LDQ-2016"]
    assert lines.count("critico") == 3
    assert lines.count("attenzione") == 1
    assert lines.count("nota") == 1
    # most urgent first: the critical ones, then the warning, then the notice
    order = [lines.index(ref) for ref in ("LSL-LORENTEGGIO", "LDQ-MAZZINI")]
    assert order == sorted(order)
    assert (
        lines.index("LDQ-SAN-SIRO") < lines.index("LOR-2023") < lines.index("LDQ-2016")
    )
    assert lines[-3:] == [
        "Avvisi al 17/01/2023",
        "appalti · situazione al 17/01/2023",
        "pagina 1 di 1",
    ]
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.title == "Avvisi al 17/01/2023"
    assert metadata.subject == "Situazione al 17/01/2023"
    assert metadata.author == "Direzione Casa"


def test_the_same_alerts_give_the_same_bytes(milan: Tracker) -> None:
    assert _pdf(milan, "it") == _pdf(milan, "it")


def test_the_milan_alerts_in_english(milan: Tracker) -> None:
    [lines] = _lines(_pdf(milan, "en"))
    assert lines[:4] == [
        "Alerts as of 17/01/2023",
        "3 critical alerts · 1 warning · 1 notice",
        "Most urgent first; deadlines within 60 days.",
        "Made on 17/01/2023 at 09:30 from the appalti database.",
    ]
    assert _after(lines, "critical", 4) == [
        "critical",
        "21/12/2022",
        "for 28 days",
        "LSL-LORENTEGGIO",
    ]
    assert "in 168 days" in lines
    assert _after(lines, "Severity", 4) == [
        "Severity",
        "When",
        "About",
        "Situation, what to do",
    ]
    assert lines[-1] == "page 1 of 1"


def test_the_moment_it_is_made_is_rome_time_in_summer_too(milan: Tracker) -> None:
    made_at = datetime(2023, 7, 1, 22, 30, tzinfo=UTC)
    [lines] = _lines(_pdf(milan, "it", made_at=made_at))
    assert "Prodotto il 02/07/2023 alle 00:30 dai dati di appalti." in lines


def test_snoozed_alerts_are_left_out_and_counted(milan: Tracker) -> None:
    milan.snooze_alert(
        "LOR-2023/funding_pending", until=date(2023, 1, 31), as_of=COMMITTEE_DAY
    )
    [lines] = _lines(_pdf(milan, "it"))
    assert lines[1] == "3 avvisi critici · 1 nota"
    assert "1 avviso rimandato non è elencato." in lines
    assert "LOR-2023" not in lines
    assert "attenzione" not in lines


def test_an_empty_day_says_so() -> None:
    set_language("it")
    pdf = alerts_pdf(COMMITTEE_DAY, 60, [], fmt=Formatter("it"), made_at=NOW)
    [lines] = _lines(pdf)
    assert lines == [
        "Avvisi al 17/01/2023",
        "Nulla in scadenza al 17/01/2023.",
        "Dai più urgenti; scadenze entro 60 giorni.",
        "Prodotto il 17/01/2023 alle 09:30 dai dati di appalti.",
        "Avvisi al 17/01/2023",
        "appalti · situazione al 17/01/2023",
        "pagina 1 di 1",
    ]


HOSTILE = '<b>Lab</b> & =HYPERLINK("http://x","y")'


def test_hostile_names_print_as_typed(tracker: Tracker) -> None:
    data = {
        "format": "appalti-dataset",
        "version": 1,
        "neighbourhoods": [{"ref": "Q", "name": "Quartiere <i>Nord</i> & Sud"}],
        "services": [
            {
                "ref": "S-1",
                "name": HOSTILE,
                "neighbourhood": "Q",
                "required_from": "2023-01-01",
            }
        ],
    }
    tracker.load_dataset(parse_dataset(json.dumps(data)))
    pdf = _pdf(tracker, "it")
    [lines] = _lines(pdf)
    text = " ".join(" ".join(lines).split())
    assert "S-1" in lines
    assert f"{HOSTILE}: senza servizio dal 01/01/2023 (da 17 giorni)." in text
    assert "=HYPERLINK" in text


def test_many_alerts_run_over_pages_each_numbered() -> None:
    set_language("en")
    alerts = [
        Alert(
            Severity.WARNING,
            AlertKind.DEADLINE_UPCOMING,
            date(2023, 2, 1),
            f"Service {i}",
            f"S-{i:03}",
            f"Contract S-{i:03}-C1 ends on 01/02/2023 (in 15 days): decide its "
            "renewal or start the next procedure.",
        )
        for i in range(60)
    ]
    pages = _lines(
        alerts_pdf(COMMITTEE_DAY, 60, alerts, fmt=Formatter("en"), made_at=NOW)
    )
    assert len(pages) > 2
    # the first page holds alerts: a long group does not start on the next one
    assert "S-000" in pages[0]
    for number, lines in enumerate(pages, start=1):
        assert lines[-1] == f"page {number} of {len(pages)}"
        assert "Alerts as of 17/01/2023" in lines
    found = [line for lines in pages for line in lines if line.startswith("S-")]
    assert found == [f"S-{i:03}" for i in range(60)]
    # the table's header repeats on every page
    assert all("Severity" in lines for lines in pages)


def _alerts_argv(db_url: str, *more: str) -> list[str]:
    return ["--db", db_url, "--lang", "it", "alerts", "--as-of", "17/01/2023", *more]


@pytest.mark.usefixtures("milan")
def test_cli_writes_the_pdf_and_still_fails_on_critical(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "avvisi.pdf"
    argv = _alerts_argv(db_url, "-o", str(target), "--fail-on", "critical")
    assert main(argv) == 3
    assert capsys.readouterr().out == f"Scritto {target}\n"
    assert target.stat().st_mode & 0o777 == 0o600
    [lines] = _lines(target.read_bytes())
    assert lines[1] == "3 avvisi critici · 1 segnalazione · 1 nota"
    assert _after(lines, "critico", 3) == ["critico", "21/12/2022", "da 28 giorni"]
    assert main(_alerts_argv(db_url, "-o", str(tmp_path / "b.pdf"))) == 0


@pytest.mark.usefixtures("milan")
def test_cli_refuses_an_existing_file_without_force(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "avvisi.pdf"
    target.write_bytes(b"the officer's own file")
    assert main(_alerts_argv(db_url, "-o", str(target))) == 1
    assert capsys.readouterr().err == (
        f"appalti: {target} esiste già: non è stato scritto nulla "
        "(--force lo sovrascrive)\n"
    )
    assert target.read_bytes() == b"the officer's own file"
    assert main(_alerts_argv(db_url, "-o", str(target), "--force")) == 0
    assert target.read_bytes().startswith(b"%PDF")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder of its own (the test's database lies in ``tmp_path``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.usefixtures("milan")
def test_cli_writes_pdf_only(
    db_url: str, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = out / "avvisi.xlsx"
    assert main(_alerts_argv(db_url, "-o", str(target))) == 1
    assert capsys.readouterr().err == (
        f"appalti: {target}: gli avvisi si scrivono in un PDF: indicare un nome "
        "di file che finisce in .pdf (o una cartella)\n"
    )
    json_too = _alerts_argv(db_url, "-o", str(out / "a.pdf"), "--format", "json")
    assert main(json_too) == 1
    assert capsys.readouterr().err == (
        "appalti: -o scrive gli avvisi in un PDF, --format json li stampa: "
        "indicare l'uno o l'altro\n"
    )
    assert list(out.iterdir()) == []


@pytest.mark.usefixtures("milan")
def test_cli_refuses_a_pdf_and_the_excel_csv_at_once(
    db_url: str, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    both = _alerts_argv(db_url, "-o", str(out / "a.pdf"), "--excel")
    assert main(both) == 1
    assert capsys.readouterr() == (
        "",
        "appalti: -o scrive gli avvisi in un PDF, --excel li stampa come CSV: "
        "indicare l'uno o l'altro\n",
    )
    assert list(out.iterdir()) == []


@pytest.mark.usefixtures("milan")
def test_cli_into_a_folder_uses_the_documents_name(db_url: str, out: Path) -> None:
    assert main(_alerts_argv(db_url, "-o", str(out))) == 0
    assert (out / "avvisi-2023-01-17.pdf").read_bytes().startswith(b"%PDF")
    english = ["--db", db_url, "alerts", "--as-of", "2023-01-17", "-o", str(out)]
    assert main(english) == 0
    assert (out / "alerts-2023-01-17.pdf").is_file()


@pytest.mark.usefixtures("milan")
def test_cli_into_a_missing_folder_says_so_and_leaves_nothing(
    db_url: str, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = out / "missing" / "avvisi.pdf"
    assert main(_alerts_argv(db_url, "-o", str(target))) == 1
    assert capsys.readouterr().err == (
        f"appalti: impossibile scrivere {target}: la cartella non esiste\n"
    )
    assert list(out.iterdir()) == []


@pytest.mark.usefixtures("milan")
def test_cli_under_a_file_says_so_and_leaves_it_as_it_was(
    db_url: str, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (out / "relazione").write_bytes(b"a file, not a folder")
    target = out / "relazione" / "avvisi.pdf"
    assert main(_alerts_argv(db_url, "-o", str(target))) == 1
    assert capsys.readouterr().err == (
        f"appalti: impossibile scrivere {target}: una parte del percorso non è "
        "una cartella\n"
    )
    assert [p.name for p in out.iterdir()] == ["relazione"]
    assert (out / "relazione").read_bytes() == b"a file, not a folder"
