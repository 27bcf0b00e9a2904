"""A form never loses what was typed: every wrong field is marked at once, a
refusal from elsewhere is explained whole and its cause can be fixed from the
form, and Escape on a changed form asks first."""

from __future__ import annotations

from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Button, Input, Label, Select, Static

from tests.tui.helpers import ready, settle, until
from tests.tui.test_flows import field_error, type_into
from tracker.api import RecordKind, Tracker
from tracker.drafts import ContractDraft, TenderDraft
from tracker.errors import TrackerError, ValidationError, ValidationErrors
from tui.app import TrackerApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.form import RecordForm, widget_id

REFUSED = (
    "⚠ the lot's tender LDQ-2016 is planned: a contract needs a published or "
    "awarded tender (LDQ-2016-L1)"
)


async def new_form(pilot: Pilot[Any], kind: RecordKind, **options: Any) -> RecordForm:
    app = pilot.app
    assert isinstance(app, TrackerApp)
    app.create(kind, **options)
    await until(pilot, lambda: isinstance(app.screen, RecordForm))
    form = app.screen
    assert isinstance(form, RecordForm)
    await until(pilot, lambda: form.cursor_placed)
    return form


def error_shown(form: RecordForm, name: str) -> bool:
    return form.query_one("#" + widget_id(name) + "-error", Label).display


def header(form: RecordForm) -> str:
    return str(form.query_one("#form-error", Static).render())


async def test_a_wrong_partita_iva_and_codice_fiscale_are_marked_at_once(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="organisations", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_form(pilot, RecordKind.ORGANISATION)
        await type_into(pilot, "ref", "COOP-NUOVA")
        await type_into(pilot, "name", "Cooperativa Nuova")
        await type_into(pilot, "partita_iva", "12345678901")
        await type_into(pilot, "codice_fiscale", "RSSMRA80A01F205")
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: (
                error_shown(form, "partita_iva") and error_shown(form, "codice_fiscale")
            ),
        )
        assert app.screen is form
        assert header(form) == "Not saved: 2 fields to correct, each marked ⚠"
        assert field_error(pilot, "partita_iva") == (
            "⚠ not a valid partita IVA: an office or date part does not exist "
            "(12345678901)"
        )
        assert field_error(pilot, "codice_fiscale").endswith("(RSSMRA80A01F205)")
        assert not error_shown(form, "name")
        # The first wrong field has the cursor.
        assert form.focused is form.query_one("#f-partita-iva", Input)
    assert app_tracker.record_kind("COOP-NUOVA") is None


async def test_a_form_marks_its_own_wrong_fields_at_once(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_form(pilot, RecordKind.CONTRACT)
        await type_into(pilot, "ref", "C-PROVA")
        await type_into(pilot, "title", "Prova")
        await type_into(pilot, "months", "dodici")
        await type_into(pilot, "start", "31/02/2024")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: error_shown(form, "months"))
        assert error_shown(form, "start")
        assert header(form) == "Not saved: 2 fields to correct, each marked ⚠"
        assert field_error(pilot, "months") == "⚠ not a whole number (dodici)"
        # The first in the form's order, not the last typed.
        assert form.focused is form.query_one("#f-start", Input)


async def test_a_refusal_caused_by_the_tender_is_fixed_from_the_form(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    saved: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_form(pilot, RecordKind.CONTRACT, on_saved=saved.append)
        await type_into(pilot, "ref", "LDQ-2016-C1")
        await type_into(pilot, "title", "Laboratori di quartiere 2024")
        await type_into(pilot, "lot", "LDQ-2016-L1")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.cause == "LDQ-2016")
        assert app.screen is form
        assert field_error(pilot, "lot") == REFUSED
        button = form.query_one("#open-cause", Button)
        assert button.display
        assert str(button.label) == "F5 Open LDQ-2016"
        assert header(form) == (
            "Not saved: 1 field to correct, marked ⚠\n"
            "Correct LDQ-2016 with F5, then save this form again with Ctrl+S: what "
            "you typed is kept."
        )

        await pilot.press("f5")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordForm)
                and app.screen is not form
                and app.screen.cursor_placed
            ),
        )
        tender = app.screen
        assert isinstance(tender, RecordForm)
        assert tender.heading == "Edit tender LDQ-2016"
        status = tender.query_one("#f-status", Select)
        assert tender.focused is status  # the field the refusal is about
        status.value = "published"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is form)
        await settle(pilot)
        published = app_tracker.draft_of("LDQ-2016")
        assert isinstance(published, TenderDraft)
        assert published.status == "published"
        # Back on the contract form as it was left.
        assert form.query_one("#f-title", Input).value == (
            "Laboratori di quartiere 2024"
        )
        assert form.query_one("#f-lot", Input).value == "LDQ-2016-L1"
        # The refusal no longer holds: it is no longer shown.
        assert header(form) == "LDQ-2016 saved: Ctrl+S saves this form again."
        assert not error_shown(form, "lot")
        assert not form.query_one("#open-cause", Button).display
        assert saved == []

        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await settle(pilot)
    contract = app_tracker.draft_of("LDQ-2016-C1")
    assert isinstance(contract, ContractDraft)
    assert contract.title == "Laboratori di quartiere 2024"
    assert contract.lot == "LDQ-2016-L1"
    assert saved == ["LDQ-2016-C1"]


