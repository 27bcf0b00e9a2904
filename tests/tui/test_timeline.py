"""The continuity timeline: a row per service, its gaps, markers, zoom and scroll."""

from __future__ import annotations

from datetime import date

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.conftest import COMMITTEE_DAY
from tests.tui.helpers import until
from tracker.api import ServiceTimeline, Tracker
from tracker.domain.continuity import (
    ContinuityStatus,
    Coverage,
    Gap,
    GapState,
    ServiceContinuity,
    SourceKind,
)
from tui.app import TrackerApp
from tui.screens.timeline import TimelineScreen
from tui.widgets.timeline import (
    HEADER_HEIGHT,
    ZOOMS,
    Timeline,
    TimeScale,
    Zoom,
    home_scale,
    home_zoom,
)

MILAN_ORDER = [
    "LDQ-GRATOSOGLIO",
    "LSL-LORENTEGGIO",
    "LDQ-MAZZINI",
    "LDQ-MOLISE-CALVAIRATE",
    "LDQ-PONTE-LAMBRO",
    "LDQ-SAN-SIRO",
]


def zoom_named(name: str) -> Zoom:
    return next(zoom for zoom in ZOOMS if zoom.name == name)


async def open_timeline(app: App[None], pilot: Pilot[None]) -> Timeline:
    """The timeline once its first load is drawn."""
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, TimelineScreen)
            and app.screen.query_one(Timeline).is_loaded
        ),
    )
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(Timeline)


def row_of(timeline: Timeline, ref: str) -> int:
    return [row.continuity.service for row in timeline.rows].index(ref)


def cell(timeline: Timeline, row: int, line: int, column: int) -> tuple[str, Style]:
    """The character and style drawn in a column of the chart on a row's line."""
    x = timeline.plot_left + column
    [segment] = list(timeline.row_strip(row, line).crop(x, x + 1))
    assert segment.style is not None
    return segment.text, segment.style


def plot_text(timeline: Timeline, row: int, line: int) -> str:
    return timeline.row_strip(row, line).text[timeline.plot_left :]


def label_text(timeline: Timeline, row: int, line: int) -> str:
    return timeline.row_strip(row, line).text[: timeline.label_width].strip()


def colour_of(timeline: Timeline, component: str) -> object:
    return timeline.get_component_rich_style(component).color


# -- the mapping from days to columns -------------------------------------------


def test_month_cells_map_every_day_of_a_month_to_one_column() -> None:
    month = zoom_named("1 month")
    scale = TimeScale(month, month.cell_of(date(2023, 1, 1)), 24)
    assert scale.column(date(2023, 1, 1)) == 0
    assert scale.column(date(2023, 1, 31)) == 0
    assert scale.column(date(2023, 2, 1)) == 1
    assert scale.column(date(2022, 12, 31)) == -1
    assert scale.column(date(2024, 12, 31)) == 23
    assert (scale.start, scale.end) == (date(2023, 1, 1), date(2024, 12, 31))
    assert (scale.cell_start(1), scale.cell_end(1)) == (
        date(2023, 2, 1),
        date(2023, 2, 28),
    )
    assert scale.columns(date(2022, 6, 1), date(2023, 3, 15)) == range(0, 3)
    assert scale.columns(date(2030, 1, 1), date(2031, 1, 1)) == range(24, 24)


def test_cells_of_months_start_with_the_year_and_weeks_on_mondays() -> None:
    quarter, two_months = zoom_named("3 months"), zoom_named("2 months")
    week, day = zoom_named("1 week"), zoom_named("1 day")
    assert quarter.cell_start(quarter.cell_of(date(2023, 5, 17))) == date(2023, 4, 1)
    assert two_months.cell_start(two_months.cell_of(date(2022, 12, 21))) == date(
        2022, 11, 1
    )
    # 17/01/2023 was a Tuesday: its week began on Monday the 16th.
    assert week.cell_start(week.cell_of(COMMITTEE_DAY)) == date(2023, 1, 16)
    assert day.cell_start(day.cell_of(COMMITTEE_DAY)) == COMMITTEE_DAY
    scale = TimeScale.placing(week, COMMITTEE_DAY, 10, 40)
    assert scale.column(COMMITTEE_DAY) == 10
    assert scale.column(date(2023, 1, 22)) == 10
    assert scale.column(date(2023, 1, 23)) == 11


