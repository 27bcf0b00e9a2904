"""A new database opens on a welcome with three ways to start, not on a dashboard
of zeros; whichever is taken, the app then shows the alerts with the data."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from tests.conftest import MILAN
from tests.tui.helpers import ready, until
from tests.tui.test_digest import alert_lines
from tests.tui.test_flows import type_into
from tracker.api import Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.records import Writing
from tui.screens.confirm import TextScreen
from tui.screens.digest import DigestScreen
from tui.screens.first_run import FirstRunScreen
from tui.screens.form import RecordForm


def text_of(app: TrackerApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def welcome(pilot: Pilot[Any]) -> FirstRunScreen:
    await ready(pilot, FirstRunScreen)
    screen = pilot.app.screen
    assert isinstance(screen, FirstRunScreen)
    return screen


def shows_lorenteggio(app: TrackerApp) -> bool:
    return (
        isinstance(app.screen, DigestScreen)
        and bool(app.screen.alerts)
        and any("LSL-LORENTEGGIO" in line for line in alert_lines(app))
    )


async def test_a_new_database_opens_on_the_welcome(empty_tracker: Tracker) -> None:
    app = TrackerApp(empty_tracker, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await welcome(pilot)
        assert text_of(app, "#empty") == "This database holds no records yet."
        assert text_of(app, "#choice-d").startswith(" d   Load the Milan example: ")
        assert text_of(app, "#choice-i").startswith(" i   Import a file: ")
        assert text_of(app, "#choice-n") == (
            " n   Create the first service: the service that must not stop, and "
            "its neighbourhood"
        )
        assert "history as test-rup" in text_of(app, "#author")


async def test_d_loads_the_milan_example_and_shows_its_alerts(
    empty_tracker: Tracker,
) -> None:
    app = TrackerApp(empty_tracker, language="it")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await welcome(pilot)
            assert text_of(app, "#choice-d").startswith(
                " d   Carica l'esempio di Milano: "
            )
            await pilot.press("d")
            await until(pilot, lambda: shows_lorenteggio(app))
            assert not any(isinstance(s, FirstRunScreen) for s in app.screen_stack)
    finally:
        set_language("en")
    assert empty_tracker.service_view("LSL-LORENTEGGIO").service.name == (
        "Laboratorio Sociale Lorenteggio"
    )


async def test_n_opens_the_service_form_and_saves_the_first_service(
    empty_tracker: Tracker,
) -> None:
    app = TrackerApp(empty_tracker, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await welcome(pilot)
        await pilot.press("n")
        await ready(pilot, RecordForm)
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.kind is Writing.NEW_SERVICE
        await type_into(pilot, "ref", "LDQ-GIAMBELLINO")
        await type_into(pilot, "name", "Laboratorio di Quartiere Giambellino")
        await type_into(pilot, "neighbourhood", "GIAMBELLINO")
        await type_into(pilot, "required_from", "01/01/2023")
        await pilot.press("ctrl+s")
        # no neighbourhood GIAMBELLINO yet, and no name to record it with
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordForm)
                and app.screen is not form
                and bool(app.screen.query("#f-neighbourhood-error"))
            ),
        )
        marked = app.screen.query_one("#f-neighbourhood-error", Label)
        assert str(marked.render()) == (
            "⚠ no neighbourhood has this reference: give the name of the new "
            "neighbourhood to record it with the service (GIAMBELLINO)"
        )
        assert app.screen.query_one("#f-name", Input).value == (
            "Laboratorio di Quartiere Giambellino"
        )
        await type_into(pilot, "neighbourhood_name", "Giambellino")
        await type_into(pilot, "municipio", "6")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DigestScreen))
        assert not any(isinstance(s, FirstRunScreen) for s in app.screen_stack)
    view = empty_tracker.service_view("LDQ-GIAMBELLINO")
    assert view.service.name == "Laboratorio di Quartiere Giambellino"
    assert view.service.neighbourhood == "GIAMBELLINO"
    [recorded] = empty_tracker.dump_dataset().neighbourhoods
    assert (recorded.ref, recorded.name, recorded.municipio) == (
        "GIAMBELLINO",
        "Giambellino",
        6,
    )


async def test_i_imports_an_appalti_dataset(empty_tracker: Tracker) -> None:
    app = TrackerApp(empty_tracker, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await welcome(pilot)
        await pilot.press("i")
        await ready(pilot, TextScreen)
        app.screen.query_one("#text", Input).value = str(MILAN)
        await pilot.press("enter")
        await until(pilot, lambda: shows_lorenteggio(app))
    assert len(empty_tracker.list_services()) == 6


@pytest.mark.parametrize("key", ["d", "i", "n"])
async def test_a_role_that_may_only_read_is_offered_nothing(
    empty_tracker: Tracker, key: str
) -> None:
    empty_tracker.read_only = True
    empty_tracker.role = "lettura"
    app = TrackerApp(empty_tracker, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await welcome(pilot)
        assert text_of(app, "#read-only").startswith(
            "The role lettura may only read it, so nothing can be loaded"
        )
        assert not screen.query("#choice-d")
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is screen
    assert empty_tracker.is_empty()


async def test_the_welcome_stays_in_the_other_language(empty_tracker: Tracker) -> None:
    app = TrackerApp(empty_tracker, language="en")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            first = await welcome(pilot)
            await pilot.press("f3")
            await until(
                pilot,
                lambda: (
                    isinstance(app.screen, FirstRunScreen)
                    and app.screen is not first
                    and bool(app.screen.query("#empty"))
                ),
            )
            assert text_of(app, "#empty") == (
                "Questo database non contiene ancora alcun record."
            )
    finally:
        set_language("en")
