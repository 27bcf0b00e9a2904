"""What a RUP reads of the acts and of the consortia, in Italian, at 120x40 and at
80x24."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot

from tests.tui.helpers import settle, until
from tests.tui.test_lists import shown
from tracker.api import Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.records.act import ActScreen


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The app sets the process-wide language; later tests expect English."""
    yield
    set_language("en")


async def list_shown(pilot: Pilot[None]) -> None:
    await shown(pilot)
    await pilot.pause()


async def act_shown(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await settle(pilot)
    app.open_record("DGC-1397-2017")
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, ActScreen) and bool(app.screen.query("#cited-by"))
        ),
    )
    await settle(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@pytest.mark.parametrize("mode", ["acts", "consortia"])
def test_the_list_in_italian(
    snap_compare: Callable[..., bool],
    app_tracker: Tracker,
    mode: str,
    size: tuple[int, int],
) -> None:
    app = TrackerApp(app_tracker, start=mode, language="it")
    assert snap_compare(app, terminal_size=size, run_before=list_shown)


def test_an_act_and_what_cites_it_in_italian(
    snap_compare: Callable[..., bool], app_tracker: Tracker
) -> None:
    app = TrackerApp(app_tracker, start="acts", language="it")
    assert snap_compare(app, terminal_size=(120, 40), run_before=act_shown)
