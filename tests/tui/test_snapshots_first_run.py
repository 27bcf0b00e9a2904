"""The welcome of a new database, in Italian, at 120x40 and at 80x24."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot

from tests.tui.helpers import ready, settle
from tracker.api import Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.first_run import FirstRunScreen


@pytest.fixture(autouse=True)
def english_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # the welcome names the settings file: the same one on every machine
    monkeypatch.setenv("APPALTI_CONFIG", "/etc/appalti/config.toml")
    yield
    set_language("en")


async def welcome_shown(pilot: Pilot[None]) -> None:
    await ready(pilot, FirstRunScreen)
    await settle(pilot)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_the_welcome_in_italian(
    snap_compare: Callable[..., bool], empty_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(empty_tracker, language="it")
    assert snap_compare(app, terminal_size=size, run_before=welcome_shown)
