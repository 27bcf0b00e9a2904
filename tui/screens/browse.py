"""A list of records: searchable, sortable, filterable, read a page at a time.

A list shows one page of rows at a time, read in a thread worker from the tracker,
which searches, filters and sorts (in SQL, or over a snapshot computed once per
as-of day for services and deadlines); the next page is read when the cursor nears
the end. Fifty thousand contracts scroll and filter as eleven do.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Generic, Protocol, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Static

from tracker.api import STATUS_FILTERS, BrowseQuery, Page, RecordKind, Tracker
from tracker.errors import TrackerError
from tracker.i18n import _
from tracker.vocabulary import N_, term
from tui.columns import Fit, fit_columns
from tui.screens.base import TrackerScreen
from tui.text import cell, literal
from tui.widgets.footer import TranslatedFooter


class Record(Protocol):
    @property
    def ref(self) -> str: ...


R = TypeVar("R", bound=Record)
Source = Callable[[BrowseQuery], Page[R]]
"""Where a list's pages of rows of type ``R`` come from."""

PAGE_SIZE = 100
PREFETCH = 25
"""Rows before the end of what is loaded at which the next page is read."""
SEARCH_DELAY = 0.25
"""Seconds of quiet typing before the search runs."""


@dataclass
class PageLoaded(Message, Generic[R]):
    """A page was read; ``source`` reads further pages of the same load."""

    epoch: int
    generation: int
    query: BrowseQuery
    page: Page[R]
    source: Source[R]
    append: bool


@dataclass(frozen=True)
class Column:
    """A column of a list: its header (a message id), the sort it offers, how wide
    it may grow, and what gives way first when the screen is narrow."""

    label: str
    sort: str | None
    width: int | None = None
    """The widest it gets (its cells are clipped to it); None fits the content."""
    right: bool = False
    priority: int = 1
    """1 is always shown; columns with higher numbers are dropped first."""
    shrink_to: int | None = None
    """The narrowest its text may be clipped to (with …) before a column of lower
    priority is dropped; None never clips it."""
    words: Callable[[], Iterable[str]] | None = None
    """Every word its cells can hold (a status), in the active language: the
    column is as wide as the longest, whatever the rows shown."""


