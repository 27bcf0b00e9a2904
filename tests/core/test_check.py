"""``appalti check`` on real databases: a sound one passes (exit 0); a broken
reference, a damaged page, an old schema or data against the rules are each named
with their place (exit 1); the database checked is never changed."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import MILAN
from tracker.cli import main
from tracker.config import sqlite_path
from tracker.i18n import set_language


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def milan_url(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["load", str(MILAN), "--db", db_url]) == 0
    capsys.readouterr()
    return db_url


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["check", *argv])
    out, err = capsys.readouterr()
    assert err == ""
    return status, out


def _kept(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM kept_fact")).scalar()
    engine.dispose()
    assert isinstance(count, int)
    assert count > 20
    return count


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sound_database_passes(
    milan_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _check(capsys, "--db", milan_url)
    lines = out.splitlines()
    assert status == 0
    assert lines[1:] == [
        "  integrity of the storage: ok"
        + (
            ""
            if sqlite_path(milan_url)
            else " (every table was read in full; indexes not verified (the "
            "server's amcheck extension is not installed in this database))"
        ),
        "  references between records: ok",
        lines[3],
        "  data against the rules: ok",
        f"  kept facts of the findings: ok ({_kept(milan_url)} facts, the same as "
        "a build from scratch)",
        "All is well.",
    ]
    assert lines[3].startswith("  schema revision: ok (revision ")


def test_the_report_in_json_and_in_italian(
    milan_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = _check(capsys, "--db", milan_url, "--format", "json")
    report = json.loads(out)
    assert status == 0
    assert report["ok"] is True
    assert [c["check"] for c in report["checks"]] == [
        "integrity",
        "foreign_keys",
        "schema",
        "data",
        "facts",
    ]
    path = sqlite_path(milan_url)
    assert report["target"] == (str(path) if path else milan_url)
    status, out = _check(capsys, "--lang", "it", "--db", milan_url)
    assert out.splitlines()[-1] == "Tutto in ordine."
    assert "  dati rispetto alle regole: ok" in out.splitlines()


def _break_a_reference(url: str) -> None:
    """Delete a tender under its lots, past the database's own guard."""
    path = sqlite_path(url)
    if path is not None:
        raw = sqlite3.connect(path)
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute("DELETE FROM tender WHERE ref = 'LDQ-2016'")
        raw.commit()
        raw.close()
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text("DELETE FROM tender WHERE ref = 'LDQ-2016'"))
    engine.dispose()


def test_a_broken_reference_is_named(
    milan_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _break_a_reference(milan_url)
    status, out = _check(capsys, "--db", milan_url)
    assert status == 1
    assert "  references between records: 8 problems" in out
    assert "    - lot row 1: refers to a tender that does not exist" in out
    assert (
        "    - funding_allocation row 1: refers to a tender that does not exist" in out
    )
    assert (
        "  data against the rules: not checked: records refer to records that do "
        "not exist\n"
    ) in out
    assert out.splitlines()[-1] == "Problems found: the database needs attention."


def test_data_against_the_rules_is_named(
    milan_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = create_engine(milan_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE organisation SET name = '' WHERE id = (SELECT min(id) FROM organisation)"
            )
        )
    engine.dispose()
    status, out = _check(capsys, "--db", milan_url)
    assert status == 1
    assert (
        "  data against the rules: 1 problem\n"
        "    - the database holds a value appalti cannot read: 'SPAZIO-APERTO', "
        "name: ''; 'appalti check' lists such values\n"
    ) in out


def test_a_damaged_page_is_named_and_the_file_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "appalti.db"
    assert main(["load", str(MILAN), "--db", str(target)]) == 0
    capsys.readouterr()
    connection = sqlite3.connect(target)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    (root,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_change_at'"
    ).fetchone()
    connection.close()
    with target.open("r+b") as stream:
        stream.seek((root - 1) * page_size + 8)
        stream.write(b"\xff" * 64)
    before = _digest(target)
    status, out = _check(capsys, "--db", str(target))
    assert status == 1
    assert "  integrity of the storage: 4 problems\n" in out
    assert f"    - On tree page {root} cell 0: invalid page number -1\n" in out
    assert "  data against the rules: not checked: the storage is damaged\n" in out
    assert _digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appalti.db"]


def test_an_old_schema_is_named_and_not_upgraded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    from tracker.db import alembic_config, make_engine

    target = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{target}")
    config = alembic_config(engine)
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    assert head is not None
    previous = script.get_revision(head).down_revision
    assert isinstance(previous, str)
    command.upgrade(config, previous)
    engine.dispose()
    before = _digest(target)
    status, out = _check(capsys, "--db", str(target))
    assert status == 1
    assert (
        f"  schema revision: 1 problem\n    - revision {previous}, the newest is "
        f"{head}: any appalti command upgrades it\n"
    ) in out
    assert (
        "  data against the rules: not checked: the schema is not at the current "
        "revision\n"
    ) in out
    assert _digest(target) == before


def test_a_missing_database_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", "--db", str(tmp_path / "none.db")])
    assert status == 1
    assert capsys.readouterr().err == (
        f"appalti: no database at {tmp_path / 'none.db'}; 'appalti load FILE' "
        "creates one\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_copy_of_a_sound_database_passes_after_a_dump_and_load(
    milan_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The data check is the loader's own: what check passes, load accepts."""
    dump = tmp_path / "dump.json"
    assert main(["dump", str(dump), "--db", milan_url]) == 0
    copy = tmp_path / "copy.db"
    assert main(["load", str(dump), "--db", str(copy)]) == 0
    capsys.readouterr()
    status, _out = _check(capsys, "--db", str(copy))
    assert status == 0


def test_postgresql_indexes_are_verified_with_amcheck(
    pg_empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = create_engine(pg_empty_url)
    with engine.begin() as connection:
        available = connection.execute(
            text("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'")
        ).first()
        if available is None:
            pytest.skip("the server has no amcheck extension")
        connection.execute(text("CREATE EXTENSION amcheck"))
    engine.dispose()
    assert main(["load", str(MILAN), "--db", pg_empty_url]) == 0
    capsys.readouterr()
    status, out = _check(capsys, "--db", pg_empty_url, "--format", "json")
    integrity = json.loads(out)["checks"][0]
    assert status == 0
    assert integrity == {
        "check": "integrity",
        "ok": True,
        "problems": [],
        "more": 0,
        "skipped": None,
        "note": integrity["note"],
    }
    count = int(integrity["note"].split("; ")[1].split()[0])
    assert (
        integrity["note"] == f"every table was read in full; {count} indexes verified"
    )
    assert count >= 20  # every table's primary key at least
