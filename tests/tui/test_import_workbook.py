"""The welcome's import takes a workbook filled in from the template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.core.sheet_filling import filled_template, lorenteggio
from tests.tui.helpers import ready, until
from tests.tui.test_first_run import shows_lorenteggio, welcome
from tracker.api import Tracker
from tui.app import TrackerApp
from tui.screens.confirm import TextScreen
from tui.screens.first_run import FirstRunScreen


async def _import(app: TrackerApp, pilot: Pilot[Any], workbook: Path) -> None:
    await welcome(pilot)
    await pilot.press("i")
    await ready(pilot, TextScreen)
    app.screen.query_one("#text", Input).value = str(workbook)
    await pilot.press("enter")


async def test_i_imports_a_filled_template(
    empty_tracker: Tracker, tmp_path: Path
) -> None:
    workbook = filled_template(tmp_path / "lorenteggio.xlsx", lorenteggio())
    app = TrackerApp(empty_tracker, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await _import(app, pilot, workbook)
        await until(pilot, lambda: shows_lorenteggio(app))
        [note] = [n for n in app._notifications if "Imported" in n.message]
        assert note.message.startswith(
            "Imported lorenteggio.xlsx: Organisations: 3, Consortia: 1, Acts: 1,"
        )
    assert [s.ref for s in empty_tracker.list_services()] == ["LSL-LORENTEGGIO"]


async def test_a_refused_workbook_names_its_cells_and_writes_nothing(
    empty_tracker: Tracker, tmp_path: Path
) -> None:
    rows = lorenteggio()
    rows["contract"][0]["start"] = "32/13/2023"
    workbook = filled_template(tmp_path / "wrong.xlsx", rows)
    app = TrackerApp(empty_tracker, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await _import(app, pilot, workbook)
        await until(
            pilot,
            lambda: any(n.severity == "error" for n in app._notifications),
        )
        [note] = [n for n in app._notifications if n.severity == "error"]
        assert note.message == (
            f"{workbook}: nothing was imported\n"
            "  - Contracts!H2 '32/13/2023': not a date: write it as dd/mm/yyyy, e.g. "
            "17/01/2023"
        )
        assert isinstance(app.screen, FirstRunScreen)
    assert empty_tracker.is_empty()
