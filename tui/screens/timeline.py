"""The continuity timeline: which neighbourhood is about to lose its service.

One row per service across the years (``tui.widgets.timeline.Timeline``), the facts
of the service under the cursor below it, and a legend of the chart in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from tracker.api import Need, PlanData, ServiceTimeline, Tracker
from tracker.errors import TrackerError
from tracker.formatting import printable
from tracker.i18n import _
from tracker.present.continuity import service_facts
from tracker.present.plan_view import by_service, need_brief
from tui.screens.base import TrackerScreen
from tui.widgets.footer import TranslatedFooter
from tui.widgets.timeline import PlanOverlay, Timeline, short_name, status_label
from tui.widgets.timeline_rows import Source


class TimelineScreen(TrackerScreen):
    """Every service across the years, grouped by neighbourhood."""

    DEFAULT_CSS = """
    TimelineScreen #timeline-detail {
        height: auto;
        max-height: 4;
        padding: 0 1;
        background: $panel;
    }
    """

    @dataclass
    class Loaded(Message):
        """The timeline as of a day, read by the worker."""

        as_of: date
        rows: list[ServiceTimeline] | None
        """None when the read failed (the error was shown)."""

    @dataclass
    class PlanLoaded(Message):
        """The programme's needs (and the scenario's covers) to draw, by service."""

        state: tuple[object, ...]
        plan: PlanData

    def __init__(self, tracker: Tracker) -> None:
        super().__init__(tracker)
        self._rows: list[ServiceTimeline] = []
        self._overlays: dict[str, PlanOverlay] | None = None
        """None until the programme's needs are read."""
        self._needs: dict[str, list[Need]] = {}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Timeline(self.fmt, id="timeline")
        yield Static("", id="timeline-detail")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.title = _("Continuity timeline")
        self.query_one(Timeline).loading = True

    def view_state(self) -> tuple[object, ...]:
        return (*super().view_state(), self.tracker_app.scenario)

    def load(self) -> None:
        self.read_timeline(self.as_of)
        # the programme comes second: the chart shows at once, its needs after
        self.read_overlays(self.view_state(), self.as_of, self.tracker_app.scenario)

    @work(thread=True, exclusive=True, group="load-plan-overlay")
    def read_overlays(
        self, state: tuple[object, ...], as_of: date, scenario: tuple[str, ...]
    ) -> None:
        try:
            plan = self.tracker.plan(as_of.year, as_of, scenario, money=False)
        except TrackerError as error:
            self.report_error(error)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.PlanLoaded(state, plan))

    @on(PlanLoaded)
    def show_overlays(self, message: PlanLoaded) -> None:
        if message.state != self.view_state():
            return  # a later read is on its way
        self._overlays = plan_overlays(message.plan)
        side = message.plan.with_scenario or message.plan.baseline
        self._needs = by_service(side.needs)
        timeline = self.query_one(Timeline)
        if timeline.is_loaded:
            timeline.show(self._rows, self.as_of, self._overlays)

    @work(thread=True, exclusive=True, group="load-timeline")
    def read_timeline(self, as_of: date) -> None:
        try:
            rows = self.tracker.timeline(as_of)
        except TrackerError as error:
            self.report_error(error)
            self.post_message(self.Loaded(as_of, None))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(as_of, rows))

    @on(Loaded)
    def show_timeline(self, message: Loaded) -> None:
        if message.as_of != self.as_of:
            return  # a later load is on its way
        timeline = self.query_one(Timeline)
        timeline.loading = False
        if message.rows is not None:
            self._rows = message.rows
            timeline.show(message.rows, message.as_of, self._overlays)
        # The chart's keys join the footer once it is ready for them; the focus
        # may have landed on it while it was still loading, unannounced.
        self.call_after_refresh(self.refresh_bindings)

    @on(Timeline.Highlighted)
    def show_service(self, message: Timeline.Highlighted) -> None:
        detail = self.query_one("#timeline-detail", Static)
        row = message.row
        if row is None:
            detail.update("")
            return
        c = row.continuity
        text = Text()
        text.append(printable(c.neighbourhood), "bold")
        name = short_name(c.name, c.neighbourhood)
        text.append(printable(f" · {name} [{c.service}]  "))
        text.append(status_label(c.status), message.timeline.status_style(c.status))
        facts = "; ".join(service_facts(c, self.as_of, self.fmt, required=False))
        text.append("\n" + printable(facts))
        needs = self._needs.get(c.service, [])
        if needs:
            words = "; ".join(need_brief(n, self.as_of, self.fmt) for n in needs)
            text.append("\n" + printable(words), "bold")
        detail.update(text)

    @on(Timeline.ServiceSelected)
    def open_service(self, message: Timeline.ServiceSelected) -> None:
        self.tracker_app.open_record(message.ref)


def plan_overlays(plan: PlanData) -> dict[str, PlanOverlay]:
    """What the programme draws on each service's row: the needs of the side
    shown (the scenario's, when one is chosen) and the scenario's covers."""
    side = plan.with_scenario or plan.baseline
    needs: dict[str, list[tuple[date, date]]] = {}
    for need in side.needs:
        needs.setdefault(need.service, []).append((need.start, need.end))
    covers: dict[str, list[Source]] = {}
    if plan.scenario is not None:
        for cover in plan.scenario.covers:
            covers.setdefault(cover.service, []).append(
                Source(cover.tender, cover.start, cover.end)
            )
    return {
        service: PlanOverlay(
            tuple(needs.get(service, ())), tuple(covers.get(service, ()))
        )
        for service in {*needs, *covers}
    }
