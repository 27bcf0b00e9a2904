"""A consortium's lead and shares in words, as its list shows them in the app and
on the command line: "Cooperativa A", "60% / 25% / 15%", or that they are not
stated."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from tracker.domain.consortium import ConsortiumKind, MemberRole
from tracker.formatting import Formatter
from tracker.i18n import _


class GroupMember(Protocol):
    """What the words need of a member (a ``MemberRow`` has it)."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def share(self) -> Decimal | None: ...


def lead_words(members: Sequence[GroupMember], kind: str | None = None) -> str:
    """The mandataria (or capogruppo) by name; both names when the source states
    two; that none is stated otherwise, except of a consorzio, which acts in its
    own name and has no lead to miss ("-")."""
    leads = [m.name for m in members if MemberRole(m.role).leads]
    if leads:
        return " / ".join(leads)
    if kind == ConsortiumKind.CONSORZIO:
        return "-"
    return _("no lead stated")


def shares_words(members: Sequence[GroupMember], fmt: Formatter) -> str:
    """The members' shares in their order, each unknown one said to be so; that
    none is stated when no member's is."""
    if all(m.share is None for m in members):
        return _("shares not stated")
    return " / ".join(fmt.percent(m.share, missing=_("not stated")) for m in members)
