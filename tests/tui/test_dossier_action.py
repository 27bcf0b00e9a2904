"""The tender's dossier, written from its screen."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from textual.widgets import Input

from tests.tui.helpers import ready, settle, until
from tracker.api import Tracker
from tui.app import TrackerApp
from tui.screens.confirm import TextScreen
from tui.screens.records.detail import shows_record


async def test_p_on_a_tender_writes_its_dossier(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    target = tmp_path / "lor.pdf"
    app = TrackerApp(app_tracker, language="it", start="tenders")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_record("LOR-2019")
        await until(pilot, lambda: shows_record(app.screen, "LOR-2019"))
        await settle(pilot)
        await pilot.press("p")
        await ready(pilot, TextScreen)
        field = app.screen.query_one("#text", Input)
        assert field.value.endswith("dossier-LOR-2019-2023-01-17.pdf")
        field.value = str(target)
        await pilot.press("enter")
        await until(pilot, target.exists)
        await settle(pilot)
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "LOR-2019" in text
    assert "pagina 1 di" in text
