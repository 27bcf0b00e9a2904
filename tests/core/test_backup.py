"""appalti backup while another process keeps saving; appalti restore into an
empty database, on SQLite and PostgreSQL; every fault a clear message."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MILAN, ROOT, fixed_clock
from tracker import cli
from tracker.api import Tracker

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tracker.api import Tracker

    url, subject, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    tracker = Tracker.open(url, actor="writer")
    saved = 0
    try:
        while not stop.exists() and saved < 5000:
            tracker.add_note(subject, f"note {saved}")
            saved += 1
            if saved == 1:
                print("started", flush=True)
    finally:
        tracker.close()
    print(saved, flush=True)
    """
)


def _run(argv: list[str]) -> int:
    return cli.main(argv)


def _dump(url: str, target: Path) -> str:
    assert _run(["dump", "--db", url, str(target)]) == 0
    return target.read_text(encoding="utf-8")


def _counts(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(path)
    try:
        [(check,)] = connection.execute("PRAGMA integrity_check").fetchall()
        assert check == "ok"
        contracts = connection.execute("SELECT count(*) FROM contract").fetchone()[0]
        notes = connection.execute("SELECT count(*) FROM note").fetchone()[0]
    finally:
        connection.close()
    return contracts, notes


def test_a_backup_taken_while_another_process_saves_is_consistent(
    tmp_path: Path,
) -> None:
    source = tmp_path / "office.db"
    tracker = Tracker.open(f"sqlite:///{source}", clock=fixed_clock)
    try:
        tracker.generate(contracts=200, seed=2)
        subject = tracker.list_contracts()[0].ref
    finally:
        tracker.close()
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, f"sqlite:///{source}", subject, str(stop)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "started"
        backups = []
        for n in range(3):
            target = tmp_path / f"backup-{n}.db"
            assert _run(["backup", "--db", str(source), str(target)]) == 0
            backups.append(target)
            time.sleep(0.2)
    finally:
        stop.touch()
        out, _ = writer.communicate(timeout=120)
    saved = int(out.split()[-1])
    assert writer.returncode == 0
    notes_seen = []
    for backup in backups:
        assert stat.S_IMODE(backup.stat().st_mode) & 0o077 == 0
        contracts, notes = _counts(backup)
        assert contracts == 200
        notes_seen.append(notes)
        # the backup restores into an empty database as it was taken
        restored = tmp_path / f"restored-{backup.stem}.db"
        assert _run(["restore", "--db", str(restored), str(backup)]) == 0
        assert _dump(str(restored), tmp_path / "r.json") == _dump(
            str(backup), tmp_path / "b.json"
        )
    # taken while the writer was saving: each backup saw some of its notes
    assert notes_seen == sorted(notes_seen)
    assert notes_seen[-1] <= saved
    assert _counts(source)[1] == saved


def test_postgresql_backup_is_a_dump_with_history_that_restores_identically(
    backend: str,
    milan: Tracker,
    db_url: str,
    db_url_factory: Callable[[], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    milan.add_note("LOR-2019", "checked with the RUP")
    before = _dump(db_url, tmp_path / "before.json")
    backup = tmp_path / "office.backup"
    assert _run(["backup", "--db", db_url, str(backup)]) == 0
    kind = "SQLite" if backend == "sqlite" else "dataset dump"
    assert kind in capsys.readouterr().out
    if backend == "postgresql":
        assert '"history"' in backup.read_text(encoding="utf-8")
    empty = db_url_factory()
    assert _run(["restore", "--db", empty, str(backup)]) == 0
    said = capsys.readouterr().out
    assert "contracts: 11" in said
    assert "history entries:" in said
    assert _dump(empty, tmp_path / "after.json") == before


@pytest.mark.usefixtures("milan")
def test_restore_into_a_database_that_holds_records_is_refused(
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _dump(db_url, tmp_path / "before.json")
    assert _run(["restore", "--db", db_url, str(MILAN)]) == 1
    err = capsys.readouterr().err
    assert "already holds" in err
    assert "empty database" in err
    assert _dump(db_url, tmp_path / "after.json") == before


def test_restore_of_what_is_not_a_backup_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.db"
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n", encoding="utf-8")
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    cases = {
        tmp_path / "missing.db": "does not exist",
        tmp_path: "is a folder",
        text: "is not an appalti backup",
        other: "is not an appalti backup",
        broken: "cannot be restored",
    }
    for source, message in cases.items():
        assert _run(["restore", "--db", str(target), str(source)]) == 1
        err = capsys.readouterr().err
        assert message in err, (source, err)
        assert str(source.name) in err
        assert "internal error" not in err
        assert not target.exists()


@pytest.mark.usefixtures("milan")
def test_backup_faults_are_clear(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for target, message in {
        tmp_path / "missing" / "b.db": "cannot write",
        tmp_path: "cannot write",
    }.items():
        assert _run(["backup", "--db", db_url, str(target)]) == 1
        err = capsys.readouterr().err
        assert message in err
        assert "internal error" not in err
    if db_url.startswith("sqlite"):
        path = db_url.removeprefix("sqlite:///")
        assert _run(["backup", "--db", db_url, path]) == 1
        assert "the database itself" in capsys.readouterr().err


def test_messages_are_in_italian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        _run(
            [
                "restore",
                "--lang",
                "it",
                "--db",
                str(tmp_path / "n.db"),
                str(tmp_path / "nope.db"),
            ]
        )
        == 1
    )
    assert "il file non esiste" in capsys.readouterr().err
