"""The continuity of a service is worded once, for the CLI, the app and the PDFs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tracker.domain.continuity import (
    ContinuityStatus,
    CoverageRef,
    Gap,
    GapState,
    ServiceContinuity,
    SourceKind,
    TenderPlan,
)
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.continuity import (
    act_by_words,
    contracted_words,
    gap_labels,
    missing_words,
    required_words,
    service_facts,
    status_capitals,
    summary_line,
)

AS_OF = date(2023, 1, 17)
C1 = CoverageRef(SourceKind.CONTRACT, "C1", date(2020, 1, 1), date(2023, 12, 31))
C2 = CoverageRef(SourceKind.CONTRACT, "C2", date(2023, 3, 1), date(2025, 12, 31))
OPEN_GAP = Gap(date(2023, 1, 1), None, 16, GapState.CURRENT)
PLANNED_GAP = Gap(date(2024, 1, 1), date(2024, 3, 31), 91, GapState.FUTURE)
TENDER = TenderPlan("T1", "published", None, None, funding_pending=True)

COVERED = ServiceContinuity(
    service="S1",
    name="Custodia sociale",
    neighbourhood="Gratosoglio",
    status=ContinuityStatus.AT_RISK,
    as_of=AS_OF,
    covered_until=date(2023, 12, 31),
    coverage_ends=date(2023, 12, 31),
    required_from=date(2020, 1, 1),
    required_until=date(2026, 12, 31),
    lead_days=180,
    act_by=date(2023, 1, 1),
    current=C1,
    successor=None,
    next_tender=None,
    gaps=(),
    overlaps=(),
)
UNCOVERED = replace(
    COVERED,
    status=ContinuityStatus.GAP,
    covered_until=date(2022, 12, 31),
    coverage_ends=date(2025, 12, 31),
    required_until=None,
    act_by=date(2022, 7, 3),
    current=None,
    successor=C2,
    next_tender=TENDER,
    gaps=(OPEN_GAP,),
)
NEVER = replace(
    UNCOVERED,
    covered_until=None,
    coverage_ends=None,
    act_by=None,
    successor=None,
    next_tender=None,
)

FACTS = [
    (
        COVERED,
        [
            "covered until 31/12/2023 (in 348 days)",
            "required until 31/12/2026",
            "by C1",
            "start the successor procedure by 01/01/2023 (overdue by 16 days)",
        ],
        [
            "coperto fino al 31/12/2023 (tra 348 giorni)",
            "necessario fino al 31/12/2026",
            "con C1",
            "avviare la nuova procedura entro il 01/01/2023"
            " (termine scaduto da 16 giorni)",
        ],
    ),
    (
        UNCOVERED,
        [
            "uncovered since 01/01/2023 (for 17 days)",
            "last covered 31/12/2022",
            "required with no end set",
            "then C2 from 01/03/2023",
            "next tender T1: published, funding awaiting confirmation",
        ],
        [
            "scoperto dal 01/01/2023 (da 17 giorni)",
            "ultimo giorno coperto 31/12/2022",
            "necessario senza termine fissato",
            "poi C2 dal 01/03/2023",
            "prossima gara T1: pubblicata, finanziamento in attesa di conferma",
        ],
    ),
    (
        NEVER,
        [
            "uncovered since 01/01/2023 (for 17 days)",
            "never covered",
            "required with no end set",
        ],
        [
            "scoperto dal 01/01/2023 (da 17 giorni)",
            "mai coperto",
            "necessario senza termine fissato",
        ],
    ),
]


@pytest.mark.parametrize(("continuity", "english", "italian"), FACTS)
@pytest.mark.parametrize("language", ["en", "it"])
def test_a_service_says_its_gap_coverage_cover_and_next_steps_in_order(
    continuity: ServiceContinuity,
    english: list[str],
    italian: list[str],
    language: str,
) -> None:
    set_language(language)
    expected = english if language == "en" else italian
    fmt = Formatter(language)
    assert service_facts(continuity, AS_OF, fmt, required=True) == expected
    # The app's timeline leaves the required window to the chart.
    required = required_words(continuity, fmt)
    assert required in expected
    without = [fact for fact in expected if fact != required]
    assert service_facts(continuity, AS_OF, fmt, required=False) == without


ACT_BY = [
    (ContinuityStatus.AT_RISK, date(2023, 1, 1), "(overdue by 16 days)"),
    (ContinuityStatus.OK, date(2023, 7, 4), "(in 168 days)"),
    (ContinuityStatus.NOT_REQUIRED, date(2023, 2, 16), None),
    (ContinuityStatus.GAP, date(2022, 7, 3), None),
    (ContinuityStatus.OK, None, None),
]


@pytest.mark.parametrize(("status", "act_by", "countdown"), ACT_BY)
def test_the_day_to_act_by_is_said_only_while_a_covered_service_is_required(
    status: ContinuityStatus, act_by: date | None, countdown: str | None
) -> None:
    set_language("en")
    continuity = replace(COVERED, status=status, act_by=act_by)
    words = act_by_words(continuity, AS_OF, Formatter("en"))
    if countdown is None:
        assert words is None
    else:
        assert act_by is not None
        day = Formatter("en").day(act_by)
        assert words == f"start the successor procedure by {day} {countdown}"


COMMITTEE = [
    (
        COVERED,
        "en",
        "Contracted until 31/12/2023 (in 348 days).",
        "cover after 31/12/2023",
    ),
    (
        replace(COVERED, gaps=(PLANNED_GAP,)),
        "it",
        "Contrattualizzato fino al 31/12/2023 (tra 348 giorni).",
        "01/01/2024 – 31/03/2024 (91)",
    ),
    (
        UNCOVERED,
        "it",
        "Contrattualizzato fino al 31/12/2025 (tra 1079 giorni).",
        "scoperto dal 01/01/2023",
    ),
    (
        NEVER,
        "en",
        "Nothing contracted from 17/01/2023 on.",
        "uncovered since 01/01/2023",
    ),
    (replace(NEVER, gaps=()), "it", "Nessun contratto dal 17/01/2023.", "nulla"),
]


@pytest.mark.parametrize(("continuity", "language", "contracted", "missing"), COMMITTEE)
def test_the_committee_reads_what_is_contracted_and_what_is_missing(
    continuity: ServiceContinuity, language: str, contracted: str, missing: str
) -> None:
    set_language(language)
    fmt = Formatter(language)
    assert contracted_words(continuity, AS_OF, fmt) == contracted
    assert missing_words(continuity, fmt) == missing


SUMMARIES = [
    (NEVER, None, "en", "Custodia sociale: uncovered; never covered."),
    (
        replace(NEVER, coverage_ends=date(2025, 12, 31)),
        date(2023, 3, 1),
        "it",
        "Custodia sociale: scoperto; contrattualizzato dal 01/03/2023 al 31/12/2025.",
    ),
    (
        COVERED,
        date(2020, 1, 1),
        "en",
        "Custodia sociale: at risk; covered until 31/12/2023;"
        " start the successor by 01/01/2023.",
    ),
]


@pytest.mark.parametrize(("continuity", "first", "language", "expected"), SUMMARIES)
def test_a_dossier_sums_a_service_up_in_one_sentence(
    continuity: ServiceContinuity, first: date | None, language: str, expected: str
) -> None:
    set_language(language)
    line = summary_line(continuity.name, continuity, first, Formatter(language))
    assert line == expected


LABELS = [
    (16, False, "en", ["uncovered 16 days", "uncovered 16 d", "16 days", "16 d"]),
    (91, True, "en", ["uncovered 3 months", "uncovered 3 mo.", "3 months", "3 mo."]),
    (45, True, "it", ["scoperto 45 giorni", "scoperto 45 gg", "45 giorni", "45 gg"]),
    (1, False, "it", ["scoperto 1 giorno", "scoperto 1 gg", "1 giorno", "1 gg"]),
]


@pytest.mark.parametrize(("days", "by_years", "language", "expected"), LABELS)
def test_a_gap_on_a_chart_is_labelled_by_its_length_longest_wording_first(
    days: int, by_years: bool, language: str, expected: list[str]
) -> None:
    set_language(language)
    assert gap_labels(days, by_years=by_years) == expected


CAPITALS = [
    ("gap", "GAP", "SCOPERTO"),
    ("at_risk", "AT RISK", "A RISCHIO"),
    ("ok", "OK", "OK"),
    ("not_required", "NOT REQUIRED", "NON RICHIESTO"),
]


@pytest.mark.parametrize(("status", "english", "italian"), CAPITALS)
@pytest.mark.parametrize("language", ["en", "it"])
def test_a_status_heads_its_line_in_capitals(
    status: str, english: str, italian: str, language: str
) -> None:
    set_language(language)
    assert status_capitals(status) == (english if language == "en" else italian)
