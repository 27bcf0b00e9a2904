"""Drawing the continuity timeline, one line at a time: the axis on top, each
service's bars and their labels, the lines between services and the legend.

``ChartPainter`` holds what a drawing depends on (the styles, the time scale, the
as-of day, the width of the names); the widget makes one for the current view and
caches the lines it draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from babel.dates import get_month_names
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tracker.domain.continuity import ContinuityStatus
from tracker.formatting import Formatter, printable
from tracker.i18n import _
from tracker.present.continuity import gap_labels
from tui.widgets.timeline_rows import (
    ACT_BY_GLYPH,
    AS_OF_GLYPH,
    BASE,
    BLANK,
    GAP,
    GLYPHS,
    IN_HOUSE,
    NEED,
    OPTION,
    REQUIRED,
    SCENARIO,
    TENDER_GLYPH,
    UNCERTAIN,
    PlotLine,
    RowPlan,
    fit,
    short_name,
    status_label,
)
from tui.widgets.timeline_scale import TimeScale

HEADER_HEIGHT = 3
"""Lines of the axis on top: the zoom and the years, the months, the ruler."""

COMPONENT_CLASSES = frozenset(
    {
        "timeline--base",
        "timeline--option",
        "timeline--in-house",
        "timeline--gap",
        "timeline--uncertain",
        "timeline--need",
        "timeline--scenario",
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
        "timeline--status-uncertain",
        "timeline--status-ok",
        "timeline--status-not-required",
        "timeline--cursor",
        "timeline--cursor-row",
        "timeline--empty",
        "timeline--grid",
        "timeline--legend",
    }
)
"""The styles the chart draws with, set by ``CHART_CSS`` (and by themes)."""

CHART_CSS = """
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
        & > .timeline--uncertain { color: #b07cd8; text-style: bold; }
        & > .timeline--need { color: $text-warning; text-style: bold; }
        & > .timeline--scenario { color: $text-success; }
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
        & > .timeline--status-uncertain { color: #b07cd8; text-style: bold; }
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


@lru_cache(maxsize=4)
def month_abbreviations(locale: str) -> tuple[str, ...]:
    """``gen``, ``feb``... (Italian) or ``Jan``, ``Feb``... (English)."""
    names = get_month_names("abbreviated", locale=locale)
    return tuple(str(names[month]).rstrip(".") for month in range(1, 13))


def pack_legend(
    items: Sequence[tuple[str, Style, str]], width: int, base: Style, words: Style
) -> list[Strip]:
    """The legend's glyphs with their words, packed into as few lines as ``width``
    allows."""
    lines: list[list[Segment]] = [[]]
    used = 0
    for glyph, style, text in items:
        size = cell_len(glyph) + 1 + cell_len(text)
        gap = 3 if used else 1
        if used and used + gap + size > width - 1:
            lines.append([])
            used, gap = 0, 1
        lines[-1] += [
            Segment(" " * gap, base),
            Segment(glyph, style),
            Segment(" " + text, words),
        ]
        used += gap + size
    return [Strip(line).adjust_cell_length(width, base) for line in lines]


@dataclass(frozen=True)
class ChartPainter:
    """Draws the lines of the chart for one view."""

    style: Callable[[str], Style]
    """The style of a component class (``timeline--gap``...)."""
    base: Style
    scale: TimeScale
    as_of: date
    formatter: Formatter
    label_width: int

    def tint(self, style: Style, background: Style | None) -> Style:
        """``style`` on the background of ``background`` (the cursor's), unless it
        has a background of its own (a gap)."""
        if background is None or style.bgcolor != self.base.bgcolor:
            return style
        return style + Style(bgcolor=background.bgcolor)

    def spacer_line(self, *, grid: bool) -> Strip:
        """Between services (with year or month lines) and below them."""
        scale = self.scale
        base = self.base
        line = PlotLine(scale.cells, base)
        if grid:
            for column in self.ticks(scale):
                line.put(column, "┊", self.style("timeline--grid"))
        line.put(scale.column(self.as_of), AS_OF_GLYPH, self.style("timeline--as-of"))
        return Strip(
            [Segment(" " * self.label_width, base), self.separator(), *line.segments()]
        )

    def separator(self, char: str = "│") -> Segment:
        """The rule between the names and the chart."""
        return Segment(char, self.style("timeline--separator"))

    def empty_line(self, text: str) -> Strip:
        """A line of the chart saying there is nothing to draw (yet)."""
        return Strip(
            [
                Segment(" " * self.label_width, self.base),
                self.separator(),
                Segment(" " + text, self.style("timeline--empty")),
            ]
        )

    def header_line(self, line: int) -> Strip:
        scale = self.scale
        base = self.base
        label = self.label_width
        axis = self.style("timeline--axis")
        plot = PlotLine(scale.cells, base)
        marker = scale.column(self.as_of)
        as_of_style = self.style("timeline--as-of")
        if line == 0:
            left = [
                Segment(
                    fit(
                        " " + _("1 column = {unit}").format(unit=_(scale.zoom.name)),
                        label,
                    ).ljust(label),
                    axis,
                ),
                self.separator(),
            ]
            self._as_of_label(plot, marker, as_of_style)
            if not scale.zoom.by_years:
                self._year_labels(plot, scale, step=1)
        elif line == 1:
            left = [
                Segment(fit(" " + _("Neighbourhood"), label).ljust(label), axis),
                self.separator(),
            ]
            if scale.zoom.by_years:
                self._year_labels(plot, scale, step=self._year_step(scale))
            else:
                self._month_labels(plot, scale)
            plot.put(marker, AS_OF_GLYPH, as_of_style)
        else:
            left = [Segment("─" * label, axis), self.separator("┼")]
            ruler = PlotLine(scale.cells, axis)
            for column in range(scale.cells):
                ruler.chars[column] = "─"
            for column in self.ticks(scale):
                ruler.put(column, "┬", axis)
            ruler.put(marker, "▼", as_of_style)
            plot = ruler
        return Strip([*left, *plot.segments()])

    def _as_of_label(self, plot: PlotLine, marker: int, style: Style) -> None:
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

    def _year_labels(self, plot: PlotLine, scale: TimeScale, *, step: int) -> None:
        style = self.style("timeline--axis-label")
        first, last = scale.start.year, scale.end.year
        for year in range(first, last + 1):
            column = scale.column(date(year, 1, 1))
            if year % step == 0 and 0 <= column < scale.cells:
                plot.label(column, [str(year)], style)
        # The year already running at the left edge, when there is room.
        if scale.start != date(first, 1, 1):
            plot.label(0, [str(first)], self.style("timeline--axis"))

    def _month_labels(self, plot: PlotLine, scale: TimeScale) -> None:
        style = self.style("timeline--axis-label")
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

    def ticks(self, scale: TimeScale) -> list[int]:
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

    def row_line(self, plan: RowPlan, line: int, *, cursor: bool, top: bool) -> Strip:
        """Line ``line`` of a service's row: 0 its bars, 1 their labels; ``top``
        when it is the first row on screen (which names its neighbourhood)."""
        segments = self._label_segments(plan, line, cursor=cursor, top=top)
        segments.append(self.separator())
        tint = self.style("timeline--cursor-row") if cursor else None
        if line == 0:
            segments += self._bar(plan, tint)
        else:
            segments += self._annotations(plan, tint)
        return Strip(segments)

    def _label_segments(
        self, plan: RowPlan, line: int, *, cursor: bool, top: bool
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
                    (" " + neighbourhood, self.style("timeline--neighbourhood"))
                )
                room = width - 2 - cell_len(neighbourhood)
                if room >= 6 and name:
                    parts.append(
                        (" " + fit(name, room), self.style("timeline--service"))
                    )
            else:
                parts.append(
                    ("  " + fit(name, width - 2), self.style("timeline--service"))
                )
        else:
            status = c.status.value.replace("_", "-")
            parts.append(
                (
                    " " + fit(status_label(c.status), width - 1),
                    self.style(f"timeline--status-{status}"),
                )
            )
        used = sum(cell_len(text) for text, _style in parts)
        parts.append((" " * max(width - used, 0), self.base))
        if cursor:
            # The cursor's own colours, for contrast; the words still say it all.
            highlight = self.style("timeline--cursor")
            return [
                Segment(text, highlight + Style(bold=style.bold))
                for text, style in parts
                if text
            ]
        return [Segment(text, style) for text, style in parts if text]

    def _bar(self, plan: RowPlan, tint: Style | None) -> list[Segment]:
        scale = self.scale
        cells = scale.cells
        kinds = [BLANK] * cells
        for start, end, kind in plan.spans:
            for column in scale.columns(start, end):
                if kind > kinds[column]:
                    kinds[column] = kind
        names = {
            REQUIRED: "timeline--required",
            NEED: "timeline--need",
            SCENARIO: "timeline--scenario",
            IN_HOUSE: "timeline--in-house",
            OPTION: "timeline--option",
            BASE: "timeline--base",
            GAP: "timeline--gap",
            UNCERTAIN: "timeline--uncertain",
        }
        styles = {BLANK: self.tint(self.base, tint)} | {
            kind: self.tint(self.style(name), tint) for kind, name in names.items()
        }
        bar = PlotLine(cells, styles[BLANK])
        for column, kind in enumerate(kinds):
            bar.chars[column] = GLYPHS[kind]
            bar.styles[column] = styles[kind]
        c = plan.timeline.continuity

        def overlay(day: date, glyph: str, name: str) -> None:
            column = scale.column(day)
            if 0 <= column < cells:
                under = styles[kinds[column]]
                style = self.tint(self.style(name), tint)
                if kinds[column] in (SCENARIO, IN_HOUSE, OPTION, BASE, GAP):
                    # The marker crosses the bar: drawn on the bar's colour.
                    style += Style(bgcolor=under.color)
                bar.chars[column] = glyph
                bar.styles[column] = style

        tender = c.next_tender
        if tender is not None and tender.planned_start is not None:
            column = scale.column(tender.planned_start)
            if 0 <= column < cells and kinds[column] in (BLANK, REQUIRED, NEED):
                overlay(tender.planned_start, TENDER_GLYPH, "timeline--tender")
        overlay(self.as_of, AS_OF_GLYPH, "timeline--as-of")
        if c.status is ContinuityStatus.AT_RISK and c.act_by is not None:
            overlay(c.act_by, ACT_BY_GLYPH, "timeline--act-by")
        return bar.segments()

    def _annotations(self, plan: RowPlan, tint: Style | None) -> list[Segment]:
        scale = self.scale
        line = PlotLine(scale.cells, self.tint(self.base, tint))
        c = plan.timeline.continuity
        gap_style = self.tint(self.style("timeline--gap-label"), tint)
        for gap in c.gaps:
            end = gap.end or max(self.as_of, gap.start)
            columns = scale.columns(gap.start, end)
            if columns:
                # an open gap counts its days up to the as-of day, as the alerts do
                line.label(
                    columns.start,
                    gap_labels(gap.days, by_years=scale.zoom.by_years),
                    gap_style,
                )
        if c.status is ContinuityStatus.AT_RISK and c.act_by is not None:
            day = self.formatter.day(c.act_by)
            line.label(
                scale.column(c.act_by),
                [_("act by {day}").format(day=day), day],
                self.tint(self.style("timeline--act-by"), tint),
            )
        # a scenario's tenders, by their reference, where they would begin
        scenario_style = self.tint(self.style("timeline--scenario"), tint)
        for cover in plan.overlay.scenario:
            columns = scale.columns(cover.start, cover.end)
            if columns:
                line.label(columns.start, [printable(cover.ref)], scenario_style)
        tender = c.next_tender
        if tender is not None and tender.planned_start is not None:
            line.label(
                scale.column(tender.planned_start),
                [printable(tender.ref)],
                self.tint(self.style("timeline--tender"), tint),
            )
        ref_style = self.tint(self.style("timeline--ref"), tint)
        for source in plan.sources:
            columns = scale.columns(source.start, source.end)
            room = len(columns)
            ref = printable(source.ref)
            if cell_len(ref) <= room:
                line.label(columns.start, [ref], ref_style)
            elif room >= 8:
                line.label(columns.start, [fit(ref, room - 1)], ref_style)
        need_style = self.tint(self.style("timeline--need"), tint)
        for start, end in plan.overlay.needs:
            columns = scale.columns(max(start, self.as_of), end)
            if columns:
                line.label(columns.start, [_("to plan")], need_style)
        line.put(
            scale.column(self.as_of),
            AS_OF_GLYPH,
            self.tint(self.style("timeline--as-of"), tint),
        )
        return line.segments()
