"""Deadlines and alerts in the app: an explicit deadline done and reopened, a
snooze undone from the screen of what is silenced, the question a stale tender
asks once, and one day count on the digest and on the service."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, OptionList, Select

from tests.conftest import COMMITTEE_DAY
from tests.tui.helpers import ready, settle, until
from tests.tui.test_details import open_detail, rows, text_of
from tests.tui.test_digest import alert_lines, open_digest
from tests.tui.test_flows import run_palette, type_into
from tests.tui.test_lists import shown, table
from tracker.api import Tracker
from tracker.domain.kinds import Recurrence
from tracker.drafts import DeadlineDraft
from tui.app import TrackerApp
from tui.screens.as_of import DateScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.digest import DigestScreen
from tui.screens.form import RecordForm
from tui.screens.records.blocks import RecordTable
from tui.screens.records.deadline import DeadlineScreen
from tui.screens.records.service import ServiceScreen
from tui.screens.silenced import SilencedScreen

D = date


async def highlight(pilot: Pilot[Any], screen: DigestScreen, key: str) -> None:
    """Put the digest's cursor on the alert ``key``."""
    options = screen.query_one("#alerts", OptionList)
    [index] = [
        i
        for i in range(options.option_count)
        if (option := options.get_option_at_index(i)).id is not None
        and screen.alerts[int(option.id)].key == key
    ]
    options.highlighted = index
    await until(
        pilot,
        lambda: (alert := screen.selected_alert()) is not None and alert.key == key,
    )


def _monthly(tracker: Tracker) -> None:
    tracker.save_deadline(
        DeadlineDraft(
            ref="ANAC-MONTHLY",
            title="Monthly report to ANAC",
            due=D(2022, 11, 15),
            recurrence=Recurrence.MONTHLY,
        )
    )


def _done_through(tracker: Tracker) -> date | None:
    return tracker.deadline_view("ANAC-MONTHLY", COMMITTEE_DAY).done_through


async def test_a_recurring_deadline_is_done_and_reopened_on_its_screen(
    app_tracker: Tracker,
) -> None:
    _monthly(app_tracker)
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "ANAC-MONTHLY")
        assert isinstance(screen, DeadlineScreen)
        await pilot.press("x")
        # through the current occurrence, the one of 15/01/2023, as of 17/01/2023
        await until(pilot, lambda: _done_through(app_tracker) == D(2023, 1, 15))
        await until(pilot, lambda: "Done through  15/01/2023" in text_of(screen))
        states = [r[3] for r in rows(screen, "occurrences")]
        assert states[:3] == ["done", "done", "done"]
        assert states[3] == "open"
        await pilot.press("o")
        await until(pilot, lambda: _done_through(app_tracker) == D(2022, 12, 15))
        await until(pilot, lambda: "Done through  15/12/2022" in text_of(screen))


async def test_a_one_off_deadline_is_done_and_reopened_from_the_list(
    app_tracker: Tracker,
) -> None:
    app_tracker.save_deadline(
        DeadlineDraft(ref="DURC-LOR", title="Check the DURC", due=D(2023, 1, 10))
    )
    app = TrackerApp(app_tracker, language="en", start="deadlines")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, 11)
        key = "DURC-LOR@2023-01-10"
        rows_ = table(app)
        rows_.move_cursor(row=rows_.get_row_index(key))
        await until(pilot, lambda: app.screen.current_key() == key)  # type: ignore[attr-defined]
        await pilot.press("x")
        await until(
            pilot, lambda: app_tracker.deadline_view("DURC-LOR").state == "done"
        )
        await shown(pilot, 11)
        await until(pilot, lambda: str(table(app).get_row(key)[4]) == "done")
        await pilot.press("o")
        await until(
            pilot, lambda: app_tracker.deadline_view("DURC-LOR").state == "open"
        )
        await until(pilot, lambda: str(table(app).get_row(key)[4]) == "overdue")


async def test_a_snooze_is_undone_from_the_screen_of_what_is_silenced(
    app_tracker: Tracker,
) -> None:
    gap = "LSL-LORENTEGGIO/continuity_gap"
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_digest(app, pilot)
        await highlight(pilot, screen, gap)
        await pilot.press("s")
        await ready(pilot, DateScreen)
        app.screen.query_one("#day", Input).value = "31/01/2023"
        await pilot.press("enter")
        await until(
            pilot, lambda: not any("LSL-LORENTEGGIO" in x for x in alert_lines(app))
        )
        await pilot.press("v")
        await ready(pilot, SilencedScreen)
        silenced = app.screen
        grid = silenced.query_one("#silenced", DataTable)
        await until(pilot, lambda: grid.row_count == 1)
        assert [str(c) for c in grid.get_row_at(0)] == [
            "snoozed",
            "LSL-LORENTEGGIO (service uncovered)",
            "31/01/2023",
            "test-rup",
            "17/01/2023 09:30",
        ]
        await pilot.press("u")
        await until(pilot, lambda: grid.row_count == 0)
        assert gap in {a.key for a in app_tracker.alerts(COMMITTEE_DAY)}
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DigestScreen))
        await until(
            pilot, lambda: any("LSL-LORENTEGGIO" in x for x in alert_lines(app))
        )


