"""Rules for ATI/RTI consortia as published: roles from the L.190/2012 codes or none,
shares that add up to 100 when all are given, a lead stated or missing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from fractions import Fraction

from tracker.domain.money import from_cents, to_cents
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

    @property
    def leads(self) -> bool:
        """Whether a member in this role represents the group: "capogruppo" is the
        usual word for the mandataria, and the datasets use both."""
        return self in LEAD_ROLES


LEAD_ROLES = (MemberRole.MANDATARIA, MemberRole.CAPOGRUPPO)
"""The roles that represent a group (the lead of a list, the one named first)."""


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


class GroupIssue(Enum):
    """What a published group may lack without being wrong: the record is kept and
    people are told (``tracker.domain.parties`` makes the findings)."""

    NO_LEAD = "no_lead"
    SEVERAL_LEADS = "several_leads"
    SHARES_UNKNOWN = "shares_unknown"


def check_members(members: Sequence[MemberShare], *, field: str = "members") -> None:
    """Refuse what cannot be true: fewer than two members, one organisation twice, a
    share outside (0, 100], shares all given that do not add up to 100, or stated
    shares that leave nothing to the members whose share is unknown.

    A missing or doubled lead and unknown shares are what sources publish; they are
    told by ``group_issues``, not refused.
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
    for member in members:
        if member.share is not None and not Decimal(0) < member.share <= HUNDRED:
            raise ValidationError(
                f"{field}[{member.organisation}].share",
                str(member.share),
                N_("a share is a percentage above 0 and at most 100"),
            )
    known = [m.share for m in members if m.share is not None]
    if not known:
        return
    total = sum(known, Decimal(0))
    if len(known) == len(members) and total != HUNDRED:
        raise ValidationError(
            f"{field}.share",
            f"{total.normalize():f}",
            N_("the shares must add up to 100"),
        )
    if len(known) < len(members) and total >= HUNDRED:
        raise ValidationError(
            f"{field}.share",
            f"{total.normalize():f}",
            N_("the stated shares leave nothing to the members whose share is unknown"),
        )


def leads(members: Sequence[MemberShare]) -> list[MemberShare]:
    """The members stated as mandataria or capogruppo, in their order."""
    return [m for m in members if m.role.leads]


def group_issues(
    members: Sequence[MemberShare], kind: ConsortiumKind | None = None
) -> list[GroupIssue]:
    """What a group that passed ``check_members`` leaves unstated or doubled.

    A consorzio acts in its own name, so its consorziate have no lead to miss. Two
    leads are told, not refused: real data has them, and which one is the
    mandataria is a question for the source. Shares all unknown are not an issue
    here: that is how ANAC publishes every group, and the record says "not stated".
    """
    issues: list[GroupIssue] = []
    count = len(leads(members))
    if count == 0 and kind is not ConsortiumKind.CONSORZIO:
        issues.append(GroupIssue.NO_LEAD)
    elif count > 1:
        issues.append(GroupIssue.SEVERAL_LEADS)
    known = sum(1 for m in members if m.share is not None)
    if 0 < known < len(members):
        issues.append(GroupIssue.SHARES_UNKNOWN)
    return issues


def mandataria_holds_largest_share(members: Sequence[MemberShare]) -> bool:
    """Whether the lead's share is at least every other member's (True when there is
    no single lead or its share is unknown: nothing to compare)."""
    stated = leads(members)
    if len(stated) != 1 or stated[0].share is None:
        return True
    share = stated[0].share
    return all(m.share is None or m.share <= share for m in members)


def member_parts(
    total: Decimal, shares: Sequence[Decimal | None]
) -> list[Decimal] | None:
    """Each member's part of ``total`` by its percentage share, in whole cents that
    add up to ``total`` exactly; None when a share is unknown or the shares do not
    add up to 100 (a part would then be a guess).

    Rounding each part on its own can print parts one cent above or below the
    total beside them; the largest-remainder method rounds every part down and
    gives the cents left over, one each, to the parts that lost most, the earlier
    member first on a tie (the list's order: the lead comes first).
    """
    known = [s for s in shares if s is not None]
    if not known or len(known) < len(shares) or sum(known, Decimal(0)) != HUNDRED:
        return None
    cents = to_cents(total)
    exact = [Fraction(cents) * Fraction(share) / 100 for share in known]
    parts = [int(x) for x in exact]
    left_over = cents - sum(parts)
    # sorted() is stable: on equal remainders the earlier member comes first
    order = sorted(range(len(exact)), key=lambda i: parts[i] - exact[i])
    for i in order[:left_over]:
        parts[i] += 1
    return [from_cents(p) for p in parts]
