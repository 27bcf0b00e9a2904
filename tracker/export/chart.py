"""The continuity chart: one row per service across the years, coverage bars per
contract and in-house period, gaps in red, the days contracts known by one end
only may cover hatched, the required window and the as-of day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from tracker.domain.continuity import Coverage, GapState, SourceKind
from tracker.export.document import fit
from tracker.export.styles import (
    AS_OF,
    CONTRACT,
    GAP,
    IN_HOUSE,
    MUTED,
    RULE,
    UNCERTAIN,
    fonts,
)
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.queries.dossier import ServiceTimeline

LABEL_WIDTH = 44 * mm
ROW = 10 * mm
BAR = 4.2 * mm
AXIS = 9 * mm
TOP = 7 * mm
LEGEND = 8 * mm
GAP_AHEAD = colors.Color(0.86, 0.15, 0.15, alpha=0.08)


def _rect(
    left: float,
    bottom: float,
    width: float,
    height: float,
    *,
    fillColor: colors.Color,  # noqa: N803 (reportlab's attribute names)
    strokeColor: colors.Color,  # noqa: N803
    strokeWidth: float = 0.5,  # noqa: N803
) -> Rect:
    rect = Rect(left, bottom, width, height)
    rect.fillColor = fillColor
    rect.strokeColor = strokeColor
    rect.strokeWidth = strokeWidth
    return rect


AHEAD_YEARS = 1
"""How far past the as-of day a chart runs at least, so that a window with no
stated end (or one decades away) still shows what comes next."""
FAR_YEARS = 10
"""A required end further than this past the as-of day stretches no axis: the
years between would squeeze every bar into a sliver."""


def _span(timelines: Sequence[ServiceTimeline], as_of: date) -> tuple[date, date]:
    """The first and last day of the axis: from the earliest required start or
    cover to the latest cover and every required end, and at least a year past
    the as-of day, whole years."""
    starts = [as_of]
    ends = [as_of.replace(year=as_of.year + AHEAD_YEARS, month=1, day=1)]
    for t in timelines:
        starts.append(t.continuity.required_from)
        starts += [c.start for c in t.coverage]
        ends += [c.end for c in t.coverage]
        starts += [u.start for u in t.continuity.uncertain]
        ends += [u.end for u in t.continuity.uncertain if u.end is not None]
        until = t.continuity.required_until
        if until is not None and until.year <= as_of.year + FAR_YEARS:
            ends.append(until)
    return date(min(starts).year, 1, 1), date(max(ends).year, 12, 31)


CHART_ROWS = 20
"""Services per drawing: a chart of this many rows fits an A4 page with room for
its heading, so a chart of any number of services prints page after page."""


def continuity_charts(
    timelines: Sequence[ServiceTimeline], as_of: date, fmt: Formatter, width: float
) -> list[Drawing]:
    """The chart of all ``timelines`` in drawings of at most ``CHART_ROWS`` rows,
    on one time axis so that the pages read as one chart."""
    span = _span(timelines, as_of)
    return [
        continuity_chart(
            timelines[start : start + CHART_ROWS], as_of, fmt, width, span=span
        )
        for start in range(0, len(timelines), CHART_ROWS)
    ]


@dataclass(frozen=True)
class _Axis:
    """Days across the plot, right of the services' names."""

    first: date
    last: date
    plot: float

    def x(self, day: date) -> float:
        total = (self.last - self.first).days + 1
        return LABEL_WIDTH + self.plot * (day - self.first).days / total


def continuity_chart(
    timelines: Sequence[ServiceTimeline],
    as_of: date,
    fmt: Formatter,
    width: float,
    *,
    span: tuple[date, date] | None = None,
) -> Drawing:
    """A drawing ``width`` points wide, as tall as its rows need; ``span`` is the
    first and last day of the axis (by default those of ``timelines``)."""
    first, last = span or _span(timelines, as_of)
    axis = _Axis(first, last, width - LABEL_WIDTH)
    height = TOP + ROW * len(timelines) + AXIS + LEGEND
    drawing = Drawing(width, height)
    _years(drawing, axis, height)
    for index, timeline in enumerate(timelines):
        middle = height - TOP - ROW * index - ROW / 2
        _service_row(drawing, axis, timeline, middle, as_of)
    _as_of_marker(drawing, axis, as_of, fmt, width, height)
    _legend(
        drawing,
        uncertain=any(t.continuity.uncertain for t in timelines),
        ahead=any(
            g.end is None and (t.continuity.required_until or last) > as_of
            for t in timelines
            for g in t.continuity.gaps
        ),
    )
    return drawing


