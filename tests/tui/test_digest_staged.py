"""The digest in two steps: the critical alerts as soon as they are read (every
one of them: only continuity raises them), then the whole list with every count,
the person's highlight kept."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from functools import partial

import pytest
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.tui.helpers import WAIT_SECONDS, settle, until
from tests.tui.test_digest import notes
from tracker.api import DayAlerts, Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.digest import DigestScreen

AS_OF = date(2025, 6, 1)
LATER = date(2025, 7, 1)
FIRST = (
    "As of 01/06/2025: 23 critical alerts · counting the other alerts..."
    "   Enter opens the record"
)
COMPLETE = (
    "As of 01/06/2025: 23 critical alerts · 50 warnings · 18 notices"
    "   Enter opens the record"
)
ROWS = 3 + 23 + 50 + 18


class Held:
    """Holds the complete read of the alerts (``Tracker.day_alerts``) of the
    days given until released, to see the first step alone."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *days: date) -> None:
        self.days = set(days)
        self.started = threading.Event()
        self.released = threading.Event()
        self.returned = threading.Event()
        read = Tracker.day_alerts

        def held(tracker: Tracker, as_of: date | None = None) -> DayAlerts:
            if as_of not in self.days:
                return read(tracker, as_of)
            self.started.set()
            self.released.wait(WAIT_SECONDS)
            try:
                return read(tracker, as_of)
            finally:
                self.returned.set()

        monkeypatch.setattr(Tracker, "day_alerts", held)

    def release(self) -> None:
        self.released.set()


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def digest(app: TrackerApp) -> DigestScreen | None:
    screen = app.screen
    if isinstance(screen, DigestScreen) and screen.is_mounted:
        return screen
    return None


def summary(app: TrackerApp) -> str:
    screen = digest(app)
    return "" if screen is None else str(screen.query_one("#digest-summary").render())


def options(app: TrackerApp) -> OptionList:
    screen = digest(app)
    assert screen is not None
    return screen.query_one("#alerts", OptionList)


def rows(app: TrackerApp) -> list[str]:
    shown = options(app)
    return [str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]


def moved_from(shown: OptionList, highlighted: int | None) -> bool:
    return shown.highlighted != highlighted


async def move_down(pilot: Pilot[None], app: TrackerApp, times: int) -> None:
    shown = options(app)
    for _ in range(times):
        moved = partial(moved_from, shown, shown.highlighted)
        await pilot.press("down")
        await until(pilot, moved)


