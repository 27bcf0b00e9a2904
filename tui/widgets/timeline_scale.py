"""The time axis of the continuity timeline: how many days a terminal column shows
(the zoom), which day falls in which column, and the view a committee opens on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.vocabulary import N_

ONE_DAY = timedelta(days=1)
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


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


class TimeView:
    """The zoom and the first cell the chart shows, and how the keys move them.

    ``level`` is None until the chart first has a width to open on; every move
    keeps the view between ``FIRST_DAY`` and ``LAST_DAY``.
    """

    def __init__(self, as_of: date) -> None:
        self.level: int | None = None
        self.years_level = 2
        """The view of years ``z`` goes back to from a view of months."""
        self.first = ZOOMS[2].cell_of(as_of)

    @property
    def zoom(self) -> Zoom:
        return ZOOMS[self.level if self.level is not None else 2]

    def scale(self, cells: int) -> TimeScale:
        """The mapping from days to ``cells`` columns."""
        return TimeScale(self.zoom, self.first, max(cells, 1))

    def set(self, level: int, first: int, cells: int) -> None:
        zoom = ZOOMS[level]
        low, high = zoom.cell_of(FIRST_DAY), zoom.cell_of(LAST_DAY) - cells
        self.level = level
        self.first = min(max(first, low), max(high, low))

    def open_default(self, as_of: date, cells: int) -> None:
        """The closest zoom showing the default span, on its default view."""
        level = home_zoom(as_of, cells)
        self.years_level = min(level, MONTHS_ZOOM - 1)
        self.set(level, home_scale(ZOOMS[level], as_of, cells).first, cells)

    def zoom_to(self, level: int, as_of: date, cells: int) -> None:
        level = min(max(level, 0), len(ZOOMS) - 1)
        if self.level is None or level == self.level:
            return
        scale = self.scale(cells)
        # Zoom around the as-of day when it is in view, else around the middle.
        anchor = as_of if scale.shows(as_of) else scale.cell_start(scale.cells // 2)
        column = scale.column(anchor)
        if ZOOMS[level].by_years:
            self.years_level = level
        self.set(level, ZOOMS[level].cell_of(anchor) - column, cells)

    def zoom_by(self, steps: int, as_of: date, cells: int) -> None:
        """Closer (positive steps: fewer days per column) or wider."""
        if self.level is not None:
            self.zoom_to(self.level + steps, as_of, cells)

    def toggle(self, as_of: date, cells: int) -> None:
        """Switch between a view of years and a view of months."""
        if self.level is not None:
            level = MONTHS_ZOOM if self.zoom.by_years else self.years_level
            self.zoom_to(level, as_of, cells)

    def scroll(self, steps: int, cells: int) -> None:
        """Later (positive steps) or earlier, by about a twentieth of the width (at
        least one column) a step."""
        if self.level is not None:
            step = max(1, cells // 20)
            self.set(self.level, self.first + steps * step, cells)

    def home(self, as_of: date, cells: int) -> None:
        """Back to the default view of the current zoom, with the as-of day."""
        if self.level is None:
            self.open_default(as_of, cells)
        else:
            self.set(self.level, home_scale(self.zoom, as_of, cells).first, cells)
