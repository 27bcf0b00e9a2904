"""Choosing a scenario: the proposed tenders to count as if awarded on their
planned dates. Nothing is written: the choice only changes what the programme
and the timeline show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from tracker.i18n import _
from tracker.vocabulary import N_
from tui.text import literal


class ScenarioScreen(ModalScreen[tuple[str, ...] | None]):
    """Tick the proposed tenders of the scenario (Space), Enter to show it,
    Escape to leave the scenario as it was; none ticked is the baseline."""

    DEFAULT_CSS = """
    ScenarioScreen { align: center middle; }
    ScenarioScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        padding: 1 2; border: thick $primary; background: $surface;
    }
    ScenarioScreen SelectionList { height: auto; max-height: 14; margin-top: 1; }
    ScenarioScreen Label { width: 100%; }
    ScenarioScreen .muted { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        # before the list's own Enter (which would tick): Space ticks
        Binding("enter", "apply", N_("Show the scenario"), priority=True),
        Binding("ctrl+s", "apply", N_("Show the scenario"), show=False),
    ]

    def __init__(
        self, candidates: Sequence[tuple[str, str]], chosen: Sequence[str]
    ) -> None:
        """``candidates``: (reference, words) of every proposed tender."""
        super().__init__()
        self.candidates = list(candidates)
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Scenario: the proposed tenders to count as awarded"))
            if self.candidates:
                yield SelectionList[str](
                    *(
                        Selection(
                            literal(words, multiline=True), ref, ref in self.chosen
                        )
                        for ref, words in self.candidates
                    ),
                    id="scenario-tenders",
                )
            else:
                yield Label(_("No proposed tenders: there is no scenario to choose."))
            yield Label(
                _(
                    "Space ticks a tender, Enter shows the scenario, Escape leaves it"
                    " as it was. Nothing is written to the data."
                ),
                classes="muted",
            )

    def on_mount(self) -> None:
        found = self.query(SelectionList)
        if found:
            found.first().focus()

    def selected(self) -> tuple[str, ...]:
        """The ticked tenders, in the order they are listed."""
        found = self.query(SelectionList)
        if not found:
            return ()
        ticked = set(found.first().selected)
        return tuple(ref for ref, _words in self.candidates if ref in ticked)

    def action_apply(self) -> None:
        self.dismiss(self.selected())

    def action_cancel(self) -> None:
        self.dismiss(None)