class ListScreen(TrackerScreen, Generic[R]):
    """A searchable, sortable, filterable page-by-page list of records."""

    KIND: ClassVar[str]
    """The list's name in the tracker (``contracts``) and the app's mode."""
    HEADING: ClassVar[str]
    NEW_KIND: ClassVar[RecordKind | None] = None
    """What ``n`` creates (None: nothing is created from this list)."""
    COLUMNS: ClassVar[tuple[Column, ...]]
    DEFAULT_SORT: ClassVar[str]
    DEFAULT_DESCENDING: ClassVar[bool] = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", N_("Search"), key_display="/"),
        Binding("n", "new", N_("New")),
        Binding("f", "filter", N_("Filter")),
        Binding("s", "sort", N_("Sort")),
        Binding("r", "reverse", N_("Reverse")),
        Binding("e", "export", N_("Export")),
    ]

    DEFAULT_CSS = """
    ListScreen #search {
        margin: 0 1;
    }
    ListScreen #list-status {
        padding: 0 1;
        color: $text-muted;
        height: 1;
    }
    """

    def __init__(self, tracker: Tracker) -> None:
        super().__init__(tracker)
        self.sort = self.DEFAULT_SORT
        self.descending = self.DEFAULT_DESCENDING
        self.status: str | None = None
        self.search = ""
        self.total = 0
        self._source: Source[R] | None = None
        self._epoch = 0
        """Bumped by every load: pages of an older load are dropped."""
        self._generation = 0
        """Bumped by every change of search, filter or sort."""
        self._loading = False
        self._fetching_more = False
        self._search_timer: Timer | None = None
        self._refs: dict[str, str] = {}
        self._cells: dict[str, tuple[Text, ...]] = {}
        """The cells of every row read, by row key, hidden columns included."""
        self._widest = [0] * len(self.COLUMNS)
        self._layout: tuple[tuple[int, int], ...] = ()
        """The columns shown: (index in COLUMNS, width)."""

    def open_source(self, as_of: date) -> Source[R]:
        """Where pages come from; runs in a worker (it may compute a snapshot)."""
        raise NotImplementedError

    def cells(self, row: R) -> tuple[str | Text, ...]:
        raise NotImplementedError

    def row_key(self, row: R) -> str:
        """A unique key of the row (the record's ref unless a list needs more)."""
        return row.ref

    def row_ref(self, row: R) -> str:
        """The record Enter opens."""
        return self.row_key(row)

    def nouns(self, count: int) -> str:
        raise NotImplementedError

    def export_key(self, row: R) -> tuple[Hashable, ...]:
        """What the row shares with its sheet's row (``tracker.list_sheets``)."""
        return (self.row_ref(row),)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Input(placeholder=_("Search (/)"), id="search", compact=True)
        yield Static(_("Loading..."), id="list-status")
        yield DataTable(id="list", cursor_type="row", zebra_stripes=True)
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.title = _(self.HEADING)
        table = self.query_one("#list", DataTable)
        self._layout = self._fit(table)
        self._add_columns(table)
        self.watch(table, "scroll_y", self._scrolled, init=False)
        table.focus()

    def _add_columns(self, table: DataTable[Text]) -> None:
        for index, width in self._layout:
            column = self.COLUMNS[index]
            table.add_column(self._header(column), width=width, key=column.label)

    def _header(self, column: Column) -> Text:
        label = Text(_(column.label), justify="right" if column.right else "left")
        if column.sort is not None and column.sort == self.sort:
            label.append(" ▼" if self.descending else " ▲")
        return label

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        del parameters
        return not (action == "new" and self.NEW_KIND is None)

    def query_for(self, offset: int) -> BrowseQuery:
        return BrowseQuery(
            as_of=self.as_of,
            search=self.search,
            status=self.status,
            sort=self.sort,
            descending=self.descending,
            offset=offset,
            limit=PAGE_SIZE,
        )

    def load(self) -> None:
        self._epoch += 1
        self._generation += 1
        self._source = None
        self._loading = True
        self._fetching_more = False
        self._show_status()
        self.read_page(self._epoch, self._generation, None, self.query_for(0), False)

    def requery(self) -> None:
        """Show the list again from the top after the search, filter or sort moved."""
        self._generation += 1
        self._fetching_more = False
        if self._source is None:
            # The first page of the load on its way is re-read when it arrives.
            return
        self._loading = True
        self._show_status()
        self.read_page(
            self._epoch, self._generation, self._source, self.query_for(0), False
        )

    def read_more(self) -> None:
        table = self.query_one("#list", DataTable)
        if (
            self._source is None
            or self._loading
            or self._fetching_more
            or table.row_count >= self.total
        ):
            return
        self._fetching_more = True
        self.read_page(
            self._epoch,
            self._generation,
            self._source,
            self.query_for(table.row_count),
            True,
        )

    @work(thread=True, exclusive=True, group="load-list")
    def read_page(
        self,
        epoch: int,
        generation: int,
        source: Source[R] | None,
        query: BrowseQuery,
        append: bool,
    ) -> None:
        try:
            if source is None:
                source = self.open_source(query.as_of)
            page = source(query)
        except TrackerError as error:
            self.report_error(error)
            return
        self.post_message(PageLoaded(epoch, generation, query, page, source, append))

    @on(PageLoaded)
    def show_page(self, message: PageLoaded[R]) -> None:
        if message.epoch != self._epoch:
            return
        self._source = message.source
        if message.generation != self._generation:
            if not message.append:
                self._loading = False
                self.requery()
            return
        table = self.query_one("#list", DataTable)
        self.total = message.page.total
        if message.append:
            self._fetching_more = False
            self._add_rows(table, message.page.rows)
        else:
            self._loading = False
            self._replace_rows(table, message.page.rows)
        self._show_status()

    def _replace_rows(self, table: DataTable[Text], rows: tuple[R, ...]) -> None:
        self._refs.clear()
        self._cells.clear()
        self._widest = [0] * len(self.COLUMNS)
        self._keep(rows)
        self._layout = self._fit(table)
        self._refill(table)

    def _add_rows(self, table: DataTable[Text], rows: tuple[R, ...]) -> None:
        added = self._keep(rows)
        layout = self._fit(table)
        if layout != self._layout:
            # A wider cell came with this page: the columns are laid out again.
            self._layout = layout
            self._refill(table)
            return
        for key in added:
            table.add_row(*self._shown(self._cells[key]), key=key)

    def _keep(self, rows: tuple[R, ...]) -> list[str]:
        """Hold the cells of ``rows`` (with the widest of each column so far) and
        return the keys of the rows not held yet."""
        added = []
        for row in rows:
            key = self.row_key(row)
            if key in self._refs:
                continue  # moved between pages by a change since the first page
            self._refs[key] = self.row_ref(row)
            cells = tuple(map(cell, self.cells(row)))
            self._cells[key] = cells
            self._widest = [
                max(w, c.cell_len) for w, c in zip(self._widest, cells, strict=True)
            ]
            added.append(key)
        return added

    def _refill(self, table: DataTable[Text]) -> None:
        """Show the rows held in the columns of the current layout, the cursor on
        the row it was on."""
        current = self.current_key()
        table.clear(columns=True)
        self._add_columns(table)
        for key, cells in self._cells.items():
            table.add_row(*self._shown(cells), key=key)
        if current is not None and current in self._refs:
            table.move_cursor(row=table.get_row_index(current), animate=False)

    def _shown(self, cells: tuple[Text, ...]) -> list[Text]:
        shown = []
        for index, width in self._layout:
            text = cells[index]
            if text.cell_len > width:
                text = text.copy()
                text.truncate(width, overflow="ellipsis")
            shown.append(text)
        return shown

    def _fit(self, table: DataTable[Text]) -> tuple[tuple[int, int], ...]:
        """The columns that fit the table's width, the sort column among them."""
        fits = []
        for column, widest in zip(self.COLUMNS, self._widest, strict=True):
            natural = widest if column.width is None else min(widest, column.width)
            if column.words is not None:
                natural = max([natural, *(len(word) for word in column.words())])
            header = self._header(column).cell_len
            natural = max(natural, header)
            # clipped, a column still shows its whole header
            least = (
                natural if column.shrink_to is None else min(natural, column.shrink_to)
            )
            least = max(least, header)
            fits.append(Fit(column.priority, natural, least))
        keep = next(
            (i for i, c in enumerate(self.COLUMNS) if c.sort == self.sort), None
        )
        # The table is as wide as its columns: the room is the screen's.
        width = self.size.width or self.app.size.width
        room = width - table.styles.scrollbar_size_vertical
        return fit_columns(fits, room, keep)

    def on_resize(self) -> None:
        # The table takes its new size in the next layout: fit it after that.
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        table = self.query_one("#list", DataTable)
        layout = self._fit(table)
        if layout != self._layout:
            self._layout = layout
            self._refill(table)

    def current_key(self) -> str | None:
        table = self.query_one("#list", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None else str(key)

    def _show_status(self) -> None:
        parts = [_("Loading...") if self._source is None else self.nouns(self.total)]
        if self.search:
            parts.append(_("search: {text}").format(text=self.search))
        if self.status is not None:
            parts.append(
                _("filter: {status}").format(status=self.status_label(self.status))
            )
        column = next((c for c in self.COLUMNS if c.sort == self.sort), None)
        if column is not None:
            arrow = "▼" if self.descending else "▲"
            parts.append(
                _("sorted by {column} {arrow}").format(
                    column=_(column.label), arrow=arrow
                )
            )
        if self._loading and self._source is not None:
            parts.append(_("updating..."))
        # The search is typed text: shown as typed, never read as markup.
        self.query_one("#list-status", Static).update(literal(" · ".join(parts)))

    def status_label(self, status: str) -> str:
        return term(status)

    @on(DataTable.RowHighlighted, "#list")
    def near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= event.data_table.row_count - PREFETCH:
            self.read_more()

    def _scrolled(self, scroll_y: float) -> None:
        table = self.query_one("#list", DataTable)
        if scroll_y >= table.max_scroll_y - PREFETCH:
            self.read_more()

    @on(DataTable.RowSelected, "#list")
    def open_row(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is not None and key in self._refs:
            self.tracker_app.open_record(self._refs[key])

    @on(DataTable.HeaderSelected, "#list")
    def sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        column = self.COLUMNS[self._layout[event.column_index][0]]
        if column.sort is None:
            self.notify(
                _("This column cannot be sorted"), severity="information", timeout=2
            )
            return
        self.sort_by(column.sort)

    def sort_by(self, sort: str) -> None:
        """Sort by ``sort``; sorting again by the same key reverses the order."""
        if sort == self.sort:
            self.descending = not self.descending
        else:
            self.sort = sort
            self.descending = False
        self.requery()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        text = event.value.strip()
        self._search_timer = self.set_timer(
            SEARCH_DELAY, lambda: self._apply_search(text)
        )

    def _apply_search(self, text: str) -> None:
        if text != self.search:
            self.search = text
            self.requery()

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one("#list", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_new(self) -> None:
        if self.NEW_KIND is not None:
            self.tracker_app.create(self.NEW_KIND)

    def action_filter(self) -> None:
        """Cycle the status filter: all, then each status in turn."""
        choices: list[str | None] = [None, *STATUS_FILTERS[self.KIND]]
        self.status = choices[(choices.index(self.status) + 1) % len(choices)]
        self.requery()

    def action_sort(self) -> None:
        """Sort by the next sortable column."""
        keys = [c.sort for c in self.COLUMNS if c.sort is not None]
        following = keys[(keys.index(self.sort) + 1) % len(keys)]
        self.sort = following
        self.descending = False
        self.requery()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.requery()

    def action_export(self) -> None:
        """Write the list as shown (search, filter, sort) to a workbook."""
        from tui.list_export import export_list

        export_list(self)