def _years(drawing: Drawing, axis: _Axis, height: float) -> None:
    """A rule at the start of each year, named below (every other year on long
    spans)."""
    f = fonts()
    first, last = axis.first, axis.last
    axis_y = LEGEND + AXIS
    for year in range(first.year, last.year + 1):
        left = axis.x(date(year, 1, 1))
        drawing.add(
            Line(left, axis_y, left, height - TOP, strokeColor=RULE, strokeWidth=0.3)
        )
        if (last.year - first.year) < 24 or year % 2 == 0:
            drawing.add(
                String(
                    left + 1,
                    axis_y - 8,
                    str(year),
                    fontName=f.regular,
                    fontSize=6,
                    fillColor=MUTED,
                )
            )


def _service_row(
    drawing: Drawing,
    axis: _Axis,
    timeline: ServiceTimeline,
    middle: float,
    as_of: date,
) -> None:
    """A service's name, its required window (dotted), its gaps and its coverage."""
    f = fonts()
    x = axis.x
    c = timeline.continuity
    name = fit(timeline.service.name, f.regular, 6.5, LABEL_WIDTH - 4)
    drawing.add(
        String(
            0,
            middle - 2,
            name,
            fontName=f.regular,
            fontSize=6.5,
            fillColor=colors.black,
        )
    )
    window_end = c.required_until or axis.last
    drawing.add(
        Line(
            x(c.required_from),
            middle,
            x(min(window_end, axis.last)),
            middle,
            strokeColor=MUTED,
            strokeWidth=0.5,
            strokeDashArray=[1, 1.5],
        )
    )
    for gap in c.gaps:
        end = gap.end or as_of
        if gap.state is GapState.CURRENT and gap.end is None:
            end = as_of
        drawing.add(
            _rect(
                x(gap.start),
                middle - BAR / 2,
                max(x(end + timedelta(days=1)) - x(gap.start), 0.8),
                BAR,
                fillColor=colors.Color(0.86, 0.15, 0.15, alpha=0.25),
                strokeColor=GAP,
                strokeWidth=0.6,
            )
        )
        if gap.end is None and min(window_end, axis.last) > as_of:
            _gap_ahead(drawing, axis, as_of, min(window_end, axis.last), middle)
    for stretch in c.uncertain:
        _hatched(drawing, axis, stretch.start, stretch.end or axis.last, middle)
    for coverage in timeline.coverage:
        _coverage_bar(drawing, axis, coverage, middle)


def _gap_ahead(
    drawing: Drawing, axis: _Axis, as_of: date, end: date, middle: float
) -> None:
    """The days of the required window after the as-of day that nothing covers
    yet: a paler gap with a dashed outline, uncovered unless a contract comes."""
    left = axis.x(as_of + timedelta(days=1))
    rect = _rect(
        left,
        middle - BAR / 2,
        max(axis.x(end + timedelta(days=1)) - left, 0.8),
        BAR,
        fillColor=GAP_AHEAD,
        strokeColor=GAP,
        strokeWidth=0.5,
    )
    rect.strokeDashArray = [2, 1.5]
    drawing.add(rect)


def _hatched(
    drawing: Drawing, axis: _Axis, start: date, end: date, middle: float
) -> None:
    """Days that may or may not be covered: an outline with diagonal hatching, so
    that they read neither as a bar (filled) nor as a gap (red)."""
    first, last = max(start, axis.first), min(end, axis.last)
    if first > last:
        return
    left = axis.x(first)
    right = max(axis.x(last + timedelta(days=1)), left + 0.8)
    bottom = middle - BAR / 2
    drawing.add(
        _rect(
            left,
            bottom,
            right - left,
            BAR,
            fillColor=colors.white,
            strokeColor=UNCERTAIN,
            strokeWidth=0.5,
        )
    )
    _hatching(drawing, left, right, bottom)


