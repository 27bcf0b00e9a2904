"""The app's as-of day: a day outside 1900-2199 is named in the dialog, which
stays; a day at either end of the span is taken and every screen computes."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.tui.helpers import ready, settle, until
from tests.tui.test_digest import open_digest
from tracker.api import Tracker
from tui.app import TrackerApp
from tui.screens.as_of import DateScreen
from tui.screens.digest import DigestScreen


@pytest.mark.parametrize("typed", ["31/12/9999", "31/12/1899", "01/01/2200"])
async def test_an_as_of_day_outside_the_calendar_is_named_and_the_dialog_stays(
    app_tracker: Tracker, typed: str
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_digest(app, pilot)
        before = app.as_of
        await pilot.press("f2")
        await ready(pilot, DateScreen)
        dialog = app.screen
        dialog.query_one("#day", Input).value = typed
        await pilot.press("enter")
        error = dialog.query_one("#day-error")
        await until(pilot, lambda: str(error.render()) != "")
        assert app.screen is dialog
        assert str(error.render()) == "must be a day from 01/01/1900 to 31/12/2199"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DigestScreen))
        assert app.as_of == before


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("01/01/1900", "as of 01/01/1900"), ("31/12/2199", "as of 31/12/2199")],
)
async def test_an_as_of_day_at_either_end_is_computed(
    app_tracker: Tracker, typed: str, shown: str
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_digest(app, pilot)
        await pilot.press("f2")
        await ready(pilot, DateScreen)
        app.screen.query_one("#day", Input).value = typed
        await pilot.press("enter")
        await settle(pilot)
        await until(pilot, lambda: app.sub_title == shown)
        assert isinstance(app.screen, DigestScreen)
