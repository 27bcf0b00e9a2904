"""When the day to start a successor procedure is worth telling people."""

from __future__ import annotations

import pytest

from tracker.domain.continuity import ContinuityStatus, act_by_matters

ACT_BY_MATTERS = {
    ContinuityStatus.AT_RISK: True,  # the day has passed: late already
    ContinuityStatus.OK: True,  # covered now, the day ahead
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
