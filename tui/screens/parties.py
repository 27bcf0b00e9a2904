"""The Organisations section has two tabs: the economic operators and their
groupings (ATI/RTI, consorzi). ``t`` switches between them; ``n`` on the
operators asks which of the two to create."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tracker.api import RecordKind
from tracker.i18n import _
from tracker.vocabulary import N_
from tui.screens.base import TrackerScreen

TABS = (("organisations", N_("Organisations")), ("consortia", N_("Consortia")))
"""The two lists of the section (app modes), in the order the tab bar shows them."""


class PartiesTabs(TrackerScreen):
    """A list of the Organisations section: a tab bar over it, ``t`` to the other.

    A list names it after ``ListScreen``: Textual takes a screen's CSS along its
    first base only, and the list's own must apply."""

    KIND: ClassVar[str]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "other_tab", N_("Other tab")),
    ]

    def on_mount(self) -> None:
        tabs = Static(self.tab_bar(), id="tabs")
        tabs.styles.padding = (0, 1)
        tabs.styles.height = 1
        self.mount(tabs, before="#search")

    def tab_bar(self) -> Text:
        bar = Text()
        for mode, label in TABS:
            style = "bold reverse" if mode == self.KIND else "dim"
            bar.append(f" {_(label)} ", style=style)
            bar.append(" ")
        bar.append(_("(t switches)"), style="dim")
        return bar

    def action_other_tab(self) -> None:
        other = next(mode for mode, _label in TABS if mode != self.KIND)
        self.tracker_app.action_go(other)


NEW_PARTY = (
    (RecordKind.ORGANISATION.value, N_("New organisation"), "o"),
    (RecordKind.CONSORTIUM.value, N_("New consortium (ATI/RTI)"), "r"),
)
"""What ``n`` on the operators offers: (record kind, label, key)."""


def ask_new_party(screen: TrackerScreen) -> None:
    """Ask whether the new record is an organisation or a consortium, then open
    the form of the one chosen."""
    from tui.screens.choice import ChoiceScreen

    if screen.tracker_app.refuse_read_only():
        return

    def chosen(kind: str | None) -> None:
        if kind is not None:
            screen.tracker_app.create(RecordKind(kind))

    screen.app.push_screen(
        ChoiceScreen(
            _("Create what?"),
            [(kind, _(label), key) for kind, label, key in NEW_PARTY],
        ),
        callback=chosen,
    )
