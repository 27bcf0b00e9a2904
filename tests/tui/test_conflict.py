"""Two people, one record: the app never overwrites what someone else saved after
the form was opened. The other person is a second Tracker on the same SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from tests.conftest import fixed_clock
from tests.tui.helpers import ready, settle, until
from tests.tui.test_details import open_detail
from tests.tui.test_flows import type_into
from tracker.api import Tracker
from tracker.drafts import AllocationDraft, ContractDraft, OptionDraft
from tui.app import TrackerApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.form import RecordForm, widget_id
from tui.screens.records.detail import DetailScreen

CONTRACT = "LOR-2019-C1"


@pytest.fixture
def other(app_tracker: Tracker) -> Iterator[Tracker]:
    """Another person working on the same database file."""
    url = app_tracker.engine.url.render_as_string(hide_password=False)
    opened = Tracker.open(url, clock=fixed_clock, actor="m.rossi")
    yield opened
    opened.close()


def contract(tracker: Tracker) -> ContractDraft:
    draft = tracker.draft_of(CONTRACT)
    assert isinstance(draft, ContractDraft)
    return draft


def save_contract_as(tracker: Tracker, **changes: Any) -> None:
    """Change fields of the contract the way a form does: on the version read."""
    read = tracker.edit_of(CONTRACT)
    changed = read.draft.model_copy(update={**changes, "options": []})
    assert isinstance(changed, ContractDraft)
    tracker.save_contract(changed, original=CONTRACT, base_version=read.version)


async def open_contract_form(pilot: Pilot[Any]) -> RecordForm:
    app = pilot.app
    await open_detail(pilot, CONTRACT)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(app.screen, RecordForm))
    form = app.screen
    assert isinstance(form, RecordForm)
    await until(pilot, lambda: bool(form.query("#f-title")))
    return form


async def next_form(
    pilot: Pilot[Any], *, conflict: bool, field: str = "title"
) -> RecordForm:
    """The form opened again after a refused save (``conflict``) or a reload."""

    def shown() -> bool:
        form = pilot.app.screen
        return (
            isinstance(form, RecordForm)
            and form.notice is not None
            and (form.notice.conflict is not None) == conflict
            and bool(form.query("#" + widget_id(field)))
        )

    await until(pilot, shown)
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    return form


def notice_text(form: RecordForm) -> str:
    return str(form.query_one("#form-notice").query_one(Static).render())


def value(form: RecordForm, name: str) -> str:
    return form.query_one("#" + widget_id(name), Input).value


async def test_a_change_saved_meanwhile_is_kept_and_mine_reapplied(
    app_tracker: Tracker, other: Tracker
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_contract_form(pilot)
        await type_into(pilot, "title", "Accompagnamento sociale Lorenteggio")
        save_contract_as(other, note="Proroga tecnica in valutazione")

        await pilot.press("ctrl+s")
        refused = await next_form(pilot, conflict=True)
        assert refused is not form
        text = notice_text(refused)
        assert "m.rossi" in text
        assert "changed by m.rossi on 17/01/2023 at 09:30" in text
        assert "Note: Proroga tecnica in valutazione" in text
        # What was typed is all there, and nothing was written.
        assert value(refused, "title") == "Accompagnamento sociale Lorenteggio"
        assert contract(app_tracker).title.startswith("Servizio di accompagnamento")

        await pilot.press("ctrl+r")
        reloaded = await next_form(pilot, conflict=False)
        assert value(reloaded, "title") == "Accompagnamento sociale Lorenteggio"
        assert value(reloaded, "note") == "Proroga tecnica in valutazione"
        assert not reloaded.query(".clash")

        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await settle(pilot)
    saved = contract(app_tracker)
    assert saved.title == "Accompagnamento sociale Lorenteggio"
    assert saved.note == "Proroga tecnica in valutazione"
    assert len(saved.options) == len(contract(other).options) > 0


async def test_the_same_field_changed_by_both_is_shown_and_mine_wins_only_when_saved(
    app_tracker: Tracker, other: Tracker
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_contract_form(pilot)
        await type_into(pilot, "signed_on", "20/06/2019")
        await type_into(pilot, "title", "Accompagnamento sociale Lorenteggio")
        save_contract_as(other, signed_on=date(2019, 6, 18), note="Firmato il 18")

        await pilot.press("ctrl+s")
        refused = await next_form(pilot, conflict=True)
        text = notice_text(refused)
        assert "m.rossi" in text
        assert "Signed on: 18/06/2019" in text
        assert value(refused, "signed_on") == "20/06/2019"

        await pilot.press("ctrl+r")
        reloaded = await next_form(pilot, conflict=False)
        assert value(reloaded, "signed_on") == "20/06/2019"
        assert value(reloaded, "title") == "Accompagnamento sociale Lorenteggio"
        assert value(reloaded, "note") == "Firmato il 18"
        clash = reloaded.query_one("#" + widget_id("signed_on") + "-clash", Label)
        assert str(clash.render()) == (
            "⚠ also changed by m.rossi: 18/06/2019; yours kept"
        )
        assert len(reloaded.query(".clash")) == 1
        # Reloading wrote nothing: the other person's value stands until I save.
        assert contract(app_tracker).signed_on == date(2019, 6, 18)

        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await settle(pilot)
    saved = contract(app_tracker)
    assert saved.signed_on == date(2019, 6, 20)
    assert saved.title == "Accompagnamento sociale Lorenteggio"
    assert saved.note == "Firmato il 18"


async def test_a_delete_after_someone_changed_the_record_is_refused(
    app_tracker: Tracker, other: Tracker
) -> None:
    ref = "FIN-LOR-2023-RL"
    app = TrackerApp(app_tracker, start="funding", language="en")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await open_detail(pilot, ref)
        await pilot.press("delete")
        await ready(pilot, ConfirmScreen)
        read = other.edit_of(ref)
        changed = read.draft.model_copy(update={"note": "Confermato dalla Regione"})
        assert isinstance(changed, AllocationDraft)
        other.save_allocation(changed, original=ref, base_version=read.version)

        await pilot.press("y")
        await until(
            pilot,
            lambda: any(
                isinstance(m, Notify)
                and m.notification.message.startswith(f"Not deleted: {ref}")
                and "m.rossi" in m.notification.message
                for m in seen
            ),
        )
        await settle(pilot)
        assert app_tracker.record_kind(ref) == "allocation"
        assert isinstance(app.screen, DetailScreen)

        # Asked again, on the record as it is now, the delete goes through.
        await pilot.press("delete")
        await ready(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: not isinstance(app.screen, DetailScreen))
        await settle(pilot)
    assert app_tracker.record_kind(ref) is None


async def test_exercising_an_option_someone_changed_meanwhile(
    app_tracker: Tracker, other: Tracker
) -> None:
    option = "LOR-2019-C1-R2"
    planned = {"ref": option, "kind": "renewal", "state": "planned", "months": 6}
    app_tracker.save_option(CONTRACT, OptionDraft.model_validate(planned))
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, CONTRACT)
        app.exercise_option(option)
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        await type_into(pilot, "decided_on", "15/12/2022")
        read = other.edit_of(option)
        noted = read.draft.model_copy(update={"note": "Rinnovo da confermare"})
        assert isinstance(noted, OptionDraft)
        other.save_option(CONTRACT, noted, original=option, base_version=read.version)

        await pilot.press("ctrl+s")
        refused = await next_form(pilot, conflict=True, field="decided_on")
        assert "m.rossi" in notice_text(refused)
        assert value(refused, "decided_on") == "15/12/2022"
        assert other.draft_of(option).state == "planned"  # type: ignore[union-attr]

        await pilot.press("ctrl+r")
        reloaded = await next_form(pilot, conflict=False, field="decided_on")
        assert value(reloaded, "decided_on") == "15/12/2022"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await settle(pilot)
    exercised = app_tracker.draft_of(option)
    assert isinstance(exercised, OptionDraft)
    assert exercised.state == "exercised"
    assert exercised.decided_on == date(2022, 12, 15)
    assert exercised.note == "Rinnovo da confermare"
