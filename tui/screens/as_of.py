"""Small dialogs that ask for a day: the app's as-of day, a snooze's end."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from tracker.domain.periods import day_problem
from tracker.errors import ValidationError
from tracker.formatting import Formatter, parse_day
from tracker.i18n import _, language
from tracker.vocabulary import N_
from tui.text import literal


class DateScreen(ModalScreen[date | None]):
    """Ask for a day; dismisses with it, or None on Escape. ``error``: why the
    day proposed was refused, shown under it."""

    DEFAULT_CSS = """
    DateScreen { align: center middle; }
    DateScreen > Vertical {
        width: 60; max-width: 100%; height: auto; max-height: 100%;
        padding: 1 2; border: thick $primary; background: $surface;
    }
    /* The question and the hint wrap inside the dialog, never cut at its edge. */
    DateScreen Label { width: 100%; }
    DateScreen .error { color: $error; height: auto; }
    DateScreen Horizontal { height: auto; margin-top: 1; }
    DateScreen Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(
        self, question: str, initial: date, *, hint: str = "", error: str = ""
    ) -> None:
        super().__init__()
        self.question = question
        self.initial = initial
        self.hint = hint
        self.error = error

    def compose(self) -> ComposeResult:
        fmt = Formatter(language())
        with Vertical():
            yield Label(literal(self.question))
            yield Input(fmt.day(self.initial), id="day", placeholder="gg/mm/aaaa")
            yield Label(literal(self.error), id="day-error", classes="error")
            if self.hint:
                yield Label(literal(self.hint), classes="muted")
            with Horizontal():
                yield Button(_("OK"), id="ok", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    @on(Input.Submitted, "#day")
    @on(Button.Pressed, "#ok")
    def accept(self) -> None:
        text = self.query_one("#day", Input).value
        try:
            day = parse_day(text, field=_("day"))
            problem = day_problem(day)  # a day the engine can compute from
            if problem is not None:
                raise ValidationError(_("day"), text, problem)
        except ValidationError as error:
            self.query_one("#day-error", Label).update(literal(error.reason))
            return
        self.dismiss(day)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class AsOfScreen(DateScreen):
    """Change the day the whole app computes for."""

    def __init__(self, current: date, *, today: date) -> None:
        fmt = Formatter(language())
        super().__init__(
            _("Show the situation as of"),
            current,
            hint=_(
                "Today is {day}. Empty the field and type a day, e.g. 17/01/2023."
            ).format(day=fmt.day(today)),
        )
