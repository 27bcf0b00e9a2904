"""Importa da ANAC: from the palette, a file of published tenders comes in."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.conftest import SHARED
from tests.tui.helpers import ready, settle, until
from tracker.api import Tracker
from tui.app import TrackerApp
from tui.screens.confirm import TextScreen
from tui.screens.imported import ImportedScreen
from tui.screens.records.detail import shows_record

ANAC = SHARED / "ocds" / "samples" / "anac-compiled-releases.json"


@pytest.mark.skipif(not ANAC.is_file(), reason="../shared/ocds is not beside the repo")
async def test_import_from_anac_shows_what_it_did_and_the_records_appear(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it", start="tenders")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.import_published()
        await ready(pilot, TextScreen)
        app.screen.query_one("#text", Input).value = str(ANAC)
        await pilot.press("enter")
        await ready(pilot, ImportedScreen)
        lines = str(app.screen.query_one("#imported-lines", Static).render())
        assert (
            "12 gare lette (nuove: 12, aggiornate: 0, invariate: 0, saltate: 0)"
            in lines
        )
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ImportedScreen))
        app.open_record("ANAC-8365650")
        await until(pilot, lambda: shows_record(app.screen, "ANAC-8365650"))


async def test_a_file_that_cannot_be_read_is_said_in_italian(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    app = TrackerApp(app_tracker, language="it", start="tenders")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.import_published()
        await ready(pilot, TextScreen)
        app.screen.query_one("#text", Input).value = str(tmp_path / "nessuno.json")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: any("Impossibile leggere" in n.message for n in app._notifications),
        )
        assert not isinstance(app.screen, ImportedScreen)
