"""Programmazione: what the office must put in the next three years' programme of
purchases and budget so that no neighbourhood loses its service.

The needs (each stretch of a service's required window nothing covers, with the
last day to start the procedure and what it may cost), the yearly table (what the
contracts commit, the funds allocated and paid, the shortfall) and a scenario: the
proposed tenders counted as if awarded, shown beside the baseline. The scenario
is the app's (the timeline draws it too) and nothing of it is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from tracker.api import Need, PlanData, Purchase, Tracker
from tracker.errors import TrackerError
from tracker.i18n import _
from tracker.vocabulary import N_
from tui.screens.base import TrackerScreen
from tui.screens.plan_tables import (
    need_cells,
    need_columns,
    need_detail,
    scenario_candidates,
    scenario_line,
    shown_needs,
    year_cells,
    year_columns,
    years_note,
)
from tui.widgets.footer import TranslatedFooter


class PlanBody(VerticalScroll, can_focus=False):
    """The needs and the figures, scrolled as one at 80x24; the keys go to the
    needs' table."""


class PlanningScreen(TrackerScreen):
    """The programme of the three years from the as-of day's year (``[`` ``]``
    move it), with the scenario chosen with ``s``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "scenario", N_("Scenario")),
        Binding("p", "pdf", N_("PDF")),
        Binding("g", "tender", N_("Linked tender")),
        Binding(
            "left_square_bracket", "years(-1)", N_("Earlier years"), key_display="["
        ),
        Binding("right_square_bracket", "years(1)", N_("Later years"), key_display="]"),
        Binding("t", "app.go('timeline')", N_("Timeline"), show=False),
    ]

    DEFAULT_CSS = """
    PlanningScreen #plan-summary { height: auto; padding: 0 1; }
    PlanningScreen .section-title { margin: 0; padding: 0 1; }
    PlanningScreen #years-note { height: auto; padding: 0 1; }
    PlanningScreen #need-detail { height: auto; padding: 0 1; background: $panel; }
    """

    @dataclass
    class Loaded(Message):
        """The plan read by the worker for a state of the view."""

        state: tuple[object, ...]
        plan: PlanData | None
        """None when the read failed (the error was shown)."""

    def __init__(self, tracker: Tracker) -> None:
        super().__init__(tracker)
        self.plan: PlanData | None = None
        self.shift = 0
        """Financial years the view is moved from the as-of day's year."""

    @property
    def from_year(self) -> int:
        return self.as_of.year + self.shift

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(_("Reading the programme..."), id="plan-summary")
        # at 80x24 the yearly figures come into view by scrolling (or Tab)
        with PlanBody(id="plan-body"):
            yield Static(_("Needs"), classes="section-title")
            yield DataTable(id="needs", cursor_type="row", zebra_stripes=True)
            yield Static("", id="need-detail")
            yield Static(_("By financial year"), classes="section-title")
            yield DataTable(id="years", cursor_type="none", zebra_stripes=True)
            yield Static("", id="years-note")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self._title()
        super().on_mount()

    def _title(self) -> None:
        self.title = _("Planning {first}–{last}").format(
            first=self.from_year, last=self.from_year + 2
        )

    def view_state(self) -> tuple[object, ...]:
        return (*super().view_state(), self.tracker_app.scenario, self.shift)

    def load(self) -> None:
        self._title()
        self.read_plan(self.view_state(), self.from_year, self.tracker_app.scenario)

    @work(thread=True, exclusive=True, group="load-plan")
    def read_plan(
        self, state: tuple[object, ...], from_year: int, scenario: tuple[str, ...]
    ) -> None:
        try:
            plan = self.tracker.plan(from_year, self.as_of, scenario)
        except TrackerError as error:
            self.report_error(error)
            self.post_message(self.Loaded(state, None))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(state, plan))

    @on(Loaded)
    def show_plan(self, message: Loaded) -> None:
        if message.state != self.view_state() or message.plan is None:
            return  # a later read is on its way, or this one failed
        plan = self.plan = message.plan
        fmt, as_of = self.fmt, self.as_of
        self.query_one("#plan-summary", Static).update(scenario_line(plan))
        needs = self.query_one("#needs", DataTable)
        highlighted = needs.cursor_row
        needs.clear(columns=True)
        needs.add_columns(*need_columns(plan))
        for index, cells in enumerate(need_cells(plan, as_of, fmt)):
            needs.add_row(*cells, key=str(index))
        if needs.row_count:
            needs.move_cursor(row=min(highlighted, needs.row_count - 1))
        self._show_detail()
        years = self.query_one("#years", DataTable)
        years.clear(columns=True)
        years.add_columns(*year_columns(plan))
        for cells in year_cells(plan, fmt):
            years.add_row(*cells)
        self.query_one("#years-note", Static).update(years_note(plan))

    @on(DataTable.RowHighlighted, "#needs")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#need-detail", Static)
        plan = self.plan
        needs = self.query_one("#needs", DataTable)
        if plan is None:
            detail.update("")
            return
        if not needs.row_count:
            detail.update(_("Every service is covered through the three years."))
            return
        detail.update(need_detail(plan, needs.cursor_row, self.as_of, self.fmt))

    def _need(self) -> Need | None:
        """The need under the cursor."""
        plan = self.plan
        needs = self.query_one("#needs", DataTable)
        if plan is None or not needs.row_count:
            return None
        return shown_needs(plan)[needs.cursor_row]

    @on(DataTable.RowSelected, "#needs")
    def open_service(self) -> None:
        need = self._need()
        if need is not None:
            self.tracker_app.open_record(need.service)

    def action_tender(self) -> None:
        need = self._need()
        if need is None:
            return
        if need.tender is None:
            self.notify(_("No tender is linked to this need."), severity="warning")
            return
        self.tracker_app.open_record(need.tender.ref)

    def action_years(self, step: int) -> None:
        self.shift += step
        self.sync()

    def action_scenario(self) -> None:
        self.read_candidates()

    @work(thread=True, exclusive=True, group="scenario-tenders")
    def read_candidates(self) -> None:
        try:
            tenders = self.tracker.proposed_tenders()
        except TrackerError as error:
            self.report_error(error)
            return
        self.app.call_from_thread(self._choose_scenario, tenders)

    def _choose_scenario(self, tenders: list[Purchase]) -> None:
        from tui.screens.scenario import ScenarioScreen

        def chosen(refs: tuple[str, ...] | None) -> None:
            if refs is not None:
                self.tracker_app.scenario = refs

        candidates = scenario_candidates(tenders, self.fmt)
        self.app.push_screen(
            ScenarioScreen(candidates, self.tracker_app.scenario), callback=chosen
        )

    def action_pdf(self) -> None:
        self.tracker_app.make_plan_pdf(self.from_year)
