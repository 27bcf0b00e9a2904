"""The app on hostile names: lists, records, digest, timeline, palette and forms
show them as written, never read them as markup, never pass a control character
to the terminal, and ``[@click=app.quit]`` in a name runs nothing."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.conftest import MILAN, fixed_clock
from tests.core.test_hostile_text import (
    BIDI,
    C1,
    CLEAR,
    CLICK,
    CONSORTIUM,
    CR,
    DEADLINE,
    FUNDING,
    HTML,
    LINK,
    NOTE,
    RAW,
    REF,
    TENDER,
    make_hostile,
)
from tests.tui.helpers import settle, until
from tracker.api import Tracker
from tracker.formatting import printable
from tui.app import TrackerApp
from tui.screens.browse import ListScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.digest import DigestScreen
from tui.screens.form import RecordForm
from tui.screens.records.detail import DetailScreen, shows_record
from tui.screens.timeline import TimelineScreen
from tui.widgets.timeline import Timeline

SIZE = (160, 60)


@pytest.fixture
def hostile_tracker(sqlite_template: Path, tmp_path: Path) -> Iterator[Tracker]:
    """The Milan dataset with hostile names, notes and a deadline (SQLite, NUL too)."""
    path = tmp_path / "hostile.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    loader = Tracker.open(url, clock=fixed_clock, actor="test-rup")
    loader.load_file(MILAN)
    loader.close()
    make_hostile(url, nul=True)
    opened = Tracker.open(url, clock=fixed_clock, actor="test-rup")
    yield opened
    opened.close()


def screen_text(app: TrackerApp) -> str:
    """What the terminal shows, line by line; fails if a raw control character
    would reach it."""
    svg = app.export_screenshot()
    raw = RAW.findall(svg)
    assert not raw, f"raw control characters on screen: {sorted(set(raw))}"
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(
        r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg
    ):
        lines.setdefault(float(y), []).append((float(x), html.unescape(text)))
    return "\n".join(
        "".join(text for _, text in sorted(parts)).replace("\xa0", " ")
        for _, parts in sorted(lines.items())
    )


def missing(app: TrackerApp, values: tuple[str, ...]) -> tuple[str, str]:
    """The screen's text, and the first value it does not show yet ("" when all)."""
    text = screen_text(app)
    flat = " ".join(text.split())
    for value in values:
        if " ".join(printable(value, multiline=True).split()) not in flat:
            return text, value
    return text, ""


async def assert_shown(pilot: Pilot[Any], *values: str) -> str:
    """Every value is painted on screen as written, its controls escaped (line
    breaks in a block of text, such as a note, may stay: lines are compared
    joined). A record's data can be in its widgets a frame before the terminal
    shows it, so this waits for the painted screen, the very state it reads."""
    app = pilot.app
    assert isinstance(app, TrackerApp)
    try:
        await until(pilot, lambda: not missing(app, values)[1])
    except AssertionError:
        text, value = missing(app, values)
        raise AssertionError((value, text)) from None
    return missing(app, values)[0]


async def open_detail(pilot: Pilot[Any], ref: str) -> DetailScreen[Any]:
    app = pilot.app
    assert isinstance(app, TrackerApp)
    app.open_record(ref)
    await until(
        pilot,
        lambda: (
            shows_record(app.screen, ref)
            and bool(app.screen.query(".facts"))
            and all(w.is_mounted for w in app.screen.query("#detail > *"))
        ),
    )
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, DetailScreen)
    return screen


async def shown_list(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, ListScreen)
            and app.screen._source is not None
            and not app.screen._loading
        ),
    )
    await settle(pilot)


LISTS = [
    ("organisations", ["Coop [/] sociale", "[@click=app.quit]A&I[/]", HTML, REF]),
    ("services", ["Laboratorio Mazzini", "Laboratorio \u202eoirart"]),
    ("tenders", ["Gara \x1b[2J\x1b[H [i]corsivo"]),
    ("contracts", ["Servizio \x9b2J C1 \x07"]),
    ("funding", [FUNDING]),
    ("deadlines", ["Scadenza [/] \x1b[5mlampeggia"]),
]


