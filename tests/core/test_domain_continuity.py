"""Where a service stands, and when the day to start a successor is worth telling."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.continuity import (
    STATUS_ORDER,
    STATUS_PRIORITY,
    ContinuityStatus,
    act_by_matters,
    continuity_status,
)

ACT_BY_MATTERS = {
    ContinuityStatus.AT_RISK: True,  # the day has passed: late already
    ContinuityStatus.OK: True,  # covered now, the day ahead
    ContinuityStatus.UNCERTAIN: True,  # a known end still asks for a successor
    ContinuityStatus.GAP: False,  # uncovered already: the gap is the news
    ContinuityStatus.NOT_REQUIRED: False,  # nobody needs a successor on the day
}


@pytest.mark.parametrize(("status", "matters"), ACT_BY_MATTERS.items())
def test_the_day_to_act_by_matters_while_a_service_is_covered_or_running_out(
    status: ContinuityStatus, matters: bool
) -> None:
    assert act_by_matters(status) is matters
    assert act_by_matters(status.value) is matters


def test_every_continuity_status_says_whether_the_day_to_act_by_matters() -> None:
    assert set(ACT_BY_MATTERS) == set(ContinuityStatus)


D = date
AS_OF = D(2023, 1, 17)
GAP, AT_RISK, OK, NOT_REQUIRED, UNCERTAIN = (
    ContinuityStatus.GAP,
    ContinuityStatus.AT_RISK,
    ContinuityStatus.OK,
    ContinuityStatus.NOT_REQUIRED,
    ContinuityStatus.UNCERTAIN,
)


@pytest.mark.parametrize(
    ("required_from", "required_until", "covered", "act_by", "status"),
    [
        (D(2020, 1, 1), None, True, D(2023, 6, 1), OK),
        (D(2020, 1, 1), None, True, None, OK),  # covered to the required end
        (D(2020, 1, 1), None, True, AS_OF, OK),  # the last day to act is today
        (D(2020, 1, 1), None, True, D(2023, 1, 16), AT_RISK),
        (D(2020, 1, 1), None, False, D(2022, 6, 1), GAP),
        (D(2020, 1, 1), D(2022, 12, 31), False, D(2022, 6, 1), NOT_REQUIRED),
        (D(2023, 1, 17), None, False, D(2022, 7, 19), GAP),  # required from today
        (D(2023, 12, 31), None, False, D(2023, 7, 3), NOT_REQUIRED),
        (D(2023, 12, 31), None, False, None, NOT_REQUIRED),
        # not yet required, but its first procedure should have started
        (D(2023, 6, 1), None, False, D(2022, 12, 2), AT_RISK),
    ],
)
def test_a_service_is_in_a_gap_uncovered_on_a_required_day_and_at_risk_once_the_day_to_act_passed(
    required_from: date,
    required_until: date | None,
    covered: bool,
    act_by: date | None,
    status: ContinuityStatus,
) -> None:
    assert (
        continuity_status(
            as_of=AS_OF,
            required_from=required_from,
            required_until=required_until,
            covered=covered,
            act_by=act_by,
        )
        is status
    )


@pytest.mark.parametrize(
    ("required_from", "required_until", "covered", "uncertain", "act_by", "status"),
    [
        # a day a contract known by one end may cover is neither covered nor a gap
        (D(2020, 1, 1), None, False, True, D(2023, 6, 1), UNCERTAIN),
        (D(2020, 1, 1), None, False, True, None, UNCERTAIN),
        # known coverage wins over an uncertain stretch on the same day
        (D(2020, 1, 1), None, True, True, D(2023, 6, 1), OK),
        # a passed day to act makes the coming gap certain
        (D(2020, 1, 1), None, False, True, D(2023, 1, 16), AT_RISK),
        # outside the window nothing is asked, uncertain or not
        (D(2020, 1, 1), D(2022, 12, 31), False, True, None, NOT_REQUIRED),
        (D(2023, 12, 31), None, False, True, D(2023, 7, 3), NOT_REQUIRED),
        (D(2020, 1, 1), None, False, False, None, GAP),
    ],
)
def test_a_day_only_a_half_known_contract_may_cover_is_uncertain(
    required_from: date,
    required_until: date | None,
    covered: bool,
    uncertain: bool,
    act_by: date | None,
    status: ContinuityStatus,
) -> None:
    assert (
        continuity_status(
            as_of=AS_OF,
            required_from=required_from,
            required_until=required_until,
            covered=covered,
            act_by=act_by,
            uncertain=uncertain,
        )
        is status
    )


def test_every_status_has_one_priority_and_one_place_in_the_order() -> None:
    assert set(STATUS_PRIORITY) == set(ContinuityStatus)
    assert len(STATUS_PRIORITY) == len(ContinuityStatus)
    assert sorted(STATUS_ORDER, key=STATUS_ORDER.__getitem__) == [
        "gap",
        "at_risk",
        "uncertain",
        "ok",
        "not_required",
    ]
