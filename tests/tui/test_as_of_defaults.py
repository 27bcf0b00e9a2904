"""The as-of day, not the machine's today, gives the days the app proposes and the
days it accepts: a RUP reviewing 17/01/2023 on 30/11/2026 snoozes to 24/01/2023,
exercises an option on 17/01/2023, and records a quinto inside the contract."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Select

from tests.conftest import MILAN
from tests.tui.helpers import focus, ready, settle, until
from tests.tui.test_details import open_detail
from tests.tui.test_digest import moved_from, open_digest
from tracker.api import Tracker
from tracker.domain.kinds import Recurrence
from tracker.drafts import ContractDraft, DeadlineDraft, OptionDraft
from tui.app import TrackerApp
from tui.screens.as_of import DateScreen
from tui.screens.form import RecordForm, widget_id

AS_OF = date(2023, 1, 17)
CONTRACT = "LOR-2023-C1"


def later_clock() -> datetime:
    """The machine's today, far from the day under review."""
    return datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def tracker(sqlite_template: Path, tmp_path: Path) -> Iterator[Tracker]:
    """The Milan dataset on 30/11/2026, with a contract for 2023-2025 whose
    renewal is still to be decided."""
    path = tmp_path / "appalti.db"
    shutil.copyfile(sqlite_template, path)
    opened = Tracker.open(f"sqlite:///{path}", clock=later_clock, actor="test-rup")
    opened.load_file(MILAN)
    opened.save_contract(
        ContractDraft(
            ref=CONTRACT,
            title="Laboratorio Sociale Lorenteggio 2023-2025",
            supplier="KCITY",
            services=["LSL-LORENTEGGIO"],
            start=date(2023, 1, 1),
            end=date(2025, 12, 31),
            options=[
                OptionDraft.model_validate(
                    {
                        "ref": "LOR-2023-C1-R1",
                        "kind": "renewal",
                        "state": "planned",
                        "months": 12,
                    }
                )
            ],
        )
    )
    yield opened
    opened.close()


def _app(tracker: Tracker, **kwargs: Any) -> TrackerApp:
    return TrackerApp(tracker, language="it", as_of=AS_OF, **kwargs)


async def _type(pilot: Pilot[Any], name: str, text: str) -> None:
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    await until(
        pilot, lambda: form.cursor_placed and bool(form.query("#" + widget_id(name)))
    )
    field = form.query_one("#" + widget_id(name), Input)
    await focus(pilot, field)
    field.clear()
    await pilot.press(*text)
    await until(pilot, lambda: field.value == text)


def _field(pilot: Pilot[Any], name: str) -> str:
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    return form.query_one("#" + widget_id(name), Input).value


async def test_snooze_proposes_a_week_after_the_as_of_day_and_saves_it(
    tracker: Tracker,
) -> None:
    app = _app(tracker)
    async with app.run_test(size=(120, 40)) as pilot:
        digest = await open_digest(app, pilot)
        alert = digest.selected_alert()
        assert alert is not None
        assert alert.key == "LDQ-MAZZINI/continuity_risk"
        await pilot.press("s")
        await ready(pilot, DateScreen)
        field = app.screen.query_one("#day", Input)
        assert field.value == "24/01/2023"
        await pilot.press("enter")
        await until(pilot, lambda: bool(tracker.snoozed_alerts()))
        await settle(pilot)
    [snooze] = tracker.snoozed_alerts()
    assert (snooze.key, snooze.until) == (
        "LDQ-MAZZINI/continuity_risk",
        date(2023, 1, 24),
    )


async def test_a_snooze_before_the_as_of_day_comes_back_with_its_reason(
    tracker: Tracker,
) -> None:
    app = _app(tracker)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_digest(app, pilot)
        await pilot.press("s")
        await ready(pilot, DateScreen)
        first = app.screen
        first.query_one("#day", Input).value = "16/01/2023"
        await pilot.press("enter")
        await until(
            pilot,
            lambda: isinstance(app.screen, DateScreen) and app.screen is not first,
        )
        again = app.screen
        assert again.query_one("#day", Input).value == "16/01/2023"
        assert str(again.query_one("#day-error", Label).render()) == (
            "un rinvio dura fino alla data di riferimento (17/01/2023) "
            "o a un giorno successivo"
        )
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DateScreen))
    assert tracker.snoozed_alerts() == []


async def test_exercise_proposes_the_as_of_day_as_the_decision_day(
    tracker: Tracker,
) -> None:
    app = _app(tracker, start="contracts")
    async with app.run_test(size=(120, 40)) as pilot:
        contract = await open_detail(pilot, CONTRACT)
        await pilot.press("x")
        await ready(pilot, RecordForm)
        assert _field(pilot, "decided_on") == "17/01/2023"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is contract)
        await settle(pilot)
    draft = tracker.draft_of("LOR-2023-C1-R1")
    assert isinstance(draft, OptionDraft)
    assert (draft.state.value, draft.decided_on) == ("exercised", AS_OF)


async def test_a_quinto_variation_inside_the_contract_saves(
    tracker: Tracker,
) -> None:
    app = _app(tracker, start="contracts")
    async with app.run_test(size=(120, 40)) as pilot:
        contract = await open_detail(pilot, CONTRACT)
        await pilot.press("n")
        await ready(pilot, RecordForm)
        form = app.screen
        assert isinstance(form, RecordForm)
        await _type(pilot, "ref", "LOR-2023-C1-Q1")
        kind = form.query_one("#" + widget_id("kind"), Select)
        kind.value = "quinto_variation"
        await until(pilot, lambda: kind.value == "quinto_variation")
        await _type(pilot, "start", "01/09/2023")
        await _type(pilot, "end", "31/05/2025")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is contract)
        await settle(pilot)
    draft = tracker.draft_of("LOR-2023-C1-Q1")
    assert isinstance(draft, OptionDraft)
    assert (draft.kind.value, draft.start, draft.end) == (
        "quinto_variation",
        date(2023, 9, 1),
        date(2025, 5, 31),
    )


async def test_a_new_deadline_is_due_on_the_as_of_day(tracker: Tracker) -> None:
    app = _app(tracker, start="contracts")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, CONTRACT)
        await pilot.press("d")
        await ready(pilot, RecordForm)
        assert _field(pilot, "due") == "17/01/2023"
        assert _field(pilot, "subject") == CONTRACT


async def test_acknowledging_a_recurring_deadline_covers_what_the_as_of_day_shows(
    tracker: Tracker,
) -> None:
    """Through the as-of day plus the horizon (60 days): the occurrences the alerts
    show on 17/01/2023, not those up to 60 days after the machine's today."""
    tracker.save(
        DeadlineDraft(
            ref="REPORT-MONTHLY",
            title="Relazione mensile",
            due=date(2022, 12, 15),
            recurrence=Recurrence.MONTHLY,
        )
    )
    app = _app(tracker)
    async with app.run_test(size=(120, 40)) as pilot:
        digest = await open_digest(app, pilot)
        options = digest.query_one("#alerts", OptionList)
        while (alert := digest.selected_alert()) is None or alert.ref != (
            "REPORT-MONTHLY"
        ):
            before = options.highlighted
            await pilot.press("down")
            await until(pilot, partial(moved_from, options, before))
        await pilot.press("a")
        await until(pilot, lambda: bool(tracker.dump_dataset().acknowledgements))
        await settle(pilot)
    [ack] = tracker.dump_dataset().acknowledgements
    assert (ack.key, ack.through) == ("REPORT-MONTHLY", date(2023, 3, 18))
