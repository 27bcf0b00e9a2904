"""Administrative acts as people cite them: "Determina dirigenziale n. 12 del
03/02/2023: affidamento del servizio"."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from tracker.formatting import Formatter
from tracker.i18n import _
from tracker.vocabulary import term


class CitedAct(Protocol):
    """What a citation needs of an act (an ``ActRow`` has it)."""

    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> str | None: ...
    @property
    def adopted_on(self) -> date | None: ...
    @property
    def subject(self) -> str: ...


def act_citation(act: CitedAct, fmt: Formatter) -> str:
    """An act as people cite it, saying so when its number or date is not known."""
    if act.number is None and act.adopted_on is None:
        return _("{kind} (number and date not stated): {subject}").format(
            kind=term(act.kind), subject=act.subject
        )
    return _("{kind} n. {number} of {day}: {subject}").format(
        kind=term(act.kind),
        number=act.number or _("not stated"),
        day=fmt.day(act.adopted_on, missing=_("not stated")),
        subject=act.subject,
    )


def act_name(kind: str, number: str | None) -> str:
    """An act's kind and number, "Determina dirigenziale n. 12", saying so when
    the number is not known."""
    if number is None:
        return _("{kind} (number not stated)").format(kind=term(kind))
    return _("{kind} n. {number}").format(kind=term(kind), number=number)
