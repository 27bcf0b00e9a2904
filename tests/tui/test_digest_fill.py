"""A long digest: its first screen of the most urgent alerts shows as soon as the
alerts are known, with every count exact, and the rest fills in behind it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from tests.tui.helpers import until
from tracker.api import Tracker
from tui.app import TrackerApp
from tui.screens import digest
from tui.screens.digest import DigestScreen

AS_OF = date(2025, 6, 1)
SUMMARY = "As of 01/06/2025: 23 critical alerts · 50 warnings · 18 notices"
ROWS = 3 + 23 + 50 + 18


def rows(screen: DigestScreen) -> list[str]:
    options = screen.query_one("#alerts", OptionList)
    return [
        str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
    ]


def summary(screen: DigestScreen) -> str:
    return str(screen.query_one("#digest-summary", Static).render())


def complete(app: TrackerApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, DigestScreen)
        and screen.is_mounted
        and summary(screen).startswith(SUMMARY)
    )


def option_count(app: TrackerApp) -> int:
    screen = app.screen
    if not isinstance(screen, DigestScreen) or not screen.is_mounted:
        return 0
    return screen.query_one("#alerts", OptionList).option_count


async def test_the_first_screen_comes_with_every_count(
    many_alerts: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fill(*_: Any) -> None:
        """Hold the rest back, to see the first screen alone."""

    monkeypatch.setattr(DigestScreen, "fill_alerts", no_fill)
    app = TrackerApp(many_alerts, language="en", as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        # the complete read, after the critical alerts alone
        await until(pilot, lambda: complete(app))
        screen = app.screen
        assert isinstance(screen, DigestScreen)
        assert option_count(app) == digest.FIRST_ROWS
        assert summary(screen).startswith(SUMMARY)
        # every alert is known, for the counts, a PDF or an export
        assert len(screen.alerts) == ROWS - 3
        shown = rows(screen)
        assert shown[0] == "■ 23 critical alerts"
        assert shown[1].startswith(" ■ CRITICAL ")
        assert shown[24] == "▲ 50 warnings"
        # the most urgent alert is highlighted, ready for Enter
        assert screen.selected_alert() == screen.alerts[0]


async def test_the_rest_fills_in_below_in_order(many_alerts: Tracker) -> None:
    app = TrackerApp(many_alerts, language="en", as_of=AS_OF)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: option_count(app) == ROWS)
        screen = app.screen
        assert isinstance(screen, DigestScreen)
        assert summary(screen).startswith(SUMMARY)
        shown = rows(screen)
        assert shown[0] == "■ 23 critical alerts"
        assert shown[24] == "▲ 50 warnings"
        assert shown[75] == "● 18 notices"
        assert all(line.startswith(" ● NOTICE ") for line in shown[76:])
        options = screen.query_one("#alerts", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(ROWS)]
        headings = {0, 24, 75}
        assert [i for n, i in enumerate(ids) if n not in headings] == [
            str(n) for n in range(ROWS - 3)
        ]
        assert screen.selected_alert() == screen.alerts[0]
