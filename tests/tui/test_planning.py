"""Programmazione: the needs of the Milan services on 17/01/2023, the yearly
figures, a scenario beside the baseline, the timeline drawing both, the PDF."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import create_engine, text
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.core.test_hostile_text import BIDI, COLOUR
from tests.tui.helpers import ready, until
from tests.tui.test_hostile_text import assert_shown, hostile_tracker
from tests.tui.test_timeline import cell, colour_of, row_of
from tracker.api import Tracker
from tracker.config import Settings
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.confirm import TextScreen
from tui.screens.planning import PlanningScreen
from tui.screens.records.service import ServiceScreen
from tui.screens.records.tender import TenderScreen
from tui.screens.scenario import ScenarioScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.timeline import Timeline

SCENARIO = ("SCN-CDQ-2024", "SCN-LOR-2025", "SCN-SAN-SIRO-PINQUA")
__all__ = ["hostile_tracker"]  # the fixture, shared with the app's hostile tests


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The app sets the process-wide language; later tests expect English."""
    yield
    set_language("en")


def rows(screen: PlanningScreen, table: str) -> list[list[str]]:
    data = screen.query_one(table, DataTable)
    # the euro sign stands a non-breaking space after the figure
    return [
        [str(c).replace("\xa0", " ") for c in data.get_row_at(i)]
        for i in range(data.row_count)
    ]


def plain(screen: PlanningScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render()).replace("\xa0", " ")


async def plan_shown(
    app: TrackerApp, pilot: Pilot[None], scenario: tuple[str, ...] = ()
) -> PlanningScreen:
    """The programme screen once the plan of the view (and scenario) is drawn."""

    def drawn() -> bool:
        screen = app.screen
        if not isinstance(screen, PlanningScreen) or screen.plan is None:
            return False
        shown = screen.plan.scenario.tenders if screen.plan.scenario else ()
        return shown == scenario and screen.query_one("#needs", DataTable).row_count > 0

    await until(pilot, drawn)
    screen = app.screen
    assert isinstance(screen, PlanningScreen)
    return screen


async def test_the_six_needs_with_their_start_by_and_estimate_in_italian(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="plan", language="it")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await plan_shown(app, pilot)
        assert screen.title == "Programmazione 2023–2025"
        assert plain(screen, "#plan-summary") == (
            "6 fabbisogni · Scenario: nessuno (s per sceglierne uno)"
        )
        assert rows(screen, "#needs") == [
            [
                "Lorenteggio",
                "21/12/2022–31/12/2025",
                "23/06/2022",
                "scaduto da 208 giorni",
                "816.108,80 €",
                "LOR-2023",
                "in attesa",
            ],
            *(
                [
                    place,
                    "01/07/2023–31/12/2025",
                    "01/01/2023",
                    "scaduto da 16 giorni",
                    "non stimato",
                    tender,
                    "nessun fondo",
                ]
                for place, tender in (
                    ("Mazzini", "SCN-CDQ-2024"),
                    ("San Siro", "SCN-SAN-SIRO-PINQUA"),
                )
            ),
            *(
                [
                    place,
                    "01/01/2024–31/12/2025",
                    "04/07/2023",
                    "tra 168 giorni",
                    "non stimato",
                    "SCN-CDQ-2024",
                    "nessun fondo",
                ]
                for place in ("Gratosoglio", "Molise-Calvairate", "Ponte Lambro")
            ),
        ]
        detail = " ".join(plain(screen, "#need-detail").split())
        assert detail.startswith(
            "Lorenteggio · Laboratorio Sociale Lorenteggio [LSL-LORENTEGGIO] "
            "da coprire dal 21/12/2022 al 31/12/2025; avviare la procedura entro "
            "il 23/06/2022 (termine scaduto da 208 giorni); valore stimato "
            "816.108,80 € (IVA inclusa): il costo giornaliero di LOR-2019-C1 "
            "(966.484,40 € per 1.279 giorni) per i 1.080 giorni ancora da acquistare"
        )
        assert "fondi: in attesa di conferma: Regione Lombardia" in detail
        years = rows(screen, "#years")
        headers = [
            c.label.plain for c in screen.query_one("#years", DataTable).ordered_columns
        ]
        assert headers == ["IVA inclusa", "2023", "2024", "2025", "Dopo il 2025"]
        labels = [row[0] for row in years]
        assert labels == [
            "Impegnato",
            "Fondi confermati",
            "Fondi attesi",
            "Pagato",
            "Fondi mancanti",
            "Programma (scheda G)",
            "Programma: da reperire",
        ]
        # scheda G: the Lorenteggio need's estimate over 2023-2025, to the cent;
        # its Regione Lombardia funds are not confirmed: all of it is to find
        lorenteggio = ["263.724,05 €", "276.570,20 €", "275.814,55 €", "0,00 €"]
        assert years[-2][1:] == lorenteggio
        assert years[-1][1:] == lorenteggio
        # the 2020-2023 contracts state no amount: 2023's commitment is not known
        assert years[0][1] == "non noto"
        note = plain(screen, "#years-note")
        assert "2 acquisti di valore non stimato" in " ".join(note.split())


