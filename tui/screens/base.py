"""What every screen over the tracker's data shares.

A screen reads through ``Tracker`` in thread workers and redraws from the messages
they post. It reloads when the data changed (a save anywhere in the app) or the
as-of day moved: at once when it is on top, otherwise when it is shown again.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import Binding, BindingType
from textual.screen import Screen

from tracker.api import Tracker
from tracker.errors import TrackerError
from tracker.formatting import Formatter
from tracker.vocabulary import N_

if TYPE_CHECKING:
    from tui.app import TrackerApp


class TrackerScreen(Screen[None]):
    """A full screen of the app; subclasses implement ``load``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), show=False),
    ]

    def __init__(self, tracker: Tracker) -> None:
        super().__init__()
        self.tracker = tracker
        self._seen: tuple[object, ...] | None = None

    @property
    def tracker_app(self) -> TrackerApp:
        return cast("TrackerApp", self.app)

    @property
    def as_of(self) -> date:
        """The reference day every computation on this screen uses."""
        return self.tracker_app.as_of

    @property
    def fmt(self) -> Formatter:
        return self.tracker_app.formatter

    def on_mount(self) -> None:
        # The first load starts after the first paint, so tables lay out first.
        self.call_after_refresh(self.sync)

    def on_screen_resume(self) -> None:
        self.sync()

    def sync(self) -> None:
        """Reload if the data or the as-of day changed since the last load."""
        if not self.is_mounted:
            return
        state = self.view_state()
        if state != self._seen:
            self._seen = state
            self.load()

    def view_state(self) -> tuple[object, ...]:
        """What this screen's data depends on besides the records: the as-of day
        (a screen that shows the scenario adds it)."""
        return (self.tracker_app.data_version, self.tracker_app.as_of)

    def load(self) -> None:
        """Start the workers that read this screen's data (override)."""

    def report_error(self, error: TrackerError) -> None:
        """Show a core error; callable from a worker thread."""
        self.app.call_from_thread(self.notify, str(error), severity="error")

    def action_back(self) -> None:
        self.tracker_app.go_back()
