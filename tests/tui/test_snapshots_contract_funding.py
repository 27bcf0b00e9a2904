"""A contract of a three-member ATI paid by its tender's funds, as a RUP reads it
in Italian at 120x40 and at 80x24: the members' parts and the tender's funding."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from tests.core.test_money_documents import TRIAL
from tests.tui.helpers import mounted, settle, until
from tracker.api import Tracker
from tracker.dataset import parse_dataset
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.records.blocks import RecordTable
from tui.screens.records.contract import ContractScreen


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The app sets the process-wide language; later tests expect English."""
    yield
    set_language("en")


@pytest.fixture
def trial(empty_tracker: Tracker) -> Tracker:
    empty_tracker.load_dataset(parse_dataset(json.dumps(TRIAL)))
    return empty_tracker


async def open_contract(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await settle(pilot)
    app.open_record("LOR-2023-C1")
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, ContractScreen)
            and bool(app.screen.query("#funding"))
            and bool(app.screen.query(RecordTable))
            and mounted(app.screen, "#detail > *")
        ),
    )
    await settle(pilot)
    await until(
        pilot, lambda: any(k.action == "exercise" for k in app.screen.query(FooterKey))
    )
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_a_contract_paid_by_its_tenders_funds(
    snap_compare: Callable[..., bool], trial: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(trial, start="contracts", language="it")
    assert snap_compare(app, terminal_size=size, run_before=open_contract)