async def test_a_scenario_is_shown_beside_the_baseline_and_nothing_is_written(
    app_tracker: Tracker,
) -> None:
    before = app_tracker.plan(2023, date(2023, 1, 17))
    app = TrackerApp(app_tracker, start="plan", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await plan_shown(app, pilot)
        await pilot.press("s")
        await ready(pilot, ScenarioScreen)
        dialog = app.screen
        # Escape leaves the scenario as it was
        await pilot.press("space", "escape")
        await until(pilot, lambda: app.screen is screen)
        assert not app.scenario
        await pilot.press("s")
        await ready(pilot, ScenarioScreen)
        assert app.screen is not dialog
        await pilot.press("space", "down", "space", "down", "space", "enter")
        screen = await plan_shown(app, pilot, SCENARIO)
        assert app.scenario == SCENARIO
        assert " ".join(plain(screen, "#plan-summary").split()) == (
            "6 needs · Scenario: SCN-CDQ-2024, SCN-LOR-2025, SCN-SAN-SIRO-PINQUA "
            "(counted as awarded; nothing is written)"
        )
        table = rows(screen, "#needs")
        # the baseline's needs stay listed, the scenario's change beside each
        assert [(r[0], r[1], r[2]) for r in table] == [
            ("Lorenteggio", "21/12/2022–31/12/2025", "covered (dates assumed)"),
            ("Mazzini", "01/07/2023–31/12/2025", "uncovered 01/07/2023–31/12/2023"),
            ("San Siro", "01/07/2023–31/12/2025", "covered (dates assumed)"),
            ("Gratosoglio", "01/01/2024–31/12/2025", "covered"),
            ("Molise-Calvairate", "01/01/2024–31/12/2025", "covered"),
            ("Ponte Lambro", "01/01/2024–31/12/2025", "covered"),
        ]
        labels = [row[0] for row in rows(screen, "#years")]
        assert labels[-4:] == [
            "Committed · scenario",
            "Shortfall · scenario",
            "Programme (scheda G) · scenario",
            "Programme: still to find · scenario",
        ]
        await pilot.press("down")
        await until(pilot, lambda: "Mazzini" in plain(screen, "#need-detail"))
        assert "in the scenario: still uncovered 01/07/2023–31/12/2023" in " ".join(
            plain(screen, "#need-detail").split()
        )
    after = app_tracker.plan(2023, date(2023, 1, 17))
    assert after == before
    assert [t.key for t in app_tracker.proposed_tenders()] == list(SCENARIO)


async def test_the_timeline_draws_the_needs_and_the_scenario_cover(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="timeline", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        timeline = screen.query_one(Timeline)

        def legend() -> list[str]:
            return [words for _g, _s, words in timeline.legend_items()]

        await until(pilot, lambda: "need to plan" in legend())
        # the service under the cursor says its need in words
        detail = screen.query_one("#timeline-detail", Static)
        await until(pilot, lambda: "to plan from" in str(detail.render()))
        assert (
            "to plan from 01/01/2024 to 31/12/2025, start the procedure by "
            "04/07/2023 (in 168 days)"
        ) in " ".join(str(detail.render()).split())
        await until(pilot, lambda: timeline.has_focus)
        for _step in range(40):  # a bound: a step moves the view a column or more
            if timeline.scale.shows(date(2024, 3, 1)):
                break
            await pilot.press("right")
        mazzini = row_of(timeline, "LDQ-MAZZINI")
        column = timeline.scale.column(date(2023, 9, 1))
        glyph, style = cell(timeline, mazzini, 0, column)
        assert (glyph, style.color) == ("╍", colour_of(timeline, "timeline--need"))
        assert "covered in the scenario" not in legend()
        # the scenario chosen on the programme is drawn on the timeline too
        app.scenario = SCENARIO
        await until(pilot, lambda: "covered in the scenario" in legend())
        column = timeline.scale.column(date(2024, 3, 1))
        glyph, style = cell(timeline, mazzini, 0, column)
        assert (glyph, style.color) == ("▆", colour_of(timeline, "timeline--scenario"))
        # Mazzini's first half-year of 2023 stays a need in the scenario
        glyph, _style = cell(
            timeline, mazzini, 0, timeline.scale.column(date(2023, 9, 1))
        )
        assert glyph == "╍"
        # Gratosoglio: no need left, its contract as before until 31/12/2023
        gratosoglio = row_of(timeline, "LDQ-GRATOSOGLIO")
        assert (
            cell(timeline, gratosoglio, 0, timeline.scale.column(date(2023, 9, 1)))[0]
            == "█"
        )
        assert cell(timeline, gratosoglio, 0, column)[0] == "▆"


async def test_enter_opens_the_service_g_the_tender_and_brackets_move_the_years(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="plan", language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await plan_shown(app, pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ServiceScreen))
        assert isinstance(app.screen, ServiceScreen)
        assert app.screen.ref == "LSL-LORENTEGGIO"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, TenderScreen))
        assert isinstance(app.screen, TenderScreen)
        assert app.screen.ref == "LOR-2023"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("right_square_bracket")
        await until(
            pilot,
            lambda: screen.plan is not None and screen.plan.horizon.first_year == 2024,
        )
        assert screen.title == "Planning 2024–2026"
        # from 2024 the Lorenteggio need is what is left of it in 2024-2025
        assert rows(screen, "#needs")[0][:2] == ["Lorenteggio", "21/12/2022–31/12/2025"]


