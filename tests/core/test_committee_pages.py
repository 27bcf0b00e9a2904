"""The committee report and the dossier parsed back: charts that run past the as-of
day, decision days already passed said so, no page left with a line or two, and
moments in Rome's time."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from tests.conftest import COMMITTEE_DAY, NOW
from tracker.api import Tracker
from tracker.export.committee import write_committee_report
from tracker.export.dossier import write_dossier
from tracker.formatting import Formatter
from tracker.i18n import set_language


def committee_pages(tracker: Tracker, as_of: date) -> list[str]:
    set_language("it")
    out = io.BytesIO()
    write_committee_report(
        tracker.committee_report(as_of), out, Formatter("it"), author="RUP"
    )
    return [(p.extract_text() or "").replace("\xa0", " ") for p in PdfReader(out).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_decision_day_before_the_as_of_day_reads_as_passed(milan: Tracker) -> None:
    text = flat(" ".join(committee_pages(milan, COMMITTEE_DAY)))
    # at a glance: Lorenteggio should have started its successor by 23/06/2022
    assert "scoperto 20/12/2022 scaduto il 23/06/2022 LOR-2023" in text
    assert "a rischio 30/06/2023 scaduto il 01/01/2023" in text
    assert "coperto 31/12/2023 04/07/2023" in text
    assert "Decidere entro 23/06/2022" not in text


def test_the_charts_run_past_the_as_of_day(milan: Tracker) -> None:
    first = flat(committee_pages(milan, COMMITTEE_DAY)[0])
    # the services with no required end are drawn a year past the as-of day, and
    # Lorenteggio's window to its end in 2025
    assert "2022 2023 2024 2025" in first
    assert "al 17/01/2023" in first
    assert "scopertura a venire" in first


def test_no_page_is_left_with_a_line_or_two(milan: Tracker) -> None:
    pages = committee_pages(milan, COMMITTEE_DAY)
    assert len(pages) == 7
    last = pages[-1].splitlines()
    # the running header and footer aside, the last page holds whole sections
    assert len(last) > 20
    assert "PINQUA San Siro" in pages[-1]
    assert "Gare del programma" in pages[-1]


def test_the_dossier_marks_a_passed_day_and_gives_moments_in_romes_time(
    milan: Tracker,
) -> None:
    set_language("it")
    out = io.BytesIO()
    write_dossier(
        milan.dossier("LOR-2019", COMMITTEE_DAY), out, Formatter("it"), author="RUP"
    )
    text = flat(
        " ".join(p.extract_text() or "" for p in PdfReader(out).pages).replace(
            "\xa0", " "
        )
    )
    assert (
        "Laboratorio Sociale Lorenteggio: scoperto; copertura fino al 20/12/2022; il "
        "termine per avviare la nuova procedura è scaduto il 23/06/2022."
    ) in text
    # the records were loaded at 08:30 UTC, 09:30 in Milan in January
    assert NOW.hour == 8
    assert "17/01/2023 09:30" in text
    assert "17/01/2023 08:30" not in text