@pytest.mark.parametrize(("mode", "values"), LISTS, ids=[m for m, _ in LISTS])
async def test_lists_show_hostile_names_as_written(
    hostile_tracker: Tracker, mode: str, values: list[str]
) -> None:
    app = TrackerApp(hostile_tracker, start=mode, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await shown_list(pilot)
        await assert_shown(pilot, *values)
        # A search typed with markup in it is shown as typed too.
        await pilot.press("slash")
        search = app.screen.query_one("#search", Input)
        await until(pilot, lambda: search.has_focus)
        await pilot.press(*"[/]")
        await until(pilot, lambda: "search: [/]" in screen_text(app))
    assert app.return_code in (None, 0)


RECORDS = [
    ("SPAZIO-APERTO", [LINK, NOTE]),
    ("ARS", [CLEAR]),
    ("A-I", [CLICK]),
    (REF, [REF]),
    ("ATI-LORENTEGGIO-2019", [CONSORTIUM, LINK, CLEAR, CLICK, HTML]),
    ("LOR-2019-C1", [C1, CONSORTIUM, DEADLINE, FUNDING, NOTE]),
    ("LDQ-2016", [TENDER, "riga uno", "riga due \x1b[5m\t\x00fine", NOTE]),
    ("LDQ-MAZZINI", [CR]),
    ("LSL-LORENTEGGIO", [BIDI]),
    ("POR-FSE-2014-2020", [FUNDING]),
    ("DL-HOSTILE", [DEADLINE, "Ufficio\rGare"]),
]


@pytest.mark.parametrize(("ref", "values"), RECORDS, ids=[r for r, _ in RECORDS])
async def test_record_screens_show_hostile_text_as_written(
    hostile_tracker: Tracker, ref: str, values: list[str]
) -> None:
    app = TrackerApp(hostile_tracker, start="dashboard", language="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_detail(pilot, ref)
        text = await assert_shown(pilot, *values)
        assert "— as of 17/01/2023" in text.splitlines()[0]


async def test_a_multi_line_note_keeps_its_lines_on_its_record(
    hostile_tracker: Tracker,
) -> None:
    app = TrackerApp(hostile_tracker, start="dashboard", language="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_detail(pilot, "LOR-2019-C1")
        await until(pilot, lambda: "live: Nota" in screen_text(app))
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "Nota" in line)
        assert lines[first].rstrip().endswith("rup \\u202elive: Nota")
        assert lines[first + 1].strip() == "su due righe \\x1b[2J"


async def test_the_click_action_in_a_name_does_not_quit(
    hostile_tracker: Tracker,
) -> None:
    app = TrackerApp(hostile_tracker, start="dashboard", language="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The funding source is named "[@click=app.quit]POR[/]": read as markup,
        # "POR" would be a link that quits the app.
        screen = await open_detail(pilot, "POR-FSE-2014-2020")
        title = screen.query_one(".record-title", Static)
        for column in range(len(FUNDING)):
            await pilot.click(title, offset=(column, 0))
        await settle(pilot)
        assert app.is_running
        assert shows_record(app.screen, "POR-FSE-2014-2020")
        await assert_shown(pilot, FUNDING)


async def test_the_digest_and_its_notifications_show_names_as_written(
    hostile_tracker: Tracker,
) -> None:
    seen: list[object] = []
    app = TrackerApp(hostile_tracker, language="en")
    async with app.run_test(
        size=SIZE, message_hook=seen.append, notifications=True
    ) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts),
        )
        await settle(pilot)
        await assert_shown(pilot, BIDI, CR, DEADLINE)
        app.open_record("[@click=app.quit]\x1b[2J")
        await until(
            pilot,
            lambda: any(
                isinstance(m, Notify) and "No record" in m.notification.message
                for m in seen
            ),
        )
        await until(
            pilot,
            lambda: (
                "No record has the reference [@click=app.quit]\\x1b[2J"
                in " ".join(screen_text(app).split())
            ),
        )
        assert app.is_running
        assert isinstance(app.screen, DigestScreen)


async def test_the_timeline_labels_and_facts_show_names_as_written(
    hostile_tracker: Tracker,
) -> None:
    app = TrackerApp(hostile_tracker, start="timeline", language="en")
    async with app.run_test(size=SIZE) as pilot:
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, TimelineScreen)
                and app.screen.query_one(Timeline).is_loaded
            ),
        )
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        detail = app.screen.query_one("#timeline-detail", Static)
        await assert_shown(pilot, "San \x1b[31mSiro")
        # The service's name without its neighbourhood, as the timeline shows it.
        bidi = BIDI.removesuffix(" Lorenteggio")
        for ref, name in (("LSL-LORENTEGGIO", bidi), ("LDQ-MAZZINI", CR)):
            row = [r.continuity.service for r in timeline.rows].index(ref)
            label = timeline.row_strip(row, 0).text[: timeline.label_width]
            assert not RAW.search(label)
            await pilot.press(*["down"] * (row - timeline.cursor_row))
            await until(pilot, partial(is_selected, timeline, ref))
            await until(pilot, partial(is_shown, detail, f"[{ref}]"))
            assert printable(name) in str(detail.render())
            screen_text(app)


def is_selected(timeline: Timeline, ref: str) -> bool:
    return timeline.selected_ref == ref


def is_shown(widget: Static, text: str) -> bool:
    return text in str(widget.render())


def hit_shown(hits: CommandList, text: str) -> bool:
    return any(
        text in str(hits.get_option_at_index(i).prompt)
        for i in range(hits.option_count)
    )


async def test_the_palette_finds_hostile_names_and_shows_them_as_written(
    hostile_tracker: Tracker,
) -> None:
    app = TrackerApp(hostile_tracker, start="dashboard", language="en")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        await pilot.press("ctrl+p")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, CommandPalette)
                and app.screen.query_one(CommandInput).has_focus
            ),
        )
        palette = app.screen
        hits = palette.query_one(CommandList)
        for query, value in (("coop", CLEAR), ("click", CLICK), ("kcity", REF)):
            palette.query_one(CommandInput).value = query
            await until(pilot, partial(hit_shown, hits, printable(value)))
            screen_text(app)
        palette.query_one(CommandInput).value = "a-i"
        await until(pilot, lambda: hit_shown(hits, f"A-I — {CLICK}"))
        await pilot.press("down", "enter")
        await until(pilot, lambda: shows_record(app.screen, "A-I"))
        assert app.is_running


async def test_the_edit_form_shows_control_characters_escaped(
    hostile_tracker: Tracker,
) -> None:
    app = TrackerApp(hostile_tracker, start="organisations", language="en")
    async with app.run_test(size=SIZE) as pilot:
        await shown_list(pilot)
        await open_detail(pilot, "SPAZIO-APERTO")
        await pilot.press("e")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordForm) and bool(app.screen.query("#f-name"))
            ),
        )
        name = app.screen.query_one("#f-name", Input)
        assert name.value == printable(LINK)
        await assert_shown(pilot, "Edit organisation SPAZIO-APERTO")
