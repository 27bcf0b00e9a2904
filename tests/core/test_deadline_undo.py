"""Done, reopened, acknowledged and back: every silencing of a deadline or an
alert can be undone, and the list of what is silenced says who did it and when."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import COMMITTEE_DAY, NOW
from tracker.api import Tracker
from tracker.domain.kinds import Recurrence
from tracker.drafts import DeadlineDraft
from tracker.errors import NotFoundError, ValidationError

D = date


def _monthly(tracker: Tracker) -> None:
    tracker.save_deadline(
        DeadlineDraft(
            ref="ANAC-MONTHLY",
            title="Monthly report to ANAC",
            due=D(2022, 11, 15),
            recurrence=Recurrence.MONTHLY,
        )
    )


def _overdue(tracker: Tracker, ref: str) -> list[str]:
    return [
        a.message
        for a in tracker.alerts(COMMITTEE_DAY)
        if a.ref == ref and a.kind.value == "deadline_overdue"
    ]


def test_a_recurring_deadline_is_done_through_its_current_occurrence(
    milan: Tracker,
) -> None:
    _monthly(milan)
    assert _overdue(milan, "ANAC-MONTHLY") == [
        "Monthly report to ANAC: overdue by 63 days. 3 occurrences not done."
    ]
    # on 17/01/2023 the current occurrence is the one of 15/01/2023
    assert milan.mark_deadline_done("ANAC-MONTHLY", as_of=COMMITTEE_DAY) == D(
        2023, 1, 15
    )
    assert _overdue(milan, "ANAC-MONTHLY") == []
    # again: the next one to come
    assert milan.mark_deadline_done("ANAC-MONTHLY", as_of=COMMITTEE_DAY) == D(
        2023, 2, 15
    )
    assert milan.reopen_deadline("ANAC-MONTHLY") == D(2023, 2, 15)
    assert milan.reopen_deadline("ANAC-MONTHLY") == D(2023, 1, 15)
    assert _overdue(milan, "ANAC-MONTHLY") == [
        "Monthly report to ANAC: overdue by 2 days."
    ]
    assert milan.deadline_view("ANAC-MONTHLY", COMMITTEE_DAY).done_through == D(
        2022, 12, 15
    )


def test_a_one_off_deadline_is_done_and_reopened(milan: Tracker) -> None:
    milan.save_deadline(
        DeadlineDraft(ref="DURC-LOR", title="Check the DURC", due=D(2023, 1, 10))
    )
    assert _overdue(milan, "DURC-LOR") == ["Check the DURC: overdue by 7 days."]
    assert milan.mark_deadline_done("DURC-LOR", as_of=COMMITTEE_DAY) is None
    assert milan.deadline_view("DURC-LOR").state == "done"
    assert _overdue(milan, "DURC-LOR") == []
    assert milan.reopen_deadline("DURC-LOR") is None
    assert milan.deadline_view("DURC-LOR").state == "open"
    with pytest.raises(ValidationError, match="this deadline is open"):
        milan.reopen_deadline("DURC-LOR")
    with pytest.raises(ValidationError, match="a derived deadline is done"):
        milan.reopen_deadline("LDQ-2016/start")


def test_what_is_silenced_is_listed_with_who_and_when_and_undone(
    milan: Tracker,
) -> None:
    gap = "LSL-LORENTEGGIO/continuity_gap"
    stale = "LDQ-2016/tender_stale"
    milan.snooze_alert(gap, until=D(2023, 1, 31))
    milan.acknowledge_deadline(stale)
    rows = milan.silenced(COMMITTEE_DAY)
    # the latest first (the clock stands still here: then by key)
    assert [(r.key, r.ref, r.snoozed, r.until, r.at, r.actor) for r in rows] == [
        (gap, "LSL-LORENTEGGIO", True, D(2023, 1, 31), NOW, "test-rup"),
        (stale, "LDQ-2016", False, None, NOW, "test-rup"),
    ]
    # a snooze that ended hides nothing: it is not listed
    assert [r.key for r in milan.silenced(D(2023, 2, 1))] == [stale]
    keys = {a.key for a in milan.alerts(COMMITTEE_DAY)}
    assert gap not in keys
    assert stale not in keys
    milan.unsnooze_alert(gap)
    milan.unacknowledge_deadline(stale)
    keys = {a.key for a in milan.alerts(COMMITTEE_DAY)}
    assert gap in keys
    assert stale in keys
    assert milan.silenced(COMMITTEE_DAY) == []
    with pytest.raises(NotFoundError):
        milan.unacknowledge_deadline(stale)


def test_a_stale_tender_answered_no_is_cancelled(milan: Tracker) -> None:
    milan.cancel_planned_tender("LDQ-2016")
    assert "LDQ-2016" not in {a.ref for a in milan.alerts(COMMITTEE_DAY)}
    with pytest.raises(ValidationError, match="only a proposed or planned tender"):
        milan.cancel_planned_tender("LDQ-2016")