STALE = "LDQ-2016/tender_stale"


async def test_a_stale_tender_asks_once_and_a_yes_keeps_it_quiet(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_digest(app, pilot)
        [line] = [x for x in alert_lines(app) if "LDQ-2016" in x]
        # a question with no count of days, instead of "overdue by 2631 days"
        assert line == (
            " ● NOTICE LDQ-2016\n"
            "Is tender LDQ-2016 still planned? Planned service start: 02/05/2016. "
            "If it is, acknowledge this question; if not, cancel the tender."
        )
        await highlight(pilot, screen, STALE)
        await pilot.press("a")
        await until(pilot, lambda: not any("LDQ-2016" in x for x in alert_lines(app)))
        # the next mornings too
        assert "LDQ-2016" not in {a.ref for a in app_tracker.alerts(D(2023, 6, 1))}
        await pilot.press("v")
        await ready(pilot, SilencedScreen)
        grid = app.screen.query_one("#silenced", DataTable)
        await until(pilot, lambda: grid.row_count == 1)
        assert [str(c) for c in grid.get_row_at(0)][:3] == [
            "acknowledged",
            "LDQ-2016 (still planned?)",
            "for good",
        ]


async def test_a_stale_tender_answered_no_is_cancelled(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_digest(app, pilot)
        await highlight(pilot, screen, STALE)
        await pilot.press("c")
        await ready(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: not any("LDQ-2016" in x for x in alert_lines(app)))
        assert app_tracker.draft_of("LDQ-2016").status == "cancelled"  # type: ignore[union-attr]


async def test_the_digest_and_the_service_count_the_same_days(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_digest(app, pilot)
        [line] = [x for x in alert_lines(app) if "LSL-LORENTEGGIO" in x]
        assert line.startswith(" ■ CRITICO da 28 giorni  LSL-LORENTEGGIO\n")
        assert "senza servizio dal 21/12/2022 (da 28 giorni)" in line
        screen = await open_detail(pilot, "LSL-LORENTEGGIO")
        assert isinstance(screen, ServiceScreen)
        assert "scoperto dal 21/12/2022 (da 28 giorni)" in text_of(screen)
        gaps = screen.query(RecordTable).first()  # the first section
        cells = [[str(c) for c in gaps.get_row_at(i)] for i in range(gaps.row_count)]
        [gap] = [r for r in cells if r[3] == "aperto"]
        assert gap[:3] == ["21/12/2022", "in corso", "28"]
        await settle(pilot)


async def test_the_palette_opens_what_is_silenced(app_tracker: Tracker) -> None:
    app_tracker.snooze_alert("LSL-LORENTEGGIO/continuity_gap", until=D(2023, 1, 31))
    app = TrackerApp(app_tracker, language="it")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_digest(app, pilot)
        await run_palette(pilot, "rimandati")
        await ready(pilot, SilencedScreen)
        grid = app.screen.query_one("#silenced", DataTable)
        await until(pilot, lambda: grid.row_count == 1)
        assert str(grid.get_row_at(0)[0]) == "rimandato"
        assert str(grid.get_row_at(0)[1]) == "LSL-LORENTEGGIO (servizio scoperto)"


async def test_a_new_tender_says_service_start_and_does_not_begin_overdue(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it", start="tenders")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        box = form.query_one("#f-planned-start-box")
        await until(pilot, lambda: bool(box.query(Label)))
        said = [str(label.render()) for label in box.query(Label)]
        assert said[0] == "Avvio del servizio (previsto)"
        assert said[1].startswith(
            "Il giorno in cui deve iniziare il servizio. L'avvio della procedura "
            "(previsto) si calcola a ritroso da qui"
        )
        await type_into(pilot, "ref", "LOR-2024")
        await type_into(pilot, "title", "Laboratorio Sociale Lorenteggio 2024")
        # the service starts eight months after the day of the situation
        await type_into(pilot, "planned_start", "17/09/2023")
        form.query_one("#f-status", Select).value = "planned"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
    assert [
        a.key for a in app_tracker.alerts(COMMITTEE_DAY) if a.ref == "LOR-2024"
    ] == []
    [start] = [
        d for d in app_tracker.deadlines(D(2024, 1, 1)) if d.key == "LOR-2024/start"
    ]
    # 180 days of lead time before the service: two months ahead, not overdue
    assert start.due == D(2023, 3, 21)
