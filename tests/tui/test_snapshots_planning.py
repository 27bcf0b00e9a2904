"""What the committee sees of the programme: the Milan needs on 17/01/2023 at
80x24 in Italian, and the deck's three scenarios beside the baseline at 120x40
in English."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from tests.tui.helpers import until
from tracker.api import Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.planning import PlanningScreen

SCENARIO = ("SCN-CDQ-2024", "SCN-LOR-2025", "SCN-SAN-SIRO-PINQUA")


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The app sets the process-wide language; later tests expect English."""
    yield
    set_language("en")


def drawn(scenario: tuple[str, ...]) -> Callable[[Pilot[None]], object]:
    async def settle(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, TrackerApp)
        app.scenario = scenario

        def shown() -> bool:
            screen = app.screen
            if not isinstance(screen, PlanningScreen) or screen.plan is None:
                return False
            chosen = screen.plan.scenario.tenders if screen.plan.scenario else ()
            return (
                chosen == scenario
                and screen.query_one("#years", DataTable).row_count > 0
                and any(key.action == "scenario" for key in screen.query(FooterKey))
            )

        await until(pilot, shown)
        await app.workers.wait_for_complete()
        await pilot.pause()

    return settle


def test_the_milan_programme_at_80_columns_in_italian(
    snap_compare: Callable[..., bool], app_tracker: Tracker
) -> None:
    app = TrackerApp(app_tracker, start="plan", language="it")
    assert snap_compare(app, terminal_size=(80, 24), run_before=drawn(()))


def test_the_three_scenarios_beside_the_baseline_in_english(
    snap_compare: Callable[..., bool], app_tracker: Tracker
) -> None:
    app = TrackerApp(app_tracker, start="plan", language="en")
    assert snap_compare(app, terminal_size=(120, 40), run_before=drawn(SCENARIO))
