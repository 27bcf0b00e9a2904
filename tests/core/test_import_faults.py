"""An import killed with SIGKILL leaves whole tenders only, and importing the file
again brings in the rest; two imports of one file at once make each record once."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.bench_import import synthetic
from tests.conftest import MILAN, SHARED
from tracker.api import Tracker

ANAC = SHARED / "ocds" / "samples" / "anac-compiled-releases.json"
RELEASES = 240

pytestmark = pytest.mark.skipif(
    not ANAC.is_file(), reason="../shared/ocds/samples is not beside the repo"
)


def _command(db: Path, source: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tracker",
        "--db",
        str(db),
        "import",
        "ocds",
        str(source),
    ]


def _shape(db: Path) -> dict[str, tuple[int, int]]:
    """Each imported tender's (lots, contracts), read with SQLite alone."""
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = connection.execute(
            "SELECT t.ocid, "
            "(SELECT count(*) FROM lot l WHERE l.tender_id = t.id), "
            "(SELECT count(*) FROM contract c JOIN lot l ON c.lot_id = l.id "
            " WHERE l.tender_id = t.id) "
            "FROM tender t WHERE t.ocid IS NOT NULL"
        ).fetchall()
    return {ocid: (lots, contracts) for ocid, lots, contracts in rows}


@pytest.fixture
def source(tmp_path: Path) -> Path:
    releases = json.loads(ANAC.read_bytes())["releases"]
    path = tmp_path / "synthetic.jsonl"
    path.write_bytes(synthetic(releases, RELEASES))
    return path


@pytest.fixture
def whole(tmp_path: Path, source: Path) -> tuple[dict[str, tuple[int, int]], float]:
    """What a complete import gives, and how long it takes."""
    db = tmp_path / "whole.db"
    subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "load", str(MILAN)],
        check=True,
        capture_output=True,
    )
    started = time.monotonic()
    done = subprocess.run(
        _command(db, source), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return _shape(db), time.monotonic() - started


def test_a_killed_import_leaves_whole_tenders_and_finishes_when_run_again(
    tmp_path: Path,
    source: Path,
    whole: tuple[dict[str, tuple[int, int]], float],
) -> None:
    expected, seconds = whole
    random.seed(11)
    interrupted = 0
    # a kill that comes after the import ended proves nothing: trials go on
    # until three kills have landed in a running import
    for trial in range(8):
        if interrupted == 3:
            break
        db = tmp_path / f"trial-{trial}.db"
        subprocess.run(
            [sys.executable, "-m", "tracker", "--db", str(db), "load", str(MILAN)],
            check=True,
            capture_output=True,
        )
        running = subprocess.Popen(
            _command(db, source),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(random.uniform(0.3, 0.9) * seconds)
        if running.poll() is None:
            os.kill(running.pid, signal.SIGKILL)
            interrupted += 1
        running.wait()
        partial = _shape(db)
        # every tender there is there whole
        assert {ocid: expected[ocid] for ocid in partial} == partial
        again = subprocess.run(
            _command(db, source), capture_output=True, text=True, check=False
        )
        assert again.returncode == 0, again.stderr
        assert f"({RELEASES - len(partial)} new," in again.stdout
        assert _shape(db) == expected
    assert interrupted == 3, (
        "the import ended before the kill: the trial proves nothing"
    )


def test_two_imports_of_one_file_at_once_make_each_record_once(
    tmp_path: Path, source: Path, whole: tuple[dict[str, tuple[int, int]], float]
) -> None:
    expected, _seconds = whole
    db = tmp_path / "both.db"
    subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "load", str(MILAN)],
        check=True,
        capture_output=True,
    )
    both = [
        subprocess.Popen(
            _command(db, source),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(*p.communicate(), p.returncode) for p in both]
    for _out, err, status in results:
        assert status == 0, err
        assert "Traceback" not in err
    assert _shape(db) == expected
    tracker = Tracker.open(f"sqlite:///{db}")
    try:
        with source.open("rb") as stream:
            again = tracker.import_ocds(stream)
    finally:
        tracker.close()
    assert (again.created, again.updated, again.unchanged) == (0, 0, RELEASES)
