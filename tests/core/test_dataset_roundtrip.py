"""Load, dump, load again and dump again: the two dumps are identical."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
from sqlmodel import Session, select

from tests.conftest import MILAN, ROOT, fixed_clock
from tracker import models
from tracker.api import Tracker
from tracker.dataset import dataset_json, parse_dataset
from tracker.drafts import Dataset

DATASET_SCHEMA = ROOT / "schemas" / "dataset.schema.json"


def _validate(document: Any) -> None:
    schema = json.loads(DATASET_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)


def _facts(record: Any) -> Any:
    """A record's values, with lists of references compared as sets."""

    def norm(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            items = [norm(v) for v in value]
            return sorted(items) if all(isinstance(v, str) for v in items) else items
        return value

    return norm(record.model_dump(mode="json"))


def test_milan_dataset_follows_the_published_schema() -> None:
    _validate(json.loads(MILAN.read_text(encoding="utf-8")))


def test_dump_load_dump_is_identical(
    milan: Tracker, db_url_factory: Callable[[], str]
) -> None:
    first = dataset_json(milan.dump_dataset())
    _validate(json.loads(first))
    other = Tracker.open(db_url_factory(), clock=fixed_clock)
    try:
        other.load_dataset(parse_dataset(first))
        second = dataset_json(other.dump_dataset())
    finally:
        other.close()
    assert second == first


def test_dump_keeps_every_fact_of_the_source_file(milan: Tracker) -> None:
    """Every record and value of the Milan file comes back from the database.

    The only difference allowed: a contract that names a lot but no services covers
    the lot's services, and the dump states them.
    """
    source = json.loads(MILAN.read_text(encoding="utf-8"))
    lot_services = {
        lot["ref"]: lot.get("services", [])
        for t in source["tenders"]
        for lot in t["lots"]
    }
    for contract in source["contracts"]:
        if not contract.get("services") and contract.get("lot"):
            contract["services"] = lot_services[contract["lot"]]
    expected = parse_dataset(json.dumps(source))
    dumped = milan.dump_dataset()
    for collection in Dataset.model_fields:
        if collection in ("format", "version", "description", "history"):
            continue  # the history of loading it is the dump's own (see test_history)
        want = sorted((_facts(r) for r in getattr(expected, collection)), key=_key)
        got = [_facts(r) for r in getattr(dumped, collection)]
        assert sorted(got, key=_key) == want, collection


def _key(record: Any) -> str:
    return str(record.get("ref") or record.get("subject") or record)


def test_amounts_survive_storage_to_the_cent(tracker: Tracker) -> None:
    """Amounts that floats cannot hold (0.10 + 0.20, 12 digits) come back exact."""
    dataset = parse_dataset(
        json.dumps(
            {
                "format": "appalti-dataset",
                "version": 1,
                "contracts": [
                    {
                        "ref": "C-1",
                        "title": "Servizio",
                        "start": "2024-01-01",
                        "months": 12,
                        "amount": {"net": "0.10", "vat_rate": "22"},
                        "options": [
                            {
                                "ref": "C-1-R1",
                                "kind": "renewal",
                                "state": "exercised",
                                "months": 12,
                                "amount": {"net": "0.20", "vat_rate": "22"},
                            },
                            {
                                "ref": "C-1-Q1",
                                "kind": "quinto_variation",
                                "state": "planned",
                                "amount": {
                                    "gross": "123456789012.34",
                                    "vat_rate": "unknown",
                                },
                            },
                        ],
                    }
                ],
            }
        )
    )
    tracker.load_dataset(dataset)
    [row] = tracker.list_contracts()
    assert row.total_base_and_exercised is not None
    assert str(row.total_base_and_exercised.net) == "0.30"
    assert str(row.total_base_and_exercised.vat) == "0.06"
    assert str(row.total_base_and_exercised.gross) == "0.36"
    assert row.options[0].start is not None
    assert row.options[0].start.isoformat() == "2025-01-01"
    assert row.options[0].end is not None
    assert row.options[0].end.isoformat() == "2025-12-31"
    assert row.options[1].amount is not None
    assert str(row.options[1].amount.gross) == "123456789012.34"
    assert row.total_with_all_options is not None
    assert row.total_with_all_options.net is None
    assert str(row.total_with_all_options.gross) == "123456789012.70"


def test_every_write_is_in_the_history(milan: Tracker) -> None:
    with Session(milan.engine) as session:
        changes = list(session.exec(select(models.Change)))
        contracts = list(session.exec(select(models.Contract)))
    created = {
        c.ref for c in changes if c.entity == "contract" and c.action == "create"
    }
    assert created == {c.ref for c in contracts}
    assert all(c.actor == "test-rup" for c in changes)
    lorenteggio = next(c for c in changes if c.ref == "LOR-2019-C1")
    recorded = json.loads(lorenteggio.changes)
    assert recorded["amount_cents"] == 82841520
    assert recorded["end"] == "2022-06-20"


def test_history_records_old_and_new_values_of_an_update(tracker: Tracker) -> None:
    dataset = {
        "format": "appalti-dataset",
        "version": 1,
        "deadlines": [
            {"ref": "ANAC-2023", "title": "Pubblicazione ANAC", "due": "2023-01-31"}
        ],
    }
    tracker.load_dataset(parse_dataset(json.dumps(dataset)))
    tracker.mark_deadline_done("ANAC-2023", through=date(2023, 1, 20))
    with Session(tracker.engine) as session:
        changes = list(
            session.exec(select(models.Change).where(models.Change.ref == "ANAC-2023"))
        )
    assert [c.action for c in changes] == ["create", "update"]
    update = changes[1]
    assert update.actor == "test-rup"
    assert json.loads(update.changes) == {
        "state": ["open", "done"],
        "done_through": [None, "2023-01-20"],
    }


def test_dump_cli_writes_the_file_atomically(
    milan: Tracker, db_url: str, tmp_path: Path
) -> None:
    from tracker.cli import main

    target = tmp_path / "out.json"
    assert main(["--db", db_url, "dump", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == dataset_json(milan.dump_dataset())
    assert not list(tmp_path.glob(".*partial"))


def test_a_contract_known_by_one_end_keeps_the_other_unknown(
    tracker: Tracker, db_url_factory: Callable[[], str]
) -> None:
    """A null start or end is dumped as null and loads as null: a backup never
    fills it in (nor the end of a duration with no start)."""
    document = {
        "format": "appalti-dataset",
        "version": 1,
        "contracts": [
            {"ref": "END-ONLY", "title": "Fine", "end": "2023-12-31"},
            {
                "ref": "START-ONLY",
                "title": "Inizio",
                "start": "2023-03-01",
                "start_precision": "month",
            },
            {"ref": "SIGNED-ONLY", "title": "Firma", "signed_on": "2023-02-01"},
            {"ref": "MONTHS-ONLY", "title": "Mesi", "months": 36},
        ],
    }
    tracker.load_dataset(parse_dataset(json.dumps(document)))
    first = dataset_json(tracker.dump_dataset())
    _validate(json.loads(first))
    periods = {
        c["ref"]: tuple(
            c.get(field) for field in ("signed_on", "start", "end", "months")
        )
        for c in json.loads(first)["contracts"]
    }
    assert periods == {
        "END-ONLY": (None, None, "2023-12-31", None),
        "MONTHS-ONLY": (None, None, None, 36),
        "SIGNED-ONLY": ("2023-02-01", None, None, None),
        "START-ONLY": (None, "2023-03-01", None, None),
    }
    [start_only] = [
        c for c in json.loads(first)["contracts"] if c["ref"] == "START-ONLY"
    ]
    assert start_only["start_precision"] == "month"
    other = Tracker.open(db_url_factory(), clock=fixed_clock)
    try:
        other.load_dataset(parse_dataset(first))
        second = dataset_json(other.dump_dataset())
    finally:
        other.close()
    assert second == first
