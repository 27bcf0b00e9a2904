"""Where the data lives: opening a database only when it is sound, and creating a
new SQLite file whole.

A new SQLite database is migrated (and, for ``load``, filled) in a temporary file
next to its place and then linked into place, which never replaces a file that
appeared meanwhile: an interrupted first load leaves no database, and of two first
loads into the same path exactly one wins.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from tracker.config import sqlite_path
from tracker.db import (
    DEFAULT_BUSY_TIMEOUT,
    describe_failure,
    make_engine,
    upgrade,
    use_wal,
)
from tracker.errors import N_, TrackerError
from tracker.files import make_private_folder, os_reason, sync_folder

SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")
ABANDONED_AFTER = 5.0  # seconds


def open_engine(
    url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT, create: bool = True
) -> Engine:
    """The engine of a sound database at its current schema revision.

    A missing SQLite file is created (whole) when ``create``; anything that is not
    an appalti database, or cannot be reached, is a TrackerError that says so.
    """
    path = sqlite_path(url)
    if path is not None:
        if not path.exists() and create:
            create_sqlite(path, None, busy_timeout=busy_timeout)
        engine = open_sqlite(path, url, busy_timeout=busy_timeout)
    else:
        engine = make_engine(url, busy_timeout=busy_timeout)
    try:
        upgrade(engine)
        use_wal(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def probe_sqlite(path: Path) -> None:
    """Refuse a path that is not a SQLite database, before SQLite is asked."""
    if not path.exists():
        raise TrackerError(
            N_("no database at {path}; 'appalti load FILE' creates one"), path=path
        )
    if path.is_dir():
        raise TrackerError(N_("{path} is a folder, not a database file"), path=path)
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as error:
        raise TrackerError(
            N_("cannot read the database {path}: {reason}"),
            path=path,
            reason=os_reason(error),
        ) from None
    if not header:
        raise TrackerError(
            N_("{path} is empty: it is not an appalti database"), path=path
        )
    if header != SQLITE_HEADER:
        raise TrackerError(
            N_(
                "{path} is not an appalti database (it is not a SQLite file); "
                "name another file"
            ),
            path=path,
        )


def open_sqlite(
    path: Path,
    url: str,
    *,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    read_only: bool = False,
) -> Engine:
    """An engine on an existing SQLite file that SQLite can read (``read_only``:
    one that cannot write to it).

    A database in a folder nobody may write to is opened read-only: the shared
    files WAL mode needs cannot be made there, and nobody can be writing it.
    """
    probe_sqlite(path)
    if read_only:
        url = f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true"
    engine = make_engine(url, busy_timeout=busy_timeout)
    try:
        _touch(engine)
        return engine
    except DBAPIError as error:
        engine.dispose()
        reason = str(error.orig).lower()
        if "unable to open" in reason and not _wal_in_use(path):
            frozen = make_engine(
                f"sqlite:///file:{quote(str(path))}?mode=ro&immutable=1&uri=true",
                busy_timeout=busy_timeout,
            )
            with contextlib.suppress(DBAPIError):
                _touch(frozen)
                return frozen
            frozen.dispose()
        failure = describe_failure(error, str(path))
        raise (
            failure
            or TrackerError(
                N_("the database refused the change: {reason}"), reason=error.orig
            )
        ) from None


def _touch(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()


def _wal_in_use(path: Path) -> bool:
    return any(path.with_name(path.name + side).exists() for side in ("-wal", "-shm"))


def create_sqlite(
    path: Path,
    fill: Callable[[Engine], None] | None,
    *,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
) -> bool:
    """Create the SQLite database ``path`` whole: migrated, filled by ``fill``.

    False when another process created ``path`` first: then nothing was changed.
    """
    folder = path.parent
    made_folder = not folder.exists()
    make_private_folder(folder)
    try:
        return _create_in(folder, path, fill, busy_timeout)
    except BaseException:
        if made_folder:  # a first load that failed leaves nothing behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _create_in(
    folder: Path,
    path: Path,
    fill: Callable[[Engine], None] | None,
    busy_timeout: float,
) -> bool:
    _sweep_abandoned(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.new")
    try:
        fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise TrackerError(
            N_("cannot create a database in {folder}: {reason}"),
            folder=folder,
            reason=os_reason(error),
        ) from None
    try:
        # The lock tells a later creator this file is being built, not abandoned.
        fcntl.flock(fd, fcntl.LOCK_EX)
        _build(partial, fill, busy_timeout)
        os.fsync(fd)
        return _link_into_place(partial, path)
    finally:
        _remove(partial)
        os.close(fd)


def _build(
    partial: Path, fill: Callable[[Engine], None] | None, busy_timeout: float
) -> None:
    engine = make_engine(f"sqlite:///{partial}", busy_timeout=busy_timeout)
    try:
        upgrade(engine)
        if fill is not None:
            fill(engine)
        # Everything into the main file, so the link carries the whole database
        # (outside a transaction: the journal mode cannot change inside one).
        raw = engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA journal_mode=DELETE").fetchall()
        finally:
            raw.close()
    except DBAPIError as error:
        failure = describe_failure(error, str(partial))
        raise (
            failure
            or TrackerError(
                N_("the database refused the change: {reason}"), reason=error.orig
            )
        ) from None
    finally:
        engine.dispose()


def _link_into_place(partial: Path, path: Path) -> bool:
    try:
        os.link(partial, path)
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS):
            raise TrackerError(
                N_("cannot create the database {path}: {reason}"),
                path=path,
                reason=os_reason(error),
            ) from None
        # A file system without hard links: a plain rename, checked just before.
        if path.exists():
            return False
        os.rename(partial, path)
    sync_folder(path.parent)
    return True


def _sweep_abandoned(path: Path) -> None:
    """Remove temporary databases left by a creation that was killed."""
    for partial in path.parent.glob(f".{path.name}.*.new"):
        try:
            if time.time() - partial.stat().st_mtime < ABANDONED_AFTER:
                continue  # perhaps not locked yet by the process that made it
            fd = os.open(partial, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        try:
            _remove(partial)
        finally:
            os.close(fd)


def _remove(partial: Path) -> None:
    for name in (partial.name, *(partial.name + side for side in SIDE_FILES)):
        with contextlib.suppress(OSError):
            (partial.parent / name).unlink()
