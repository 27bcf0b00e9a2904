"""The start-up digest: what a person sees first every morning, and what they do."""

from __future__ import annotations

from datetime import date
from functools import partial

from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from tests.tui.helpers import ready, settle, until
from tracker.api import Tracker
from tracker.drafts import OrganisationDraft
from tui.app import TrackerApp
from tui.screens.as_of import DateScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.digest import DigestScreen
from tui.screens.help import HelpScreen


def alert_lines(app: TrackerApp) -> list[str]:
    options = app.screen.query_one("#alerts", OptionList)
    return [
        str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
    ]


def moved_from(options: OptionList, highlighted: int | None) -> bool:
    return options.highlighted != highlighted


def notes(seen: list[object]) -> list[str]:
    """The notifications the app has handled so far."""
    return [m.notification.message for m in seen if isinstance(m, Notify)]


async def open_digest(app: TrackerApp, pilot: Pilot[None]) -> DigestScreen:
    await until(
        pilot, lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts)
    )
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, DigestScreen)
    return screen


async def test_opens_on_the_alerts_grouped_by_severity_countdowns_first(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_digest(app, pilot)
        lines = alert_lines(app)
        assert lines[0] == "■ 3 critical alerts"
        assert lines[1].startswith(" ■ CRITICAL for 28 days  LSL-LORENTEGGIO\n")
        assert "no service since 21/12/2022" in lines[1]
        assert lines[2].startswith(" ■ CRITICAL overdue by 16 days  LDQ-MAZZINI")
        assert "▲ 1 warning" in lines
        assert lines[-3].startswith(" ▲ WARNING in 168 days  LOR-2023")
        assert "● 1 notice" in lines
        assert lines[-1].startswith(" ● NOTICE LDQ-2016\nIs tender LDQ-2016 still")
        summary = str(screen.query_one("#digest-summary", Static).render())
        assert "3 critical alerts · 1 warning · 1 notice" in summary
        assert app.sub_title == "as of 17/01/2023"
        # The headings cannot be selected: the first alert is highlighted.
        assert screen.selected_alert() is not None
        assert screen.selected_alert().ref == "LSL-LORENTEGGIO"  # type: ignore[union-attr]


async def test_acknowledging_a_deadline_removes_its_alert(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_digest(app, pilot)
        # Down to the question LDQ-2016 asks (past the heading rows).
        options = screen.query_one("#alerts", OptionList)
        for _ in range(10):
            alert = screen.selected_alert()
            if alert is not None and alert.ref == "LDQ-2016":
                break
            before = options.highlighted
            await pilot.press("down")
            await until(pilot, partial(moved_from, options, before))
        assert screen.selected_alert().ref == "LDQ-2016"  # type: ignore[union-attr]
        await pilot.press("a")
        await settle(pilot)
        await until(pilot, lambda: not any("LDQ-2016" in x for x in alert_lines(app)))
        assert [a.ref for a in app_tracker.alerts()] == [
            "LSL-LORENTEGGIO",
            "LDQ-MAZZINI",
            "LDQ-SAN-SIRO",
            "LOR-2023",
        ]


async def test_a_gap_cannot_be_acknowledged_only_snoozed(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    seen: list[object] = []
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        await open_digest(app, pilot)
        await pilot.press("a")
        await until(
            pilot, lambda: any("Snooze it with s" in note for note in notes(seen))
        )
        assert len(app_tracker.alerts()) == 5


async def test_snoozing_hides_an_alert_until_the_day_chosen(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_digest(app, pilot)
        await pilot.press("s")
        await ready(pilot, DateScreen)
        field = app.screen.query_one("#day", Input)
        assert field.value == "24/01/2023"  # a week from today
        field.value = "31/01/2023"
        await pilot.press("enter")
        await settle(pilot)
        await until(
            pilot, lambda: not any("LSL-LORENTEGGIO" in x for x in alert_lines(app))
        )
    refs = [a.ref for a in app_tracker.alerts(date(2023, 1, 31))]
    assert "LSL-LORENTEGGIO" not in refs
    refs = [a.ref for a in app_tracker.alerts(date(2023, 2, 1))]
    assert "LSL-LORENTEGGIO" in refs


async def test_nothing_due_says_so_and_moves_on_to_the_dashboard(
    empty_tracker: Tracker,
) -> None:
    # a record, so that the database is not new (a new one opens on a welcome)
    empty_tracker.save(OrganisationDraft(ref="COMUNE-MI", name="Comune di Milano"))
    app = TrackerApp(empty_tracker, language="en")
    seen: list[object] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        # The screen moves on before the app handles the notification: wait for both.
        await until(
            pilot,
            lambda: isinstance(app.screen, DashboardScreen) and bool(notes(seen)),
        )
        assert notes(seen) == ["Nothing is due as of 17/01/2023."]


async def test_changing_the_as_of_day_recomputes_the_alerts(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_digest(app, pilot)
        await pilot.press("f2")
        await ready(pilot, DateScreen)
        app.screen.query_one("#day", Input).value = "01/03/2024"
        await pilot.press("enter")
        await settle(pilot)
        await until(pilot, lambda: app.sub_title == "as of 01/03/2024")
        await until(
            pilot,
            lambda: any(
                "LDQ-MAZZINI" in x and "for 245 days" in x for x in alert_lines(app)
            ),
        )
        assert app.as_of == date(2024, 3, 1)


async def test_a_bad_as_of_day_is_named_and_the_dialog_stays(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_digest(app, pilot)
        await pilot.press("f2")
        await ready(pilot, DateScreen)
        dialog = app.screen
        dialog.query_one("#day", Input).value = "31/02/2023"
        await pilot.press("enter")
        error = dialog.query_one("#day-error")
        await until(pilot, lambda: str(error.render()) != "")
        assert app.screen is dialog
        assert str(error.render()) == (
            "not a date: write it as dd/mm/yyyy, e.g. 17/01/2023"
        )
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DigestScreen))
        assert app.as_of == date(2023, 1, 17)


async def test_the_dashboard_counts_services_and_contracts_ending(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en", start="dashboard")
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one("#ending", DataTable)
        await until(pilot, lambda: table.row_count == 5)
        services = str(app.screen.query_one("#services", Static).render())
        assert "1  uncovered" in services
        assert "2  at risk" in services
        assert "3  covered" in services
        summary = str(app.screen.query_one("#ending-summary", Static).render())
        assert summary == "2 within 6 months · 5 within 12 months"
        assert [str(cell) for cell in table.get_row_at(0)[:3]] == [
            "30/06/2023",
            "in 164 days",
            "PRO-2020-MAZZINI",
        ]
        pending = app.screen.query_one("#pending", DataTable)
        assert pending.row_count == 4


async def test_help_lists_the_keys_of_the_current_screen(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_digest(app, pilot)
        await pilot.press("question_mark")
        await ready(pilot, HelpScreen)
        table = app.screen.query_one("#keys", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert ["a", "Acknowledge"] in rows
        assert ["s", "Snooze"] in rows
        assert ["f2", "As of"] in rows or ["F2", "As of"] in rows
        assert ["3", "Timeline"] in rows
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DigestScreen))
