"""A session in the app in Italian: every main screen, a record, the keys, the
palette with a search that finds nothing and a form refused for a bad value. What
the screen shows holds no English word and no raw code."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from functools import partial
from typing import Any

from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.core.test_italian_session import offending
from tests.tui.helpers import focus, ready, settle, until
from tracker.api import Tracker
from tracker.domain.refs import RecordKind
from tui.app import MODES, TrackerApp
from tui.screens.digest import DigestScreen
from tui.screens.form import RecordForm, widget_id
from tui.screens.help import HelpScreen

# Key caps, the record references and names of the Milan data, and the palette's
# own name, which reads the same in Italian.
SHOWN_AS_THEY_ARE = {
    *("tab", "shift", "ctrl", "escape", "esc", "enter", "up", "down", "left"),
    *("right", "home", "end", "pageup", "pagedown", "delete", "backspace", "space"),
    *("palette", "appalti", "KCITY", "ARS", "DIKE"),
}


def screen_text(pilot: Pilot[Any]) -> str:
    """The characters on the screen, line by line, as a person reads them."""
    svg = pilot.app.export_screenshot()
    lines: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, text in re.findall(
        r'<text [^>]*x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg
    ):
        lines[float(y)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join(
        "".join(text for _x, text in sorted(parts))
        for _y, parts in sorted(lines.items())
    )


def tables_text(pilot: Pilot[Any]) -> str:
    """Every cell of every table on the screen, scrolled into view or not."""
    return "\n".join(
        "  ".join(str(cell) for cell in table.get_row_at(index))
        for table in pilot.app.screen.query(DataTable)
        for index in range(table.row_count)
    )


def showing(app: TrackerApp, mode: str) -> bool:
    return app.mode_name == mode


async def look(pilot: Pilot[Any], where: str, seen: dict[str, str]) -> None:
    await settle(pilot)
    seen[where] = screen_text(pilot)


async def test_an_italian_session_in_the_app_shows_no_english_and_no_raw_code(
    app_tracker: Tracker,
) -> None:
    # a change in the contract's history, whose fields the history names
    current = app_tracker.edit_of("LOR-2019-C1")
    changed = current.draft.model_copy(
        update={"title": "Accompagnamento sociale", "options": []}
    )
    app_tracker.save(changed, original="LOR-2019-C1", base_version=current.version)
    app = TrackerApp(app_tracker, language="it")
    seen: dict[str, str] = {}
    async with app.run_test(size=(130, 40)) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts),
        )
        for mode, key, _label in MODES:
            # consortia are the second tab of the organisations: 7, then t
            await pilot.press(*([key] if key else ["7", "t"]))
            await until(pilot, partial(showing, app, mode))
            await look(pilot, mode, seen)
        app.open_record("LOR-2019-C1")
        await look(pilot, "LOR-2019-C1", seen)
        seen["LOR-2019-C1, tables"] = tables_text(pilot)
        assert "Titolo" in seen["LOR-2019-C1, tables"]
        await pilot.press("question_mark")
        await ready(pilot, HelpScreen)
        await look(pilot, "keys", seen)
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await ready(pilot, CommandPalette)
        palette = app.screen
        assert palette.query_one(CommandInput).placeholder == (
            "Cerca un record o un'azione…"
        )
        await pilot.press(*"zzqqxx")
        await until(
            pilot,
            lambda: any(
                "Nessun risultato"
                in str(palette.query_one(CommandList).get_option_at_index(i).prompt)
                for i in range(palette.query_one(CommandList).option_count)
            ),
        )
        await look(pilot, "palette", seen)
        await pilot.press("escape")

        app.create(RecordKind.CONTRACT)
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert isinstance(form, RecordForm)
        await until(pilot, lambda: form.cursor_placed)
        for name, text in (
            ("ref", "C-PROVA"),
            ("title", "Prova"),
            ("cig", "123"),
            ("start", "01/01/2024"),
            ("months", "12"),
        ):
            field = form.query_one("#" + widget_id(name))
            await focus(pilot, field)
            await pilot.press(*text)
        await pilot.press("ctrl+s")
        await until(
            pilot, lambda: "CIG" in screen_text(pilot) and "⚠" in screen_text(pilot)
        )
        await look(pilot, "form", seen)

    problems = [
        f"{where}: {problem}"
        for where, text in seen.items()
        for problem in offending(text, SHOWN_AS_THEY_ARE)
    ]
    assert problems == []
    assert "un CIG ha 10 caratteri" in seen["form"]


async def test_the_palette_stays_english_in_an_english_session(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DigestScreen))
        await pilot.press("ctrl+p")
        await ready(pilot, CommandPalette)
        palette = app.screen
        assert palette.query_one(CommandInput).placeholder == (
            "Search for a record or an action…"
        )
        await pilot.press(*"zzqqxx")
        hits = palette.query_one(CommandList)
        await until(
            pilot,
            lambda: any(
                "No matches found" in str(hits.get_option_at_index(i).prompt)
                for i in range(hits.option_count)
            ),
        )