async def test_p_writes_the_programme_pdf_to_the_documents_folder(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    app_tracker.settings = Settings(documents=tmp_path)
    target = tmp_path / "programmazione-2023-2025-al-2023-01-17.pdf"
    app = TrackerApp(app_tracker, start="plan", language="it")
    seen: list[object] = []
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        await plan_shown(app, pilot)
        app.scenario = ("SCN-CDQ-2024",)
        await plan_shown(app, pilot, ("SCN-CDQ-2024",))
        await pilot.press("p")
        await ready(pilot, TextScreen)
        assert app.screen.query_one("#text", Input).value == str(target)
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                f"Programma scritto: {target}"
                in [str(m.notification.message) for m in seen if isinstance(m, Notify)]
            ),
        )
    pages = PdfReader(io.BytesIO(target.read_bytes())).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Programma degli acquisti 2023–2025" in text
    assert "Lo scenario a confronto con lo stato attuale" in text
    assert "SCN-CDQ-2024" in text


async def test_hostile_names_are_shown_as_written(hostile_tracker: Tracker) -> None:
    """Neighbourhoods, services and a proposed tender's title as user text: on
    the programme, its detail line and the scenario dialog."""
    title = "[@click=app.quit]Gara[/] \x1b[2J [b]"
    engine = create_engine(hostile_tracker.engine.url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE tender SET title = :v WHERE ref = 'SCN-LOR-2025'"),
            {"v": title},
        )
    engine.dispose()
    app = TrackerApp(hostile_tracker, start="plan", language="en")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await plan_shown(app, pilot)
        await assert_shown(pilot, COLOUR)  # San Siro's neighbourhood, in the list
        await assert_shown(pilot, BIDI)  # Lorenteggio's service, in the detail line
        await pilot.press("s")
        await ready(pilot, ScenarioScreen)
        # the dialog's line ends with an ellipsis where the title is long
        await assert_shown(
            pilot, "SCN-LOR-2025 · dates not planned · [@click=app.quit]Gara[/]"
        )
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert app.is_running