async def test_leaving_the_cause_unsaved_comes_back_to_the_form(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_form(pilot, RecordKind.CONTRACT)
        await type_into(pilot, "ref", "LDQ-2016-C1")
        await type_into(pilot, "title", "Laboratori di quartiere 2024")
        await type_into(pilot, "lot", "LDQ-2016-L1")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.cause == "LDQ-2016")
        await pilot.press("f5")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordForm)
                and app.screen is not form
                and app.screen.cursor_placed
            ),
        )
        await pilot.press("escape")  # nothing changed there: it closes at once
        await until(pilot, lambda: app.screen is form)
        assert form.query_one("#f-title", Input).value == (
            "Laboratori di quartiere 2024"
        )
        assert field_error(pilot, "lot") == REFUSED


async def test_escape_on_a_changed_form_asks_and_no_keeps_it(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="organisations", language="it")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_form(pilot, RecordKind.ORGANISATION)
        await type_into(pilot, "name", "Cooperativa Nuova")
        await pilot.press("escape")
        await ready(pilot, ConfirmScreen)
        question = app.screen
        assert str(question.query_one(Label).render()) == "Scartare le modifiche?"
        assert str(question.query_one("#yes", Button).label) == "Sì"
        assert str(question.query_one("#no", Button).label) == "No"
        await pilot.press("n")
        await until(pilot, lambda: app.screen is form)
        assert form.query_one("#f-name", Input).value == "Cooperativa Nuova"

        await pilot.press("escape")
        await ready(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(
            pilot, lambda: not isinstance(app.screen, RecordForm | ConfirmScreen)
        )


async def test_escape_on_an_unchanged_form_closes_at_once(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="organisations", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_form(pilot, RecordKind.ORGANISATION)
        await type_into(pilot, "name", "Cooperativa")
        await type_into(pilot, "name", "")  # typed, then taken back
        await pilot.press("escape")
        await until(pilot, lambda: form not in app.screen_stack)
        assert not isinstance(app.screen, ConfirmScreen)


async def test_a_long_refusal_next_to_its_field_is_shown_whole_at_80x24(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot, RecordKind.CONTRACT)
        await type_into(pilot, "ref", "LDQ-2016-C1")
        await type_into(pilot, "title", "Laboratori di quartiere 2024")
        await type_into(pilot, "lot", "LDQ-2016-L1")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: form.cause == "LDQ-2016")
        label = form.query_one("#f-lot-error", Label)
        fields = form.query_one("#form-fields", VerticalScroll)
        await until(pilot, lambda: fields.content_region.contains_region(label.region))
        assert str(label.render()) == REFUSED
        # 105 characters in a field 74 wide: wrapped on two lines, none cut.
        assert label.size.width <= fields.content_region.width
        assert label.size.height == 2
        whole = Region(0, 0, label.size.width, label.size.height)
        lines = [strip.text.rstrip() for strip in label.render_lines(whole)]
        assert " ".join(lines) == REFUSED


async def test_a_long_refusal_about_the_whole_form_scrolls_at_80x24(
    app_tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = " ".join(f"reason {n} of the refusal." for n in range(1, 61))

    def refuse(*_args: Any, **_kwargs: Any) -> str:
        raise TrackerError(reason)

    monkeypatch.setattr(app_tracker, "save", refuse)
    app = TrackerApp(app_tracker, start="organisations", language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot, RecordKind.ORGANISATION)
        await type_into(pilot, "ref", "COOP-NUOVA")
        await type_into(pilot, "name", "Cooperativa Nuova")
        await pilot.press("ctrl+s")
        notice = form.query_one("#form-notice", VerticalScroll)
        await until(pilot, lambda: notice.display and notice.max_scroll_y > 0)
        assert str(notice.query_one(Static).render()) == reason
        # Seen on screen, with the buttons still there to save again.
        assert notice.region.height >= 3
        assert form.query_one("#save", Button).region.bottom <= 24
        notice.scroll_end(animate=False)
        await until(pilot, lambda: notice.scroll_y == notice.max_scroll_y)
        assert form.query_one("#f-name", Input).value == "Cooperativa Nuova"
        assert app.screen is form


async def test_an_error_no_field_shows_is_shown_above_the_fields(
    app_tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> str:
        raise ValidationErrors(
            [
                ValidationError("staffing[0].hours", "-3", "must be 0 or more"),
                ValidationError("address", "Via", "too short"),
            ]
        )

    monkeypatch.setattr(app_tracker, "save", refuse)
    app = TrackerApp(app_tracker, start="organisations", language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_form(pilot, RecordKind.ORGANISATION)
        await type_into(pilot, "ref", "COOP-NUOVA")
        await type_into(pilot, "name", "Cooperativa Nuova")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: error_shown(form, "address"))
        assert header(form) == "Not saved: 1 field to correct, marked ⚠"
        assert field_error(pilot, "address") == "⚠ too short (Via)"
        notice = form.query_one("#form-notice", VerticalScroll)
        assert notice.display
        assert str(notice.query_one(Static).render()) == (
            "staffing[0].hours: must be 0 or more (value: '-3')"
        )
