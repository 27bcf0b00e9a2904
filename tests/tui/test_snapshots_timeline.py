"""What the committee sees: the Milan timeline on 17/01/2023, in Italian."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from tests.tui.helpers import until
from tracker.api import Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.timeline import TimelineScreen
from tui.widgets.timeline import Timeline


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The app sets the process-wide language; later tests expect English."""
    yield
    set_language("en")


async def settle(pilot: Pilot[None]) -> None:
    app = pilot.app
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, TimelineScreen)
            and app.screen.query_one(Timeline).plan_shown
        ),
    )
    await app.workers.wait_for_complete()
    # The footer lists the chart's keys once it has noticed the focus.
    await until(
        pilot,
        lambda: any(key.action == "zoom_in" for key in app.screen.query(FooterKey)),
    )
    await pilot.pause()


def test_milan_timeline_in_italian(
    snap_compare: Callable[..., bool], app_tracker: Tracker
) -> None:
    app = TrackerApp(app_tracker, start="timeline", language="it")
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)
