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
from tui.text import cell, literal

MAX_TABLE_ROWS = 200
"""Rows a table of a detail screen shows; the rest are counted below it."""

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

    def on_mount(self) -> None:
        self.add_columns(*self._columns)
        for line in self._lines:
            cells = [
                literal(value, justify="right")
                if i in self._right and isinstance(value, str)
                else cell(value)
                for i, value in enumerate(line.cells)
            ]
            self.add_row(*cells, key=line.key)
        if self.target is not None:
            self.move_cursor(row=self.get_row_index(self.target), animate=False)

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
