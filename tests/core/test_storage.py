"""A database is never left broken: real processes killed with SIGKILL, real
simultaneous first loads, real concurrent upgrades on PostgreSQL; and what appalti
writes is readable by its owner only.

The trial counts here are small; scripts/trial_kill_load.py runs 50 or more.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from scripts.trial_kill_load import (
    classify,
    expected_counts,
    first_load_trials,
    load_command,
    upgrade_trials,
)
from tests.conftest import MILAN, _pg_execute, _pg_url_for
from tracker.cli import main

LOSER = "appalti: another appalti created {path} at the same time; nothing was loaded\n"


def test_a_killed_first_load_leaves_no_database_or_a_complete_one(
    tmp_path: Path,
) -> None:
    outcomes, phases = first_load_trials(6, tmp_path, seed=7)
    assert outcomes["broken"] == 0, (outcomes, phases)
    assert sum(outcomes.values()) == 6


def test_a_killed_upgrade_leaves_the_old_revision_or_the_new_one(
    tmp_path: Path,
) -> None:
    outcomes, phases = upgrade_trials(4, tmp_path, seed=7)
    assert outcomes["broken"] == 0, (outcomes, phases)
    assert sum(outcomes.values()) == 4


def test_simultaneous_first_loads_make_one_database(tmp_path: Path) -> None:
    expected = expected_counts()
    raced = 0
    for trial in range(5):
        target = tmp_path / f"race-{trial}.db"
        processes = [
            subprocess.Popen(
                load_command(target),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = [(p.wait(), *p.communicate()) for p in processes]
        statuses = sorted(status for status, _out, _err in results)
        assert statuses == [0, 1], results
        loser_err = next(err for status, _out, err in results if status == 1)
        assert "Traceback" not in loser_err
        assert "internal error" not in loser_err
        if loser_err == LOSER.format(path=target):
            raced += 1
        else:  # the loser started after the winner had finished: a second load
            assert "this reference is already used" in loser_err, loser_err
        assert classify(target, expected) == "complete"
        assert (
            sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
        )
    assert raced >= 1, "the two loads never overlapped: the trial proves nothing"


@contextmanager
def _fresh_pg_database() -> Iterator[str]:
    if not os.environ.get("APPALTI_TEST_PG_URL"):
        pytest.skip("PostgreSQL not configured: set APPALTI_TEST_PG_URL")
    name = f"appalti_test_{uuid.uuid4().hex[:12]}"
    _pg_execute(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_url_for(name)
    finally:
        _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_concurrent_first_upgrades_on_postgresql_wait_for_each_other() -> None:
    for _trial in range(3):
        with _fresh_pg_database() as url:
            command = [sys.executable, "-m", "tracker", "list", "tenders", "--db", url]
            processes = [
                subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                )
                for _ in range(2)
            ]
            results = [(p.wait(), *p.communicate()) for p in processes]
            assert [status for status, _out, _err in results] == [0, 0], results
            for _status, out, err in results:
                assert out == "No tenders.\n"
                assert "duplicate" not in err
            assert main(["check", "--db", url]) == 0


def test_an_abandoned_temporary_database_is_swept_and_a_busy_one_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "appalti.db"
    abandoned = tmp_path / ".appalti.db.123-abcd.new"
    abandoned.write_bytes(b"half a database")
    long_ago = time.time() - 3600
    os.utime(abandoned, (long_ago, long_ago))
    in_use = tmp_path / ".appalti.db.456-ef01.new"
    in_use.write_bytes(b"being built")
    os.utime(in_use, (long_ago, long_ago))
    with in_use.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert main(["load", str(MILAN), "--db", str(target)]) == 0
    capsys.readouterr()
    assert not abandoned.exists()
    assert in_use.exists()


@contextmanager
def _umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_files_and_folders_are_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "office" / "data"
    target = folder / "appalti.db"
    with _umask(0o022):
        assert main(["load", str(MILAN), "--db", str(target)]) == 0
        assert main(["list", "tenders", "--db", str(target)]) == 0
        assert main(["dump", str(tmp_path / "dump.json"), "--db", str(target)]) == 0
        report = tmp_path / "report.pdf"
        assert (
            main(["report", "continuity", "-o", str(report), "--db", str(target)]) == 0
        )
    capsys.readouterr()
    assert _mode(folder) == 0o700
    assert _mode(target) == 0o600
    assert _mode(tmp_path / "dump.json") == 0o600
    assert _mode(report) == 0o600


def test_a_stricter_umask_still_applies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "appalti.db"
    with _umask(0o077):
        assert main(["load", str(MILAN), "--db", str(target)]) == 0
    with _umask(0o277):
        assert main(["dump", str(tmp_path / "dump.json"), "--db", str(target)]) == 0
    capsys.readouterr()
    assert _mode(tmp_path / "dump.json") == 0o400


def test_readers_do_not_block_a_writer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "appalti.db"
    assert main(["load", str(MILAN), "--db", str(target)]) == 0
    assert main(["list", "tenders", "--db", str(target)]) == 0
    reader = sqlite3.connect(target, isolation_level=None)
    assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    reader.execute("BEGIN")
    before = reader.execute("SELECT count(*) FROM acknowledgement").fetchone()
    try:
        assert main(["deadline", "ack", "LDQ-2016/start", "--db", str(target)]) == 0
        # the reader keeps its snapshot while the writer commits
        assert (
            reader.execute("SELECT count(*) FROM acknowledgement").fetchone() == before
        )
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    capsys.readouterr()


def test_a_refused_first_load_leaves_no_file_and_no_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    data = json.loads(MILAN.read_text(encoding="utf-8"))
    contract = next(c for c in data["contracts"] if "supplier" in c)
    contract["supplier"] = "NESSUNO"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "office" / "appalti.db"
    assert main(["load", str(bad), "--db", str(target)]) == 1
    assert "no organisation or consortium" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]
