"""The start-up digest: the alerts of the day, the most urgent first."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tracker.api import Alert, DayAlerts, Tracker
from tracker.domain.alerts import AlertKind, Severity
from tracker.errors import TrackerError, ValidationError
from tracker.formatting import printable
from tracker.i18n import _
from tracker.present.alerts import (
    alert_countdown,
    severity_capitals,
    severity_heading,
)
from tracker.vocabulary import N_, alert_key
from tui.screens.base import TrackerScreen
from tui.widgets.footer import TranslatedFooter

ACKNOWLEDGED_KINDS = (
    AlertKind.DEADLINE_OVERDUE,
    AlertKind.DEADLINE_UPCOMING,
    AlertKind.TENDER_STALE,
)
"""Alerts that a person can acknowledge: deadlines, and a stale tender's question
(yes, still planned); the others last while the situation does."""
SNOOZE_DAYS = 7
FIRST_ROWS = 60
"""Rows shown as soon as the alerts are known: more than the tallest terminal
holds (each alert takes two lines or more)."""
FILL_ROWS = 250
"""Rows added at a time behind the first screen."""
PAINT_WAIT_SECONDS = 30.0
"""How long the reading of the rest waits for the first screen to be painted at
most: a bound should the screen never say so, never reached otherwise."""

SEVERITY_LOOK: dict[Severity, tuple[str, str]] = {
    # severity: (mark, style); the mark and the word carry the meaning, colour helps
    Severity.CRITICAL: ("■", "bold red"),
    Severity.WARNING: ("▲", "bold yellow"),
    Severity.INFO: ("●", "bold cyan"),
}


def by_severity(alerts: Sequence[Alert]) -> dict[Severity, list[int]]:
    """The positions of the alerts of each severity present, the most urgent
    severity first."""
    groups: dict[Severity, list[int]] = {severity: [] for severity in Severity}
    for index, alert in enumerate(alerts):
        groups[alert.severity].append(index)
    return {severity: group for severity, group in groups.items() if group}


def digest_rows(
    alerts: Sequence[Alert], groups: dict[Severity, list[int]], as_of: date
) -> Iterator[Option]:
    """The digest's rows: each severity's heading, then its alerts. Made as they
    are taken, so that the first screen costs a screen, not the whole list."""
    for severity, group in groups.items():
        mark, style = SEVERITY_LOOK[severity]
        yield Option(
            Text(f"{mark} {severity_heading(severity, len(group))}", style=style),
            disabled=True,
        )
        for index in group:
            yield Option(alert_prompt(alerts[index], as_of), id=str(index))


def alert_prompt(alert: Alert, as_of: date) -> Text:
    mark, style = SEVERITY_LOOK[alert.severity]
    text = Text()
    text.append(f" {mark} {severity_capitals(alert.severity.value)} ", style=style)
    when = alert_countdown(alert, as_of)
    if when:
        text.append(when, style="bold")
        text.append("  ")
    text.append(printable(alert.ref), style="bold")
    text.append("\n")
    text.append(printable(alert.message))
    return text


class DigestScreen(TrackerScreen):
    """Alerts as of the app's day, grouped by severity; Enter opens the record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", N_("Open"), show=False),
        Binding("a", "acknowledge", N_("Acknowledge")),
        Binding("s", "snooze", N_("Snooze")),
        Binding("c", "cancel_tender", N_("Cancel the tender")),
        Binding("v", "silenced", N_("Snoozed, acknowledged")),
        Binding("p", "pdf", N_("PDF")),
        Binding("e", "export", N_("Export")),
        Binding("d", "app.go('dashboard')", N_("Dashboard"), show=False),
        Binding("t", "app.go('timeline')", N_("Timeline"), show=False),
    ]

    @dataclass
    class Loaded(Message):
        findings: DayAlerts
        load: int
        """The load that read them: an earlier load's are not shown."""
        painted: threading.Event | None = None
        """Set once these alerts are on screen (or will not be shown)."""

    @dataclass
    class Unread(Message):
        """The alerts of a load could not be read (why is told apart)."""

        load: int
        partial: bool
        """Whether its critical alerts were read and shown."""

    def __init__(self, tracker: Tracker) -> None:
        super().__init__(tracker)
        self.alerts: list[Alert] = []
        self._first = True
        self._load = 0
        self._complete_day: date | None = None
        """The day of the complete list on screen, if one is."""
        self._painted = threading.Event()
        """Set once the first part of the load under way is on screen, or will
        not be (a newer load, the screen gone): the rest is read then."""
        self._kept: tuple[int | None, int | None] | None = None
        """While the first part is shown: the highlight from before the load, and
        where the first part placed it."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(_("Computing the alerts..."), id="digest-summary")
        yield OptionList(id="alerts")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self.title = _("Alerts")

    def load(self) -> None:
        self._load += 1
        # The critical alerts first unless this day's complete list is on screen:
        # after an acknowledgement or a snooze it stays until the new one is ready.
        first = self._complete_day != self.as_of
        self._painted.set()  # an earlier load's reading waits no more
        self._painted = threading.Event()
        self.read_findings(self.as_of, self._load, self._painted, first=first)

    def on_unmount(self) -> None:
        self._painted.set()

    @work(thread=True, exclusive=True, group="load-digest")
    def read_findings(
        self, as_of: date, load: int, painted: threading.Event, *, first: bool
    ) -> None:
        worker = get_current_worker()
        shown_first = False
        try:
            if first:
                urgent = self.tracker.day_alerts_first(as_of)
                if worker.is_cancelled:
                    return
                self.post_message(self.Loaded(urgent, load, painted))
                shown_first = True
                # the rest is read once the first screen is painted: read at the
                # same time, it would take the interpreter from the painting in
                # turns and put off a city's critical alerts
                painted.wait(PAINT_WAIT_SECONDS)
                if worker.is_cancelled:
                    return
            findings = self.tracker.day_alerts(as_of)
        except TrackerError as error:
            self.report_error(error)
            self.post_message(self.Unread(load, partial=shown_first))
            return
        if not worker.is_cancelled:
            self.post_message(self.Loaded(findings, load))

    @on(Loaded)
    def show_alerts(self, message: Loaded) -> None:
        """The summary with every count, and the first screen of the most urgent
        alerts at once; a worker fills in the rest behind them. The first part
        of a load shows its critical alerts alone, the others being counted."""
        painted = message.painted
        if message.load != self._load or not self.shown:
            if painted is not None:
                painted.set()
            return  # a newer load started since, or the screen is closing
        if painted is not None:
            # whichever way the list ends up below, once it is on screen
            self.call_after_refresh(painted.set)
        findings = message.findings
        partial = findings.partial
        self.alerts = [
            a for a in findings.alerts if not partial or a.severity is Severity.CRITICAL
        ]
        self._complete_day = None if partial else findings.as_of
        self.refresh_bindings()
        summary = self.query_one("#digest-summary", Static)
        options = self.query_one("#alerts", OptionList)
        highlighted = self._highlight_to_keep(options.highlighted)
        options.clear_options()
        day = self.fmt.day(findings.as_of)
        if not self.alerts:
            self.workers.cancel_group(self, "fill-digest")
            if partial:
                summary.update(self._summary(day, {}, partial=True))
                self._kept = (highlighted, None)
                return
            line = _("Nothing is due as of {day}.").format(day=day)
            summary.update(line)
            if self._first:
                self._first = False
                self.notify(line)
                self.tracker_app.action_go("dashboard")
            return
        self._first = self._first and partial
        groups = by_severity(self.alerts)
        summary.update(self._summary(day, groups, partial=partial))
        rows = digest_rows(self.alerts, groups, findings.as_of)
        options.add_options(islice(rows, FIRST_ROWS))
        self._place_highlight(options, highlighted)
        self._kept = (highlighted, options.highlighted) if partial else None
        options.focus()
        # Started even when nothing is left, to stop a fill of an earlier day.
        self.fill_alerts(rows, highlighted)

    @on(Unread)
    def tell_unread(self, message: Unread) -> None:
        """The summary stops saying that alerts are being computed or counted:
        the critical alerts shown stay, with the others said unreadable; with
        none read, the list goes, unless it is this day's complete one (a
        reload after an acknowledgement), which stays."""
        if message.load != self._load or not self.shown:
            return
        summary = self.query_one("#digest-summary", Static)
        day = self.fmt.day(self.as_of)
        if message.partial:
            groups = by_severity(self.alerts)
            summary.update(self._summary(day, groups, partial=True, unread=True))
        elif self._complete_day != self.as_of:
            self.workers.cancel_group(self, "fill-digest")
            self.alerts, self._complete_day, self._kept = [], None, None
            self.query_one("#alerts", OptionList).clear_options()
            self.refresh_bindings()
            summary.update(_("The alerts as of {day} cannot be read.").format(day=day))

    def _highlight_to_keep(self, highlighted: int | None) -> int | None:
        """The highlight to place on the list coming: the one from before the
        load while the first part is shown, unless the person has moved since."""
        if self._kept is None:
            return highlighted
        before, placed = self._kept
        self._kept = None
        return before if highlighted == placed else highlighted

    @staticmethod
    def _summary(
        day: str,
        groups: dict[Severity, list[int]],
        *,
        partial: bool,
        unread: bool = False,
    ) -> Text:
        """The counts of ``groups``; with ``partial``, those of the critical
        alerts, the others being counted (or, ``unread``, not readable)."""
        counts = [severity_heading(s, len(group)) for s, group in groups.items()]
        if partial:
            if not counts:
                counts = [_("no critical alerts")]
            counts.append(
                _("the other alerts cannot be read")
                if unread
                else _("counting the other alerts...")
            )
        return Text.assemble(
            (_("As of {day}: ").format(day=day), "bold"),
            " · ".join(counts),
            ("   " + _("Enter opens the record"), "dim") if groups else "",
        )

    @work(exclusive=True, group="fill-digest")
    async def fill_alerts(
        self, rows: Iterator[Option], highlighted: int | None
    ) -> None:
        """Add the alerts below the first screen, a batch at a time, the screen
        answering keys between batches."""
        options = self.query_one("#alerts", OptionList)
        placed = options.highlighted
        while batch := list(islice(rows, FILL_ROWS)):
            await asyncio.sleep(0)
            options.add_options(batch)
            if options.highlighted == placed:
                # Back on the alert highlighted before a reload, once it is there
                # and unless the person has moved since.
                self._place_highlight(options, highlighted)
                placed = options.highlighted

    @property
    def shown(self) -> bool:
        """Mounted and not closing: while the screen closes (the app quits, the
        alerts of a late read arrive) its list may already be gone."""
        return self.is_mounted and self.display

    @staticmethod
    def _place_highlight(options: OptionList, highlighted: int | None) -> None:
        if highlighted is not None and highlighted < options.option_count:
            options.highlighted = highlighted
        elif options.highlighted is None:
            options.action_first()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export" and self._complete_day is None:
            return None  # only the critical alerts are known yet
        if action == "cancel_tender":
            # offered only on the question a stale tender asks
            alert = self.selected_alert() if self.shown else None
            return alert is not None and alert.kind is AlertKind.TENDER_STALE
        return super().check_action(action, parameters)

    @on(OptionList.OptionHighlighted, "#alerts")
    def alert_highlighted(self) -> None:
        self.refresh_bindings()

    def selected_alert(self) -> Alert | None:
        options = self.query_one("#alerts", OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        if option.id is None:
            return None
        return self.alerts[int(option.id)]

    @on(OptionList.OptionSelected, "#alerts")
    def open_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.tracker_app.open_record(self.alerts[int(event.option.id)].ref)

    def action_open(self) -> None:
        alert = self.selected_alert()
        if alert is not None:
            self.tracker_app.open_record(alert.ref)

    def action_acknowledge(self) -> None:
        alert = self.selected_alert()
        if alert is None or self.tracker_app.refuse_read_only():
            return
        if alert.kind not in ACKNOWLEDGED_KINDS:
            self.notify(
                _(
                    "Only deadlines can be acknowledged; this alert lasts while the "
                    "situation does. Snooze it with s."
                ),
                severity="warning",
            )
            return
        self.write_acknowledgement(alert.key, self.as_of)

    @work(thread=True, group="write")
    def write_acknowledgement(self, key: str, as_of: date) -> None:
        try:
            self.tracker.acknowledge_deadline(key, as_of=as_of)
        except TrackerError as error:
            self.report_error(error)
            return
        self.app.call_from_thread(self.tracker_app.data_changed)
        self.app.call_from_thread(
            self.notify, _("Acknowledged: {key}").format(key=alert_key(key))
        )

    def action_snooze(self) -> None:
        alert = self.selected_alert()
        if alert is None or self.tracker_app.refuse_read_only():
            return
        # a week after the day the alerts are read for, not after the machine's today
        self.ask_snooze(alert, self.as_of, self.as_of + timedelta(days=SNOOZE_DAYS))

    def ask_snooze(
        self, alert: Alert, as_of: date, proposed: date, error: str = ""
    ) -> None:
        """Ask until when to snooze ``alert``, proposing ``proposed``; a day the core
        refused comes back to the dialog with its reason."""
        from tui.screens.as_of import DateScreen

        def chosen(day: date | None) -> None:
            if day is not None:
                self.write_snooze(alert, day, as_of)

        self.app.push_screen(
            DateScreen(
                _("Snooze {ref} until").format(ref=alert.ref), proposed, error=error
            ),
            callback=chosen,
        )

    @work(thread=True, group="write")
    def write_snooze(self, alert: Alert, until: date, as_of: date) -> None:
        key = alert.key
        try:
            self.tracker.snooze_alert(key, until=until, as_of=as_of)
        except TrackerError as error:
            if isinstance(error, ValidationError) and error.field == "until":
                self.app.call_from_thread(
                    self.ask_snooze, alert, as_of, until, error.reason
                )
            else:
                self.report_error(error)
            return
        self.app.call_from_thread(self.tracker_app.data_changed)
        self.app.call_from_thread(
            self.notify,
            _("Snoozed until {day}: {key}").format(
                day=self.fmt.day(until), key=alert_key(key)
            ),
        )

    def action_silenced(self) -> None:
        from tui.screens.silenced import show_silenced

        show_silenced(self.tracker_app)

    def action_export(self) -> None:
        """Write the alerts shown to a workbook."""
        from tui.list_export import export_alerts

        export_alerts(self, self.alerts)

    def action_pdf(self) -> None:
        """Write the alerts of the app's day as a PDF, the same list as on screen:
        to the documents folder unless another path is typed, asking before
        overwriting a file."""
        from tracker.export.names import alerts_name
        from tui.documents import save_document

        tracker, as_of, fmt = self.tracker, self.as_of, self.fmt

        def make() -> bytes:
            from tracker.export.alerts_pdf import alerts_pdf

            findings = tracker.day_alerts(as_of)
            return alerts_pdf(
                as_of,
                tracker.settings.horizon_days,
                findings.alerts,
                fmt=fmt,
                made_at=tracker.clock(),
                author=tracker.actor,
                snoozed=findings.snoozed,
            )

        save_document(
            self.tracker_app,
            _("Write the alerts of {day} to").format(day=fmt.day(as_of)),
            alerts_name(as_of),
            make,
            _("Alerts written: {path}"),
        )

    def action_cancel_tender(self) -> None:
        """Answer a stale tender's question with no: cancel the tender (asks)."""
        alert = self.selected_alert()
        if alert is None or alert.kind is not AlertKind.TENDER_STALE:
            return
        if self.tracker_app.refuse_read_only():
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.write_cancellation(alert.ref)

        self.app.push_screen(
            ConfirmScreen(
                _("Cancel tender {ref}? Its milestones stop.").format(ref=alert.ref),
                yes=_("Cancel the tender"),
            ),
            callback=answered,
        )

    @work(thread=True, group="write")
    def write_cancellation(self, ref: str) -> None:
        try:
            self.tracker.cancel_planned_tender(ref)
        except TrackerError as error:
            self.report_error(error)
            return
        self.app.call_from_thread(self.tracker_app.data_changed)
        self.app.call_from_thread(
            self.notify, _("Tender {ref} cancelled.").format(ref=ref)
        )
