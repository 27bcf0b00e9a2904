"""The command palette (Ctrl+P): find any record, run any action."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tracker.api import RecordKind
from tracker.formatting import printable
from tracker.i18n import _
from tui.text import highlighted, markup

if TYPE_CHECKING:
    from tui.app import TrackerApp


def kind_word(kind: str) -> str:
    words: dict[str, str] = {
        RecordKind.TENDER: _("Tender"),
        RecordKind.LOT: _("Lot"),
        RecordKind.CONTRACT: _("Contract"),
        RecordKind.SERVICE: _("Service"),
        RecordKind.ORGANISATION: _("Organisation"),
        RecordKind.CONSORTIUM: _("Consortium"),
    }
    return words.get(kind, kind)


class RecordCommands(Provider):
    """Tenders, lots, contracts, services, organisations and consortia by name,
    reference, CIG, CUP or partita IVA."""

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
            yield Hit(
                # The core ranks exact references first; keep its order on ties.
                max(score, 0.5) - position / 1000,
                highlighted(matcher, label),
                partial(app.open_record, hit.ref),
                text=label,
                help=markup(help_text),
            )


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
                _("key {key}").format(key=key),
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
