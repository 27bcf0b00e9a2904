"""What one service's row of the continuity timeline shows, prepared once when the
rows arrive: its spans (required window, base periods, options, in-house periods,
gaps) and the contracts to label, with the glyphs that draw them and the line of
cells they are drawn on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from tracker.api import ServiceTimeline
from tracker.domain.continuity import ContinuityStatus, SourceKind
from tracker.formatting import printable
from tracker.i18n import _
from tracker.vocabulary import continuity_word
from tui.widgets.timeline_scale import LAST_DAY

BLANK, REQUIRED, NEED, SCENARIO, IN_HOUSE, OPTION, BASE, GAP, UNCERTAIN = range(9)
"""What a cell of a bar shows; a higher value wins a cell shared by several (an
uncertain stretch never shares a day with coverage or a gap; a need's days already
gone are drawn as the gap they are; a scenario covers only the days of a need)."""
GLYPHS = {
    BLANK: " ",
    REQUIRED: "─",
    NEED: "╍",
    SCENARIO: "▆",
    IN_HOUSE: "▒",
    OPTION: "▓",
    BASE: "█",
    GAP: "░",
    UNCERTAIN: "┄",
}
AS_OF_GLYPH = "│"
ACT_BY_GLYPH = "◆"
TENDER_GLYPH = "◇"
STATUS_GLYPHS = {
    ContinuityStatus.GAP: "●",
    ContinuityStatus.AT_RISK: "▲",
    ContinuityStatus.UNCERTAIN: "?",
    ContinuityStatus.OK: "✓",
    ContinuityStatus.NOT_REQUIRED: "○",
}


def status_label(status: ContinuityStatus) -> str:
    """``● uncovered``, ``▲ at risk``...: a glyph and a word, never colour alone."""
    return f"{STATUS_GLYPHS[status]} {continuity_word(status)}"


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


class PlotLine:
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
class Source:
    """A contract or in-house period with its whole span, for its label."""

    ref: str
    start: date
    end: date


@dataclass(frozen=True)
class PlanOverlay:
    """What the programme adds to a service's row: the stretches of its needs and,
    when a scenario is shown, the days its proposed tenders would cover."""

    needs: tuple[tuple[date, date], ...] = ()
    scenario: tuple[Source, ...] = ()


NO_OVERLAY = PlanOverlay()


@dataclass(frozen=True)
class RowPlan:
    """What a service's row draws, prepared once when the data arrives."""

    timeline: ServiceTimeline
    spans: tuple[tuple[date, date, int], ...]
    sources: tuple[Source, ...]
    first_of_group: bool
    overlay: PlanOverlay = NO_OVERLAY

    @property
    def ref(self) -> str:
        return self.timeline.continuity.service


def plan_row(
    timeline: ServiceTimeline,
    as_of: date,
    first_of_group: bool,
    overlay: PlanOverlay = NO_OVERLAY,
) -> RowPlan:
    c = timeline.continuity
    spans: list[tuple[date, date, int]] = [
        (c.required_from, c.required_until or LAST_DAY, REQUIRED)
    ]
    sources: dict[str, Source] = {}
    for coverage in timeline.coverage:
        if coverage.kind is SourceKind.IN_HOUSE:
            kind = IN_HOUSE
        else:
            kind = BASE if coverage.part == "base" else OPTION
        spans.append((coverage.start, coverage.end, kind))
        known = sources.get(coverage.ref)
        sources[coverage.ref] = Source(
            coverage.ref,
            coverage.start if known is None else min(known.start, coverage.start),
            coverage.end if known is None else max(known.end, coverage.end),
        )
    for gap in c.gaps:
        spans.append((gap.start, gap.end or max(as_of, gap.start), GAP))
    # the days a contract known by one end may cover: neither a bar nor a gap
    for stretch in c.uncertain:
        spans.append((stretch.start, stretch.end or LAST_DAY, UNCERTAIN))
    spans += [(start, end, NEED) for start, end in overlay.needs]
    spans += [(cover.start, cover.end, SCENARIO) for cover in overlay.scenario]
    return RowPlan(
        timeline,
        tuple(spans),
        tuple(sorted(sources.values(), key=lambda s: (s.start, s.ref))),
        first_of_group,
        overlay,
    )


def plan_legend(
    needs: bool, scenario: bool, style: Callable[[str], Style]
) -> list[tuple[str, Style, str]]:
    """The legend's words for what the programme draws, when some row draws it:
    the ``needs`` to plan, the days a ``scenario``'s tenders would cover."""
    items: list[tuple[str, Style, str]] = []
    if needs:
        items.append((GLYPHS[NEED] * 2, style("timeline--need"), _("need to plan")))
    if scenario:
        items.append(
            (
                GLYPHS[SCENARIO],
                style("timeline--scenario"),
                _("covered in the scenario"),
            )
        )
    return items
