"""Bad input: a message naming the field and the value, exit status 1, no traceback,
and the database exactly as it was (one transaction per load)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from tracker import models
from tracker.api import Tracker
from tracker.cli import main
from tracker.dataset import dataset_json

Mutation = Callable[[dict[str, Any]], None]


def valid_dataset() -> dict[str, Any]:
    """A small dataset that loads cleanly; each case breaks one value in it."""
    return {
        "format": "appalti-dataset",
        "version": 1,
        "programmes": [{"ref": "PRG", "name": "Programma di prova"}],
        "neighbourhoods": [
            {"ref": "QUARTIERE", "name": "Quartiere", "programmes": ["PRG"]}
        ],
        "services": [
            {
                "ref": "SRV",
                "name": "Laboratorio",
                "neighbourhood": "QUARTIERE",
                "required_from": "2024-01-01",
            }
        ],
        "organisations": [
            {"ref": "COMUNE", "name": "Comune di Milano", "partita_iva": "01199250158"},
            {"ref": "COOP-A", "name": "Cooperativa A"},
            {"ref": "COOP-B", "name": "Cooperativa B"},
            {"ref": "COOP-C", "name": "Cooperativa C"},
        ],
        "consortia": [
            {
                "ref": "ATI-X",
                "name": "ATI A-B-C",
                "kind": "ATI",
                "members": [
                    {"organisation": "COOP-A", "role": "mandataria", "share": "50"},
                    {"organisation": "COOP-B", "role": "mandante", "share": "30"},
                    {"organisation": "COOP-C", "role": "mandante", "share": "20"},
                ],
            }
        ],
        "tenders": [
            {
                "ref": "GARA-X",
                "title": "Gara di prova",
                "status": "awarded",
                "cup": "I81C11000040006",
                "lots": [
                    {
                        "ref": "GARA-X-L1",
                        "number": 1,
                        "title": "Lotto unico",
                        "cig": "8949845DB9",
                        "services": ["SRV"],
                    }
                ],
            }
        ],
        "contracts": [
            {
                "ref": "CTR-X",
                "title": "Contratto di prova",
                "lot": "GARA-X-L1",
                "supplier": "ATI-X",
                "start": "2024-01-01",
                "end": "2025-12-31",
                "amount": {"net": "100000.00", "vat_rate": "5"},
            }
        ],
    }


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


CASES: list[tuple[str, Mutation, list[str]]] = [
    (
        "wrong partita IVA",
        _set("organisations.0.partita_iva", "01199250159"),
        ["organisations[COMUNE].partita_iva", "check character", "'01199250159'"],
    ),
    (
        "CIG with a bad check character",
        _set("tenders.0.lots.0.cig", "8949845DB8"),
        ["tenders[GARA-X].lots[GARA-X-L1].cig", "check characters", "'8949845DB8'"],
    ),
    (
        "shares adding up to 95",
        _set("consortia.0.members.2.share", "15"),
        ["consortia[ATI-X].members.share", "add up to 100", "'95'"],
    ),
    (
        "end before start",
        _set("contracts.0.end", "2023-12-31"),
        ["contracts[CTR-X].period.end", "before the start", "(value: 31/12/2023)"],
    ),
    (
        "negative amount",
        _set("contracts.0.amount", {"net": "-100.00", "vat_rate": "22"}),
        ["contracts[CTR-X].amount.net", "must not be negative", "'-100.00'"],
    ),
    (
        "unknown reference",
        _set("contracts.0.supplier", "NESSUNO"),
        ["contracts[CTR-X].supplier", "no organisation or consortium", "'NESSUNO'"],
    ),
    (
        "unknown service in a lot",
        _set("tenders.0.lots.0.services", ["SRV", "ALTRO"]),
        ["tenders[GARA-X].lots[GARA-X-L1].services[1]", "no service", "'ALTRO'"],
    ),
    (
        "bad CUP",
        _set("tenders.0.cup", "I81C1100004000"),
        ["tenders[GARA-X].cup", "not a CUP", "'I81C1100004000'"],
    ),
    (
        "VAT rate that does not exist",
        _set("contracts.0.amount", {"net": "10.00", "vat_rate": "23"}),
        ["contracts[CTR-X].amount.vat_rate", "'23'"],
    ),
    (
        "amount given as a float",
        _set("contracts.0.amount", {"net": 10.5, "vat_rate": "22"}),
        ["contracts[CTR-X].amount.net", "10.5"],
    ),
    (
        "stated shares leaving nothing to an unknown one",
        _set(
            "consortia.0.members",
            [
                {"organisation": "COOP-A", "role": "capogruppo", "share": "60"},
                {"organisation": "COOP-B", "role": "mandante", "share": "40"},
                {"organisation": "COOP-C", "role": "associata", "share": None},
            ],
        ),
        ["consortia[ATI-X].members.share", "leave nothing", "'100'"],
    ),
    (
        "a reference already used",
        _set("contracts.0.ref", "GARA-X"),
        ["contracts[GARA-X].ref", "already used by a tender", "'GARA-X'"],
    ),
    (
        "text longer than its column",
        _set("contracts.0.title", "x" * 501),
        ["contracts[CTR-X].title", "at most 500 characters"],
    ),
    (
        "number beyond its range",
        _set("neighbourhoods.0.municipio", 3_000_000_000),
        [
            "neighbourhoods[QUARTIERE].municipio",
            "must be 99 or less",
            "3000000000",
        ],
    ),
    (
        "a programme listed twice",
        _set("neighbourhoods.0.programmes", ["PRG", "PRG"]),
        ["neighbourhoods[QUARTIERE].programmes[1]", "listed twice", "'PRG'"],
    ),
    (
        "a term beyond the calendar",
        _set(
            "contracts.0",
            {"ref": "CTR-X", "title": "C", "start": "2150-01-01", "months": 1200},
        ),
        ["contracts[CTR-X].period.months", "beyond the calendar", "1200"],
    ),
    (
        "a number where a date belongs",
        _set("contracts.0.start", 0),
        ["contracts[CTR-X].start", "not a date", "(value: 0)"],
    ),
    (
        "true where a number belongs",
        _set("neighbourhoods.0.municipio", True),
        ["neighbourhoods[QUARTIERE].municipio", "not a whole number", "True"],
    ),
    (
        "a blank title",
        _set("contracts.0.title", "   "),
        ["contracts[CTR-X].title", "must not be blank"],
    ),
    (
        "a renewal overlapping the base period",
        _set(
            "contracts.0.options",
            [
                {
                    "ref": "CTR-X-R1",
                    "kind": "renewal",
                    "state": "exercised",
                    "start": "2025-06-01",
                    "months": 6,
                }
            ],
        ),
        [
            "contracts[CTR-X].options[CTR-X-R1].period.start",
            "after what it extends ends",
            "(value: 01/06/2025)",
        ],
    ),
    (
        "a contract on a tender still planned",
        _set("tenders.0.status", "planned"),
        ["contracts[CTR-X].lot", "GARA-X is planned", "'GARA-X-L1'"],
    ),
    (
        "unknown field",
        _set("contracts.0.importo", "10"),
        ["contracts[CTR-X].importo", "unknown field"],
    ),
]


def _state(tracker: Tracker) -> tuple[str, int]:
    with Session(tracker.engine) as session:
        changes = session.exec(select(func.count()).select_from(models.Change)).one()
    return dataset_json(tracker.dump_dataset()), int(changes)


def _load(
    db_url: str, path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    status = main(["--db", db_url, "load", str(path)])
    return status, capsys.readouterr().err


def test_the_valid_dataset_loads(tracker: Tracker, db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(valid_dataset()), encoding="utf-8")
    assert main(["--db", db_url, "load", str(path)]) == 0
    [contract] = tracker.list_contracts()
    assert contract.cig == "8949845DB9"
    assert contract.services == ("SRV",)


@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in CASES], ids=[c[0] for c in CASES]
)
def test_bad_value_is_named_and_nothing_is_written(
    milan: Tracker,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    mutate: Mutation,
    expected: list[str],
) -> None:
    data = copy.deepcopy(valid_dataset())
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = _state(milan)
    status, err = _load(db_url, path, capsys)
    assert status == 1
    assert "Traceback" not in err
    for fragment in expected:
        assert fragment in err
    assert _state(milan) == before
    organisations = {o.ref for o in milan.list_organisations()}
    assert "COOP-A" not in organisations


def test_malformed_json_is_reported_with_its_position(
    milan: Tracker, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '{\n  "format": "appalti-dataset",\n  "version": 1,,\n}', encoding="utf-8"
    )
    before = _state(milan)
    status, err = _load(db_url, path, capsys)
    assert status == 1
    assert "not valid JSON" in err
    assert "line 3, column 16" in err
    assert str(path) in err
    assert _state(milan) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[]", "must be a JSON object"),
        ('{"format": "altro", "version": 1}', "format"),
        ('{"format": "appalti-dataset", "version": 2}', "version"),
    ],
    ids=["not an object", "wrong format", "unsupported version"],
)
def test_documents_of_the_wrong_kind_are_refused(
    tracker: Tracker,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    expected: str,
) -> None:
    path = tmp_path / "other.json"
    path.write_text(content, encoding="utf-8")
    status, err = _load(db_url, path, capsys)
    assert status == 1
    assert expected in err
    assert tracker.list_contracts() == []


def test_a_missing_file_is_named(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = _load(db_url, tmp_path / "nowhere.json", capsys)
    assert status == 1
    assert "nowhere.json" in err
    assert "does not exist" in err


def test_loading_the_same_dataset_twice_is_refused_whole(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import MILAN

    before = _state(milan)
    status, err = _load(db_url, MILAN, capsys)
    assert status == 1
    assert "programmes[CDQ2].ref" in err
    assert "already used by a programme" in err
    assert _state(milan) == before


def test_show_an_unknown_reference(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    assert main(["--db", db_url, "show", "LOR-2099"]) == 1
    err = capsys.readouterr().err
    assert "LOR-2099" in err
    assert "no tender or contract" in err


def test_show_a_reference_of_another_kind(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    assert main(["--db", db_url, "show", "LDQ-MAZZINI"]) == 1
    assert "'LDQ-MAZZINI' is a service" in capsys.readouterr().err


def test_an_unreachable_database_is_reported_plainly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(
        ["--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "list", "tenders"]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "cannot open the database" in err
    assert "Traceback" not in err


def test_a_malformed_database_url_is_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--db", "nonsense://", "list", "tenders"]) == 1
    assert "appalti:" in capsys.readouterr().err


def test_a_mistyped_database_path_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo" / "appalti.db"
    assert main(["--db", str(missing), "list", "tenders"]) == 1
    assert "no database at" in capsys.readouterr().err
    assert not missing.parent.exists()


def test_load_checks_the_file_before_creating_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.db"
    assert main(["--db", str(target), "load", str(tmp_path / "missing.json")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not target.exists()


def test_a_failed_first_load_leaves_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = valid_dataset()
    data["organisations"][0]["partita_iva"] = "01199250159"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "new.db"
    assert main(["--db", str(target), "load", str(source)]) == 1
    assert "partita_iva" in capsys.readouterr().err
    assert not target.exists()


def test_derived_deadlines_are_acknowledged_not_done(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    assert main(["--db", db_url, "deadline", "done", "LDQ-2016/start"]) == 1
    assert "appalti deadline ack" in capsys.readouterr().err
