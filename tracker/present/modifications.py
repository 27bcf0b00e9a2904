"""What an option or a modification states beyond its kind, state and period, in
words: the day it was decided, its legal basis or rationale, and an end not
stated (a proroga tecnica published without one)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from tracker.domain.kinds import OptionKind
from tracker.formatting import Formatter
from tracker.i18n import _


class StatedOption(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def end(self) -> date | None: ...

    @property
    def decided_on(self) -> date | None: ...

    @property
    def basis(self) -> str | None: ...


def option_facts(
    option: StatedOption, fmt: Formatter, *, decided_on: bool = True
) -> list[tuple[str, str]]:
    """(label, value) pairs, only for what the option states: nothing for an
    option with none of them, so its lines read as they always did (``decided_on``
    False leaves out the day, for a table that has it as a column)."""
    facts: list[tuple[str, str]] = []
    if option.kind == OptionKind.PROROGA_TECNICA and option.end is None:
        facts.append((_("End"), _("not stated: it extends nothing until it is known")))
    if decided_on and option.decided_on is not None:
        facts.append((_("Decided on"), fmt.day(option.decided_on)))
    if option.basis:
        facts.append((_("Basis"), option.basis))
    return facts
