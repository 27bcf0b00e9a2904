"""The supplier picker over a new contract's form, in Italian, at 80x24 and
120x40: "spazio" finds the organisation and the ATI, each with its kind, and
offers to create either."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from tests.tui.helpers import focus, ready, settle, until
from tracker.api import RecordKind, Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.form import RecordForm, widget_id
from tui.screens.picker import PickerScreen


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The app sets the process-wide language; later tests expect English."""
    yield
    set_language("en")


async def supplier_picker(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await settle(pilot)
    app.create(RecordKind.CONTRACT)
    await ready(pilot, RecordForm)
    form = app.screen
    assert isinstance(form, RecordForm)
    await until(pilot, lambda: form.cursor_placed)
    await focus(pilot, form.query_one("#" + widget_id("supplier"), Input))
    await pilot.press("f4")
    await ready(pilot, PickerScreen)
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    await pilot.press(*"spazio")
    await until(
        pilot,
        lambda: (
            picker.searched == "spazio"
            and picker.query_one(OptionList).option_count == 4
        ),
    )
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_supplier_picker_in_italian(
    snap_compare: Callable[..., bool], app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="it")
    assert snap_compare(app, terminal_size=size, run_before=supplier_picker)
