"""The screens of a working day at 80x24 and 120x40, in Italian: the alerts, the
contracts, the services and a tender, each with the columns and keys that fit."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from tests.tui.helpers import mounted, settle, until
from tracker.api import Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.screens.browse import ListScreen
from tui.screens.digest import DigestScreen
from tui.screens.records.blocks import RecordTable
from tui.screens.records.tender import TenderScreen

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The app sets the process-wide language; later tests expect English."""
    yield
    set_language("en")


async def footer_shows(pilot: Pilot[None], action: str) -> None:
    """The footer lists the screen's keys once it has noticed the focus."""
    app = pilot.app
    await until(
        pilot, lambda: any(k.action == action for k in app.screen.query(FooterKey))
    )
    await pilot.pause()


async def digest_shown(pilot: Pilot[None]) -> None:
    app = pilot.app
    await until(
        pilot,
        lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts),
    )
    await settle(pilot)
    await footer_shows(pilot, "acknowledge")


def list_shown(count: int) -> Callable[[Pilot[None]], object]:
    async def shown(pilot: Pilot[None]) -> None:
        app = pilot.app
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, ListScreen)
                and app.screen._source is not None
                and not app.screen._loading
                and app.screen.query_one("#list", DataTable).row_count == count
            ),
        )
        await settle(pilot)
        await footer_shows(pilot, "search")

    return shown


async def lorenteggio_tender(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await settle(pilot)
    app.open_record("LOR-2019")
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, TenderScreen)
            and bool(app.screen.query(RecordTable))
            and mounted(app.screen, "#detail > *")
        ),
    )
    await settle(pilot)
    await footer_shows(pilot, "dossier")


@pytest.mark.parametrize("size", SIZES)
def test_the_alerts(
    snap_compare: Callable[..., bool], app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, language="it")
    assert snap_compare(app, terminal_size=size, run_before=digest_shown)


@pytest.mark.parametrize("size", SIZES)
def test_the_contracts(
    snap_compare: Callable[..., bool], app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, language="it", start="contracts")
    assert snap_compare(app, terminal_size=size, run_before=list_shown(11))


@pytest.mark.parametrize("size", SIZES)
def test_the_services(
    snap_compare: Callable[..., bool], app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, language="it", start="services")
    assert snap_compare(app, terminal_size=size, run_before=list_shown(6))


@pytest.mark.parametrize("size", SIZES)
def test_a_tender(
    snap_compare: Callable[..., bool], app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, language="it", start="tenders")
    assert snap_compare(app, terminal_size=size, run_before=lorenteggio_tender)
