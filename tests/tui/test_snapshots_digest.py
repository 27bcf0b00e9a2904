"""What the officer sees first on the committee's day: the alerts, in Italian."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot

from tests.tui.helpers import settle, until
from tracker.api import Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.digest import DigestScreen


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


async def digest_shown(pilot: Pilot[None]) -> None:
    app = pilot.app
    await until(
        pilot,
        lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts),
    )
    await settle(pilot)


def test_milan_digest_in_italian(
    snap_compare: Callable[..., bool], app_tracker: Tracker
) -> None:
    app = TrackerApp(app_tracker, language="it")
    assert snap_compare(app, terminal_size=(100, 30), run_before=digest_shown)


def test_the_digest_at_80x24(
    snap_compare: Callable[..., bool], app_tracker: Tracker
) -> None:
    app = TrackerApp(app_tracker, language="en")
    assert snap_compare(app, terminal_size=(80, 24), run_before=digest_shown)
