"""In the app, a contract known by one end only: the form takes it with the other
end empty, its record says which end is not stated, and the timeline draws the
days it may cover as uncertain (neither a bar nor a gap), with a legend entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.notifications import Notify

from tests.tui.helpers import settle, until
from tests.tui.test_details import open_detail, text_of
from tests.tui.test_flows import type_into
from tracker.api import Tracker
from tracker.drafts import ContractDraft
from tui.app import TrackerApp
from tui.screens.form import RecordForm
from tui.screens.records.contract import ContractScreen
from tui.screens.records.service import ServiceScreen
from tui.widgets.timeline import Timeline
from tui.widgets.timeline_rows import GLYPHS, UNCERTAIN


def _notes(seen: list[object]) -> list[str]:
    return [m.notification.message for m in seen if isinstance(m, Notify)]


async def test_a_contract_saved_with_only_its_end_shows_its_start_not_stated(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it", start="contracts")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        await type_into(pilot, "ref", "ANAC-2023-C1")
        await type_into(pilot, "title", "Contratto pubblicato da ANAC")
        await type_into(pilot, "services", "LSL-LORENTEGGIO")
        await type_into(pilot, "signed_on", "15/02/2023")
        await type_into(pilot, "end", "31/12/2023")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await until(pilot, lambda: any("ANAC-2023-C1" in n for n in _notes(seen)))
        screen = await open_detail(pilot, "ANAC-2023-C1")
        assert isinstance(screen, ContractScreen)
        text = text_of(screen)
        assert "inizio non indicato al 31/12/2023" in text
        assert "incerto" in text
    draft = app_tracker.draft_of("ANAC-2023-C1")
    assert isinstance(draft, ContractDraft)
    assert (draft.start, draft.end) == (None, date(2023, 12, 31))


def _lorenteggio_by_end_only(tracker: Tracker) -> None:
    tracker.save(
        ContractDraft(
            ref="ANAC-2023-C1",
            title="Contratto pubblicato da ANAC",
            services=["LSL-LORENTEGGIO"],
            signed_on=date(2023, 2, 15),
            end=date(2023, 12, 31),
        )
    )


async def test_the_service_record_lists_the_uncertain_days(
    app_tracker: Tracker,
) -> None:
    _lorenteggio_by_end_only(app_tracker)
    app = TrackerApp(app_tracker, language="en", start="services")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LSL-LORENTEGGIO")
        assert isinstance(screen, ServiceScreen)
        text = " ".join(text_of(screen).split())
        assert "Uncertain coverage 15/02/2023–31/12/2023 (ANAC-2023-C1)" in text


async def test_the_timeline_draws_the_uncertain_days_apart_with_a_legend(
    app_tracker: Tracker,
) -> None:
    _lorenteggio_by_end_only(app_tracker)
    app = TrackerApp(app_tracker, language="en", start="timeline")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one(Timeline)
        await until(pilot, lambda: timeline.is_loaded)
        await settle(pilot)
        [row] = [r for r in timeline.rows if r.continuity.service == "LSL-LORENTEGGIO"]
        assert row.continuity.status.value == "gap"  # 17/01/2023: before signature
        words = [word for _, _, word in timeline.legend_items()]
        assert "uncertain" in words
        lines = [
            "".join(s.text for s in timeline.render_line(y))
            for y in range(timeline.size.height)
        ]
        drawn: Any = [line for line in lines if GLYPHS[UNCERTAIN] * 3 in line]
        assert drawn, "\n".join(lines)
