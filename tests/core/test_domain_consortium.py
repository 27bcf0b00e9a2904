"""Unit tests for tracker.domain.consortium: what is refused (shares all given not
adding up to 100, one organisation twice) and what is only told (no lead, two leads,
shares partly unknown)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.domain.consortium import (
    ConsortiumKind,
    GroupIssue,
    MemberRole,
    MemberShare,
    check_members,
    group_issues,
    mandataria_holds_largest_share,
)
from tracker.errors import ValidationError


def lead(organisation: str, share: str | None = None) -> MemberShare:
    """A mandataria with an optional share written as a string."""
    return MemberShare(
        organisation, MemberRole.MANDATARIA, None if share is None else Decimal(share)
    )


def member(organisation: str, share: str | None = None) -> MemberShare:
    """A mandante with an optional share written as a string."""
    return MemberShare(
        organisation, MemberRole.MANDANTE, None if share is None else Decimal(share)
    )


def role(organisation: str, role: str, share: str | None = None) -> MemberShare:
    """A member in any role, by its stored text."""
    return MemberShare(
        organisation, MemberRole(role), None if share is None else Decimal(share)
    )


# --- check_members: accepted ----------------------------------------------------


@pytest.mark.parametrize(
    "members",
    [
        pytest.param([lead("Coop A"), member("Coop B")], id="two-shares-unknown"),
        pytest.param(
            [lead("Coop A"), member("Coop B"), member("Coop C")],
            id="three-shares-unknown",
        ),
        pytest.param([lead("Coop A", "60"), member("Coop B", "40")], id="60-40"),
        pytest.param(
            [member("Coop B", "40"), lead("Coop A", "60")], id="mandataria-listed-last"
        ),
        pytest.param(
            [lead("Coop A", "33.34"), member("Coop B", "33.33"), member("C", "33.33")],
            id="thirds-with-decimals",
        ),
        pytest.param(
            [lead("Coop A", "50.5"), member("Coop B", "49.50")], id="mixed-places"
        ),
        pytest.param([lead("Coop A", "1"), member("Coop B", "99")], id="small-lead"),
        pytest.param(
            (lead("Coop A", "50"), member("Coop B", "50")), id="tuple-of-members"
        ),
        pytest.param([member("Coop A"), member("Coop B")], id="no-lead-is-told"),
        pytest.param([lead("Coop A"), lead("Coop B")], id="two-leads-are-told"),
        pytest.param(
            [role("A", "unstated"), role("B", "unstated")], id="roles-unstated"
        ),
        pytest.param(
            [role("A", "capogruppo", "70"), role("B", "associata", "30")],
            id="capogruppo-and-associata",
        ),
        pytest.param([lead("Coop A", "60"), member("Coop B")], id="one-share-unknown"),
        pytest.param(
            [lead("Coop A"), member("Coop B", "40"), member("Coop C", "59.99")],
            id="stated-shares-leave-0.01",
        ),
    ],
)
def test_check_members_accepts_valid_consortia(members: list[MemberShare]) -> None:
    check_members(members)


# --- check_members: refused -----------------------------------------------------

AT_LEAST_TWO = "a consortium has at least two members"
LISTED_TWICE = "the same organisation is listed twice"
NOTHING_LEFT = "the stated shares leave nothing to the members whose share is unknown"
SHARE_RANGE = "a share is a percentage above 0 and at most 100"
ADD_UP = "the shares must add up to 100"


@pytest.mark.parametrize(
    ("members", "field", "value", "reason"),
    [
        pytest.param([], "members", 0, AT_LEAST_TWO, id="no-members"),
        pytest.param([lead("Coop A")], "members", 1, AT_LEAST_TWO, id="one-member"),
        pytest.param(
            [lead("Coop A", "100")], "members", 1, AT_LEAST_TWO, id="one-member-100"
        ),
        pytest.param(
            [lead("Coop A"), member("Coop A")],
            "members",
            "Coop A",
            LISTED_TWICE,
            id="duplicate-organisation",
        ),
        pytest.param(
            [lead("Coop A"), member("Coop B"), member("Coop B")],
            "members",
            "Coop B",
            LISTED_TWICE,
            id="duplicate-mandante",
        ),
        pytest.param(
            [lead("Coop A", "60"), member("Coop B", "40"), member("Coop C")],
            "members.share",
            "100",
            NOTHING_LEFT,
            id="stated-shares-already-100",
        ),
        pytest.param(
            [lead("Coop A"), member("Coop B", "70"), member("Coop C", "45")],
            "members.share",
            "115",
            NOTHING_LEFT,
            id="stated-shares-above-100",
        ),
        pytest.param(
            [lead("Coop A"), member("Coop B", "0")],
            "members[Coop B].share",
            "0",
            SHARE_RANGE,
            id="zero-share-among-unknown",
        ),
        pytest.param(
            [lead("Coop A", "60"), member("Coop B", "35")],
            "members.share",
            "95",
            ADD_UP,
            id="shares-add-up-to-95",
        ),
        pytest.param(
            [lead("Coop A", "47.50"), member("Coop B", "47.50")],
            "members.share",
            "95",
            ADD_UP,
            id="decimal-shares-add-up-to-95",
        ),
        pytest.param(
            [lead("Coop A", "33.33"), member("Coop B", "33.33"), member("C", "33.33")],
            "members.share",
            "99.99",
            ADD_UP,
            id="thirds-rounded-down",
        ),
        pytest.param(
            [lead("Coop A", "60"), member("Coop B", "60")],
            "members.share",
            "120",
            ADD_UP,
            id="shares-add-up-to-120",
        ),
        pytest.param(
            [lead("Coop A", "0"), member("Coop B", "100")],
            "members[Coop A].share",
            "0",
            SHARE_RANGE,
            id="zero-share",
        ),
        pytest.param(
            [lead("Coop A", "100.01"), member("Coop B", "1")],
            "members[Coop A].share",
            "100.01",
            SHARE_RANGE,
            id="share-above-100",
        ),
        pytest.param(
            [lead("Coop A", "110"), member("Coop B", "-10")],
            "members[Coop A].share",
            "110",
            SHARE_RANGE,
            id="first-bad-share-reported",
        ),
        pytest.param(
            [member("Coop B", "-10"), lead("Coop A", "110")],
            "members[Coop B].share",
            "-10",
            SHARE_RANGE,
            id="negative-share",
        ),
    ],
)
def test_check_members_refuses_naming_field_and_value(
    members: list[MemberShare], field: str, value: object, reason: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_members(members)

    error = excinfo.value
    assert error.field == field
    assert error.value == value
    assert error.reason == reason


def test_check_members_places_errors_under_the_given_field() -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_members(
            [lead("Coop A", "60"), member("Coop B", "35")], field="contracts[1].members"
        )

    error = excinfo.value
    assert error.field == "contracts[1].members.share"
    assert str(error) == (
        "contracts[1].members.share: the shares must add up to 100 (value: '95')"
    )


# --- mandataria_holds_largest_share ---------------------------------------------


@pytest.mark.parametrize(
    ("members", "holds"),
    [
        pytest.param([lead("A", "60"), member("B", "40")], True, id="60-40"),
        pytest.param([lead("A", "40"), member("B", "60")], False, id="40-60"),
        pytest.param([lead("A", "50"), member("B", "50")], True, id="tie"),
        pytest.param(
            [member("B", "33.33"), lead("A", "33.34"), member("C", "33.33")],
            True,
            id="thirds-lead-largest",
        ),
        pytest.param(
            [lead("A", "33.33"), member("B", "33.34"), member("C", "33.33")],
            False,
            id="thirds-mandante-largest",
        ),
        pytest.param(
            [lead("A", "40"), member("B", "30"), member("C", "30")],
            True,
            id="largest-without-majority",
        ),
        pytest.param(
            [lead("A", "30"), member("B", "30"), member("C", "40")],
            False,
            id="last-mandante-largest",
        ),
        pytest.param([lead("A"), member("B")], True, id="all-unknown"),
        pytest.param([lead("A"), member("B", "90")], True, id="lead-share-unknown"),
        pytest.param(
            [lead("A", "40"), member("B"), member("C", "30")],
            True,
            id="some-mandante-unknown-smaller",
        ),
        pytest.param(
            [lead("A", "30"), member("B"), member("C", "40")],
            False,
            id="some-mandante-unknown-larger",
        ),
        pytest.param([member("A", "60"), member("B", "40")], True, id="no-mandataria"),
        pytest.param(
            [role("A", "capogruppo", "30"), member("B", "70")],
            False,
            id="capogruppo-smaller",
        ),
        pytest.param(
            [role("A", "capogruppo", "70"), role("B", "associata", "30")],
            True,
            id="capogruppo-larger",
        ),
        pytest.param(
            [lead("A", "20"), role("B", "capogruppo", "30"), member("C", "50")],
            True,
            id="two-leads-nothing-to-compare",
        ),
        pytest.param([], True, id="no-members"),
    ],
)
def test_mandataria_holds_largest_share(
    members: list[MemberShare], holds: bool
) -> None:
    assert mandataria_holds_largest_share(members) is holds


# --- group_issues: told, not refused --------------------------------------------

NO_LEAD, SEVERAL, UNKNOWN = (
    GroupIssue.NO_LEAD,
    GroupIssue.SEVERAL_LEADS,
    GroupIssue.SHARES_UNKNOWN,
)


@pytest.mark.parametrize(
    ("members", "kind", "issues"),
    [
        pytest.param([lead("A", "60"), member("B", "40")], None, [], id="complete"),
        pytest.param([lead("A"), member("B")], None, [], id="shares-all-unknown"),
        pytest.param(
            [role("A", "capogruppo"), role("B", "mandante")], None, [], id="capogruppo"
        ),
        pytest.param([member("A"), member("B")], None, [NO_LEAD], id="no-lead"),
        pytest.param(
            [role("A", "unstated"), role("B", "unstated")],
            ConsortiumKind.RTI,
            [NO_LEAD],
            id="roles-unstated",
        ),
        pytest.param(
            [role("A", "consorziata"), role("B", "consorziata")],
            ConsortiumKind.CONSORZIO,
            [],
            id="consorzio-has-no-lead",
        ),
        pytest.param(
            [role("A", "consorziata"), role("B", "consorziata")],
            ConsortiumKind.ATI,
            [NO_LEAD],
            id="ati-of-consorziate",
        ),
        pytest.param(
            [lead("A"), role("B", "capogruppo")], None, [SEVERAL], id="two-leads"
        ),
        pytest.param(
            [lead("A", "60"), member("B")], None, [UNKNOWN], id="one-share-unknown"
        ),
        pytest.param(
            [member("A", "60"), member("B"), member("C")],
            None,
            [NO_LEAD, UNKNOWN],
            id="no-lead-and-shares-unknown",
        ),
    ],
)
def test_group_issues(
    members: list[MemberShare], kind: ConsortiumKind | None, issues: list[GroupIssue]
) -> None:
    assert group_issues(members, kind) == issues


@pytest.mark.parametrize(
    ("text", "leads"),
    [
        ("mandataria", True),
        ("capogruppo", True),
        ("mandante", False),
        ("associata", False),
        ("consorziata", False),
        ("unstated", False),
    ],
)
def test_which_roles_lead(text: str, leads: bool) -> None:
    assert MemberRole(text).leads is leads


# --- enums ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role"),
    [
        pytest.param("mandataria", MemberRole.MANDATARIA, id="mandataria"),
        pytest.param("mandante", MemberRole.MANDANTE, id="mandante"),
    ],
)
def test_member_role_reads_from_its_stored_text(text: str, role: MemberRole) -> None:
    assert MemberRole(text) is role


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("ATI", ConsortiumKind.ATI, id="ati"),
        pytest.param("RTI", ConsortiumKind.RTI, id="rti"),
        pytest.param("consorzio", ConsortiumKind.CONSORZIO, id="consorzio"),
        pytest.param("other", ConsortiumKind.OTHER, id="other"),
    ],
)
def test_consortium_kind_reads_from_its_stored_text(
    text: str, kind: ConsortiumKind
) -> None:
    assert ConsortiumKind(text) is kind
