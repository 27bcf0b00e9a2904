"""A dump (a dataset with its history) is restored as plain rows, a plain dataset
through the models: both are checked by the same services, so a bad value is
refused with the same words either way, and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import fixed_clock
from tracker.api import Tracker
from tracker.dataset import dataset_json, parse_dataset
from tracker.errors import TrackerError

Mutation = Callable[[dict[str, Any]], None]


def _contract(data: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(c for c in data["contracts"] if c["ref"] == ref)


def _tender(data: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(t for t in data["tenders"] if t["ref"] == ref)


def _ref_taken(data: dict[str, Any]) -> None:
    data["contracts"][1]["ref"] = data["contracts"][0]["ref"]


def _no_such_lot(data: dict[str, Any]) -> None:
    _contract(data, "LOR-2019-C1")["lot"] = "NO-SUCH-LOT"


def _lot_numbers_twice(data: dict[str, Any]) -> None:
    lots = _tender(data, "LDQ-2016")["lots"]
    lots[1]["number"] = lots[0]["number"]


def _service_twice(data: dict[str, Any]) -> None:
    lot = _tender(data, "LDQ-2016")["lots"][0]
    lot["services"] = lot["services"] * 2


def _no_staff(data: dict[str, Any]) -> None:
    _contract(data, "CDQ-2006-MAZZINI")["staffing"][0]["count"] = 0


def _option_too_early(data: dict[str, Any]) -> None:
    _contract(data, "LOR-2019-C1")["options"][0]["start"] = "2022-06-20"


def _tender_not_awarded(data: dict[str, Any]) -> None:
    _tender(data, "LOR-2019")["status"] = "planned"


def _member_twice(data: dict[str, Any]) -> None:
    members = data["consortia"][0]["members"]
    members.append(dict(members[1]))


def _unknown_funded(data: dict[str, Any]) -> None:
    data["allocations"][0]["funds"] = "NO-SUCH-CONTRACT"


def _staff_in_house(data: dict[str, Any]) -> None:
    data["in_house_periods"][0]["staffing"][0]["count"] = 0


MUTATIONS: list[Mutation] = [
    _ref_taken,
    _no_such_lot,
    _lot_numbers_twice,
    _service_twice,
    _no_staff,
    _option_too_early,
    _tender_not_awarded,
    _member_twice,
    _unknown_funded,
    _staff_in_house,
]


@pytest.fixture
def milan_dump(milan: Tracker) -> dict[str, Any]:
    """The Milan dataset as dumped: its records and its history."""
    data: dict[str, Any] = json.loads(dataset_json(milan.dump_dataset()))
    assert data["history"]
    return data


def _refusal(url: str, data: dict[str, Any]) -> str:
    """The message a load of ``data`` into a new database gives; the database is
    left with no record."""
    tracker = Tracker.open(url, clock=fixed_clock, actor="restorer")
    try:
        with pytest.raises(TrackerError) as refused:
            tracker.load_dataset(parse_dataset(json.dumps(data)))
        left = json.loads(dataset_json(tracker.dump_dataset()))
        assert set(left) <= {"format", "version"}, left.keys()
        return str(refused.value)
    finally:
        tracker.close()


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda m: m.__name__.strip("_"))
def test_a_dump_and_a_plain_dataset_are_refused_alike(
    milan_dump: dict[str, Any],
    db_url_factory: Callable[[], str],
    mutate: Mutation,
) -> None:
    with_history = json.loads(json.dumps(milan_dump))
    mutate(with_history)
    plain = {k: v for k, v in with_history.items() if k != "history"}
    message = _refusal(db_url_factory(), plain)
    assert _refusal(db_url_factory(), with_history) == message


def test_a_dump_restored_as_rows_is_the_database_loaded_through_the_models(
    milan: Tracker, milan_dump: dict[str, Any], db_url_factory: Callable[[], str]
) -> None:
    restored = Tracker.open(db_url_factory(), clock=fixed_clock, actor="restorer")
    try:
        restored.load_dataset(parse_dataset(json.dumps(milan_dump)))
        assert dataset_json(restored.dump_dataset()) == dataset_json(
            milan.dump_dataset()
        )
        draft = restored.draft_of("LOR-2019-C1")
        assert draft is not None
        assert draft.ref == "LOR-2019-C1"
    finally:
        restored.close()
