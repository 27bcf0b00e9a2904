"""The pieces a detail screen is laid out with: a title, facts, headed tables of
the records attached, each row opening its record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets import DataTable, Static

from tracker.i18n import _
from tui.columns import CELL_PADDING
from tui.text import cell, literal

MAX_TABLE_ROWS = 200
"""Rows a table of a detail screen shows; the rest are counted below it."""
MIN_CLIPPED = 12
"""The narrowest a clipped column gets, however narrow the screen."""

Cell = str | Text


@dataclass(frozen=True)
class Line:
    """A row of a detail table, and the record Enter opens from it (if any)."""

    cells: tuple[Cell, ...]
    key: str | None = None
    opens: str | None = None


class RecordTable(DataTable[Cell]):
    """A table of records attached to the one shown; filled when mounted."""

    def __init__(
        self,
        columns: Sequence[str],
        lines: Sequence[Line],
        *,
        right: Sequence[int] = (),
        cursor: str | None = None,
        id: str | None = None,
    ) -> None:
        shown = lines[:MAX_TABLE_ROWS]
        self.target = cursor if cursor in {line.key for line in shown} else None
        """The row asked for (a lot or option opened by its reference)."""
        # The cursor shows in the table being used, or on the row asked for.
        super().__init__(
            cursor_type="row",
            zebra_stripes=True,
            show_cursor=self.target is not None,
            id=id,
        )
        self._columns = [
            literal(label, justify="right" if i in right else "left")
            for i, label in enumerate(columns)
        ]
        self._lines = shown
        self._right = set(right)
        self.links = {line.key: line.opens for line in lines if line.key and line.opens}
        self._room = 0

    def on_mount(self) -> None:
        self._room = self._available()
        self._fill()
        if self.target is not None:
            self.move_cursor(row=self.get_row_index(self.target), animate=False)

    def _fill(self) -> None:
        rows = [
            [
                literal(value, justify="right")
                if i in self._right and isinstance(value, str)
                else cell(value)
                for i, value in enumerate(line.cells)
            ]
            for line in self._lines
        ]
        clipped = self._clipped(rows)
        for i, label in enumerate(self._columns):
            self.add_column(label, width=clipped.get(i))
        for line, cells in zip(self._lines, rows, strict=True):
            for i, width in clipped.items():
                if cells[i].cell_len > width:
                    cells[i] = cells[i].copy()
                    cells[i].truncate(width, overflow="ellipsis")
            self.add_row(*cells, key=line.key)

    def _clipped(self, rows: list[list[Text]]) -> dict[int, int]:
        """The columns to clip so that the table fits its room, with their widths:
        the widest texts first, never below ``MIN_CLIPPED``, never an amount, so
        that a state or an amount reads whole."""
        widths = [label.cell_len for label in self._columns]
        for cells in rows:
            widths = [max(w, c.cell_len) for w, c in zip(widths, cells, strict=True)]
        excess = sum(w + CELL_PADDING for w in widths) - self._room
        clipped: dict[int, int] = {}
        texts = [i for i in range(len(widths)) if i not in self._right]
        for i in sorted(texts, key=lambda i: -widths[i]):
            if excess <= 0 or widths[i] <= MIN_CLIPPED:
                break
            clipped[i] = max(widths[i] - excess, MIN_CLIPPED)
            excess -= widths[i] - clipped[i]
        return clipped

    def _available(self) -> int:
        parent = self.parent
        room = (
            parent.scrollable_content_region.width if isinstance(parent, Widget) else 0
        )
        return (room or self.app.size.width) - self.styles.scrollbar_size_vertical

    def on_resize(self) -> None:
        room = self._available()
        if room != self._room:
            self._room = room
            row = self.cursor_row
            self.clear(columns=True)
            self._fill()
            if self.row_count:
                self.move_cursor(row=min(row, self.row_count - 1), animate=False)

    def on_focus(self) -> None:
        self.show_cursor = True

    def on_blur(self) -> None:
        self.show_cursor = self.target is not None


def heading(text: str) -> Static:
    return Static(literal(text), classes="section-title")


def muted(text: str) -> Static:
    return Static(literal(text), classes="muted")


def record_title(text: str) -> Static:
    """The record's name above its facts."""
    return Static(literal(text), classes="record-title")


def facts(pairs: Iterable[tuple[str, RenderableType | None]]) -> Static:
    """Label and value on each line; values wrap under themselves."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in pairs:
        if value is not None and value != "":
            if isinstance(value, str):
                value = literal(value, multiline=True)
            grid.add_row(label, value)
    return Static(grid, classes="facts")


def table_section(
    title: str,
    columns: Sequence[str],
    lines: Sequence[Line],
    *,
    empty: str,
    right: Sequence[int] = (),
    cursor: str | None = None,
    id: str | None = None,
) -> Iterator[Widget]:
    yield heading(title)
    if not lines:
        yield muted(empty)
        return
    yield RecordTable(columns, lines, right=right, cursor=cursor, id=id)
    if len(lines) > MAX_TABLE_ROWS:
        yield muted(
            _("{shown} of {total} shown").format(shown=MAX_TABLE_ROWS, total=len(lines))
        )
