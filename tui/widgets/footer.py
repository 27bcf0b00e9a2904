"""The footer: the keys of the screen shown, the ones that matter first, in the
active language.

Bindings are declared once per class with English message ids (``N_("Back")``);
this footer translates them when it draws, so switching the language in the app
relabels every key without rebuilding the binding tables.

At 80 columns not every key fits. The footer puts first the keys of the widget in
use, then the screen's own (a tender's "Dossier" before the "Edit" every record
has), then the app's; it shows as many as fit, in that order, and always ``?``,
which lists them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tracker.i18n import _

HELP_ACTION = "help"
"""The key that lists every key: always in the footer."""
KEY_PADDING = 3
"""Cells a key takes beyond its key and description (a blank around the key,
one after the description)."""


@dataclass(frozen=True)
class ShownKey:
    binding: Binding
    description: str
    enabled: bool
    tooltip: str
    rank: tuple[int, int]
    """Lower first: (where the key is declared, its place there)."""


def _screen_rank(screen: Screen[object], binding: Binding) -> int:
    """How specific the class that declares ``binding`` is: 0 for the screen's
    own class, 1 for its parent..."""
    for depth, cls in enumerate(type(screen).__mro__):
        for declared in cls.__dict__.get("BINDINGS", ()):
            if isinstance(declared, Binding) and declared.action == binding.action:
                return depth
    return len(type(screen).__mro__)


def _rank(node: DOMNode, screen: Screen[object], binding: Binding) -> int:
    if isinstance(node, App):
        return 1000
    if node is screen:
        return 100 + _screen_rank(screen, binding)
    return 0  # the widget in use: its keys act on what the cursor is on


def fitted(keys: list[ShownKey], room: int) -> list[ShownKey]:
    """The keys that fit in ``room`` cells, most important first, ``?`` kept."""
    ordered = sorted(keys, key=lambda key: key.rank)
    helps = [k for k in ordered if k.binding.action == HELP_ACTION]
    left = room - sum(_width(k) for k in helps)
    shown: list[ShownKey] = []
    for key in ordered:
        if key in helps:
            continue
        if _width(key) > left:
            break
        shown.append(key)
        left -= _width(key)
    if helps:
        # "?" goes after the keys of the screen, before the app's other keys.
        at = next(
            (i for i, k in enumerate(shown) if k.rank > helps[0].rank), len(shown)
        )
        shown[at:at] = helps
    return shown


def _look(keys: list[ShownKey]) -> tuple[tuple[str, str, str, bool, str], ...]:
    """What ``keys`` show, in their order."""
    return tuple(
        (
            k.binding.key_display or k.binding.key,
            k.description,
            k.binding.action,
            k.enabled,
            k.tooltip,
        )
        for k in keys
    )


def _width(key: ShownKey) -> int:
    return cell_len(key.binding.key_display or key.binding.key) + (
        cell_len(key.description) + KEY_PADDING
    )


class TranslatedFooter(Footer):
    _drawn: tuple[tuple[str, str, str, bool, str], ...] | None = None
    """What the keys composed show, to tell whether a change of the screen's
    bindings changes the footer."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys, palette = self._shown()
        self._drawn = _look(keys + palette)
        for key in keys:
            yield self._key(key, self.compact).data_bind(compact=Footer.compact)
        for key in palette:
            # Textual's own footer leaves the palette's key compact
            yield self._key(key, True, classes="-command-palette")

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Textual's footer, rebuilt only when what it shows changes: the
        bindings change with every move of the focus, and a rebuilt footer
        restyles every key (tens of milliseconds of the app's start-up and of
        each screen opened)."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        keys, palette = self._shown()
        if _look(keys + palette) != self._drawn:
            await self.recompose()

    def _shown(self) -> tuple[list[ShownKey], list[ShownKey]]:
        """The keys that fit, in their order, and the palette's key."""
        screen = self.screen
        keys: list[ShownKey] = []
        seen: set[str] = set()
        for place, (node, binding, enabled, tooltip) in enumerate(
            screen.active_bindings.values()
        ):
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = Binding(
                binding.key,
                binding.action,
                binding.description,
                key_display=self.app.get_key_display(binding),
            )
            keys.append(
                ShownKey(
                    shown,
                    _(binding.description),
                    enabled,
                    tooltip,
                    (_rank(node, screen, binding), place),
                )
            )
        palette = list(self._palette_key())
        room = self.app.size.width - sum(map(_width, palette))
        return fitted(keys, room), palette

    @staticmethod
    def _key(key: ShownKey, compact: bool, classes: str = "") -> FooterKey:
        """The key's widget, made ``compact`` or not from the start: made
        compact, then set to the footer's style once mounted, it would be styled
        twice more (every key, again whenever the screen's keys change: a good
        part of the app's start-up)."""
        widget = FooterKey(
            key.binding.key,
            key.binding.key_display or key.binding.key,
            key.description,
            key.binding.action,
            classes=classes,
            disabled=not key.enabled,
            tooltip=key.tooltip,
        )
        widget.set_reactive(FooterKey.compact, compact)
        widget.set_class(compact, "-compact", update=False)
        return widget

    def _palette_key(self) -> Iterator[ShownKey]:
        """The palette's key, docked at the right edge, if the screen has it."""
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None:
            return
        binding = active.binding
        yield ShownKey(
            Binding(
                binding.key,
                binding.action,
                binding.description,
                key_display=self.app.get_key_display(binding),
            ),
            _(binding.description),
            active.enabled,
            binding.tooltip or binding.description,
            (0, 0),
        )

    def on_resize(self) -> None:
        self.call_after_refresh(self.recompose)
