"""A contract's funding on its screen: its own allocations and its tender's."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input

from tests.core.test_money_documents import TRIAL
from tests.tui.helpers import until
from tests.tui.test_details import open_detail, rows
from tracker.api import Tracker
from tracker.dataset import parse_dataset
from tui.app import TrackerApp
from tui.screens.form import RecordForm, widget_id
from tui.screens.records.contract import ContractScreen


@pytest.fixture
def trial(empty_tracker: Tracker) -> Tracker:
    empty_tracker.load_dataset(parse_dataset(json.dumps(TRIAL)))
    return empty_tracker


async def test_the_contract_shows_its_tenders_funds_and_the_members_parts(
    trial: Tracker,
) -> None:
    app = TrackerApp(trial, start="contracts", language="it")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LOR-2023-C1")
        assert isinstance(screen, ContractScreen)
        assert rows(screen, "funding") == [
            [
                "FIN-LOR-2023-RL",
                "Regione Lombardia",
                "la sua gara LOR-2023",
                "1.010.666,54\xa0€",
                "confermato",
            ]
        ]
        assert [r[4] for r in rows(screen, "supplier")] == [
            "",
            "821.166,57\xa0€",
            "252.666,63\xa0€",
            "189.499,98\xa0€",
        ]


async def test_a_on_the_contract_adds_funding_to_the_contract(
    trial: Tracker,
) -> None:
    app = TrackerApp(trial, start="contracts", language="it")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, "LOR-2023-C1")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert isinstance(form, RecordForm)
        await until(pilot, lambda: bool(form.query("#" + widget_id("funds"))))
        assert form.query_one("#" + widget_id("funds"), Input).value == "LOR-2023-C1"
