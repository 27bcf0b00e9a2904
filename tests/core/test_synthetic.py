"""The synthetic generator: exact size, reproducible, and data the rules accept."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from sqlmodel import Session, select

from tests.conftest import fixed_clock
from tracker import models
from tracker.api import Tracker
from tracker.cli import main
from tracker.dataset import dataset_json, parse_dataset
from tracker.domain.alerts import AlertKind
from tracker.domain.consortium import HUNDRED
from tracker.domain.identifiers import check_cig, check_partita_iva
from tracker.errors import TrackerError


def test_generates_exactly_the_contracts_asked(tracker: Tracker) -> None:
    summary = tracker.generate(contracts=137, seed=7)
    assert summary.counts["contract"] == 137
    assert len(tracker.list_contracts()) == 137


def test_same_seed_same_database(
    tracker: Tracker, db_url_factory: Callable[[], str]
) -> None:
    tracker.generate(contracts=60, seed=3)
    # the dump carries the history: the same person generated both
    other = Tracker.open(db_url_factory(), clock=fixed_clock, actor="test-rup")
    try:
        other.generate(contracts=60, seed=3)
        assert dataset_json(other.dump_dataset()) == dataset_json(
            tracker.dump_dataset()
        )
        different = Tracker.open(db_url_factory(), clock=fixed_clock)
        try:
            different.generate(contracts=60, seed=4)
            assert dataset_json(different.dump_dataset()) != dataset_json(
                tracker.dump_dataset()
            )
        finally:
            different.close()
    finally:
        other.close()


def test_generated_data_passes_the_rules_of_hand_entered_data(
    tracker: Tracker, db_url_factory: Callable[[], str]
) -> None:
    """Dump the synthetic data and load it through the checking loader."""
    tracker.generate(contracts=200, seed=11)
    dumped = dataset_json(tracker.dump_dataset())
    again = Tracker.open(db_url_factory(), clock=fixed_clock)
    try:
        again.load_dataset(parse_dataset(dumped))
        assert len(again.list_contracts()) == 200
    finally:
        again.close()
    for organisation in tracker.list_organisations():
        assert organisation.partita_iva is not None
        check_partita_iva(organisation.partita_iva)
    for contract in tracker.list_contracts():
        assert contract.cig is not None
        check_cig(contract.cig)
        if contract.supplier and contract.supplier.members:
            shares = [m.share for m in contract.supplier.members]
            assert sum(s for s in shares if s is not None) == HUNDRED


def test_the_engine_finds_gaps_and_overlaps_in_it(tracker: Tracker) -> None:
    tracker.generate(contracts=500, seed=1)
    kinds = {a.kind for a in tracker.alerts(date(2025, 6, 1))}
    assert {AlertKind.CONTINUITY_GAP, AlertKind.OVERLAP, AlertKind.PLANNED_GAP} <= kinds


def test_history_records_the_generation(tracker: Tracker) -> None:
    tracker.generate(contracts=10, seed=2)
    with Session(tracker.engine) as session:
        [change] = session.exec(select(models.Change)).all()
    assert change.action == "generate"
    assert json.loads(change.changes)["rows"]["contract"] == 10


def test_refuses_a_database_that_has_contracts(milan: Tracker) -> None:
    with pytest.raises(TrackerError, match="already holds 11 contracts"):
        milan.generate(contracts=10, seed=1)


def test_generate_command(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_url, "generate", "--contracts", "25", "--seed", "5"]) == 0
    assert "Generated 25 contracts" in capsys.readouterr().out
    assert main(["--db", db_url, "generate", "--contracts", "25"]) == 1
    assert "already holds 25 contracts" in capsys.readouterr().err
