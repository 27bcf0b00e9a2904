"""What a RUP reads of the Lorenteggio contract on 17/01/2023, in Italian."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from tests.tui.helpers import mounted, settle, until
from tracker.api import Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.records.blocks import RecordTable
from tui.screens.records.contract import ContractScreen


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The app sets the process-wide language; later tests expect English."""
    yield
    set_language("en")


async def open_lorenteggio(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await settle(pilot)
    app.open_record("LOR-2019-C1")
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, ContractScreen)
            and bool(app.screen.query(RecordTable))
            and mounted(app.screen, "#detail > *")
        ),
    )
    await settle(pilot)
    # The footer lists the screen's keys once it has noticed the focus.
    await until(
        pilot, lambda: any(k.action == "exercise" for k in app.screen.query(FooterKey))
    )
    await pilot.pause()


def test_lorenteggio_contract_in_italian(
    snap_compare: Callable[..., bool], app_tracker: Tracker
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="it")
    assert snap_compare(app, terminal_size=(120, 40), run_before=open_lorenteggio)
