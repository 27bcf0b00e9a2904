"""The continuity timeline: one row per service across the years.

Each service takes two lines (three, with a blank one, when there is room). The first
carries its coverage bars (a contract's base period, its exercised options, in-house
periods), its gaps and the required window; the second labels them (gap lengths,
contract references, the day to act by, the next tender). A fixed column on the left
names the neighbourhood and says the status in words, a fixed axis on top gives the
years or the months, a vertical line marks the as-of day and a legend at the bottom
says what each glyph and colour means.

The widget uses Textual's Line API: it draws only the lines on screen, so ten thousand
services scroll like six. It never calls the tracker: the screen hands it the rows
(``show``) and handles the messages it posts.

The time axis and the keys that move it are in ``timeline_scale``, what a row
shows in ``timeline_rows``, the drawing of each line in ``timeline_drawing``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.api import ServiceTimeline
from tracker.domain.continuity import ContinuityStatus
from tracker.formatting import Formatter
from tracker.i18n import _, language
from tracker.vocabulary import N_
from tui.widgets.timeline_drawing import (
    CHART_CSS,
    COMPONENT_CLASSES,
    HEADER_HEIGHT,
    ChartPainter,
    pack_legend,
)
from tui.widgets.timeline_rows import (
    ACT_BY_GLYPH,
    AS_OF_GLYPH,
    BASE,
    GAP,
    GLYPHS,
    IN_HOUSE,
    NO_OVERLAY,
    OPTION,
    REQUIRED,
    TENDER_GLYPH,
    UNCERTAIN,
    PlanOverlay,
    RowPlan,
    plan_legend,
    plan_row,
    short_name,
    status_label,
)
from tui.widgets.timeline_scale import (
    FIRST_DAY,
    ZOOMS,
    TimeScale,
    TimeView,
    Zoom,
    home_scale,
    home_zoom,
)

__all__ = [
    "HEADER_HEIGHT",
    "ZOOMS",
    "PlanOverlay",
    "TimeScale",
    "Timeline",
    "Zoom",
    "home_scale",
    "home_zoom",
    "short_name",
    "status_label",
]


class Timeline(ScrollView, can_focus=True, inherit_bindings=False):
    """Services across time: coverage, gaps, the required window, the as-of day."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", N_("Open service")),
        Binding("plus,equals_sign", "zoom_in", N_("Zoom in"), key_display="+"),
        Binding("minus", "zoom_out", N_("Zoom out"), key_display="-"),
        Binding("z", "toggle_zoom", N_("Years/months")),
        Binding("t,home", "as_of_day", N_("As-of day"), key_display="t"),
        Binding("left", "scroll_time(-1)", N_("Earlier"), show=False),
        Binding("right", "scroll_time(1)", N_("Later"), show=False),
        Binding("shift+left", "scroll_time(-8)", N_("Much earlier"), show=False),
        Binding("shift+right", "scroll_time(8)", N_("Much later"), show=False),
        Binding("up", "cursor(-1)", N_("Previous service"), show=False),
        Binding("down", "cursor(1)", N_("Next service"), show=False),
        Binding("pageup", "page(-1)", N_("Previous page"), show=False),
        Binding("pagedown", "page(1)", N_("Next page"), show=False),
        Binding("ctrl+home", "cursor_to(0)", N_("First service"), show=False),
        Binding("ctrl+end", "cursor_to(-1)", N_("Last service"), show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = set(COMPONENT_CLASSES)
    DEFAULT_CSS = CHART_CSS

    class ServiceSelected(Message):
        """Enter (or a double click) on a service's row."""

        def __init__(self, timeline: Timeline, ref: str) -> None:
            super().__init__()
            self.timeline = timeline
            self.ref = ref

        @property
        def control(self) -> Timeline:
            return self.timeline

    class Highlighted(Message):
        """The row cursor moved to a service (``None``: no services)."""

        def __init__(self, timeline: Timeline, row: ServiceTimeline | None) -> None:
            super().__init__()
            self.timeline = timeline
            self.row = row

        @property
        def control(self) -> Timeline:
            return self.timeline

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, Timeline.Highlighted)

    def __init__(
        self,
        formatter: Formatter | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.formatter = formatter or Formatter(language())
        self.as_of = FIRST_DAY  # until ``show``
        self.cursor_row = 0
        self._plans: list[RowPlan] = []
        self._loaded = False
        self._plan_shown = False
        self._plan_parts = (False, False)
        """Whether some row draws needs, and scenario cover (for the legend)."""
        self._view = TimeView(self.as_of)
        self._cache: dict[tuple[object, ...], Strip] = {}
        self._styles: dict[str, Style] = {}
        self._row_height = 2
        self._legend: tuple[tuple[object, ...], list[Strip]] | None = None

    def show(
        self,
        rows: Sequence[ServiceTimeline],
        as_of: date,
        overlays: Mapping[str, PlanOverlay] | None = None,
    ) -> None:
        """Draw ``rows`` (ordered by neighbourhood) as of ``as_of``, with what the
        programme adds to each service (``overlays``, by service reference; None
        while it is not known).

        The cursor stays on the same service; the view moves only to bring a new
        as-of day into sight (the first time, it opens on the default view).
        """
        selected = self.selected_ref
        moved = as_of != self.as_of
        self.as_of = as_of
        plans: list[RowPlan] = []
        previous: str | None = None
        self._plan_shown = overlays is not None
        overlays = overlays or {}
        for row in rows:
            neighbourhood = row.continuity.neighbourhood
            overlay = overlays.get(row.continuity.service, NO_OVERLAY)
            plans.append(plan_row(row, as_of, neighbourhood != previous, overlay))
            previous = neighbourhood
        self._plans = plans
        self._plan_parts = (
            any(plan.overlay.needs for plan in plans),
            any(plan.overlay.scenario for plan in plans),
        )
        self._cache.clear()
        refs = [plan.ref for plan in plans]
        self.cursor_row = refs.index(selected) if selected in refs else 0
        first_time = not self._loaded
        self._loaded = True
        self._relayout()
        if self.plot_cells > 0:
            if first_time or self._view.level is None:
                self._view.open_default(as_of, self.plot_cells)
            elif moved and not self.scale.shows(as_of):
                self.action_as_of_day()
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.selected))

    @property
    def plan_shown(self) -> bool:
        """True once the rows are drawn with the programme's needs (perhaps none)."""
        return self._plan_shown

    @property
    def is_loaded(self) -> bool:
        """True once ``show`` gave the widget its rows (perhaps none)."""
        return self._loaded

    @property
    def rows(self) -> list[ServiceTimeline]:
        """The services shown, in order."""
        return [plan.timeline for plan in self._plans]

    @property
    def selected(self) -> ServiceTimeline | None:
        """The service under the row cursor."""
        if not self._plans:
            return None
        return self._plans[self.cursor_row].timeline

    @property
    def selected_ref(self) -> str | None:
        row = self.selected
        return None if row is None else row.continuity.service

    def status_style(self, status: ContinuityStatus) -> Style:
        """The colour the chart gives a status (with its words, never alone)."""
        style = self._style(f"timeline--status-{status.value.replace('_', '-')}")
        return Style(color=style.color, bold=style.bold)

    def legend_items(self) -> list[tuple[str, Style, str]]:
        """The glyphs and colours of the chart, each with its words."""
        s = self._style
        return [
            (GLYPHS[BASE], s("timeline--base"), _("contract")),
            (GLYPHS[OPTION], s("timeline--option"), _("option or renewal")),
            (GLYPHS[IN_HOUSE], s("timeline--in-house"), _("in-house")),
            (GLYPHS[GAP], s("timeline--gap"), _("uncovered")),
            *(
                [(GLYPHS[UNCERTAIN] * 2, s("timeline--uncertain"), _("uncertain"))]
                if any(plan.timeline.continuity.uncertain for plan in self._plans)
                else []
            ),
            (GLYPHS[REQUIRED] * 2, s("timeline--required"), _("required window")),
            (
                AS_OF_GLYPH,
                s("timeline--as-of"),
                _("as of {day}").format(day=self.formatter.day(self.as_of)),
            ),
            (ACT_BY_GLYPH, s("timeline--act-by"), _("act by")),
            (TENDER_GLYPH, s("timeline--tender"), _("next tender")),
            *plan_legend(*self._plan_parts, s),
        ]

    @property
    def label_width(self) -> int:
        """Width of the fixed column that names the services."""
        width = self.size.width
        return max(min(36, width * 27 // 100), min(14, width // 3))

    @property
    def plot_cells(self) -> int:
        """Columns of the chart, right of the names and their separator."""
        return max(self.size.width - self.label_width - 1, 0)

    @property
    def zoom(self) -> Zoom:
        return self._view.zoom

    @property
    def scale(self) -> TimeScale:
        """The mapping from days to columns of the current view."""
        return self._view.scale(self.plot_cells)

    @property
    def start(self) -> date:
        """The first day in view."""
        return self.scale.start

    @property
    def end(self) -> date:
        """The last day in view."""
        return self.scale.end

    @property
    def row_height(self) -> int:
        """Lines per service: two, or three (a blank one between services) when
        every service fits with room to spare."""
        return self._row_height

    @property
    def rows_height(self) -> int:
        """Lines available to the services, between the axis and the legend."""
        return max(self.size.height - HEADER_HEIGHT - len(self._legend_lines()), 1)

    def _relayout(self) -> None:
        """Row height and scrolling range for the current size and rows."""
        count = len(self._plans)
        self._row_height = 3 if count and 3 * count <= self.rows_height else 2
        self._cache.clear()
        self.virtual_size = Size(
            0, HEADER_HEIGHT + self._row_height * count + len(self._legend_lines())
        )

    @property
    def plot_left(self) -> int:
        """The widget column where the chart's column 0 is drawn."""
        return self.label_width + 1

    def row_strip(self, index: int, line: int = 0) -> Strip:
        """Line ``line`` of row ``index`` as drawn: 0 the bars, 1 their labels."""
        return self._row_line(index, line, top=False)

    def row_at(self, y: int) -> int | None:
        """The row index drawn on line ``y`` of the widget (None: header, legend,
        blank)."""
        if not HEADER_HEIGHT <= y < HEADER_HEIGHT + self.rows_height:
            return None
        index, line = divmod(
            int(self.scroll_offset.y) + y - HEADER_HEIGHT, self.row_height
        )
        return index if 0 <= index < len(self._plans) and line < 2 else None

    def action_zoom_in(self) -> None:
        """Closer: fewer days per column."""
        self._view.zoom_by(1, self.as_of, self.plot_cells)
        self.refresh()

    def action_zoom_out(self) -> None:
        """Wider: more days per column."""
        self._view.zoom_by(-1, self.as_of, self.plot_cells)
        self.refresh()

    def action_toggle_zoom(self) -> None:
        """Switch between a view of years and a view of months."""
        self._view.toggle(self.as_of, self.plot_cells)
        self.refresh()

    def action_scroll_time(self, steps: int) -> None:
        """Move the view later (positive) or earlier."""
        self._view.scroll(steps, self.plot_cells)
        self.refresh()

    def action_as_of_day(self) -> None:
        """Back to the default view of the current zoom, with the as-of day."""
        self._view.home(self.as_of, self.plot_cells)
        self.refresh()

    def move_cursor(self, row: int) -> None:
        """Put the row cursor on ``row`` (clamped) and bring it into view."""
        if not self._plans:
            return
        row = min(max(row, 0), len(self._plans) - 1)
        if row != self.cursor_row:
            self.cursor_row = row
            self.refresh()
            self.post_message(self.Highlighted(self, self.selected))
        self._scroll_to_cursor()

    def _visible_rows(self) -> int:
        return max(self.rows_height // self.row_height, 1)

    def _scroll_to_cursor(self) -> None:
        top = self.cursor_row * self.row_height
        room = max(self.rows_height, 2)
        y = int(self.scroll_offset.y)
        if top < y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + 2 > y + room:
            self.scroll_to(y=top + 2 - room, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * self._visible_rows())

    def action_cursor_to(self, row: int) -> None:
        self.move_cursor(row if row >= 0 else len(self._plans) - 1)

    def action_select(self) -> None:
        ref = self.selected_ref
        if ref is not None:
            self.post_message(self.ServiceSelected(self, ref))

    def on_click(self, event: events.Click) -> None:
        row = self.row_at(event.y)
        if row is None:
            return
        self.move_cursor(row)
        if event.chain >= 2:
            self.action_select()

    def on_resize(self) -> None:
        self._relayout()
        if self._loaded and self.plot_cells > 0:
            view = self._view
            if view.level is None:
                view.open_default(self.as_of, self.plot_cells)
            else:
                view.set(view.level, view.first, self.plot_cells)
            self.refresh()
            self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()
        self._legend = None

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def _tint(self, style: Style, background: Style | None) -> Style:
        """``style`` on the background of ``background`` (the cursor's), unless it
        has a background of its own (a gap)."""
        if background is None or style.bgcolor != self.rich_style.bgcolor:
            return style
        return style + Style(bgcolor=background.bgcolor)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        legend = self._legend_lines()
        bottom = self.size.height - len(legend)
        if y >= bottom > HEADER_HEIGHT:
            return legend[y - bottom]
        if self._view.level is None:
            if y == HEADER_HEIGHT + 1:
                return self._empty_line()
            return Strip.blank(width, base)
        view = (width, self._view.level, self._view.first, self.as_of)
        if y < HEADER_HEIGHT:
            return self._cached(
                ("header", y, *view), lambda: self._painter().header_line(y)
            )
        if not self._plans and y == HEADER_HEIGHT + 1:
            return self._empty_line()
        scroll_y = int(self.scroll_offset.y)
        index, line = divmod(scroll_y + y - HEADER_HEIGHT, self.row_height)
        if index >= len(self._plans) or line == 2:
            grid = index < len(self._plans)
            return self._cached(
                ("spacer", grid, *view), lambda: self._painter().spacer_line(grid=grid)
            )
        top = index == scroll_y // self.row_height
        cursor = index == self.cursor_row
        key = ("row", index, line, cursor, top, self.has_focus, *view)
        return self._cached(key, lambda: self._row_line(index, line, top=top))

    def _cached(self, key: tuple[object, ...], make: Callable[[], Strip]) -> Strip:
        """A line drawn once per state of the view (cursor, zoom, scroll, size)."""
        strip = self._cache.get(key)
        if strip is None:
            if len(self._cache) > 2000:
                self._cache.clear()
            strip = make().adjust_cell_length(self.size.width, self.rich_style)
            self._cache[key] = strip
        return strip

    def _legend_lines(self) -> list[Strip]:
        """The legend, packed into as few lines as the width allows (none when the
        widget is too low to show services too)."""
        uncertain = any(plan.timeline.continuity.uncertain for plan in self._plans)
        key = (
            "legend",
            self.size.width,
            self.size.height,
            self.as_of,
            uncertain,
            self._plan_parts,
        )
        if self._legend is not None and self._legend[0] == key:
            return self._legend[1]
        strips = pack_legend(
            self.legend_items(),
            self.size.width,
            self.rich_style,
            self._style("timeline--legend"),
        )
        if self.size.height < HEADER_HEIGHT + 2 + len(strips):
            strips = []
        self._legend = (key, strips)
        return strips

    def _painter(self) -> ChartPainter:
        return ChartPainter(
            self._style,
            self.rich_style,
            self.scale,
            self.as_of,
            self.formatter,
            self.label_width,
        )

    def _empty_line(self) -> Strip:
        if not self._loaded:
            text = _("Loading…")
        else:
            text = "" if self._plans else _("No services.")
        return self._painter().empty_line(text)

    def _row_line(self, index: int, line: int, *, top: bool) -> Strip:
        cursor = index == self.cursor_row
        return self._painter().row_line(
            self._plans[index], line, cursor=cursor, top=top
        )
