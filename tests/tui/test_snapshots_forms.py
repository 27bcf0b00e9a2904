"""A contract refused because its tender is still planned, in Italian, as the RUP
sees it at 80x24 and at 120x40: the reason whole next to its field, the count
above and the key that opens the tender."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.helpers import focus, settle, until
from tracker.api import RecordKind, Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.form import RecordForm, widget_id


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The app sets the process-wide language; later tests expect English."""
    yield
    set_language("en")


def holds(field: Input, text: str) -> Callable[[], bool]:
    return lambda: field.value == text


async def refused_contract(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await settle(pilot)
    app.create(RecordKind.CONTRACT)
    await until(pilot, lambda: isinstance(app.screen, RecordForm))
    form = app.screen
    assert isinstance(form, RecordForm)
    await until(pilot, lambda: form.cursor_placed)
    for name, text in (
        ("ref", "LDQ-2016-C1"),
        ("title", "Laboratori di quartiere 2024"),
        ("lot", "LDQ-2016-L1"),
    ):
        field = form.query_one("#" + widget_id(name), Input)
        await focus(pilot, field)
        await pilot.press(*text)
        await until(pilot, holds(field, text))
    await pilot.press("ctrl+s")
    await until(pilot, lambda: form.cause == "LDQ-2016" and not form.saving)
    # The cursor waits in the refused field; a steady one makes a steady picture.
    for field in form.query(Input):
        field.cursor_blink = False
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_a_contract_refused_for_its_planned_tender(
    snap_compare: Callable[..., bool], app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="it")
    assert snap_compare(app, terminal_size=size, run_before=refused_contract)
