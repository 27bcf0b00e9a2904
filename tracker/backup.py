"""Backups while others keep working, and restoring one into an empty database.

On SQLite a backup is a copy of the database file made with SQLite's online backup
API: one consistent state, taken while other people go on saving, checked before it
replaces anything. On PostgreSQL it is a dataset dump (with the history) read in one
repeatable-read snapshot. Either kind of backup restores into an empty database of
either backend, through the same checks as loading a dataset.
"""

from __future__ import annotations

import io
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine, func, select
from sqlmodel import Session, SQLModel

from tracker import models
from tracker.config import sqlite_path
from tracker.dataset import (
    LoadSummary,
    parse_dataset,
    write_database_json,
)
from tracker.drafts import Dataset
from tracker.errors import N_, TrackerError
from tracker.files import os_reason, write_private
from tracker.i18n import _
from tracker.vocabulary import counted

SQLITE_MAGIC = b"SQLite format 3\x00"


@contextmanager
def snapshot(engine: Engine) -> Iterator[Session]:
    """A session that reads one consistent state of the database, whatever others
    write meanwhile, and writes nothing."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # Every query of the dump must see the same state: the reads run in one
            # transaction, begun here unless the engine begins one itself.
            connection.exec_driver_sql("SELECT 1")
            driver = connection.connection.driver_connection
            if isinstance(driver, sqlite3.Connection) and not driver.in_transaction:
                connection.exec_driver_sql("BEGIN")
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master")
        else:
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with Session(bind=connection) as session:
            try:
                yield session
            finally:
                connection.rollback()


def write_dump(engine: Engine, out: BinaryIO) -> None:
    """The whole database as a dataset document (UTF-8), read a page at a time."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
    try:
        with snapshot(engine) as session:
            write_database_json(session, text)
        text.flush()
    finally:
        text.detach()


@dataclass(frozen=True)
class BackupResult:
    kind: str
    """``sqlite`` for a copy of the database file, ``dataset`` for a dump."""
    size: int


def backup(engine: Engine, target: Path) -> BackupResult:
    """Write a consistent backup of the database to ``target`` (0600, whole or
    not at all)."""
    target = Path(target)
    if target.is_dir():
        raise TrackerError(
            N_("cannot write {file}: {reason}"), file=target, reason=_("it is a folder")
        )
    source = sqlite_path(engine.url.render_as_string(hide_password=False))
    if source is not None:
        if target.exists() and target.resolve() == source.resolve():
            raise TrackerError(
                N_("{file} is the database itself: write the backup to another file"),
                file=target,
            )
        write_private(target, lambda stream: _copy_sqlite(engine, stream))
        kind = "sqlite"
    else:
        write_private(target, lambda stream: write_dump(engine, stream))
        kind = "dataset"
    return BackupResult(kind, target.stat().st_size)


def _copy_sqlite(engine: Engine, out: BinaryIO) -> None:
    """Copy the database with the online backup API, check the copy, write it."""
    copy = sqlite3.connect(":memory:")
    try:
        raw = engine.raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            # One step: the copy is a single state of the database; writers
            # wait at most for the copy (in WAL mode not at all).
            source.backup(copy)
        finally:
            raw.close()
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise TrackerError(
                N_("the database is damaged, no backup written: {reason}"),
                reason="; ".join(str(p) for p in problems[:3]),
            )
        out.write(copy.serialize())
    finally:
        copy.close()


def is_appalti_file(path: Path) -> bool:
    """Whether ``path`` looks like appalti's own data (a SQLite backup, a dump or
    a dataset file) rather than someone else's (ANAC's OCDS); an unreadable file
    says no, and reading it then says why."""
    try:
        with Path(path).open("rb") as stream:
            start = stream.read(4096)
    except OSError:
        return False
    return start.startswith(SQLITE_MAGIC) or b'"appalti-dataset"' in start


def read_backup(path: Path) -> Dataset:
    """The records of a backup file: a SQLite backup or a dataset dump."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            start = stream.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise TrackerError(N_("{file}: the file does not exist"), file=path) from None
    except IsADirectoryError:
        raise TrackerError(N_("{file}: is a folder, not a backup"), file=path) from None
    except OSError as error:
        raise TrackerError(
            N_("cannot read {file}: {reason}"), file=path, reason=os_reason(error)
        ) from None
    if start == SQLITE_MAGIC:
        return _sqlite_backup_dataset(path)
    if not start.lstrip().startswith(b"{"):
        raise _not_a_backup(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _not_a_backup(path) from None
    except OSError as error:
        raise TrackerError(
            N_("cannot read {file}: {reason}"), file=path, reason=os_reason(error)
        ) from None
    if '"appalti-dataset"' not in text[:200]:
        raise _not_a_backup(path)
    return parse_dataset(text, source=str(path))


def _not_a_backup(path: Path) -> TrackerError:
    return TrackerError(
        N_(
            "{file} is not an appalti backup: neither a SQLite backup nor a "
            "dataset dump"
        ),
        file=path,
    )


def _sqlite_backup_dataset(path: Path) -> Dataset:
    """Read a SQLite backup through a scratch copy (brought to the current schema
    there, the backup itself is never changed)."""
    from tracker.api import Tracker

    with tempfile.TemporaryDirectory(prefix="appalti-restore-") as scratch:
        copy = Path(scratch) / "backup.db"
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            target = sqlite3.connect(copy)
            try:
                tables = {
                    row[0]
                    for row in source.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                    )
                }
                if "alembic_version" not in tables:
                    raise _not_a_backup(path)
                source.backup(target)
                problems = [row[0] for row in target.execute("PRAGMA quick_check")]
            finally:
                source.close()
                target.close()
        except sqlite3.DatabaseError as error:
            raise TrackerError(
                N_("{file} is damaged, it cannot be restored: {reason}"),
                file=path,
                reason=error,
            ) from None
        if problems != ["ok"]:
            raise TrackerError(
                N_("{file} is damaged, it cannot be restored: {reason}"),
                file=path,
                reason="; ".join(str(p) for p in problems[:3]),
            )
        tracker = Tracker.open(f"sqlite:///{copy}")
        try:
            text = io.BytesIO()
            write_dump(tracker.engine, text)
        finally:
            tracker.close()
    return parse_dataset(text.getvalue().decode("utf-8"), source=str(path))


def record_count(engine: Engine) -> int:
    """How many rows the database holds in its tables (the history included)."""
    total = 0
    with Session(engine) as session:
        derived = {model.__tablename__ for model in models.DERIVED}
        for table in SQLModel.metadata.sorted_tables:
            if table.name in derived:
                continue
            total += session.execute(
                select(func.count()).select_from(table)
            ).scalar_one()
    return total


def ensure_empty(engine: Engine, where: str) -> None:
    """Refuse to restore into a database that already holds records."""
    count = record_count(engine)
    if count:
        raise TrackerError(
            N_(
                "{database} already holds records ({count}): a backup is restored "
                "only into an empty database (a new file, or a new PostgreSQL "
                "database)"
            ),
            database=where,
            count=count,
        )


def restored_parts(summary: LoadSummary, dataset: Dataset) -> str:
    """What a restore added, kind by kind and the history, as the command says it."""
    history = len(getattr(dataset, "history", []))
    return counted({**summary.counts, "history": history})
