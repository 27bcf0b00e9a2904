"""Restoring a record from its history in the app: Enter on a change shows the
record as that version left it beside the record now; Ctrl+S restores it, saved
like any change, refused when someone changed the record meanwhile."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import fixed_clock
from tests.tui.helpers import focus, ready, settle, until
from tests.tui.test_details import open_detail, rows
from tests.tui.test_digest import notes
from tests.tui.test_flows import type_into
from tracker.api import Tracker
from tracker.drafts import TenderDraft
from tui.app import TrackerApp
from tui.screens.form import RecordForm
from tui.screens.records.blocks import RecordTable
from tui.screens.records.detail import DetailScreen
from tui.screens.records.version import VersionScreen

TENDER = "LOR-2019"
TITLE = (
    "Servizio di accompagnamento sociale - Laboratorio Sociale Lorenteggio "
    "(A.d.P. Lorenteggio)"
)


@pytest.fixture
def other(app_tracker: Tracker) -> Iterator[Tracker]:
    """Another person working on the same database file."""
    url = app_tracker.engine.url.render_as_string(hide_password=False)
    opened = Tracker.open(url, clock=fixed_clock, actor="m.rossi")
    yield opened
    opened.close()


def title_of(tracker: Tracker) -> str:
    draft = tracker.draft_of(TENDER)
    assert isinstance(draft, TenderDraft)
    return draft.title


async def edit_title(pilot: Pilot[Any], title: str) -> DetailScreen[Any]:
    app = pilot.app
    screen = await open_detail(pilot, TENDER)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(app.screen, RecordForm))
    await type_into(pilot, "title", title)
    await pilot.press("ctrl+s")
    await until(
        pilot,
        lambda: app.screen is screen and rows(screen, "history")[0][2] == "update",
    )
    return screen


async def show_version(
    pilot: Pilot[Any], screen: DetailScreen[Any], version: int
) -> VersionScreen:
    [key] = [k for k, seen in screen.versions.items() if seen == (TENDER, version)]
    table = screen.query_one("#history", RecordTable)
    await focus(pilot, table)
    table.move_cursor(row=table.get_row_index(key), animate=False)
    await until(pilot, lambda: table.cursor_row == table.get_row_index(key))
    await pilot.press("enter")
    await ready(pilot, VersionScreen)
    shown = pilot.app.screen
    assert isinstance(shown, VersionScreen)
    return shown


def differences(screen: VersionScreen) -> list[tuple[str, str, str]]:
    return [(d.label, d.then, d.now) for d in screen.found]


async def test_restore_the_version_before_an_edit(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, language="en")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await edit_title(pilot, "Titolo sbagliato")
        assert title_of(app_tracker) == "Titolo sbagliato"
        assert rows(screen, "history")[0][2:] == ["update", TENDER, "2", "Title"]

        version = await show_version(pilot, screen, 1)
        assert differences(version) == [("Title", TITLE, "Titolo sbagliato")]
        assert version.query_one("#differences", Static).is_mounted
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: app.screen is screen and rows(screen, "history")[0][2] == "restore",
        )
        await settle(pilot)
        history = rows(screen, "history")
        assert history[0][1:] == [
            "test-rup",
            "restore",
            TENDER,
            "3",
            "from version 1",
        ]
        assert history[1][2:] == ["update", TENDER, "3", "Title"]
        assert "LOR-2019: version 1 restored" in notes(seen)
    assert title_of(app_tracker) == TITLE


async def test_a_version_changed_meanwhile_is_not_restored(
    app_tracker: Tracker, other: Tracker
) -> None:
    app = TrackerApp(app_tracker, language="en")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await edit_title(pilot, "Titolo sbagliato")
        await show_version(pilot, screen, 1)
        # while the version is on screen, someone else saves the tender
        read = other.edit_of(TENDER)
        changed = read.draft.model_copy(update={"title": "Titolo del collega"})
        assert isinstance(changed, TenderDraft)
        other.save(
            changed.model_copy(update={"lots": []}),
            original=TENDER,
            base_version=read.version,
        )
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: any("was changed by m.rossi" in n for n in notes(seen)),
        )
        [refusal] = [n for n in notes(seen) if "was changed by m.rossi" in n]
        assert refusal.startswith("LOR-2019 was changed by m.rossi on 17/01/2023")
        assert "(Title)" in refusal
    assert title_of(app_tracker) == "Titolo del collega"
    assert [c.action for c in app_tracker.get_record(TENDER).history][-1] == "update"