def test_the_default_view_is_the_closest_zoom_showing_2016_to_2024() -> None:
    level = home_zoom(COMMITTEE_DAY, 87)
    assert ZOOMS[level].name == "2 months"
    scale = home_scale(ZOOMS[level], COMMITTEE_DAY, 87)
    assert scale.start <= date(2016, 1, 1)
    assert scale.end >= date(2024, 12, 31)
    assert scale.shows(COMMITTEE_DAY)
    # Too narrow for the span: the as-of day two thirds of the way across.
    narrow = home_scale(zoom_named("1 week"), COMMITTEE_DAY, 30)
    assert narrow.column(COMMITTEE_DAY) == 20


# -- the Milan timeline on the committee's day -------------------------------------


async def test_milan_shows_a_row_per_service_with_its_status_in_words(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="timeline", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(app, pilot)
        assert app.screen.title == "Continuity timeline"
        assert [row.continuity.service for row in timeline.rows] == MILAN_ORDER
        statuses = [label_text(timeline, i, 1) for i in range(len(MILAN_ORDER))]
        assert statuses == [
            "✓ covered",
            "● uncovered",
            "▲ at risk",
            "✓ covered",
            "✓ covered",
            "▲ at risk",
        ]
        names = [label_text(timeline, i, 0) for i in range(len(MILAN_ORDER))]
        assert names[1] == "Lorenteggio Laboratorio Sociale"
        assert names[2].startswith("Mazzini Laboratorio di Quartie")
        # The status words carry the status colour too.
        _, style = cell(timeline, 1, 1, -timeline.label_width + 1)
        assert style.color == colour_of(timeline, "timeline--status-gap")
        # The default view spans 2016-2024 around the as-of day.
        assert timeline.start <= date(2016, 1, 1)
        assert timeline.end >= date(2024, 12, 31)


async def test_lorenteggio_gap_from_21_12_2022_is_drawn_and_labelled(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="timeline", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(app, pilot)
        row = row_of(timeline, "LSL-LORENTEGGIO")
        gap_colour = colour_of(timeline, "timeline--gap")
        start = timeline.scale.column(date(2022, 12, 21))
        glyph, style = cell(timeline, row, 0, start)
        assert (glyph, style.color) == ("░", gap_colour)
        assert plot_text(timeline, row, 1)[start:].startswith("uncovered 28 days")
        _, label_style = cell(timeline, row, 1, start)
        assert label_style.color == colour_of(timeline, "timeline--gap-label")
        # Day by day: the renewal (an option, ▓) covers up to 20/12, the gap begins
        # on the 21st and runs to the as-of day; the required window goes on after.
        await pilot.press("z", "plus")
        await until(pilot, lambda: timeline.zoom.name == "1 day")
        scale = timeline.scale
        assert scale.shows(date(2022, 12, 20))
        assert cell(timeline, row, 0, scale.column(date(2022, 12, 20)))[0] == "▓"
        for day in (date(2022, 12, 21), date(2023, 1, 16)):
            glyph, style = cell(timeline, row, 0, scale.column(day))
            assert (glyph, style.color) == ("░", gap_colour)
        # after the as-of day the gap goes on as a need to plan (once drawn)
        await until(pilot, lambda: timeline.plan_shown)
        assert cell(timeline, row, 0, scale.column(date(2023, 1, 18)))[0] == "╍"
        label = plot_text(timeline, row, 1)[scale.column(date(2022, 12, 21)) :]
        assert label.startswith("uncovered 28 days")


async def test_at_risk_rows_mark_the_day_to_act_by(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="timeline", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(app, pilot)
        mazzini = row_of(timeline, "LDQ-MAZZINI")
        act_by = timeline.rows[mazzini].continuity.act_by
        assert act_by == date(2023, 1, 1)
        column = timeline.scale.column(act_by)
        glyph, style = cell(timeline, mazzini, 0, column)
        assert (glyph, style.color) == ("◆", colour_of(timeline, "timeline--act-by"))
        assert plot_text(timeline, mazzini, 1)[column:].startswith("act by 01/01/2023")
        # A covered service (act by 04/07/2023) has no such mark.
        assert "◆" not in plot_text(timeline, row_of(timeline, "LDQ-GRATOSOGLIO"), 0)


async def test_the_as_of_marker_stands_in_the_column_of_17_01_2023(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="timeline", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(app, pilot)
        scale = timeline.scale
        column = scale.column(COMMITTEE_DAY)
        assert 0 <= column < scale.cells
        assert scale.cell_start(column) <= COMMITTEE_DAY <= scale.cell_end(column)
        marker = colour_of(timeline, "timeline--as-of")
        for ref in ("LDQ-GRATOSOGLIO", "LDQ-PONTE-LAMBRO"):
            glyph, style = cell(timeline, row_of(timeline, ref), 0, column)
            assert (glyph, style.color) == ("│", marker)
        # The axis points at it and names the day.
        x = timeline.plot_left + column
        ruler = timeline.render_line(2).text
        assert ruler[x] == "▼"
        assert timeline.render_line(0).text[x:].startswith("as of 17/01/2023")


async def test_zoom_and_scroll_change_the_visible_range(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="timeline", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(app, pilot)
        home = (timeline.start, timeline.end)
        years = (home[1] - home[0]).days

        await pilot.press("plus")
        await until(pilot, lambda: timeline.zoom.name == "1 month")
        assert (timeline.end - timeline.start).days < years
        assert timeline.scale.shows(COMMITTEE_DAY)

        await pilot.press("minus", "minus")
        await until(pilot, lambda: timeline.zoom.name == "3 months")
        assert (timeline.end - timeline.start).days > years

        await pilot.press("plus")
        await until(pilot, lambda: (timeline.start, timeline.end) == home)
        await pilot.press("right")
        await until(pilot, lambda: timeline.start > home[0])
        later = timeline.start
        await pilot.press("shift+left")
        await until(pilot, lambda: timeline.start < home[0])
        assert (home[0] - timeline.start) > (later - home[0])
        await pilot.press("t")
        await until(pilot, lambda: (timeline.start, timeline.end) == home)

        await pilot.press("z")
        await until(pilot, lambda: timeline.zoom.name == "1 week")
        assert (timeline.end - timeline.start).days == 7 * timeline.scale.cells - 1
        assert timeline.scale.shows(COMMITTEE_DAY)
        await pilot.press("z")
        await until(pilot, lambda: timeline.zoom.name == "2 months")


async def test_up_down_move_the_cursor_and_show_the_service_facts(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="timeline", language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        timeline = await open_timeline(app, pilot)
        assert timeline.selected_ref == "LDQ-GRATOSOGLIO"
        await pilot.press("down")
        await until(pilot, lambda: timeline.selected_ref == "LSL-LORENTEGGIO")
        facts = app.screen.query_one("#timeline-detail", Static)
        await until(pilot, lambda: "[LSL-LORENTEGGIO]" in str(facts.render()))
        detail = str(facts.render())
        assert "Lorenteggio · Laboratorio Sociale [LSL-LORENTEGGIO]" in detail
        assert "uncovered since 21/12/2022 (for 28 days)" in detail
        await pilot.press("up", "up")
        await until(pilot, lambda: timeline.selected_ref == "LDQ-GRATOSOGLIO")
        # Every service fits at 80x24, status words included.
        assert timeline.rows_height >= 2 * len(MILAN_ORDER)
        assert label_text(timeline, 1, 1) == "● uncovered"


async def test_enter_opens_the_selected_service(
    app_tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    seen: list[Message] = []
    app = TrackerApp(app_tracker, start="timeline", language="en")
    monkeypatch.setattr(app, "open_record", opened.append)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        timeline = await open_timeline(app, pilot)
        await pilot.press("down", "down", "enter")
        await until(pilot, lambda: opened == ["LDQ-MAZZINI"])
        # The hook sees the message at each node it bubbles through: one message.
        posted = {id(m): m for m in seen if isinstance(m, Timeline.ServiceSelected)}
        assert [m.ref for m in posted.values()] == ["LDQ-MAZZINI"]
        assert opened == ["LDQ-MAZZINI"]
        assert timeline.selected_ref == "LDQ-MAZZINI"


async def test_the_keys_are_listed_for_the_footer_and_help(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="timeline", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(app, pilot)
        described = {
            active.binding.action: active.binding.description
            for active in app.screen.active_bindings.values()
        }
        assert described["zoom_in"] == "Zoom in"
        assert described["zoom_out"] == "Zoom out"
        assert described["as_of_day"] == "As-of day"
        assert described["select"] == "Open service"


async def test_a_new_as_of_day_reloads_the_timeline(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="timeline", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(app, pilot)
        await pilot.press("down", "down")
        await until(pilot, lambda: timeline.selected_ref == "LDQ-MAZZINI")
        app.as_of = date(2024, 3, 1)
        await until(pilot, lambda: timeline.as_of == date(2024, 3, 1))
        await app.workers.wait_for_complete()
        facts = app.screen.query_one("#timeline-detail", Static)
        await until(pilot, lambda: "01/07/2023" in str(facts.render()))
        mazzini = row_of(timeline, "LDQ-MAZZINI")
        assert timeline.rows[mazzini].continuity.status is ContinuityStatus.GAP
        assert timeline.selected_ref == "LDQ-MAZZINI"
        assert label_text(timeline, mazzini, 1) == "● uncovered"
        scale = timeline.scale
        glyph, _ = cell(timeline, mazzini, 0, scale.column(date(2023, 7, 1)))
        assert glyph == "░"
        glyph, _ = cell(timeline, 0, 0, scale.column(date(2024, 3, 1)))
        assert glyph == "│"
        detail = str(app.screen.query_one("#timeline-detail", Static).render())
        assert "uncovered since 01/07/2023" in detail


async def test_a_click_selects_a_row_and_a_double_click_opens_it(
    app_tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    app = TrackerApp(app_tracker, start="timeline", language="en")
    monkeypatch.setattr(app, "open_record", opened.append)
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = await open_timeline(app, pilot)
        y = HEADER_HEIGHT + 3 * timeline.row_height  # the fourth service's bars
        assert timeline.row_at(y) == 3
        await pilot.click(Timeline, offset=(5, y))
        await until(pilot, lambda: timeline.selected_ref == "LDQ-MOLISE-CALVAIRATE")
        assert opened == []
        await pilot.double_click(Timeline, offset=(5, y + 1))
        await until(pilot, lambda: opened == ["LDQ-MOLISE-CALVAIRATE"])


async def test_an_empty_database_says_there_are_no_services(
    empty_tracker: Tracker,
) -> None:
    seen: list[Message] = []
    app = TrackerApp(empty_tracker, start="timeline", language="en")
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        timeline = await open_timeline(app, pilot)
        assert timeline.rows == []
        assert "No services." in timeline.render_line(HEADER_HEIGHT + 1).text
        assert timeline.scale.shows(COMMITTEE_DAY)
        await pilot.press("enter", "down", "plus")
        assert not any(isinstance(m, Timeline.ServiceSelected) for m in seen)


# -- many services ----------------------------------------------------------------


def synthetic_rows(count: int) -> list[ServiceTimeline]:
    rows = []
    for n in range(count):
        ref = f"SYN-S{n:05d}"
        gaps = (Gap(date(2022, 12, 1), None, 48, GapState.CURRENT),) if n % 7 else ()
        continuity = ServiceContinuity(
            service=ref,
            name=f"Laboratorio {n}",
            neighbourhood=f"Quartiere {n // 3:04d}",
            status=ContinuityStatus.GAP if gaps else ContinuityStatus.OK,
            as_of=COMMITTEE_DAY,
            covered_until=date(2022, 11, 30),
            coverage_ends=date(2022, 11, 30),
            required_from=date(2019, 1, 1),
            required_until=None,
            lead_days=180,
            act_by=None,
            current=None,
            successor=None,
            next_tender=None,
            gaps=gaps,
            overlaps=(),
        )
        coverage = (
            Coverage(
                SourceKind.CONTRACT,
                f"SYN-C{n:05d}",
                "base",
                date(2019, 1, 1),
                date(2022, 11, 30),
            ),
        )
        rows.append(ServiceTimeline(continuity, coverage, ()))
    return rows


class TimelineHost(App[None]):
    def compose(self) -> ComposeResult:
        yield Timeline(id="timeline")


async def test_ten_thousand_services_draw_only_the_rows_on_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[int] = []
    original = Timeline._row_line

    def counting(self: Timeline, index: int, line: int, *, top: bool) -> object:
        drawn.append(index)
        return original(self, index, line, top=top)

    monkeypatch.setattr(Timeline, "_row_line", counting)
    app = TimelineHost()
    async with app.run_test(size=(80, 24)) as pilot:
        timeline = app.query_one(Timeline)
        timeline.show(synthetic_rows(10_000), COMMITTEE_DAY)
        await until(pilot, lambda: bool(drawn))
        assert len(timeline.rows) == 10_000
        assert timeline.row_height == 2
        assert max(drawn) < 20
        drawn.clear()
        await pilot.press("ctrl+end")
        await until(pilot, lambda: timeline.selected_ref == "SYN-S09999")
        await until(pilot, lambda: any(index > 9_980 for index in drawn))
        assert min(drawn) > 9_980
        assert len(set(drawn)) < 20
        # Only the first row of a neighbourhood names it, unless it tops the screen.
        assert label_text(timeline, 9_998, 0).startswith("Laboratorio 9998")
        await pilot.press("pageup")
        await until(pilot, lambda: timeline.cursor_row < 9_999)
