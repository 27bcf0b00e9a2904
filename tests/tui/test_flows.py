"""What a person does with the app, by keyboard, from start to finish."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList

from tests.tui.helpers import focus, ready, settle, until
from tracker.api import Tracker
from tracker.domain.continuity import ContinuityStatus
from tracker.drafts import OptionDraft
from tui.app import TrackerApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.digest import DigestScreen
from tui.screens.form import RecordForm, widget_id
from tui.screens.records.detail import shows_record
from tui.widgets.timeline import Timeline


def notes(seen: list[object]) -> list[str]:
    """The notifications the app has handled so far."""
    return [m.notification.message for m in seen if isinstance(m, Notify)]


async def type_into(pilot: Pilot[Any], name: str, text: str) -> None:
    """Put the cursor in a form field, clear it and type."""
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    # The form puts the cursor on its first field after its first refresh: move it
    # only then, or the form takes it back.
    await until(
        pilot, lambda: form.cursor_placed and bool(form.query("#" + widget_id(name)))
    )
    field = form.query_one("#" + widget_id(name), Input)
    await focus(pilot, field)
    field.clear()
    await pilot.press(*text)
    await until(pilot, lambda: field.value == text)


def field_error(pilot: Pilot[Any], name: str) -> str:
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    return str(form.query_one("#" + widget_id(name) + "-error", Label).render())


async def run_palette(pilot: Pilot[Any], text: str) -> None:
    from textual.command import CommandInput, CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await ready(pilot, CommandPalette)
    palette = pilot.app.screen
    await pilot.press(*text)
    await until(pilot, lambda: palette.query_one(CommandInput).value == text)
    # The palette searches in the background; wait for the first hit to be the one
    # asked for (not a hit for the letters typed so far).
    hits = palette.query_one(CommandList)
    await until(
        pilot,
        lambda: (
            hits.option_count > 0
            and text.lower() in str(hits.get_option_at_index(0).prompt).lower()
        ),
    )
    await pilot.press("down", "enter")
    await until(pilot, lambda: pilot.app.screen is not palette)


async def test_open_on_the_digest_and_jump_to_an_alerts_record(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts),
        )
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: shows_record(app.screen, "LSL-LORENTEGGIO"))
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DigestScreen))


async def test_create_an_ati_of_three_and_fix_shares_that_add_up_to_95(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en", start="contracts")
    seen: list[object] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await settle(pilot)
        await run_palette(pilot, "New consortium")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        await type_into(pilot, "ref", "ATI-LOR-2024")
        await type_into(pilot, "name", "ATI Lorenteggio 2024")
        for index, (member, share) in enumerate(
            [("DIKE", "40"), ("A-I", "30"), ("SPAZIO-APERTO", "25")]
        ):
            await type_into(pilot, f"member.{index}.organisation", member)
            await type_into(pilot, f"member.{index}.share", share)
        await pilot.press("ctrl+s")
        # The core refuses: the form comes back with what was typed and the reason.
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordForm)
                and "add up to 100" in field_error(pilot, "members")
            ),
        )
        assert field_error(pilot, "members") == ("⚠ the shares must add up to 100 (95)")
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.query_one("#f-member-2-share", Input).value == "25"
        assert form.query_one("#f-ref", Input).value == "ATI-LOR-2024"
        assert "ATI-LOR-2024" not in [s.ref for s in app_tracker.search("ATI-LOR")]

        await type_into(pilot, "member.0.share", "45")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await until(pilot, lambda: "Saved: ATI-LOR-2024" in notes(seen))
        hits = app_tracker.search("ATI-LOR-2024")
        assert [(h.kind, h.ref) for h in hits] == [("consortium", "ATI-LOR-2024")]

        # Now the contract, with the ATI as its supplier.
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        await type_into(pilot, "ref", "LOR-2024-C1")
        await type_into(pilot, "title", "Laboratorio Sociale Lorenteggio 2024-2026")
        await type_into(pilot, "supplier", "ATI-LOR-2024")
        await type_into(pilot, "services", "LSL-LORENTEGGIO")
        await type_into(pilot, "start", "01/02/2024")
        await type_into(pilot, "months", "36")
        await type_into(pilot, "amount", "828.415,20")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await until(pilot, lambda: "Saved: LOR-2024-C1" in notes(seen))
    record = app_tracker.get_record("LOR-2024-C1")
    contract = record.contract  # type: ignore[union-attr]
    assert contract.supplier is not None
    assert contract.supplier.ref == "ATI-LOR-2024"
    assert contract.end == date(2027, 1, 31)
    assert contract.amount is not None
    assert str(contract.amount.net) == "828415.20"


async def test_exercising_a_renewal_closes_the_gap_in_timeline_and_alerts(
    app_tracker: Tracker,
) -> None:
    # Lorenteggio's contract has a second renewal on paper, not yet decided.
    app_tracker.save_option(
        "LOR-2019-C1",
        OptionDraft.model_validate(
            {
                "ref": "LOR-2019-C1-R2",
                "kind": "renewal",
                "state": "planned",
                "months": 6,
            }
        ),
    )
    app = TrackerApp(app_tracker, language="en", start="timeline")
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = app.screen.query_one(Timeline)
        await until(pilot, lambda: bool(timeline.rows))

        def lorenteggio() -> ContinuityStatus:
            row = next(
                r for r in timeline.rows if r.continuity.service == "LSL-LORENTEGGIO"
            )
            return row.continuity.status

        assert lorenteggio() is ContinuityStatus.GAP
        # To the contract, then exercise the renewal from its options table.
        await run_palette(pilot, "LOR-2019-C1")
        await until(pilot, lambda: shows_record(app.screen, "LOR-2019-C1"))
        await settle(pilot)
        app.exercise_option("LOR-2019-C1-R2")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        await type_into(pilot, "decided_on", "15/12/2022")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await settle(pilot)
        # Back to the timeline: the gap is closed.
        await pilot.press("escape")
        await pilot.press("3")
        await until(pilot, lambda: lorenteggio() is not ContinuityStatus.GAP)
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, DigestScreen))
        await settle(pilot)
        digest = app.screen
        assert isinstance(digest, DigestScreen)
        await until(
            pilot,
            lambda: (
                "LSL-LORENTEGGIO/continuity_gap" not in [a.key for a in digest.alerts]
            ),
        )
        options = digest.query_one("#alerts", OptionList)
        shown = [
            str(options.get_option_at_index(i).prompt)
            for i in range(options.option_count)
        ]
        assert not any("no service since" in line for line in shown)
    [lor] = [c for c in app_tracker.continuity() if c.service == "LSL-LORENTEGGIO"]
    assert lor.covered_until == date(2023, 6, 20)


async def test_switching_the_language_relabels_the_whole_app(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts),
        )
        assert app.screen.title == "Alerts"
        assert app.sub_title == "as of 17/01/2023"
        await pilot.press("f3")
        await until(pilot, lambda: app.screen.title == "Avvisi")
        await until(
            pilot,
            lambda: isinstance(app.screen, DigestScreen) and bool(app.screen.alerts),
        )
        await settle(pilot)
        await until(pilot, lambda: app.sub_title == "al 17/01/2023")
        options = app.screen.query_one("#alerts", OptionList)
        await until(
            pilot,
            lambda: (
                "CRITICO da 28 giorni" in str(options.get_option_at_index(1).prompt)
            ),
        )
        await pilot.press("f3")
        await until(pilot, lambda: app.screen.title == "Alerts")


async def test_delete_asks_first_and_a_refusal_names_what_depends(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en", start="contracts")
    seen: list[object] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await settle(pilot)
        app.delete("DIKE")
        await ready(pilot, ConfirmScreen)
        await pilot.press("n")  # keep it
        await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        await settle(pilot)
        assert app_tracker.record_kind("DIKE") == "organisation"
        app.delete("DIKE")
        await ready(pilot, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        await until(
            pilot,
            lambda: any(
                isinstance(m, Notify) and "DIKE" in m.notification.message for m in seen
            ),
        )
    assert app_tracker.record_kind("DIKE") == "organisation"


async def test_edit_opens_the_form_filled_in_and_saves_the_change(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en", start="organisations")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_record("DIKE")
        await until(pilot, lambda: shows_record(app.screen, "DIKE"))
        await settle(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert isinstance(form, RecordForm)
        await until(pilot, lambda: bool(form.query("#f-ref")))
        assert form.query_one("#f-ref", Input).value == "DIKE"
        assert form.query_one("#f-name", Input).value.startswith("DIKE")
        await type_into(pilot, "address", "Via Lorenteggio 1, Milano")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await settle(pilot)
    draft = app_tracker.draft_of("DIKE")
    assert getattr(draft, "address", None) == "Via Lorenteggio 1, Milano"
