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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import ClassVar

from babel.dates import get_month_names
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.api import ServiceTimeline
from tracker.domain.continuity import ContinuityStatus, SourceKind
from tracker.formatting import Formatter, printable
from tracker.i18n import _, language, ngettext
from tracker.vocabulary import N_, continuity_word

ONE_DAY = timedelta(days=1)
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)

# -- time scale ---------------------------------------------------------------


@dataclass(frozen=True)
class Zoom:
    """How much time one cell (one terminal column) of the chart shows."""

    name: str
    """Message id of the cell's length, shown as ``_(name)``."""
    months: int = 0
    """Length of a cell in calendar months (0 for cells measured in days)."""
    days: int = 0
    """Length of a cell in days (cells of 7 days start on Mondays)."""

    @property
    def by_years(self) -> bool:
        """The axis names years (cells of months) rather than months (of days)."""
        return self.months > 0

    def cell_of(self, day: date) -> int:
        """The absolute index of the cell holding ``day``."""
        if self.months:
            return (day.year * 12 + day.month - 1) // self.months
        # date(1, 1, 1) is a Monday, so cells of 7 days start on Mondays.
        return (day.toordinal() - 1) // self.days

    def cell_start(self, cell: int) -> date:
        """The first day of the cell of absolute index ``cell``."""
        if self.months:
            month = cell * self.months
            return date(month // 12, month % 12 + 1, 1)
        return date.fromordinal(cell * self.days + 1)


ZOOMS: tuple[Zoom, ...] = (
    Zoom(N_("6 months"), months=6),
    Zoom(N_("3 months"), months=3),
    Zoom(N_("2 months"), months=2),
    Zoom(N_("1 month"), months=1),
    Zoom(N_("1 week"), days=7),
    Zoom(N_("1 day"), days=1),
)
"""From the widest view to the closest; ``+`` moves right, ``-`` left."""
MONTHS_ZOOM = 4
"""The zoom ``z`` switches to from a view of years (one cell a week)."""


class TimeScale:
    """Maps days to the chart's columns: ``cells`` columns from cell ``first``."""

    def __init__(self, zoom: Zoom, first: int, cells: int) -> None:
        self.zoom = zoom
        self.first = first
        self.cells = cells

    @classmethod
    def placing(cls, zoom: Zoom, day: date, column: int, cells: int) -> TimeScale:
        """The scale that shows ``day`` in ``column``."""
        return cls(zoom, zoom.cell_of(day) - column, cells)

    def column(self, day: date) -> int:
        """The column of ``day``; negative or ``>= cells`` when out of view."""
        return self.zoom.cell_of(day) - self.first

    def cell_start(self, column: int) -> date:
        return self.zoom.cell_start(self.first + column)

    def cell_end(self, column: int) -> date:
        return self.zoom.cell_start(self.first + column + 1) - ONE_DAY

    @property
    def start(self) -> date:
        """The first day in view."""
        return self.cell_start(0)

    @property
    def end(self) -> date:
        """The last day in view."""
        return self.cell_end(self.cells - 1)

    def shows(self, day: date) -> bool:
        return 0 <= self.column(day) < self.cells

    def columns(self, start: date, end: date) -> range:
        """The columns in view of the days ``start..end`` (inclusive)."""
        first = max(self.column(start), 0)
        last = min(self.column(end), self.cells - 1)
        return range(first, last + 1)


def default_span(as_of: date) -> tuple[date, date]:
    """The years a committee looks at first: seven back, the next one ahead."""
    return date(as_of.year - 7, 1, 1), date(as_of.year + 1, 12, 31)


def home_scale(zoom: Zoom, as_of: date, cells: int) -> TimeScale:
    """The default view at a zoom: the default span centred when it fits, else the
    as-of day two thirds of the way across."""
    start, end = default_span(as_of)
    span = zoom.cell_of(end) - zoom.cell_of(start) + 1
    if span <= cells:
        return TimeScale(zoom, zoom.cell_of(start) - (cells - span) // 2, cells)
    return TimeScale.placing(zoom, as_of, cells * 2 // 3, cells)


def home_zoom(as_of: date, cells: int) -> int:
    """The closest zoom that shows the whole default span in ``cells`` columns."""
    start, end = default_span(as_of)
    fitting = [
        level
        for level, zoom in enumerate(ZOOMS)
        if zoom.cell_of(end) - zoom.cell_of(start) + 1 <= cells
    ]
    return max(fitting, default=0)


# -- drawing ------------------------------------------------------------------

BLANK, REQUIRED, IN_HOUSE, OPTION, BASE, GAP = range(6)
"""What a cell of a bar shows; a higher value wins a cell shared by several."""
GLYPHS = {BLANK: " ", REQUIRED: "─", IN_HOUSE: "▒", OPTION: "▓", BASE: "█", GAP: "░"}
AS_OF_GLYPH = "│"
ACT_BY_GLYPH = "◆"
TENDER_GLYPH = "◇"
STATUS_GLYPHS = {
    ContinuityStatus.GAP: "●",
    ContinuityStatus.AT_RISK: "▲",
    ContinuityStatus.OK: "✓",
    ContinuityStatus.NOT_REQUIRED: "○",
}
HEADER_HEIGHT = 3


def status_label(status: ContinuityStatus) -> str:
    """``● uncovered``, ``▲ at risk``...: a glyph and a word, never colour alone."""
    return f"{STATUS_GLYPHS[status]} {continuity_word(status)}"


def gap_lengths(days: int, *, by_years: bool) -> list[str]:
    """A gap's length, longest wording first: months in a view of years (for gaps of
    two months or more), days otherwise."""
    if by_years and days >= 60:
        n = round(days / 30.44)
        return [
            ngettext("{n} month", "{n} months", n).format(n=n),
            _("{n} mo.").format(n=n),
        ]
    return [
        ngettext("{n} day", "{n} days", days).format(n=days),
        _("{n} d").format(n=days),
    ]


def gap_labels(days: int, *, by_years: bool) -> list[str]:
    """What a gap's label can say, from the longest to the shortest."""
    lengths = gap_lengths(days, by_years=by_years)
    return [
        *(_("uncovered {length}").format(length=length) for length in lengths),
        *lengths,
    ]


@lru_cache(maxsize=4)
def month_abbreviations(locale: str) -> tuple[str, ...]:
    """``gen``, ``feb``... (Italian) or ``Jan``, ``Feb``... (English)."""
    names = get_month_names("abbreviated", locale=locale)
    return tuple(str(names[month]).rstrip(".") for month in range(1, 13))


def short_name(name: str, neighbourhood: str) -> str:
    """A service's name without its neighbourhood, when the name ends with it."""
    if neighbourhood and name.endswith(neighbourhood) and name != neighbourhood:
        return name[: -len(neighbourhood)].rstrip(" -–·,")
    return name


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis; user text shows its
    control characters escaped (drawn raw, a terminal would obey them)."""
    if width <= 0:
        return ""
    text = printable(text)
    if cell_len(text) <= width:
        return text
    cut = text
    while cut and cell_len(cut) > width - 1:
        cut = cut[:-1]
    return cut.rstrip() + "…"


class _Line:
    """One line of the plot: a character and a style per cell, with labels placed
    only where they fit, one blank cell away from other labels."""

    def __init__(self, cells: int, style: Style) -> None:
        self.chars = [" "] * cells
        self.styles = [style] * cells
        self.taken = [False] * cells

    def fits(self, column: int, width: int) -> bool:
        if column < 0 or width <= 0 or column + width > len(self.chars):
            return False
        low, high = max(column - 1, 0), min(column + width + 1, len(self.chars))
        return not any(self.taken[low:high])

    def label(self, column: int, texts: Iterable[str], style: Style) -> bool:
        """Write the first of ``texts`` that fits at ``column``."""
        for text in texts:
            if self.fits(column, len(text)):
                for offset, char in enumerate(text):
                    self.chars[column + offset] = char
                    self.styles[column + offset] = style
                    self.taken[column + offset] = True
                return True
        return False

    def put(self, column: int, char: str, style: Style) -> None:
        if 0 <= column < len(self.chars) and not self.taken[column]:
            self.chars[column] = char
            self.styles[column] = style

    def segments(self) -> list[Segment]:
        segments: list[Segment] = []
        run: list[str] = []
        current: Style | None = None
        for char, style in zip(self.chars, self.styles, strict=True):
            if style != current and run:
                segments.append(Segment("".join(run), current))
                run = []
            current = style
            run.append(char)
        if run:
            segments.append(Segment("".join(run), current))
        return segments


@dataclass(frozen=True)
class _Source:
    """A contract or in-house period with its whole span, for its label."""

    ref: str
    start: date
    end: date


@dataclass(frozen=True)
class _Plan:
    """What a service's row draws, prepared once when the data arrives."""

    timeline: ServiceTimeline
    spans: tuple[tuple[date, date, int], ...]
    sources: tuple[_Source, ...]
    first_of_group: bool

    @property
    def ref(self) -> str:
        return self.timeline.continuity.service


def _plan(timeline: ServiceTimeline, as_of: date, first_of_group: bool) -> _Plan:
    c = timeline.continuity
    spans: list[tuple[date, date, int]] = [
        (c.required_from, c.required_until or LAST_DAY, REQUIRED)
    ]
    sources: dict[str, _Source] = {}
    for coverage in timeline.coverage:
        if coverage.kind is SourceKind.IN_HOUSE:
            kind = IN_HOUSE
        else:
            kind = BASE if coverage.part == "base" else OPTION
        spans.append((coverage.start, coverage.end, kind))
        known = sources.get(coverage.ref)
        sources[coverage.ref] = _Source(
            coverage.ref,
            coverage.start if known is None else min(known.start, coverage.start),
            coverage.end if known is None else max(known.end, coverage.end),
        )
    for gap in c.gaps:
        spans.append((gap.start, gap.end or max(as_of, gap.start), GAP))
    return _Plan(
        timeline,
        tuple(spans),
        tuple(sorted(sources.values(), key=lambda s: (s.start, s.ref))),
        first_of_group,
    )


# -- the widget ---------------------------------------------------------------


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

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--base",
        "timeline--option",
        "timeline--in-house",
        "timeline--gap",
        "timeline--gap-label",
        "timeline--required",
        "timeline--as-of",
        "timeline--act-by",
        "timeline--tender",
        "timeline--ref",
        "timeline--axis",
        "timeline--separator",
        "timeline--axis-label",
        "timeline--neighbourhood",
        "timeline--service",
        "timeline--status-gap",
        "timeline--status-at-risk",
        "timeline--status-ok",
        "timeline--status-not-required",
        "timeline--cursor",
        "timeline--cursor-row",
        "timeline--empty",
        "timeline--grid",
        "timeline--legend",
    }

    DEFAULT_CSS = """
    Timeline {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        background: $surface;

        & > .timeline--base { color: $primary; }
        & > .timeline--option { color: $text-primary; }
        & > .timeline--in-house { color: #1aa39a; }
        & > .timeline--gap { color: $text-error; background: $error 45%; }
        & > .timeline--gap-label { color: $text-error; text-style: bold; }
        & > .timeline--required { color: $foreground 45%; }
        & > .timeline--as-of { color: #d63fd9; text-style: bold; }
        & > .timeline--act-by { color: $text-warning; text-style: bold; }
        & > .timeline--tender { color: $text-accent; }
        & > .timeline--ref { color: $foreground 55%; }
        & > .timeline--axis { color: $foreground 40%; }
        & > .timeline--separator { color: $foreground 30%; }
        & > .timeline--axis-label { color: $foreground; text-style: bold; }
        & > .timeline--neighbourhood { color: $foreground; text-style: bold; }
        & > .timeline--service { color: $foreground 60%; }
        & > .timeline--status-gap { color: $text-error; text-style: bold; }
        & > .timeline--status-at-risk { color: $text-warning; text-style: bold; }
        & > .timeline--status-ok { color: $text-success; }
        & > .timeline--status-not-required { color: $foreground 55%; }
        & > .timeline--cursor {
            background: $block-cursor-blurred-background;
            color: $foreground;
        }
        & > .timeline--cursor-row { background: $primary 10%; }
        & > .timeline--empty { color: $foreground 60%; text-style: italic; }
        & > .timeline--grid { color: $foreground 15%; }
        & > .timeline--legend { color: $foreground 70%; }
        &:focus > .timeline--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
    }
    """

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
        self._plans: list[_Plan] = []
        self._loaded = False
        self._zoom_level: int | None = None
        self._years_level = 2
        self._first = ZOOMS[2].cell_of(self.as_of)
        self._cache: dict[tuple[object, ...], Strip] = {}
        self._styles: dict[str, Style] = {}
        self._row_height = 2
        self._legend: tuple[tuple[object, ...], list[Strip]] | None = None

    # -- data in -----------------------------------------------------------

    def show(self, rows: Sequence[ServiceTimeline], as_of: date) -> None:
        """Draw ``rows`` (ordered by neighbourhood) as of ``as_of``.

        The cursor stays on the same service; the view moves only to bring a new
        as-of day into sight (the first time, it opens on the default view).
        """
        selected = self.selected_ref
        moved = as_of != self.as_of
        self.as_of = as_of
        plans: list[_Plan] = []
        previous: str | None = None
        for row in rows:
            neighbourhood = row.continuity.neighbourhood
            plans.append(_plan(row, as_of, neighbourhood != previous))
            previous = neighbourhood
        self._plans = plans
        self._cache.clear()
        refs = [plan.ref for plan in plans]
        self.cursor_row = refs.index(selected) if selected in refs else 0
        first_time = not self._loaded
        self._loaded = True
        self._relayout()
        if self.plot_cells > 0:
            if first_time or self._zoom_level is None:
                self._open_default_view()
            elif moved and not self.scale.shows(as_of):
                self.action_as_of_day()
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.selected))

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
            (GLYPHS[REQUIRED] * 2, s("timeline--required"), _("required window")),
            (
                AS_OF_GLYPH,
                s("timeline--as-of"),
                _("as of {day}").format(day=self.formatter.day(self.as_of)),
            ),
            (ACT_BY_GLYPH, s("timeline--act-by"), _("act by")),
            (TENDER_GLYPH, s("timeline--tender"), _("next tender")),
        ]

    # -- geometry ----------------------------------------------------------

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
        return ZOOMS[self._zoom_level if self._zoom_level is not None else 2]

    @property
    def scale(self) -> TimeScale:
        """The mapping from days to columns of the current view."""
        return TimeScale(self.zoom, self._first, max(self.plot_cells, 1))

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

    # -- view changes --------------------------------------------------------

    def _set_view(self, level: int, first: int) -> None:
        zoom = ZOOMS[level]
        low, high = zoom.cell_of(FIRST_DAY), zoom.cell_of(LAST_DAY) - self.plot_cells
        self._zoom_level = level
        self._first = min(max(first, low), max(high, low))
        self.refresh()

    def _open_default_view(self) -> None:
        cells = self.plot_cells
        level = home_zoom(self.as_of, cells)
        self._years_level = min(level, MONTHS_ZOOM - 1)
        self._set_view(level, home_scale(ZOOMS[level], self.as_of, cells).first)

    def _zoom_to(self, level: int) -> None:
        level = min(max(level, 0), len(ZOOMS) - 1)
        if self._zoom_level is None or level == self._zoom_level:
            return
        scale = self.scale
        # Zoom around the as-of day when it is in view, else around the middle.
        anchor = (
            self.as_of
            if scale.shows(self.as_of)
            else scale.cell_start(scale.cells // 2)
        )
        column = scale.column(anchor)
        zoom = ZOOMS[level]
        if ZOOMS[level].by_years:
            self._years_level = level
        self._set_view(level, zoom.cell_of(anchor) - column)

    def action_zoom_in(self) -> None:
        """Closer: fewer days per column."""
        if self._zoom_level is not None:
            self._zoom_to(self._zoom_level + 1)

    def action_zoom_out(self) -> None:
        """Wider: more days per column."""
        if self._zoom_level is not None:
            self._zoom_to(self._zoom_level - 1)

    def action_toggle_zoom(self) -> None:
        """Switch between a view of years and a view of months."""
        if self._zoom_level is None:
            return
        if self.zoom.by_years:
            self._zoom_to(MONTHS_ZOOM)
        else:
            self._zoom_to(self._years_level)

    def action_scroll_time(self, steps: int) -> None:
        """Move the view later (positive) or earlier, by steps of about a
        twentieth of its width (at least one column)."""
        if self._zoom_level is None:
            return
        step = max(1, self.plot_cells // 20)
        self._set_view(self._zoom_level, self._first + steps * step)

    def action_as_of_day(self) -> None:
        """Back to the default view of the current zoom, with the as-of day."""
        if self._zoom_level is None:
            self._open_default_view()
            return
        scale = home_scale(self.zoom, self.as_of, self.plot_cells)
        self._set_view(self._zoom_level, scale.first)

    # -- row cursor ----------------------------------------------------------

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

    # -- drawing -------------------------------------------------------------

    def on_resize(self) -> None:
        self._relayout()
        if self._loaded and self.plot_cells > 0:
            if self._zoom_level is None:
                self._open_default_view()
            else:
                self._set_view(self._zoom_level, self._first)
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
        if self._zoom_level is None:
            if y == HEADER_HEIGHT + 1:
                return self._empty_line(base)
            return Strip.blank(width, base)
        view = (width, self._zoom_level, self._first, self.as_of)
        if y < HEADER_HEIGHT:
            return self._cached(("header", y, *view), lambda: self._header_line(y))
        if not self._plans and y == HEADER_HEIGHT + 1:
            return self._empty_line(base)
        scroll_y = int(self.scroll_offset.y)
        index, line = divmod(scroll_y + y - HEADER_HEIGHT, self.row_height)
        if index >= len(self._plans) or line == 2:
            grid = index < len(self._plans)
            return self._cached(
                ("spacer", grid, *view), lambda: self._spacer_line(grid=grid)
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
        """The legend, packed into as few lines as the width allows."""
        width = self.size.width
        key = ("legend", width, self.size.height, self.as_of)
        if self._legend is not None and self._legend[0] == key:
            return self._legend[1]
        base = self.rich_style
        lines: list[list[Segment]] = [[]]
        used = 0
        for glyph, style, words in self.legend_items():
            size = cell_len(glyph) + 1 + cell_len(words)
            gap = 3 if used else 1
            if used and used + gap + size > width - 1:
                lines.append([])
                used, gap = 0, 1
            lines[-1] += [
                Segment(" " * gap, base),
                Segment(glyph, style),
                Segment(" " + words, self._style("timeline--legend")),
            ]
            used += gap + size
        strips = [Strip(line).adjust_cell_length(width, base) for line in lines]
        if self.size.height < HEADER_HEIGHT + 2 + len(strips):
            strips = []
        self._legend = (key, strips)
        return strips

    def _spacer_line(self, *, grid: bool) -> Strip:
        """Between services (with year or month lines) and below them."""
        scale = self.scale
        base = self.rich_style
        line = _Line(scale.cells, base)
        if grid:
            for column in self._ticks(scale):
                line.put(column, "┊", self._style("timeline--grid"))
        line.put(scale.column(self.as_of), AS_OF_GLYPH, self._style("timeline--as-of"))
        return Strip(
            [Segment(" " * self.label_width, base), self._separator(), *line.segments()]
        )

    def _separator(self, char: str = "│") -> Segment:
        """The rule between the names and the chart."""
        return Segment(char, self._style("timeline--separator"))

    def _empty_line(self, base: Style) -> Strip:
        if not self._loaded:
            text = _("Loading…")
        else:
            text = "" if self._plans else _("No services.")
        label = self.label_width
        return Strip(
            [
                Segment(" " * label, base),
                self._separator(),
                Segment(" " + text, self._style("timeline--empty")),
            ]
        )

    # header -----------------------------------------------------------------

    def _header_line(self, line: int) -> Strip:
        scale = self.scale
        base = self.rich_style
        label = self.label_width
        axis = self._style("timeline--axis")
        plot = _Line(scale.cells, base)
        marker = scale.column(self.as_of)
        as_of_style = self._style("timeline--as-of")
        if line == 0:
            left = [
                Segment(
                    fit(
                        " " + _("1 column = {unit}").format(unit=_(self.zoom.name)),
                        label,
                    ).ljust(label),
                    axis,
                ),
                self._separator(),
            ]
            self._as_of_label(plot, marker, as_of_style)
            if not scale.zoom.by_years:
                self._year_labels(plot, scale, step=1)
        elif line == 1:
            left = [
                Segment(fit(" " + _("Neighbourhood"), label).ljust(label), axis),
                self._separator(),
            ]
            if scale.zoom.by_years:
                self._year_labels(plot, scale, step=self._year_step(scale))
            else:
                self._month_labels(plot, scale)
            plot.put(marker, AS_OF_GLYPH, as_of_style)
        else:
            left = [Segment("─" * label, axis), self._separator("┼")]
            ruler = _Line(scale.cells, axis)
            for column in range(scale.cells):
                ruler.chars[column] = "─"
            for column in self._ticks(scale):
                ruler.put(column, "┬", axis)
            ruler.put(marker, "▼", as_of_style)
            plot = ruler
        return Strip([*left, *plot.segments()])

    def _as_of_label(self, plot: _Line, marker: int, style: Style) -> None:
        day = self.formatter.day(self.as_of)
        texts = [_("as of {day}").format(day=day), day]
        cells = len(plot.chars)
        if marker < 0:
            plot.label(0, [f"◂ {text}" for text in texts], style)
        elif marker >= cells:
            for text in texts:
                if plot.label(cells - len(text) - 2, [f"{text} ▸"], style):
                    break
        else:
            for text in texts:
                if plot.label(marker, [text], style) or plot.label(
                    marker - len(text) + 1, [text], style
                ):
                    break

    @staticmethod
    def _year_step(scale: TimeScale) -> int:
        per_year = 12 // scale.zoom.months
        return next((s for s in (1, 2, 5, 10, 20) if s * per_year >= 5), 50)

    def _year_labels(self, plot: _Line, scale: TimeScale, *, step: int) -> None:
        style = self._style("timeline--axis-label")
        first, last = scale.start.year, scale.end.year
        for year in range(first, last + 1):
            column = scale.column(date(year, 1, 1))
            if year % step == 0 and 0 <= column < scale.cells:
                plot.label(column, [str(year)], style)
        # The year already running at the left edge, when there is room.
        if scale.start != date(first, 1, 1):
            plot.label(0, [str(first)], self._style("timeline--axis"))

    def _month_labels(self, plot: _Line, scale: TimeScale) -> None:
        style = self._style("timeline--axis-label")
        names = month_abbreviations(self.formatter.locale)
        width = max(len(name) for name in names) + 1
        per_month = 28 // scale.zoom.days
        step = next((s for s in (1, 2, 3, 6) if s * per_month >= width), 12)
        day = date(scale.start.year, scale.start.month, 1)
        while day <= scale.end:
            column = scale.column(day)
            if (day.month - 1) % step == 0 and 0 <= column < scale.cells:
                plot.label(column, [names[day.month - 1]], style)
            day = (day + timedelta(days=32)).replace(day=1)

    def _ticks(self, scale: TimeScale) -> list[int]:
        """Columns where a year (view of years) or a month begins."""
        ticks: list[int] = []
        if scale.zoom.by_years:
            for year in range(scale.start.year, scale.end.year + 1):
                column = scale.column(date(year, 1, 1))
                if 0 <= column < scale.cells and scale.cell_start(column).month == 1:
                    ticks.append(column)
            return ticks
        day = date(scale.start.year, scale.start.month, 1)
        while day <= scale.end:
            column = scale.column(day)
            if 0 <= column < scale.cells:
                ticks.append(column)
            day = (day + timedelta(days=32)).replace(day=1)
        return ticks

    # rows -------------------------------------------------------------------

    def _row_line(self, index: int, line: int, *, top: bool) -> Strip:
        plan = self._plans[index]
        cursor = index == self.cursor_row
        segments = self._label_segments(plan, line, cursor=cursor, top=top)
        segments.append(self._separator())
        tint = self._style("timeline--cursor-row") if cursor else None
        if line == 0:
            segments += self._bar(plan, tint)
        else:
            segments += self._annotations(plan, tint)
        return Strip(segments)

    def _label_segments(
        self, plan: _Plan, line: int, *, cursor: bool, top: bool
    ) -> list[Segment]:
        """The fixed column: the neighbourhood (on the first row of its group or of
        the screen) and the service, then the status in words."""
        width = self.label_width
        c = plan.timeline.continuity
        parts: list[tuple[str, Style]] = []
        if line == 0:
            name = short_name(c.name, c.neighbourhood)
            if plan.first_of_group or top:
                neighbourhood = fit(c.neighbourhood, width - 1)
                parts.append(
                    (" " + neighbourhood, self._style("timeline--neighbourhood"))
                )
                room = width - 2 - cell_len(neighbourhood)
                if room >= 6 and name:
                    parts.append(
                        (" " + fit(name, room), self._style("timeline--service"))
                    )
            else:
                parts.append(
                    ("  " + fit(name, width - 2), self._style("timeline--service"))
                )
        else:
            status = c.status.value.replace("_", "-")
            parts.append(
                (
                    " " + fit(status_label(c.status), width - 1),
                    self._style(f"timeline--status-{status}"),
                )
            )
        used = sum(cell_len(text) for text, _style in parts)
        parts.append((" " * max(width - used, 0), self.rich_style))
        if cursor:
            # The cursor's own colours, for contrast; the words still say it all.
            highlight = self._style("timeline--cursor")
            return [
                Segment(text, highlight + Style(bold=style.bold))
                for text, style in parts
                if text
            ]
        return [Segment(text, style) for text, style in parts if text]

    def _bar(self, plan: _Plan, tint: Style | None) -> list[Segment]:
        scale = self.scale
        cells = scale.cells
        kinds = [BLANK] * cells
        for start, end, kind in plan.spans:
            for column in scale.columns(start, end):
                if kind > kinds[column]:
                    kinds[column] = kind
        names = {
            REQUIRED: "timeline--required",
            IN_HOUSE: "timeline--in-house",
            OPTION: "timeline--option",
            BASE: "timeline--base",
            GAP: "timeline--gap",
        }
        styles = {BLANK: self._tint(self.rich_style, tint)} | {
            kind: self._tint(self._style(name), tint) for kind, name in names.items()
        }
        bar = _Line(cells, styles[BLANK])
        for column, kind in enumerate(kinds):
            bar.chars[column] = GLYPHS[kind]
            bar.styles[column] = styles[kind]
        c = plan.timeline.continuity

        def overlay(day: date, glyph: str, name: str) -> None:
            column = scale.column(day)
            if 0 <= column < cells:
                under = styles[kinds[column]]
                style = self._tint(self._style(name), tint)
                if kinds[column] in (IN_HOUSE, OPTION, BASE, GAP):
                    # The marker crosses the bar: drawn on the bar's colour.
                    style += Style(bgcolor=under.color)
                bar.chars[column] = glyph
                bar.styles[column] = style

        tender = c.next_tender
        if tender is not None and tender.planned_start is not None:
            column = scale.column(tender.planned_start)
            if 0 <= column < cells and kinds[column] in (BLANK, REQUIRED):
                overlay(tender.planned_start, TENDER_GLYPH, "timeline--tender")
        overlay(self.as_of, AS_OF_GLYPH, "timeline--as-of")
        if c.status is ContinuityStatus.AT_RISK and c.act_by is not None:
            overlay(c.act_by, ACT_BY_GLYPH, "timeline--act-by")
        return bar.segments()

    def _annotations(self, plan: _Plan, tint: Style | None) -> list[Segment]:
        scale = self.scale
        line = _Line(scale.cells, self._tint(self.rich_style, tint))
        c = plan.timeline.continuity
        gap_style = self._tint(self._style("timeline--gap-label"), tint)
        for gap in c.gaps:
            end = gap.end or max(self.as_of, gap.start)
            columns = scale.columns(gap.start, end)
            if columns:
                # An open gap counts the days since it began, as the alerts do.
                days = (
                    gap.days if gap.end is not None else (self.as_of - gap.start).days
                )
                line.label(
                    columns.start,
                    gap_labels(days, by_years=scale.zoom.by_years),
                    gap_style,
                )
        if c.status is ContinuityStatus.AT_RISK and c.act_by is not None:
            day = self.formatter.day(c.act_by)
            line.label(
                scale.column(c.act_by),
                [_("act by {day}").format(day=day), day],
                self._tint(self._style("timeline--act-by"), tint),
            )
        tender = c.next_tender
        if tender is not None and tender.planned_start is not None:
            line.label(
                scale.column(tender.planned_start),
                [printable(tender.ref)],
                self._tint(self._style("timeline--tender"), tint),
            )
        ref_style = self._tint(self._style("timeline--ref"), tint)
        for source in plan.sources:
            columns = scale.columns(source.start, source.end)
            room = len(columns)
            ref = printable(source.ref)
            if cell_len(ref) <= room:
                line.label(columns.start, [ref], ref_style)
            elif room >= 8:
                line.label(columns.start, [fit(ref, room - 1)], ref_style)
        line.put(
            scale.column(self.as_of),
            AS_OF_GLYPH,
            self._tint(self._style("timeline--as-of"), tint),
        )
        return line.segments()
