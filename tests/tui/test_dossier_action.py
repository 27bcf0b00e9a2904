"""The tender's dossier, written from its screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import Input, Label

from tests.tui.helpers import ready, settle, until
from tracker.api import Tracker
from tracker.config import Settings
from tui.app import TrackerApp
from tui.screens.confirm import ConfirmScreen, TextScreen
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


async def open_p(pilot: Pilot[Any], app: TrackerApp, target: Path) -> None:
    await settle(pilot)
    app.open_record("LOR-2019")
    await until(pilot, lambda: shows_record(app.screen, "LOR-2019"))
    await settle(pilot)
    await pilot.press("p")
    await ready(pilot, TextScreen)
    field = app.screen.query_one("#text", Input)
    field.value = str(target)
    await pilot.press("enter")


async def test_p_proposes_the_documents_folder_of_the_settings(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    app_tracker.settings = Settings(documents=tmp_path)
    app = TrackerApp(app_tracker, language="it", start="tenders")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_record("LOR-2019")
        await until(pilot, lambda: shows_record(app.screen, "LOR-2019"))
        await settle(pilot)
        await pilot.press("p")
        await ready(pilot, TextScreen)
        field = app.screen.query_one("#text", Input)
        assert field.value == str(tmp_path / "dossier-LOR-2019-2023-01-17.pdf")


async def test_p_on_an_existing_file_asks_and_no_leaves_it_as_it_was(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    target = tmp_path / "lor.pdf"
    target.write_bytes(b"the officer's own file")
    app = TrackerApp(app_tracker, language="it", start="tenders")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_p(pilot, app, target)
        await ready(pilot, ConfirmScreen)
        question = str(app.screen.query_one(Label).render())
        assert question == "Il file esiste già. Sovrascriverlo?"
        await pilot.press("n")
        await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        await settle(pilot)
        assert target.read_bytes() == b"the officer's own file"
        # yes writes the dossier over it
        await pilot.press("p")
        await ready(pilot, TextScreen)
        app.screen.query_one("#text", Input).value = str(target)
        await pilot.press("enter")
        await ready(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: target.read_bytes().startswith(b"%PDF"))
        await settle(pilot)