async def test_the_critical_alerts_come_first_then_every_count(
    many_alerts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = Held(monkeypatch, AS_OF)
    app = TrackerApp(many_alerts, language="en", as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: summary(app) == FIRST)
        shown = rows(app)
        assert len(shown) == 1 + 23
        assert shown[0] == "■ 23 critical alerts"
        assert all(line.startswith(" ■ CRITICAL ") for line in shown[1:])
        screen = digest(app)
        assert screen is not None
        assert screen.selected_alert() == screen.alerts[0]
        # the list written to a workbook waits for the whole of it
        assert screen.check_action("export", ()) is None
        held.release()
        await until(pilot, lambda: options(app).option_count == ROWS)
        assert summary(app) == COMPLETE
        shown = rows(app)
        assert [shown[0], shown[24], shown[75]] == [
            "■ 23 critical alerts",
            "▲ 50 warnings",
            "● 18 notices",
        ]
        assert screen.check_action("export", ()) is True
        assert screen.selected_alert() == screen.alerts[0]


async def test_the_critical_alerts_first_in_italian(
    many_alerts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = Held(monkeypatch, AS_OF)
    app = TrackerApp(many_alerts, language="it", as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        first = (
            "Al 01/06/2025: 23 avvisi critici · conteggio degli altri avvisi in "
            "corso...   Invio apre la scheda"
        )
        await until(pilot, lambda: summary(app) == first)
        assert rows(app)[0] == "■ 23 avvisi critici"
        assert rows(app)[1].startswith(" ■ CRITICO ")
        held.release()
        await until(pilot, lambda: options(app).option_count == ROWS)
        assert summary(app) == (
            "Al 01/06/2025: 23 avvisi critici · 50 segnalazioni · 18 note"
            "   Invio apre la scheda"
        )


async def test_the_highlight_moved_on_the_first_step_stays(
    many_alerts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = Held(monkeypatch, AS_OF)
    app = TrackerApp(many_alerts, language="en", as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: summary(app) == FIRST)
        await move_down(pilot, app, 4)
        screen = digest(app)
        assert screen is not None
        chosen = screen.selected_alert()
        assert options(app).highlighted == 5
        held.release()
        await until(pilot, lambda: summary(app) == COMPLETE)
        assert options(app).highlighted == 5
        assert screen.selected_alert() == chosen


async def test_a_new_day_shows_its_critical_alerts_first_and_keeps_the_highlight(
    many_alerts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = Held(monkeypatch, LATER)
    app = TrackerApp(many_alerts, language="en", as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: options(app).option_count == ROWS)
        options(app).highlighted = 40  # a warning, below the critical alerts
        app.as_of = LATER
        await until(pilot, lambda: summary(app).startswith("As of 01/07/2025: "))
        assert summary(app).endswith(
            " critical alerts · counting the other alerts...   Enter opens the record"
        )
        assert all(" WARNING " not in line for line in rows(app))
        held.release()
        await until(pilot, lambda: "warnings ·" in summary(app))
        assert summary(app).startswith("As of 01/07/2025: ")
        assert options(app).highlighted == 40


async def test_an_acknowledgement_keeps_the_list_until_the_new_one(
    many_alerts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = TrackerApp(many_alerts, language="en", as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: options(app).option_count == ROWS)
        options(app).highlighted = 40
        held = Held(monkeypatch, AS_OF)
        app.data_changed()  # as a save does
        await until(pilot, held.started.is_set)
        # the same day's list stays whole while it is read again
        assert summary(app) == COMPLETE
        assert options(app).option_count == ROWS
        held.release()
        await until(pilot, held.returned.is_set)
        await settle(pilot)
        assert summary(app) == COMPLETE
        assert options(app).highlighted == 40


async def test_an_earlier_day_never_paints_over_a_later_one(
    many_alerts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = Held(monkeypatch, AS_OF)
    app = TrackerApp(many_alerts, language="en", as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: summary(app) == FIRST)
        # the first day's complete read has begun (once its critical alerts
        # were on screen) when the day changes
        await until(pilot, held.started.is_set)
        app.as_of = LATER
        await until(pilot, lambda: "warnings ·" in summary(app))
        later = summary(app), rows(app)
        held.release()  # the first day's complete read ends now
        await until(pilot, held.returned.is_set)
        await settle(pilot)
        assert (summary(app), rows(app)) == later
        screen = digest(app)
        assert screen is not None
        # and a message of an earlier load, however late, is not shown
        stale = many_alerts.day_alerts(AS_OF)
        screen.show_alerts(DigestScreen.Loaded(stale, load=1))
        assert (summary(app), rows(app)) == later


async def test_no_critical_alert_waits_for_the_others_before_the_dashboard(
    app_tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = date(2022, 1, 1)  # two alerts on Milan's records, neither critical
    held = Held(monkeypatch, day)
    app = TrackerApp(app_tracker, language="en", as_of=day)
    async with app.run_test(size=(100, 30)) as pilot:
        first = "As of 01/01/2022: no critical alerts · counting the other alerts..."
        await until(pilot, lambda: summary(app) == first)
        assert rows(app) == []
        held.release()
        await until(pilot, lambda: "Enter opens the record" in summary(app))
        assert isinstance(app.screen, DigestScreen)
        assert summary(app) == (
            "As of 01/01/2022: 1 warning · 1 notice   Enter opens the record"
        )
        shown = rows(app)
        assert [shown[0], shown[2]] == ["▲ 1 warning", "● 1 notice"]
        assert shown[1].startswith(" ▲ WARNING ")
        assert "LOR-2023" in shown[1]
        assert shown[3].startswith(" ● NOTICE LDQ-2016")


TOLD = (
    "i fatti conservati per gli avvisi nel database sono danneggiati (i dati "
    "registrati sono integri): 'appalti check --repair' li ricostruisce"
)


def damage(tracker: Tracker, family: str) -> None:
    """Every kept fact of ``family`` with a payload of another shape."""
    with tracker.engine.begin() as connection:
        connection.execute(
            text("UPDATE kept_fact SET payload = '[1]' WHERE family = :family"),
            {"family": family},
        )


async def test_the_critical_alerts_stay_when_the_others_cannot_be_read(
    many_alerts: Tracker,
) -> None:
    """A damaged kept fact of the deadlines: the critical alerts come from the
    continuity alone and are shown; the others are said unreadable, no longer
    counted, and why is told."""
    damage(many_alerts, "deadlines")
    seen: list[object] = []
    app = TrackerApp(many_alerts, language="it", as_of=AS_OF)
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        unread = (
            "Al 01/06/2025: 23 avvisi critici · gli altri avvisi non si possono "
            "leggere   Invio apre la scheda"
        )
        await until(pilot, lambda: summary(app) == unread and TOLD in notes(seen))
        assert rows(app)[0] == "■ 23 avvisi critici"
        assert len(rows(app)) == 1 + 23


async def test_no_alert_is_shown_when_the_continuity_cannot_be_read(
    many_alerts: Tracker,
) -> None:
    """Every critical alert comes from the continuity: with its facts damaged the
    digest says that the day's alerts cannot be read, rather than computing them
    for ever."""
    damage(many_alerts, "continuity")
    seen: list[object] = []
    app = TrackerApp(many_alerts, language="it", as_of=AS_OF)
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        unread = "Gli avvisi al 01/06/2025 non si possono leggere."
        await until(pilot, lambda: summary(app) == unread and TOLD in notes(seen))
        assert rows(app) == []


async def test_the_rest_is_read_once_the_critical_alerts_are_on_screen(
    many_alerts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read while the first screen is drawn, the rest would take the
    interpreter from the drawing in turns: it waits for that screen."""
    app = TrackerApp(many_alerts, language="en", as_of=AS_OF)
    shown_then: list[int] = []
    read = Tracker.day_alerts

    def observed(tracker: Tracker, as_of: date | None = None) -> DayAlerts:
        screen = digest(app)
        if screen is not None and as_of == AS_OF:
            shown_then.append(screen.query_one("#alerts", OptionList).option_count)
        return read(tracker, as_of)

    monkeypatch.setattr(Tracker, "day_alerts", observed)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: summary(app) == COMPLETE)
        # the heading and the 23 critical alerts were there when the rest was read
        assert shown_then == [1 + 23]
