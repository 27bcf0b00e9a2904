"""The welcome of a new database: instead of a dashboard of zeros, three ways to
start, one key each: the Milan example, a file (appalti's own data or ANAC's
published tenders), or the first service. Once the database holds records the
screen closes itself and the alerts show them, whichever way they came.

A role that may only read is told so, and offered nothing that writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from tracker.api import Tracker
from tracker.config import settings_path
from tracker.errors import TrackerError, ValidationError
from tracker.form_service import new_service
from tracker.forms import read_values
from tracker.i18n import _
from tracker.vocabulary import N_, counted
from tui.records import Writing
from tui.screens.base import TrackerScreen
from tui.text import literal
from tui.widgets.footer import TranslatedFooter


class FirstRunScreen(TrackerScreen):
    """Shown in the place of the alerts while the database holds no record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "demo", N_("Milan example")),
        Binding("i", "import_file", N_("Import a file")),
        Binding("n", "new_service", N_("First service")),
    ]

    DEFAULT_CSS = """
    FirstRunScreen #welcome { padding: 1 2; }
    FirstRunScreen .welcome-title { text-style: bold; color: $primary; }
    FirstRunScreen .choice { margin-top: 1; }
    FirstRunScreen .muted { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, tracker: Tracker) -> None:
        super().__init__(tracker)
        self.busy = False
        """A load is running: the keys wait for it."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="welcome"):
            yield Static(_("Welcome to appalti"), classes="welcome-title")
            yield Static(_("This database holds no records yet."), id="empty")
            if self.tracker.read_only:
                yield Static(
                    _(
                        "The role {role} may only read it, so nothing can be loaded "
                        "or created from here: ask whoever looks after the database "
                        "to load the office's data."
                    ).format(role=self.tracker.role or "?"),
                    id="read-only",
                )
            else:
                yield from self._choices()
            yield Static(
                _("The number keys show the other screens; ? lists the keys."),
                classes="muted",
            )
        yield TranslatedFooter()

    def _choices(self) -> ComposeResult:
        for key, what, detail in (
            (
                "d",
                _("Load the Milan example"),
                _(
                    "the Laboratori di Quartiere and the Laboratorio Sociale "
                    "Lorenteggio as the council committee saw them in January 2023, "
                    "loaded into this database"
                ),
            ),
            (
                "i",
                _("Import a file"),
                _(
                    "an appalti dataset, dump or backup, or the tenders ANAC "
                    "publishes (OCDS JSON)"
                ),
            ),
            (
                "n",
                _("Create the first service"),
                _("the service that must not stop, and its neighbourhood"),
            ),
        ):
            line = Text()
            line.append(f" {key} ", style="reverse bold")
            line.append(f"  {what}", style="bold")
            line.append(f": {detail}")
            yield Static(line, classes="choice", id=f"choice-{key}")
        yield Static(
            literal(
                _(
                    "Every change is recorded in the history as {who}. To sign with "
                    'your name, write user = "Name Surname" in {file}.'
                ).format(who=self.tracker.actor, file=settings_path())
            ),
            classes="muted",
            id="author",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#welcome", VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        del parameters
        if action in ("demo", "import_file", "new_service"):
            return not self.tracker.read_only
        return True

    def load(self) -> None:
        self.check_empty()

    @work(thread=True, exclusive=True, group="first-run")
    def check_empty(self) -> None:
        try:
            empty = self.tracker.is_empty()
        except TrackerError as error:
            self.report_error(error)
            return
        if not empty:
            self.app.call_from_thread(self.leave)

    def leave(self) -> None:
        """The database holds records now: the alerts take the welcome's place."""
        if self.is_current:
            # The app's worker: this screen goes away while the screens are rebuilt.
            self.app.run_worker(self.tracker_app.rebuild_screens(), group="screens")

    def action_demo(self) -> None:
        if not self.busy:
            self.busy = True
            self.load_demo()

    @work(thread=True, group="write")
    def load_demo(self) -> None:
        from tracker.bundled import milan_dataset_path

        try:
            summary = self.tracker.load_file(milan_dataset_path())
        except TrackerError as error:
            self.report_error(error)
            return
        finally:
            self.busy = False
        message = _("Milan example loaded: {parts}").format(
            parts=counted(summary.counts)
        )
        self.app.call_from_thread(self.loaded, message)

    def loaded(self, message: str) -> None:
        self.notify(message)
        self.tracker_app.data_changed()

    def action_import_file(self) -> None:
        from tui.screens.confirm import TextScreen

        def chosen(path: str | None) -> None:
            if path:
                self.busy = True
                self.import_file(Path(path).expanduser())

        if not self.busy:
            self.app.push_screen(
                TextScreen(
                    _(
                        "The file to import (appalti dataset or backup, ANAC OCDS, "
                        "workbook filled in from appalti template xlsx)"
                    ),
                    str(Path.cwd()) + "/",
                ),
                callback=chosen,
            )

    @work(thread=True, group="write")
    def import_file(self, path: Path) -> None:
        """appalti's own data is loaded whole, as ``appalti restore`` does; a
        workbook (.xlsx) through the forms' checks, as ``appalti import xlsx``
        does; anything else is read as ANAC's published data."""
        from tracker.backup import is_appalti_file, read_backup, restored_parts

        try:
            if path.suffix.lower() == ".xlsx":
                self.import_workbook(path)
                return
            if not is_appalti_file(path):
                self.app.call_from_thread(self.tracker_app.run_import, path)
                return
            dataset = read_backup(path)
            summary = self.tracker.load_dataset(dataset)
        except TrackerError as error:
            self.report_error(error)
            return
        finally:
            self.busy = False
        message = _("Loaded {file}: {parts}").format(
            file=path.name, parts=restored_parts(summary, dataset) or _("nothing")
        )
        self.app.call_from_thread(self.loaded, message)

    def import_workbook(self, path: Path) -> None:
        """A workbook of records, read through the forms' checks (in the
        worker's thread: ``import_file`` runs in one)."""
        from tracker.sheets_import import imported_line

        counts = self.tracker.import_workbook(path)
        self.app.call_from_thread(self.loaded, imported_line(path.name, counts))

    def action_new_service(self) -> None:
        self.open_service_form({})

    def open_service_form(
        self, values: dict[str, str], error: ValidationError | None = None
    ) -> None:
        from tui.screens.form import FormResult, RecordForm

        def done(result: FormResult | None) -> None:
            if result is not None:
                self.save_service(result.values)

        self.app.push_screen(
            RecordForm(Writing.NEW_SERVICE, _("New service"), values, error=error),
            callback=done,
        )

    @work(thread=True, group="write")
    def save_service(self, values: dict[str, str]) -> None:
        try:
            read = new_service(read_values(Writing.NEW_SERVICE, values))
            ref = self.tracker.add_service(read.service, read.neighbourhood)
        except ValidationError as error:
            self.app.call_from_thread(self.open_service_form, values, error)
            return
        except TrackerError as error:
            self.report_error(error)
            self.app.call_from_thread(self.open_service_form, values)
            return
        self.app.call_from_thread(self.loaded, _("Saved: {ref}").format(ref=ref))
