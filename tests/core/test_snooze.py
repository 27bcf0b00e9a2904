"""Snoozing an alert: hidden up to and including a day, back the day after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from tests.conftest import COMMITTEE_DAY, NOW, fixed_clock
from tracker.api import Tracker
from tracker.dataset import dataset_json, parse_dataset
from tracker.drafts import SnoozeDraft, TenderDraft
from tracker.errors import NotFoundError, ValidationError

GAP = "LSL-LORENTEGGIO/continuity_gap"
UNTIL = date(2023, 1, 31)


def _keys(tracker: Tracker, as_of: date) -> set[str]:
    return {a.key for a in tracker.alerts(as_of)}


def test_a_snoozed_alert_is_hidden_through_its_day_and_back_the_day_after(
    milan: Tracker,
) -> None:
    assert GAP in _keys(milan, COMMITTEE_DAY)
    milan.snooze_alert(GAP, until=UNTIL)

    for day in (COMMITTEE_DAY, date(2023, 1, 20), UNTIL):
        findings = milan.findings(day)
        assert GAP not in {a.key for a in findings.alerts}, day
        assert findings.snoozed == 1
        # Only the alert is hidden: the engine still sees the gap
        [lor] = [c for c in findings.continuity if c.service == "LSL-LORENTEGGIO"]
        assert lor.status == "gap"
    back = milan.findings(UNTIL + timedelta(days=1))
    assert GAP in {a.key for a in back.alerts}
    assert back.snoozed == 0
    # Other alerts are untouched
    assert "LDQ-MAZZINI/continuity_risk" in _keys(milan, COMMITTEE_DAY)
    assert milan.snoozed_alerts() == [
        SnoozeDraft(key=GAP, until=UNTIL, at=NOW, actor="test-rup")
    ]


def test_a_tender_alert_is_snoozed_by_its_key(milan: Tracker) -> None:
    stale = "LDQ-2016/tender_stale"
    assert stale in _keys(milan, COMMITTEE_DAY)
    milan.snooze_alert(stale, until=COMMITTEE_DAY)
    assert stale not in _keys(milan, COMMITTEE_DAY)
    assert stale in _keys(milan, COMMITTEE_DAY + timedelta(days=1))


def test_snoozing_again_moves_the_day_and_unsnoozing_shows_it_now(
    milan: Tracker,
) -> None:
    milan.snooze_alert(GAP, until=UNTIL)
    milan.snooze_alert(GAP, until=date(2023, 3, 31))
    assert GAP not in _keys(milan, date(2023, 3, 31))
    assert [s.until for s in milan.snoozed_alerts()] == [date(2023, 3, 31)]
    milan.unsnooze_alert(GAP)
    assert GAP in _keys(milan, COMMITTEE_DAY)
    assert milan.snoozed_alerts() == []
    with pytest.raises(NotFoundError):
        milan.unsnooze_alert(GAP)


def test_a_snooze_ends_today_or_later_and_names_an_alert(milan: Tracker) -> None:
    before = dataset_json(milan.dump_dataset())
    with pytest.raises(ValidationError) as error:
        milan.snooze_alert(GAP, until=COMMITTEE_DAY - timedelta(days=1))
    assert (error.value.field, error.value.value) == ("until", date(2023, 1, 16))
    with pytest.raises(ValidationError) as error:
        milan.snooze_alert("NO-SUCH-REF/continuity_gap", until=UNTIL)
    assert error.value.field == "key"
    assert dataset_json(milan.dump_dataset()) == before


def test_snoozes_survive_a_dump_and_a_load(
    milan: Tracker, db_url_factory: Callable[[], str]
) -> None:
    milan.snooze_alert(GAP, until=UNTIL)
    first = dataset_json(milan.dump_dataset())
    [snooze] = parse_dataset(first).snoozes
    assert (snooze.key, snooze.until, snooze.actor, snooze.at) == (
        GAP,
        UNTIL,
        "test-rup",
        NOW,
    )
    other = Tracker.open(db_url_factory(), clock=fixed_clock, actor="someone-else")
    try:
        other.load_dataset(parse_dataset(first))
        assert dataset_json(other.dump_dataset()) == first
        assert GAP not in _keys(other, COMMITTEE_DAY)
    finally:
        other.close()


def test_a_snooze_follows_a_renamed_record_and_goes_with_a_deleted_one(
    milan: Tracker,
) -> None:
    milan.snooze_alert("LOR-2023/funding_pending", until=UNTIL)
    draft = milan.draft_of("LOR-2023")
    assert isinstance(draft, TenderDraft)
    milan.save_tender(
        draft.model_copy(update={"ref": "LOR-2023-BIS", "lots": []}),
        original="LOR-2023",
    )
    assert [s.key for s in milan.snoozed_alerts()] == ["LOR-2023-BIS/funding_pending"]
    assert "LOR-2023-BIS/funding_pending" not in _keys(milan, COMMITTEE_DAY)
    milan.delete("FIN-LOR-2023-RL")
    milan.delete("LOR-2023-BIS")
    assert milan.snoozed_alerts() == []


def test_documents_for_others_still_show_a_snoozed_alert(milan: Tracker) -> None:
    milan.snooze_alert("LOR-2023/funding_pending", until=date(2023, 3, 1))
    assert "LOR-2023/funding_pending" not in [a.key for a in milan.alerts()]
    dossier = milan.dossier("LOR-2023")
    assert "LOR-2023/funding_pending" in [a.key for a in dossier.alerts]
