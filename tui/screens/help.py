"""The keys of the screen underneath, in the active language."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

from tracker.i18n import _
from tracker.vocabulary import N_


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 70; max-width: 100%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen DataTable { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", N_("Close")),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(
                _("Keys of this screen — Escape closes"), classes="section-title"
            )
            yield DataTable(id="keys", cursor_type="row", show_cursor=False)

    def on_mount(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.add_columns(_("Key"), _("Action"))
        seen: set[str] = set()
        rows: list[tuple[str, str]] = []
        for active in self.under.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            rows.append((self.app.get_key_display(binding), _(binding.description)))
        palette = self.app.get_key_display(
            Binding(self.app.COMMAND_PALETTE_BINDING, "command_palette")
        )
        rows.append((palette, _("Find a record or run an action")))
        for key, description in rows:
            table.add_row(key, description)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
