"""The alert list written as a PDF from the alerts screen (`p`)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label

from tests.tui.helpers import ready, settle, until
from tracker.api import Tracker
from tracker.config import Settings
from tui.app import TrackerApp
from tui.screens.confirm import ConfirmScreen, TextScreen
from tui.screens.digest import DigestScreen
from tui.screens.help import HelpScreen


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def _notes(seen: list[object]) -> list[str]:
    return [str(m.notification.message) for m in seen if isinstance(m, Notify)]


async def _press_p(app: TrackerApp, pilot: Pilot[None]) -> Input:
    await until(
        pilot, lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts)
    )
    await settle(pilot)
    await pilot.press("p")
    await ready(pilot, TextScreen)
    return app.screen.query_one("#text", Input)


async def test_p_writes_the_alerts_on_screen_to_the_documents_folder(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    app_tracker.settings = Settings(documents=tmp_path)
    app_tracker.snooze_alert(
        "LOR-2023/funding_pending", until=date(2023, 1, 31), as_of=date(2023, 1, 17)
    )
    target = tmp_path / "avvisi-2023-01-17.pdf"
    app = TrackerApp(app_tracker, language="it")
    seen: list[object] = []
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        field = await _press_p(app, pilot)
        assert field.value == str(target)
        await pilot.press("enter")
        await until(pilot, lambda: f"Avvisi scritti: {target}" in _notes(seen))
    text = _text(target.read_bytes())
    assert "Avvisi al 17/01/2023" in text
    assert "3 avvisi critici · 1 nota" in text
    assert "critico 21/12/2022 da 28 giorni LSL-LORENTEGGIO" in text
    # the snoozed alert is left out, as on the screen, and counted
    assert "LOR-2023 dipende da fondi" not in text
    assert "1 avviso rimandato non è elencato." in text
    assert target.stat().st_mode & 0o777 == 0o600


async def test_p_on_an_existing_file_asks_and_no_leaves_it_as_it_was(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    target = tmp_path / "alerts.pdf"
    target.write_bytes(b"the officer's own file")
    app = TrackerApp(app_tracker, language="en")
    seen: list[object] = []
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        field = await _press_p(app, pilot)
        assert field.value.endswith("/alerts-2023-01-17.pdf")
        field.value = str(target)
        await pilot.press("enter")
        await ready(pilot, ConfirmScreen)
        question = str(app.screen.query_one(Label).render())
        assert question == "The file already exists. Overwrite it?"
        await pilot.press("n")
        await until(
            pilot, lambda: f"Nothing written: {target} is as it was." in _notes(seen)
        )
        assert target.read_bytes() == b"the officer's own file"
        # yes writes the alerts over it
        field = await _press_p(app, pilot)
        field.value = str(target)
        await pilot.press("enter")
        await ready(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: f"Alerts written: {target}" in _notes(seen))
    text = _text(target.read_bytes())
    assert "3 critical alerts · 1 warning · 1 notice" in text
    assert "critical 21/12/2022 for 28 days LSL-LORENTEGGIO" in text


async def test_p_into_a_missing_folder_says_so_and_writes_nothing(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "alerts.pdf"
    app = TrackerApp(app_tracker, language="it")
    seen: list[object] = []
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        field = await _press_p(app, pilot)
        field.value = str(target)
        await pilot.press("enter")
        message = f"impossibile scrivere {target}: la cartella non esiste"
        await until(pilot, lambda: message in _notes(seen))
    assert not target.parent.exists()


async def test_p_with_a_name_too_long_says_so_and_writes_nothing(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / ("a" * 300 + ".pdf")
    app = TrackerApp(app_tracker, language="it")
    seen: list[object] = []
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        field = await _press_p(app, pilot)
        field.value = str(target)
        await pilot.press("enter")
        message = f"impossibile scrivere {target}: il nome è troppo lungo"
        await until(pilot, lambda: message in _notes(seen))
        assert isinstance(app.screen, DigestScreen)
    assert list(folder.iterdir()) == []


async def test_the_help_of_the_alerts_names_the_pdf_key(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts),
        )
        await settle(pilot)
        await pilot.press("question_mark")
        await ready(pilot, HelpScreen)
        table = app.screen.query_one("#keys", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert ["p", "PDF"] in rows
