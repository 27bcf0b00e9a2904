"""The command palette (Ctrl+P): find any record, run any action."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.align import Align
from rich.text import Text
from textual.command import (
    CommandList,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
)
from textual.widgets.option_list import Option

from tracker.api import RecordKind, SearchHit
from tracker.formatting import printable
from tracker.i18n import _
from tracker.vocabulary import N_
from tui.screens.silenced import show_silenced
from tui.text import highlighted, markup

if TYPE_CHECKING:
    from tui.app import TrackerApp


KIND_WORDS: dict[str, str] = {
    RecordKind.TENDER: N_("Tender"),
    RecordKind.LOT: N_("Lot"),
    RecordKind.CONTRACT: N_("Contract"),
    RecordKind.OPTION: N_("Option"),
    RecordKind.SERVICE: N_("Service"),
    RecordKind.ORGANISATION: N_("Organisation"),
    RecordKind.CONSORTIUM: N_("Consortium"),
    RecordKind.FUNDING_SOURCE: N_("Funding source"),
    RecordKind.ALLOCATION: N_("Allocation"),
    RecordKind.ACT: N_("Act"),
    RecordKind.DEADLINE: N_("Deadline"),
    RecordKind.PROGRAMME: N_("Programme"),
    RecordKind.NEIGHBOURHOOD: N_("Neighbourhood"),
    RecordKind.SITE: N_("Site"),
    RecordKind.IN_HOUSE_PERIOD: N_("In-house period"),
}
"""What each kind of record is called beside a hit (message ids)."""


def kind_word(kind: str) -> str:
    """A kind of record named in the active language."""
    word = KIND_WORDS.get(kind)
    return kind if word is None else _(word)


class RecordCommands(Provider):
    """Every kind of record by name, reference, CIG, CUP or partita IVA."""

    @property
    def tracker_app(self) -> TrackerApp:
        return cast("TrackerApp", self.app)

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        app = self.tracker_app
        hits = await asyncio.to_thread(app.tracker.search, query, limit=40)
        matcher = self.matcher(query)
        for position, hit in enumerate(hits):
            label = printable(f"{hit.ref} — {hit.name}")
            score = max(matcher.match(label), matcher.match(hit.detail or ""))
            help_text = kind_word(hit.kind)
            if hit.detail:
                help_text += f" · {hit.detail}"
            shown_in = shown_on(hit)
            if shown_in is not None and shown_in != hit.ref:
                help_text += " · " + _("opens {ref}").format(ref=shown_in)
            yield Hit(
                # The core ranks exact references first; keep its order on ties.
                max(score, 0.5) - position / 1000,
                highlighted(matcher, label),
                partial(open_hit, app, hit),
                text=label,
                help=markup(help_text),
            )


def shown_on(hit: SearchHit) -> str | None:
    """The record whose page shows a hit: its own, else one that names it (the
    service of a neighbourhood, the tender an act authorised)."""
    from tui.screens.records import SCREENS

    if hit.kind in SCREENS:
        return hit.ref
    return hit.opens


def open_hit(app: TrackerApp, hit: SearchHit) -> None:
    ref = shown_on(hit)
    if ref is None:
        app.notify(
            _("{kind} {ref} has no page of its own and nothing shows it yet").format(
                kind=kind_word(hit.kind), ref=hit.ref
            ),
            severity="warning",
        )
        return
    app.open_record(ref)


class ActionCommands(Provider):
    """Every action of the app, in the active language."""

    @property
    def tracker_app(self) -> TrackerApp:
        return cast("TrackerApp", self.app)

    def actions(self) -> list[tuple[str, Callable[[], object], str]]:
        from tui.app import MODES

        app = self.tracker_app
        found: list[tuple[str, Callable[[], object], str]] = [
            (
                _("Go to: {screen}").format(screen=_(label)),
                partial(app.action_go, mode),
                _("key {key}").format(key=key) if key else "",
            )
            for mode, key, label in MODES
        ]
        found += [
            (_("Change the as-of day"), app.action_change_as_of, "F2"),
            (_("Switch language (italiano / English)"), app.run_switch_language, "F3"),
            (_("Show the keys of this screen"), app.action_help, "?"),
            (_("New tender"), partial(app.create, RecordKind.TENDER), ""),
            (_("New contract"), partial(app.create, RecordKind.CONTRACT), ""),
            (_("New organisation"), partial(app.create, RecordKind.ORGANISATION), ""),
            (
                _("New consortium (ATI/RTI)"),
                partial(app.create, RecordKind.CONSORTIUM),
                "",
            ),
            (
                _("New funding source"),
                partial(app.create, RecordKind.FUNDING_SOURCE),
                "",
            ),
            (_("New deadline"), partial(app.create, RecordKind.DEADLINE), ""),
            (
                _("Snoozed and acknowledged alerts"),
                partial(show_silenced, app),
                _("key {key} on the alerts").format(key="v"),
            ),
            (_("Import from ANAC (OCDS file)"), app.import_published, ""),
            (_("Quit"), app.exit, "q"),
        ]
        return found

    async def discover(self) -> Hits:
        for name, callback, help_text in self.actions():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, help=help_text)


class Palette(CommandPalette):
    """Textual's command palette, its own words in the active language."""

    def __init__(self) -> None:
        super().__init__(
            id="--command-palette",
            placeholder=_("Search for a record or an action…"),
        )

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8.2.8 writes "No matches found" here, with no way to set it: the
        # same countdown, with the words in the active language.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(
            self._NO_MATCHES_COUNTDOWN, show_no_matches
        )


TEXTUAL_KEYS = (
    # The screen, the app and the palette
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    N_("Quit"),
    N_("Exit the command palette"),
    N_("Go to top"),
    N_("Go to bottom"),
    N_("Next command"),
    N_("Previous command"),
    N_("Next page"),
    N_("Previous page"),
    # Tables, lists, menus, buttons, scrolling panes
    N_("Cursor up"),
    N_("Cursor down"),
    N_("Cursor left"),
    N_("Cursor right"),
    N_("Page up"),
    N_("Page down"),
    N_("Page Up"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
    N_("Top"),
    N_("Bottom"),
    N_("Home"),
    N_("End"),
    N_("Up"),
    N_("Down"),
    N_("First"),
    N_("Last"),
    N_("Select"),
    N_("Show menu"),
    N_("Press button"),
    N_("Scroll Up"),
    N_("Scroll Down"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Home"),
    N_("Scroll End"),
    # Text fields
    N_("Submit"),
    N_("Select all"),
    N_("Select line start"),
    N_("Select line end"),
    N_("Cut selected text"),
    N_("Paste text from the clipboard"),
    N_("Delete all to the left"),
    N_("Delete all to the right"),
    N_("Delete character left"),
    N_("Delete character right"),
    N_("Delete left to start of word"),
    N_("Delete right to start of word"),
    N_("Go to start"),
    N_("Go to end"),
    N_("Move cursor left"),
    N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor left and select"),
    N_("Move cursor right a word"),
    N_("Move cursor right a word and select"),
    N_("Move cursor right and select"),
    N_("Move cursor right or accept the completion suggestion"),
)
"""The descriptions of the keys Textual's own widgets bring (in the help screen
through ``_(binding.description)``), listed so that the catalog keeps them."""
