"""What an import of published data did, shown until the person closes it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tracker.i18n import _
from tracker.vocabulary import N_
from tui.text import literal


class ImportedScreen(ModalScreen[None]):
    """The summary lines of an import: totals first, then every conflict,
    skipped tender and warning."""

    DEFAULT_CSS = """
    ImportedScreen { align: center middle; }
    ImportedScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        padding: 1 2; border: thick $primary; background: $surface;
    }
    ImportedScreen VerticalScroll { height: auto; max-height: 30; }
    ImportedScreen Button { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", N_("Close")),
    ]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.heading = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.heading), id="imported-title")
            with VerticalScroll():
                yield Static(
                    literal("\n".join(self.lines), multiline=True), id="imported-lines"
                )
            yield Button(_("Close"), id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
