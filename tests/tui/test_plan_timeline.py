"""The timeline draws the programme: needs in their own style, and, with a
scenario, the days its proposed tenders would cover."""

from __future__ import annotations

from datetime import date

from textual.app import App, ComposeResult

from tests.tui.conftest import COMMITTEE_DAY
from tests.tui.helpers import until
from tests.tui.test_timeline import cell, colour_of, plot_text, synthetic_rows
from tui.widgets.timeline import PlanOverlay, Timeline
from tui.widgets.timeline_rows import Source


class TimelineHost(App[None]):
    def compose(self) -> ComposeResult:
        yield Timeline(id="timeline")


def legend_words(timeline: Timeline) -> list[str]:
    return [words for _glyph, _style, words in timeline.legend_items()]


async def test_a_need_and_a_scenario_are_drawn_in_their_own_styles() -> None:
    rows = synthetic_rows(8)  # the first and the last with no gap
    overlays = {
        # the first service: needs from 01/07/2023 to the end of 2025, but for the
        # year a scenario's tender would cover
        "SYN-S00000": PlanOverlay(
            needs=(
                (date(2023, 7, 1), date(2023, 12, 31)),
                (date(2025, 1, 1), date(2025, 12, 31)),
            ),
            scenario=(Source("SCN-2024", date(2024, 1, 1), date(2024, 12, 31)),),
        ),
        # the last: one need to the end of 2025
        "SYN-S00007": PlanOverlay(needs=((date(2023, 7, 1), date(2025, 12, 31)),)),
    }
    app = TimelineHost()
    async with app.run_test(size=(120, 30)) as pilot:
        timeline = app.query_one(Timeline)
        timeline.show(rows, COMMITTEE_DAY)
        await until(pilot, lambda: timeline.is_loaded)
        assert "need to plan" not in legend_words(timeline)
        timeline.show(rows, COMMITTEE_DAY, overlays)
        await pilot.press("z")  # months: 2023-2025 in view
        await until(pilot, lambda: not timeline.zoom.by_years)
        await pilot.press("minus", "minus")
        await until(pilot, lambda: timeline.scale.shows(date(2025, 6, 1)))
        scale = timeline.scale
        need_colour = colour_of(timeline, "timeline--need")
        glyph, style = cell(timeline, 7, 0, scale.column(date(2024, 3, 1)))
        assert (glyph, style.color) == ("╍", need_colour)
        # before the need, the required window as before
        assert cell(timeline, 0, 0, scale.column(date(2023, 3, 1)))[0] == "─"
        assert cell(timeline, 0, 0, scale.column(date(2023, 9, 1)))[0] == "╍"
        need_label = plot_text(timeline, 7, 1)[scale.column(date(2023, 7, 1)) :]
        assert need_label.startswith("to plan")
        labels = plot_text(timeline, 0, 1)
        scenario_colour = colour_of(timeline, "timeline--scenario")
        glyph, style = cell(timeline, 0, 0, scale.column(date(2024, 6, 1)))
        assert (glyph, style.color) == ("▆", scenario_colour)
        assert cell(timeline, 0, 0, scale.column(date(2025, 6, 1)))[0] == "╍"
        assert labels[scale.column(date(2024, 1, 1)) :].startswith("SCN-2024")
        # the others have no plan: nothing of it changes
        assert "╍" not in plot_text(timeline, 2, 0)
        assert "▆" not in plot_text(timeline, 2, 0)
        assert legend_words(timeline)[-2:] == [
            "need to plan",
            "covered in the scenario",
        ]