def _hatching(drawing: Drawing, left: float, right: float, bottom: float) -> None:
    """Diagonal strokes every 2.5 points inside a bar's outline."""
    step = 2.5
    x = left - BAR
    while x < right:
        x0, y0 = max(x, left), bottom + max(left - x, 0)
        x1 = min(x + BAR, right)
        y1 = bottom + (x1 - x)
        drawing.add(Line(x0, y0, x1, y1, strokeColor=UNCERTAIN, strokeWidth=0.4))
        x += step


def _coverage_bar(
    drawing: Drawing, axis: _Axis, coverage: Coverage, middle: float
) -> None:
    """A contract's or an in-house period's bar, named when the name fits."""
    f = fonts()
    colour = CONTRACT if coverage.kind is SourceKind.CONTRACT else IN_HOUSE
    left, right = axis.x(coverage.start), axis.x(coverage.end + timedelta(days=1))
    drawing.add(
        _rect(
            left,
            middle - BAR / 2,
            max(right - left, 0.8),
            BAR,
            fillColor=colour,
            strokeColor=colors.white,
            strokeWidth=0.3,
        )
    )
    if coverage.part == "base" or coverage.kind is SourceKind.IN_HOUSE:
        label = coverage.ref
        if stringWidth(label, f.regular, 5.2) < right - left - 3:
            drawing.add(
                String(
                    left + 1.5,
                    middle - 1.8,
                    label,
                    fontName=f.regular,
                    fontSize=5.2,
                    fillColor=colors.white,
                )
            )


def _as_of_marker(
    drawing: Drawing,
    axis: _Axis,
    as_of: date,
    fmt: Formatter,
    width: float,
    height: float,
) -> None:
    """The dashed line of the as-of day across the rows, named on top."""
    marker = axis.x(as_of)
    drawing.add(
        Line(
            marker,
            LEGEND + AXIS,
            marker,
            height - TOP + 2,
            strokeColor=AS_OF,
            strokeWidth=0.9,
            strokeDashArray=[2, 1.5],
        )
    )
    label = _("as of {day}").format(day=fmt.day(as_of))
    drawing.add(
        String(
            min(marker + 2, width - 50),
            height - TOP + 3,
            label,
            fontName=fonts().bold,
            fontSize=6.5,
            fillColor=AS_OF,
        )
    )


def _legend(drawing: Drawing, *, uncertain: bool = False, ahead: bool = False) -> None:
    """What the colours, the hatching and the dotted line mean, in words (the
    hatching and the gap ahead only when a row shows some)."""
    f = fonts()
    legend = [
        (CONTRACT, _("contract")),
        (IN_HOUSE, _("in-house")),
        (GAP, _("gap")),
    ]
    if ahead:
        legend.append((GAP_AHEAD, _("gap ahead")))
    if uncertain:
        legend.append((UNCERTAIN, _("uncertain")))
    left = LABEL_WIDTH
    for colour, word in legend:
        if colour is UNCERTAIN:
            drawing.add(
                _rect(left, 1.5, 8, 4, fillColor=colors.white, strokeColor=colour)
            )
            _hatching_key(drawing, left)
        elif colour is GAP_AHEAD:
            key = _rect(left, 1.5, 8, 4, fillColor=colour, strokeColor=GAP)
            key.strokeDashArray = [2, 1.5]
            drawing.add(key)
        else:
            drawing.add(_rect(left, 1.5, 8, 4, fillColor=colour, strokeColor=colour))
        drawing.add(
            String(
                left + 11, 1.8, word, fontName=f.regular, fontSize=6.5, fillColor=MUTED
            )
        )
        left += 14 + len(word) * 3.8
    drawing.add(
        Line(
            left + 6,
            3.5,
            left + 18,
            3.5,
            strokeColor=MUTED,
            strokeWidth=0.5,
            strokeDashArray=[1, 1.5],
        )
    )
    drawing.add(
        String(
            left + 21,
            1.8,
            _("required window"),
            fontName=f.regular,
            fontSize=6.5,
            fillColor=MUTED,
        )
    )


def _hatching_key(drawing: Drawing, left: float) -> None:
    """The legend's small hatched box."""
    for offset in (0.0, 2.5, 5.0):
        drawing.add(
            Line(
                left + offset,
                1.5,
                left + offset + 3,
                5.5,
                strokeColor=UNCERTAIN,
                strokeWidth=0.4,
            )
        )
