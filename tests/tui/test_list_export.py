"""``e`` writes the list on screen to a workbook: its search, filter and sort, every
row in the order shown, to the documents folder unless told otherwise."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Label

from tests.tui.helpers import ready, settle, until
from tests.tui.test_lists import keys, search_for, shown, the_list
from tracker.api import Tracker
from tracker.config import Settings
from tui.app import TrackerApp
from tui.screens.confirm import ConfirmScreen, TextScreen
from tui.screens.digest import DigestScreen


def notes(seen: list[object]) -> list[str]:
    return [m.notification.message for m in seen if isinstance(m, Notify)]


def first_column(target: Path, sheet: str) -> list[Any]:
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [sheet]
    return [row[0] for row in book[sheet].iter_rows(min_row=2, values_only=True)]


async def export_to(pilot: Pilot[Any], target: Path) -> str:
    """Press ``e``, write ``target`` in place of the path proposed (returned)."""
    await pilot.press("e")
    await ready(pilot, TextScreen)
    field = pilot.app.screen.query_one("#text", Input)
    proposed = field.value
    field.value = str(target)
    await pilot.press("enter")
    return proposed


async def test_the_contracts_as_searched_and_sorted(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    app_tracker.settings = Settings(documents=tmp_path)
    target = tmp_path / "lorenteggio.xlsx"
    seen: list[object] = []
    app = TrackerApp(app_tracker, language="it", start="contracts")
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await shown(pilot, 11)
        await search_for(pilot, "PRO-2020")
        await shown(pilot, 5)
        await pilot.press("enter")  # back to the list from the search field
        await pilot.press("r")
        await until(pilot, lambda: the_list(app).descending)
        await shown(pilot, 5)
        on_screen = keys(app)
        proposed = await export_to(pilot, target)
        assert proposed == str(tmp_path / "contratti-2023-01-17.xlsx")
        written = f"Elenco scritto: {target}"
        await until(pilot, lambda: written in notes(seen))
    assert on_screen == [
        "PRO-2020-SAN-SIRO",
        "PRO-2020-PONTE-LAMBRO",
        "PRO-2020-MOLISE-CALVAIRATE",
        "PRO-2020-MAZZINI",
        "PRO-2020-GRATOSOGLIO",
    ]
    assert first_column(target, "Contratti") == on_screen
    book = openpyxl.load_workbook(target)
    assert book.properties.title == "Contratti al 17/01/2023"
    sheet = book["Contratti"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b


async def test_every_deadline_in_its_order_derived_ones_too(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    target = tmp_path / "deadlines.xlsx"
    seen: list[object] = []
    app = TrackerApp(app_tracker, language="en", start="deadlines")
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await shown(pilot, 10)
        screen = the_list(app)
        titles = [screen._cells[key][1].plain for key in keys(app)]
        await export_to(pilot, target)
        await until(pilot, lambda: f"List written: {target}" in notes(seen))
    sheet = openpyxl.load_workbook(target)["Deadlines"]
    headers = [cell.value for cell in sheet[1]]
    title, due = headers.index("Title"), headers.index("Due")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    # the screen clips long titles with "…"
    assert len(rows) == len(titles)
    for row, shown_title in zip(rows, titles, strict=True):
        assert str(row[title]).startswith(shown_title.removesuffix("…"))
    assert rows[0][due] == datetime(2023, 6, 30)  # noqa: DTZ001 (a day)


async def test_the_alerts_most_urgent_first(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    target = tmp_path / "avvisi.xlsx"
    seen: list[object] = []
    app = TrackerApp(app_tracker, language="it")
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts),
        )
        await settle(pilot)
        shown_alerts = len(app.screen.alerts)  # type: ignore[attr-defined]
        proposed = await export_to(pilot, target)
        assert proposed.endswith("avvisi-2023-01-17.xlsx")
        await until(
            pilot,
            lambda: f"Elenco scritto: {target}" in notes(seen),
        )
    severities = first_column(target, "Avvisi")
    assert severities[0] == "critico"
    assert len(severities) == shown_alerts


async def test_an_existing_file_is_kept_unless_the_person_says_yes(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    target = tmp_path / "atti.xlsx"
    target.write_bytes(b"the officer's own workbook")
    app = TrackerApp(app_tracker, language="it", start="acts")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, 2)
        await export_to(pilot, target)
        await ready(pilot, ConfirmScreen)
        question = str(app.screen.query_one(Label).render())
        assert question == "Il file esiste già. Sovrascriverlo?"
        await pilot.press("n")
        await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        await settle(pilot)
        assert target.read_bytes() == b"the officer's own workbook"
        await export_to(pilot, target)
        await ready(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: target.read_bytes().startswith(b"PK"))
        await settle(pilot)
    assert first_column(target, "Atti") == ["DGC-1397-2017", "DGC-2016-LDQ"]


async def test_a_missing_folder_is_named_and_nothing_is_written(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    target = tmp_path / "manca" / "servizi.xlsx"
    seen: list[object] = []
    app = TrackerApp(app_tracker, language="en", start="services")
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await shown(pilot, 6)
        await export_to(pilot, target)
        refused = f"cannot write {target}: the folder does not exist"
        await until(pilot, lambda: refused in notes(seen))
    assert not target.parent.exists()


async def test_the_key_is_in_the_footer_in_both_languages(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it", start="funding")
    async with app.run_test(size=(160, 40)) as pilot:
        await shown(pilot)
        footer = " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
        assert "Esporta" in footer
        await pilot.press("f3")
        await until(
            pilot,
            lambda: (
                "Export"
                in " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
            ),
        )


async def test_a_long_list_says_that_writing_started(
    app_tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.list_export.LONG", 10)  # 11 contracts are "long"
    target = tmp_path / "contratti.xlsx"
    seen: list[object] = []
    app = TrackerApp(app_tracker, language="it", start="contracts")
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await shown(pilot, 11)
        await export_to(pilot, target)
        await until(pilot, lambda: f"Elenco scritto: {target}" in notes(seen))
    assert notes(seen) == [
        "Scrivo 11 righe: un avviso dirà quando il file è pronto.",
        f"Elenco scritto: {target}",
    ]


async def test_the_consortia_tab_with_every_member(
    app_tracker: Tracker, tmp_path: Path
) -> None:
    target = tmp_path / "raggruppamenti.xlsx"
    app = TrackerApp(app_tracker, language="it", start="organisations")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, 5)
        await pilot.press("t")
        await until(pilot, lambda: the_list(app).KIND == "consortia")
        await shown(pilot, 1)
        proposed = await export_to(pilot, target)
        assert proposed.endswith("raggruppamenti-2023-01-17.xlsx")
        await until(pilot, target.exists)
        await settle(pilot)
    assert first_column(target, "Raggruppamenti") == ["ATI-LORENTEGGIO-2019"] * 5
