"""Which columns of a list fit the screen, and how wide each is.

A list declares its columns in reading order, each with a priority: at a narrow
width the columns that matter least go first, a column of text may be clipped
down to a narrowest width before anything goes, and the column the list is sorted
by always stays (a list is never ordered by something the reader cannot see).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CELL_PADDING = 2
"""Columns a table adds around each cell (one blank each side)."""


@dataclass(frozen=True)
class Fit:
    """What a column asks of the screen."""

    priority: int
    """1 is always shown; higher numbers are dropped first."""
    natural: int
    """The width its widest cell and its header need."""
    least: int
    """The narrowest it may be clipped to (``natural`` when never clipped)."""


def fit_columns(
    fits: Sequence[Fit], room: int, keep: int | None = None
) -> tuple[tuple[int, int], ...]:
    """``(index, width)`` of the columns shown in ``room`` cells, in their order.

    Columns are taken by priority (then in reading order) until one does not fit
    at its narrowest; columns of priority 1 and the one at ``keep`` are taken even when
    they do not, since a list without them says nothing. The room left then widens
    the clipped columns, the most important first.
    """
    order = sorted(range(len(fits)), key=lambda i: (i != keep, fits[i].priority, i))
    widths: dict[int, int] = {}
    left = room
    full = False
    for index in order:
        fit = fits[index]
        need = fit.least + CELL_PADDING
        # Once a column does not fit, none of lower priority shows: what gives
        # way is always the least important, never a column picked by its width.
        full = full or need > left
        if not full or fit.priority <= 1 or index == keep:
            widths[index] = fit.least
            left -= need
    for index in order:
        if index in widths and left > 0:
            grow = min(left, fits[index].natural - widths[index])
            widths[index] += grow
            left -= grow
    return tuple((index, widths[index]) for index in sorted(widths))
