"""The terminal app: alerts at start-up, dashboard, timeline, lists, details, forms.

Each main screen is a Textual *mode* with its own stack (details and forms are
pushed on it). The app holds the view state every screen shares: the as-of day,
the active language, and a data version that every save bumps so that screens
reload what they show.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from tracker.api import Tracker
from tracker.errors import TrackerError
from tracker.formatting import Formatter, printable
from tracker.i18n import _, language, set_language
from tracker.vocabulary import N_
from tui.commands import ActionCommands, RecordCommands
from tui.editing import RecordEditing
from tui.screens.base import TrackerScreen

MODES: tuple[tuple[str, str, str], ...] = (
    # (mode, key, label)
    ("digest", "1", N_("Alerts")),
    ("dashboard", "2", N_("Dashboard")),
    ("timeline", "3", N_("Timeline")),
    ("tenders", "4", N_("Tenders")),
    ("contracts", "5", N_("Contracts")),
    ("services", "6", N_("Services")),
    ("organisations", "7", N_("Organisations")),
    ("funding", "8", N_("Funding")),
    ("deadlines", "9", N_("Deadlines")),
    # The section's second tab (``t`` on Organisations), and the register of acts
    ("consortia", "", N_("Consortia")),
    ("acts", "0", N_("Acts")),
    # The programme of purchases and the yearly budget (art. 37 D.Lgs. 36/2023)
    ("plan", "P", N_("Planning")),
)
MODE_NAMES = tuple(name for name, _key, _label in MODES)
MAX_HISTORY = 50
"""Main screens Escape can go back through."""


def _screen_factory(tracker: Tracker, mode: str) -> Callable[[], Screen[None]]:
    """The base screen of a mode, imported when first shown."""

    def make() -> Screen[None]:
        if mode == "digest":
            if tracker.is_empty():
                from tui.screens.first_run import FirstRunScreen

                # A new database: a welcome with ways to start, in its place.
                return FirstRunScreen(tracker)
            from tui.screens.digest import DigestScreen

            return DigestScreen(tracker)
        if mode == "dashboard":
            from tui.screens.dashboard import DashboardScreen

            return DashboardScreen(tracker)
        if mode == "timeline":
            from tui.screens.timeline import TimelineScreen

            return TimelineScreen(tracker)
        if mode == "plan":
            from tui.screens.planning import PlanningScreen

            return PlanningScreen(tracker)
        from tui.screens.lists import list_screen

        return list_screen(tracker, mode)

    return make


class TrackerApp(RecordEditing):
    """appalti: tenders, contracts, funding and service continuity."""

    TITLE = "appalti"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        RecordCommands,
        ActionCommands,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"go('{mode}')", label, show=False)
            for mode, key, label in MODES
            if key
        ),
        Binding("question_mark", "help", N_("Keys"), key_display="?"),
        Binding("f2", "change_as_of", N_("As of")),
        Binding("f3", "switch_language", N_("Language")),
        Binding("q", "quit", N_("Quit")),
    ]

    as_of: reactive[date] = reactive(date.min, init=False)
    """The reference day of every computation in the app."""
    data_version: reactive[int] = reactive(0, init=False)
    """Bumped by every save: screens reload when it moves."""
    scenario: reactive[tuple[str, ...]] = reactive((), init=False)
    """The proposed tenders counted as awarded on the programme and the timeline
    (none: the baseline). Only what is shown changes: nothing is written."""

    def __init__(
        self,
        tracker: Tracker,
        *,
        language: str | None = None,
        as_of: date | None = None,
        start: str = "digest",
    ) -> None:
        super().__init__()
        self.tracker = tracker
        if language is not None:
            set_language(language)
        self.formatter = Formatter(_active_language())
        self.set_reactive(TrackerApp.as_of, as_of or tracker.today())
        self._generation = 0
        self._history: list[str] = []
        self._start = start
        self._add_modes()

    def _mode(self, name: str) -> str:
        return f"{name}#{self._generation}"

    def _add_modes(self) -> None:
        for name in MODE_NAMES:
            self.add_mode(self._mode(name), _screen_factory(self.tracker, name))

    @property
    def mode_name(self) -> str:
        """The current main screen: ``digest``, ``timeline``, ``contracts``..."""
        return self.current_mode.partition("#")[0]

    def on_mount(self) -> None:
        self._show_as_of()
        shown = self.switch_mode(self._mode(self._start))
        if self.tracker.read_only:
            self.notify(self.read_only_notice(), severity="warning", timeout=30)
        else:
            self.check_database(shown)

    @work(group="check", exit_on_error=False)
    async def check_database(self, shown: Awaitable[object]) -> None:
        """Check the file before its first write while the first screen is read:
        the first save then does not wait for it, and a damaged file is named
        now rather than when someone saves."""
        await shown  # a notice given before the screen is mounted can be lost
        try:
            await asyncio.to_thread(self.tracker.check_sound)
        except TrackerError as error:
            self.notify(str(error), severity="error", timeout=30)

    def action_go(self, name: str) -> None:
        """Show a main screen at its base (the list, not a record opened from it);
        Escape comes back to the screen shown before."""
        if name not in MODE_NAMES:
            return
        if name != self.mode_name:
            self._history = [*self._history, self.mode_name][-MAX_HISTORY:]
            self.switch_mode(self._mode(name))
        self._show_base()

    def _show_base(self) -> None:
        """Close the records opened over the current main screen, in one repaint,
        so that the next key reaches the list (``n`` makes a tender, not a lot).
        A dialog stays: it may hold typed work."""
        with self.batch_update():
            while len(self.screen_stack) > 1 and not isinstance(
                self.screen, ModalScreen
            ):
                self.pop_screen()

    def go_back(self) -> None:
        """One step back: close the screen on top, or return to the main screen
        shown before (as it was left)."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        elif self._history:
            self.switch_mode(self._mode(self._history.pop()))
        elif self.mode_name != "digest":
            self.switch_mode(self._mode("digest"))

    def open_record(self, ref: str) -> None:
        """Show the detail screen of any record, by its reference."""
        from tui.screens.records import detail_screen

        screen = detail_screen(self.tracker, ref)
        if screen is None:
            self.notify(
                _("No record has the reference {ref}").format(ref=ref),
                severity="warning",
            )
            return
        self.push_screen(screen)

    def make_dossier(self, ref: str) -> None:
        """Write the PDF dossier of a tender, as of the app's day: to the documents
        folder unless another path is typed, over an existing file only if the
        person says so."""
        from tracker.export.names import dossier_name
        from tui.documents import save_document

        as_of, fmt = self.as_of, self.formatter

        def make() -> bytes:
            import io

            from tracker.export.dossier import write_dossier

            data = self.tracker.dossier(ref, as_of)
            buffer = io.BytesIO()
            write_dossier(data, buffer, fmt, author=self.tracker.actor)
            return buffer.getvalue()

        save_document(
            self,
            _("Write the dossier of {ref} to").format(ref=ref),
            dossier_name(ref, as_of),
            make,
            _("Dossier written: {path}"),
        )

    def make_plan_pdf(self, from_year: int) -> None:
        """Write the programme of the three years from ``from_year`` for the
        committee, with the scenario shown (if any), as of the app's day."""
        from tracker.export.names import plan_name
        from tui.documents import save_document

        as_of, fmt, scenario = self.as_of, self.formatter, self.scenario

        def make() -> bytes:
            from tracker.export.plan_pdf import plan_pdf

            data = self.tracker.plan(from_year, as_of, scenario)
            tracker = self.tracker
            return plan_pdf(data, fmt, author=tracker.actor, made_on=tracker.today())

        save_document(
            self,
            _("Write the programme {first}–{last} to").format(
                first=from_year, last=from_year + 2
            ),
            plan_name(from_year, as_of),
            make,
            _("Programme written: {path}"),
        )

    def import_published(self) -> None:
        """Ask for a file of published OCDS data (ANAC) and import it."""
        from tui.screens.confirm import TextScreen

        def chosen(path: str | None) -> None:
            if path:
                self.run_import(Path(path).expanduser())

        if self.tracker.read_only:
            self.notify(self.read_only_notice(), severity="warning")
            return
        self.push_screen(
            TextScreen(_("Import the ANAC (OCDS) file"), str(Path.cwd()) + "/"),
            callback=chosen,
        )

    @work(thread=True, group="write", exclusive=True)
    def run_import(self, path: Path) -> None:
        from tracker.present.imports import summary_lines
        from tui.screens.imported import ImportedScreen

        try:
            with path.open("rb") as stream:
                summary = self.tracker.import_ocds(stream)
        except TrackerError as error:
            self.call_from_thread(self.notify, str(error), severity="error")
            return
        except OSError as error:
            self.call_from_thread(
                self.notify,
                _("Cannot read {path}: {reason}").format(
                    path=path, reason=error.strerror
                ),
                severity="error",
            )
            return
        lines = summary_lines(summary, path.name)
        self.call_from_thread(self.data_changed)
        self.call_from_thread(
            self.push_screen, ImportedScreen(_("Import from ANAC"), lines)
        )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification, its message shown as written: messages quote user values,
        which are never read as markup (the app's own messages use none)."""
        del markup
        super().notify(
            printable(message, multiline=True),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        # Titles name records by their reference, which is user text.
        return super().format_title(printable(title), printable(sub_title))

    def data_changed(self) -> None:
        """Tell every screen that the data changed (call after a save)."""
        self.data_version += 1

    def _show_as_of(self) -> None:
        self.sub_title = _("as of {day}").format(day=self.formatter.day(self.as_of))
        if self.tracker.read_only:
            # Always in sight: no key that writes will work.
            self.sub_title = f"{self.read_only_notice()} · {self.sub_title}"

    def watch_as_of(self) -> None:
        self._show_as_of()
        self._sync_screen()

    def watch_data_version(self) -> None:
        self._sync_screen()

    def watch_scenario(self) -> None:
        self._sync_screen()

    def _sync_screen(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, TrackerScreen) and screen.is_current:
                screen.sync()

    def action_change_as_of(self) -> None:
        from tui.screens.as_of import AsOfScreen

        def chosen(day: date | None) -> None:
            if day is not None:
                self.as_of = day

        self.push_screen(
            AsOfScreen(self.as_of, today=self.tracker.today()), callback=chosen
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:  # noqa: ARG002
        # The palette's actions come from ActionCommands, in the active language.
        return iter(())

    def run_switch_language(self) -> None:
        self.run_worker(self.action_switch_language(), group="language")

    async def action_switch_language(self) -> None:
        await self.set_app_language("en" if language() == "it" else "it")

    async def set_app_language(self, lang: str) -> None:
        """Show the whole app in ``lang``: every screen is rebuilt in it."""
        set_language(lang)
        self.formatter = Formatter(_active_language())
        await self.rebuild_screens()
        self._show_as_of()
        self.refresh_bindings()
        self.notify(_("Language: English") if lang == "en" else _("Language: Italian"))

    async def rebuild_screens(self) -> None:
        """Make every main screen afresh and show the current one again (in a new
        language; or the alerts in the place of the welcome of a new database)."""
        current = self.mode_name
        old = [self._mode(name) for name in MODE_NAMES]
        self._generation += 1
        self._add_modes()
        await self.switch_mode(self._mode(current))
        for mode in old:
            await self.remove_mode(mode)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from tui.commands import Palette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette())

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))


def _active_language() -> str:
    return language()
