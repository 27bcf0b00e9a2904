"""Every database target that is not a sound appalti database gets a clear message
naming it (any password hidden), exit status 1, no traceback, and nothing written.

Read-only files and folders are made with chmod, or, for root (whom permissions do
not stop), with the immutable attribute (chattr +i).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import MILAN
from tracker.cli import main
from tracker.db import sqlite_reason
from tracker.i18n import set_language

LOAD = ["load", str(MILAN)]


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("APPALTI_DB", raising=False)
    monkeypatch.delenv("APPALTI_CONFIG", raising=False)
    set_language("en")
    yield
    set_language("en")


def _state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file of a folder with its content's digest and modification time."""
    return {
        path.name: (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "internal error" not in err
    return status, out, err


@pytest.fixture(scope="module")
def milan_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A loaded SQLite database to copy."""
    path = tmp_path_factory.mktemp("milan") / "milan.db"
    assert main(["load", str(MILAN), "--db", str(path)]) == 0
    return path


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` (file or folder) cannot be written, even by root."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a file read-only")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i not supported here: {made.stderr!r}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.db"
    target.write_text("Appunti della riunione\n" * 50, encoding="utf-8")
    before = _state(tmp_path)
    for command in (["list", "tenders"], LOAD, ["deadline", "ack", "X-1"]):
        status, _out, err = _run(capsys, *command, "--db", str(target))
        assert status == 1
        assert err == (
            f"appalti: {target} is not an appalti database (it is not a SQLite "
            "file); name another file\n"
        )
    assert _state(tmp_path) == before


def test_an_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "empty.db"
    target.touch()
    before = _state(tmp_path)
    status, _out, err = _run(capsys, *LOAD, "--db", str(target))
    assert (status, err) == (
        1,
        f"appalti: {target} is empty: it is not an appalti database\n",
    )
    assert _state(tmp_path) == before


def test_a_folder_named_as_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = _run(capsys, "list", "tenders", "--db", str(tmp_path))
    assert (status, err) == (
        1,
        f"appalti: {tmp_path} is a folder, not a database file\n",
    )


def test_a_truncated_database_is_refused_before_any_write(
    milan_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cut.db"
    data = milan_db.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    before = _state(tmp_path)
    status, _out, err = _run(capsys, *LOAD, "--db", str(target))
    assert status == 1
    assert err.startswith(f"appalti: {target} is damaged (")
    assert err.endswith(
        "); nothing was written. 'appalti check' lists the problems; restore it "
        "from a backup\n"
    )
    assert _state(tmp_path) == before


def test_a_truncated_database_is_named_in_italian(
    milan_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "tagliato.db"
    data = milan_db.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    status, _out, err = _run(capsys, "--lang", "it", *LOAD, "--db", str(target))
    assert status == 1
    assert err.startswith(f"appalti: {target} è danneggiato (")
    assert "malformed" not in err
    assert "non è stato scritto nulla" in err


@pytest.mark.parametrize(
    ("sqlite", "english", "italian"),
    [
        (
            "database disk image is malformed",
            "its structure is broken",
            "la sua struttura è rovinata",
        ),
        (
            "file is not a database",
            "it is not a database file",
            "non è un file di database",
        ),
        ("database or disk is full", "the disk is full", "il disco è pieno"),
        (
            "disk I/O error",
            "the disk reported a read or write error",
            "il disco ha segnalato un errore di lettura o scrittura",
        ),
        (
            "unable to open database file",
            "the file cannot be opened: its folder is missing or not accessible",
            "il file non si può aprire: la sua cartella manca o non è accessibile",
        ),
        (
            "Page 5: btreeInitPage() returns error code 11",
            "SQLite reports: Page 5: btreeInitPage() returns error code 11",
            "SQLite segnala: Page 5: btreeInitPage() returns error code 11",
        ),
        ("x" * 300, "SQLite reports: " + "x" * 200, "SQLite segnala: " + "x" * 200),
    ],
)
def test_sqlite_reasons_in_each_language(
    sqlite: str, english: str, italian: str
) -> None:
    reason = sqlite_reason(sqlite)
    try:
        set_language("it")
        assert str(reason) == italian
        set_language("en")
        assert str(reason) == english
    finally:
        set_language("en")


def _corrupt_an_index_page(path: Path) -> None:
    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    (root,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE type = 'index' "
        "AND name = 'ix_change_at'"
    ).fetchone()
    connection.close()
    with path.open("r+b") as stream:
        stream.seek((root - 1) * page_size + 8)
        stream.write(b"\xff" * 64)


@pytest.mark.parametrize(
    "command", [LOAD, ["deadline", "ack", "LDQ-2016/start"]], ids=["load", "ack"]
)
def test_a_corrupted_index_page_is_found_and_nothing_is_written(
    command: list[str],
    milan_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "corrupt.db"
    shutil.copyfile(milan_db, target)
    _corrupt_an_index_page(target)
    before = _state(tmp_path)
    status, _out, err = _run(capsys, *command, "--db", str(target))
    assert status == 1
    assert err.startswith(
        f"appalti: {target} is damaged (SQLite reports: On tree page "
    )
    assert "nothing was written" in err
    assert _state(tmp_path) == before


def test_tables_without_a_schema_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "other.db"
    connection = sqlite3.connect(target)
    connection.execute("CREATE TABLE tender (id INTEGER PRIMARY KEY, title TEXT)")
    connection.commit()
    connection.close()
    before = _state(tmp_path)
    for command in (["list", "tenders"], LOAD):
        status, _out, err = _run(capsys, *command, "--db", str(target))
        assert (status, err) == (
            1,
            f"appalti: {target} has tables but no appalti schema revision: it was "
            "not made by appalti, or its creation was interrupted; name another "
            "database\n",
        )
    assert _state(tmp_path) == before


def test_tables_without_a_schema_revision_on_postgresql(
    pg_empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = create_engine(pg_empty_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE tender (id integer PRIMARY KEY)"))
    status, _out, err = _run(capsys, *LOAD, "--db", pg_empty_url)
    shown = make_url(pg_empty_url).render_as_string(hide_password=True)
    assert status == 1
    assert err == (
        f"appalti: {shown} has tables but no appalti schema revision: it was not "
        "made by appalti, or its creation was interrupted; name another database\n"
    )
    with engine.connect() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).all()
    engine.dispose()
    assert tables == [("tender",)]


def test_an_unwritable_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "share"
    home.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    with read_only(home):
        status, _out, err = _run(capsys, "list", "tenders")
    assert (status, err) == (
        1,
        f"appalti: cannot create the folder {home / 'appalti'}: permission denied\n",
    )
    assert list(home.iterdir()) == []


def test_an_unwritable_target_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    with read_only(folder):
        status, _out, err = _run(capsys, *LOAD, "--db", str(folder / "new.db"))
    assert (status, err) == (
        1,
        f"appalti: cannot create a database in {folder}: permission denied\n",
    )
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "postgresql://clerk:s3cret@db.comune.local:port/appalti",
            "appalti: the database URL is not valid: "
            "postgresql://clerk:***@db.comune.local:port/appalti\n",
        ),
        (
            "oracle+nodriver://clerk:s3cret@db/appalti",
            "appalti: unknown kind of database 'oracle+nodriver' in "
            "oracle+nodriver://clerk:***@db/appalti: use a SQLite file or "
            "postgresql://user@host/database (for PostgreSQL: pip install "
            "'appalti-tracker[postgres]')\n",
        ),
        (
            "postgresql+nodriver://clerk:s3cret@db/appalti",
            "appalti: unknown kind of database 'postgresql+nodriver' in "
            "postgresql+nodriver://clerk:***@db/appalti: use a SQLite file or "
            "postgresql://user@host/database (for PostgreSQL: pip install "
            "'appalti-tracker[postgres]')\n",
        ),
    ],
    ids=["malformed port", "unknown database", "unknown driver"],
)
def test_a_bad_url_or_driver(
    url: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = _run(capsys, "list", "tenders", "--db", url)
    assert (status, err) == (1, message)
    assert "s3cret" not in err


def test_a_postgresql_server_that_is_down(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = _run(
        capsys,
        "list",
        "tenders",
        "--db",
        "postgresql://clerk:s3cret@127.0.0.1:1/appalti",
    )
    assert status == 1
    assert err.startswith(
        "appalti: cannot open the database postgresql+psycopg://clerk:***@127.0.0.1:1/"
        "appalti: the server cannot be reached ("
    )
    assert "s3cret" not in err


def test_italian_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.db"
    target.write_text("Appunti", encoding="utf-8")
    status, _out, err = _run(
        capsys, "--lang", "it", "list", "tenders", "--db", str(target)
    )
    assert (status, err) == (
        1,
        f"appalti: {target} non è un database di appalti (non è un file SQLite); "
        "indicare un altro file\n",
    )


READ_ONLY = "is read-only: it can be read, but nothing can be saved in it\n"


def test_a_read_only_database_file_reads_and_refuses_writes(
    milan_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "archive.db"
    shutil.copyfile(milan_db, target)
    assert main(["list", "tenders", "--db", str(target)]) == 0  # now in WAL mode
    capsys.readouterr()
    before = _state(tmp_path)
    with read_only(target):
        status, out, _err = _run(capsys, "list", "tenders", "--db", str(target))
        assert status == 0
        assert "LDQ-2016" in out
        status, _out, err = _run(
            capsys, "deadline", "ack", "LDQ-2016/start", "--db", str(target)
        )
        assert (status, err) == (1, f"appalti: {target} {READ_ONLY}")
    assert _state(tmp_path)["archive.db"] == before["archive.db"]


def test_a_database_in_a_read_only_folder_reads_and_refuses_writes(
    milan_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    target = folder / "appalti.db"
    shutil.copyfile(milan_db, target)
    assert main(["list", "tenders", "--db", str(target)]) == 0  # now in WAL mode
    capsys.readouterr()
    before = _state(folder)
    with read_only(folder):
        status, out, _err = _run(capsys, "list", "tenders", "--db", str(target))
        assert status == 0
        assert "LDQ-2016" in out
        status, _out, err = _run(
            capsys, "deadline", "ack", "LDQ-2016/start", "--db", str(target)
        )
        assert (status, err) == (1, f"appalti: {target} {READ_ONLY}")
    assert _state(folder) == before


def test_a_lock_held_longer_than_the_busy_timeout(
    milan_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "busy.db"
    shutil.copyfile(milan_db, target)
    config = tmp_path / "config.toml"
    config.write_text("busy_timeout = 0.2\n", encoding="utf-8")
    monkeypatch.setenv("APPALTI_CONFIG", str(config))
    assert main(["list", "tenders", "--db", str(target)]) == 0
    capsys.readouterr()
    other = sqlite3.connect(target, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another appalti in the middle of a write
    try:
        status, _out, err = _run(
            capsys, "deadline", "ack", "LDQ-2016/start", "--db", str(target)
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (status, err) == (
        1,
        "appalti: the database is busy: another appalti is writing to it; try again "
        f"({target})\n",
    )
    assert main(["deadline", "ack", "LDQ-2016/start", "--db", str(target)]) == 0


def test_a_postgresql_database_that_does_not_exist(
    capsys: pytest.CaptureFixture[str],
) -> None:
    admin = os.environ.get("APPALTI_TEST_PG_URL")
    if not admin:
        pytest.skip("PostgreSQL not configured: set APPALTI_TEST_PG_URL")
    url = make_url(admin).set(database="appalti_never_made")
    shown = url.set(drivername="postgresql+psycopg").render_as_string(
        hide_password=True
    )
    status, _out, err = _run(
        capsys, "list", "tenders", "--db", url.render_as_string(hide_password=False)
    )
    assert (status, err) == (
        1,
        f"appalti: cannot open the database {shown}: database "
        '"appalti_never_made" does not exist\n',
    )
