"""The continuity chart: one row per service across the years, coverage bars per
contract and in-house period, gaps in red, the required window and the as-of day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from tracker.domain.continuity import GapState, SourceKind
from tracker.export.document import fit
from tracker.export.styles import AS_OF, CONTRACT, GAP, IN_HOUSE, MUTED, RULE, fonts
from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.queries.dossier import ServiceTimeline

LABEL_WIDTH = 44 * mm
ROW = 10 * mm
BAR = 4.2 * mm
AXIS = 9 * mm
TOP = 7 * mm
LEGEND = 8 * mm


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


def _span(timelines: Sequence[ServiceTimeline], as_of: date) -> tuple[date, date]:
    starts = [as_of]
    ends = [as_of]
    for t in timelines:
        starts.append(t.continuity.required_from)
        starts += [c.start for c in t.coverage]
        ends += [c.end for c in t.coverage]
        if (
            t.continuity.required_until
            and t.continuity.required_until.year < as_of.year + 10
        ):
            ends.append(t.continuity.required_until)
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
    f = fonts()
    first, last = span or _span(timelines, as_of)
    total = (last - first).days + 1
    plot = width - LABEL_WIDTH
    height = TOP + ROW * len(timelines) + AXIS + LEGEND
    drawing = Drawing(width, height)

    def x(day: date) -> float:
        return LABEL_WIDTH + plot * (day - first).days / total

    axis_y = LEGEND + AXIS
    for year in range(first.year, last.year + 1):
        left = x(date(year, 1, 1))
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
    for index, timeline in enumerate(timelines):
        c = timeline.continuity
        middle = height - TOP - ROW * index - ROW / 2
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
        window_end = c.required_until or last
        drawing.add(
            Line(
                x(c.required_from),
                middle,
                x(min(window_end, last)),
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
        for coverage in timeline.coverage:
            colour = CONTRACT if coverage.kind is SourceKind.CONTRACT else IN_HOUSE
            left, right = x(coverage.start), x(coverage.end + timedelta(days=1))
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
    marker = x(as_of)
    drawing.add(
        Line(
            marker,
            axis_y,
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
            fontName=f.bold,
            fontSize=6.5,
            fillColor=AS_OF,
        )
    )
    legend = [
        (CONTRACT, _("contract")),
        (IN_HOUSE, _("in-house")),
        (GAP, _("gap")),
    ]
    left = LABEL_WIDTH
    for colour, word in legend:
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
    return drawing
