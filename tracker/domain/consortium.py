"""Rules for ATI/RTI consortia: one mandataria, shares that add up to 100."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tracker.errors import N_, ValidationError

HUNDRED = Decimal(100)


class MemberRole(StrEnum):
    """Role of a member in a grouping of firms, as the L.190/2012 datasets publish
    it (codes 01-05), or not stated (ANAC's OCDS lists members without roles)."""

    MANDATARIA = "mandataria"
    MANDANTE = "mandante"
    ASSOCIATA = "associata"
    CAPOGRUPPO = "capogruppo"
    CONSORZIATA = "consorziata"
    UNSTATED = "unstated"


class ConsortiumKind(StrEnum):
    """Kinds of grouping of economic operators."""

    ATI = "ATI"
    RTI = "RTI"
    CONSORZIO = "consorzio"
    OTHER = "other"


@dataclass(frozen=True)
class MemberShare:
    """A member as the consortium rules see it."""

    organisation: str
    role: MemberRole
    share: Decimal | None


def check_members(members: Sequence[MemberShare], *, field: str = "members") -> None:
    """Raise unless there is one mandataria and the shares are all given and sum to 100.

    Shares may all be left unknown (the source does not state them); a partial set is
    an error because the missing ones could not be told apart from zero.
    """
    if len(members) < 2:
        raise ValidationError(
            field, len(members), N_("a consortium has at least two members")
        )
    seen: set[str] = set()
    for member in members:
        if member.organisation in seen:
            raise ValidationError(
                field, member.organisation, N_("the same organisation is listed twice")
            )
        seen.add(member.organisation)
    leads = [m.organisation for m in members if m.role is MemberRole.MANDATARIA]
    if len(leads) != 1:
        raise ValidationError(
            f"{field}.role",
            ", ".join(leads) or "none",
            N_("a consortium has exactly one mandataria"),
        )
    shares = [m.share for m in members]
    if all(s is None for s in shares):
        return
    for member in members:
        if member.share is None:
            raise ValidationError(
                f"{field}[{member.organisation}].share",
                None,
                N_("give every member's share or none"),
            )
        if not Decimal(0) < member.share <= HUNDRED:
            raise ValidationError(
                f"{field}[{member.organisation}].share",
                str(member.share),
                N_("a share is a percentage above 0 and at most 100"),
            )
    total = sum((s for s in shares if s is not None), Decimal(0))
    if total != HUNDRED:
        raise ValidationError(
            f"{field}.share",
            f"{total.normalize():f}",
            N_("the shares must add up to 100"),
        )


def mandataria_holds_largest_share(members: Sequence[MemberShare]) -> bool:
    """Whether the mandataria's share is at least every mandante's (True if unknown)."""
    lead = next((m for m in members if m.role is MemberRole.MANDATARIA), None)
    if lead is None or lead.share is None:
        return True
    return all(m.share is None or m.share <= lead.share for m in members)
