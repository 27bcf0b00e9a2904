"""Engine, sessions, schema migrations and the change history.

Every flush records what it wrote in the ``change`` table (tracker.history), so each
service call leaves its trace without having to remember to.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import Pool, StaticPool
from sqlmodel import Session

from tracker import history
from tracker.errors import N_, Message, TrackerError
from tracker.files import make_private_folder

MIGRATIONS = Path(__file__).with_name("migrations")

Clock = Callable[[], datetime]


DEFAULT_BUSY_TIMEOUT = 15.0
WRITE = "appalti_write"
"""Execution option marking a unit of work that writes (SQLite: BEGIN IMMEDIATE)."""


def make_engine(url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    """An engine for a SQLAlchemy URL.

    SQLite runs in WAL mode, so readers never block the one writer, and waits up
    to ``busy_timeout`` seconds for another writer to finish. Transactions are begun
    by SQLAlchemy, not by pysqlite, so DDL is transactional and a writing unit of
    work takes the write lock at its start (``BEGIN IMMEDIATE``) instead of failing
    half-way on a snapshot another writer made stale. The folder of a SQLite file
    is created (0700) when missing.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise TrackerError(
            N_("the database URL is not valid: {url}"), url=hide_password(url)
        ) from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed, busy_timeout)
        return create_engine(parsed, pool_pre_ping=True)
    except (NoSuchModuleError, ModuleNotFoundError):
        raise TrackerError(
            N_(
                "unknown kind of database '{kind}' in {url}: use a SQLite file or "
                "postgresql://user@host/database (for PostgreSQL: "
                "pip install 'appalti-tracker[postgres]')"
            ),
            kind=parsed.drivername,
            url=hide_password(url),
        ) from None
    except (ArgumentError, ValueError, TypeError) as error:
        raise TrackerError(
            N_("the database URL is not valid: {url} ({reason})"),
            url=hide_password(url),
            reason=str(error).splitlines()[0][:200],
        ) from None


def _sqlite_engine(parsed: URL, busy_timeout: float) -> Engine:
    database = parsed.database or ""
    if database and database != ":memory:":
        if not database.startswith("file:"):
            make_private_folder(Path(database).expanduser().parent)
        engine = create_engine(parsed, connect_args={"timeout": busy_timeout})
    else:
        engine = create_engine(
            parsed,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
        )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def hide_password(url: str) -> str:
    """``url`` fit to show: any password replaced by ``***``."""
    return _PASSWORD.sub(r"\1***@", url)


_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def target_name(engine: Engine) -> str:
    """The database an engine opens, as a person names it: the file, or the URL."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, ""):
        database = str(engine.url.database)
        return database.removeprefix("file:").split("?")[0]
    return engine.url.render_as_string(hide_password=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite would otherwise begin transactions itself, lazily and never for DDL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def use_wal(engine: Engine) -> None:
    """Put an appalti SQLite file in WAL mode (it stays so): readers then never
    block the writer. Only once the file is known to be ours: the switch writes
    to it. A read-only file keeps its mode; reading still works."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    with engine.connect() as connection:
        (mode,) = connection.exec_driver_sql("PRAGMA journal_mode").one()
        if mode == "wal":
            return
        check_before_write(connection)
        connection.rollback()
        # Straight to SQLite: the mode cannot change inside a transaction.
        raw: Any = connection.connection.driver_connection
        with contextlib.suppress(sqlite3.Error):
            raw.execute("PRAGMA journal_mode=WAL").fetchall()


def _sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(WRITE):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


SESSION_HOOKS: list[Callable[[sessionmaker[Session]], None]] = []
"""Called with every new session factory: what else its sessions do on each
write (tracker.kept.upkeep keeps the facts up to date with them)."""


def session_factory(
    engine: Engine,
    *,
    actor: str,
    clock: Clock,
    read_only: bool = False,
    role: str | None = None,
) -> sessionmaker[Session]:
    """Sessions that record their writes in the history (tracker.history) as
    ``actor`` at ``clock()``; with ``read_only`` (a role that may not write, named
    ``role``) every write is refused with a ReadOnlyError."""
    factory = sessionmaker(bind=engine, class_=Session, expire_on_commit=False)
    history.install(factory)
    event.listen(factory, "after_begin", _refuse_writes_when_read_only)
    info: dict[str, Any] = {
        "actor": actor,
        "clock": clock,
        "history": True,
        "read_only": read_only,
    }
    if role is not None:
        info["role"] = role
    factory.configure(info=info)
    for hook in SESSION_HOOKS:
        hook(factory)
    return factory


def _refuse_writes_when_read_only(
    session: Session, _transaction: Any, connection: Connection
) -> None:
    """A unit of work that writes, begun by a role that may only read: refused
    before anything is read or written."""
    if connection.get_execution_options().get(WRITE):
        history.ensure_writable(session)


@contextmanager
def session_scope(
    factory: sessionmaker[Session], *, write: bool = False
) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error.

    ``write=True`` for a unit that writes: on SQLite it takes the write lock first
    and, unless the file passed it already (check_before_write), makes sure the
    file is sound (``PRAGMA quick_check``) so that nothing is written into a
    damaged database.
    Failures of the database itself (busy, read-only, damaged, unreachable) become
    a TrackerError that says so.
    """
    session = factory()
    try:
        if write:
            connection = session.connection(execution_options={WRITE: True})
            if connection.dialect.name == "sqlite":
                check_before_write(connection)
        yield session
        session.commit()
    except DBAPIError as error:
        session.rollback()
        failure = describe_failure(error, target_name(_engine_of(factory)))
        if failure is None:
            raise
        raise failure from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _engine_of(factory: sessionmaker[Session]) -> Engine:
    bind = factory.kw["bind"]
    return bind if isinstance(bind, Engine) else bind.engine


def check_before_write(connection: Connection) -> None:
    """Refuse to write into a damaged SQLite file.

    SQLite's quick check reads the whole file (a sixth of a second at 50,000
    contracts), so it runs once per file and process, not per connection: the
    verdict is kept with the engine's pool, its connections to that file. A
    disposed engine gets a new pool, so it checks again whatever file it then
    opens. One check at a time: a save that comes while the app's start-up check
    runs waits for that verdict instead of reading the file a second time.
    """
    pool = connection.engine.pool
    if pool in _SOUND:
        return
    with _CHECKING:
        if pool in _SOUND:
            return
        problems = sqlite_problems(connection, "quick_check", 20)
        if problems:
            raise TrackerError(
                N_(
                    "{target} is damaged ({reason}); nothing was written. "
                    "'appalti check' lists the problems; restore it from a backup"
                ),
                target=target_name(connection.engine),
                reason=sqlite_reason(problems[0]),
            )
        _SOUND.add(pool)


_SOUND: weakref.WeakSet[Pool] = weakref.WeakSet()
"""The pools whose SQLite file passed the check before writing."""
_CHECKING = threading.Lock()


def check_sound(engine: Engine) -> None:
    """The check before writing, done ahead of the first write (the app does it
    at start-up) on a connection that only reads: other writers go on meanwhile.
    A damaged file is a TrackerError saying so; nothing to do on PostgreSQL."""
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as connection:
            check_before_write(connection)
    except DBAPIError as error:
        failure = describe_failure(error, target_name(engine))
        if failure is None:
            raise
        raise failure from None


def known_sound(engine: Engine) -> bool:
    """Whether a write through ``engine`` goes ahead without checking the file
    first: it passed the check, or it is not a SQLite file."""
    return engine.dialect.name != "sqlite" or engine.pool in _SOUND


def sqlite_problems(connection: Connection, pragma: str, limit: int) -> list[str]:
    """The lines of SQLite's own check (quick_check, integrity_check), one problem
    each; empty when the file is sound."""
    rows = connection.exec_driver_sql(f"PRAGMA {pragma}({int(limit)})").all()
    return [
        line
        for (cell,) in rows
        if cell != "ok"
        for line in str(cell).splitlines()
        if line and not line.startswith("*** in database")
    ]


SQLITE_REASONS = {
    "database disk image is malformed": N_("its structure is broken"),
    "file is not a database": N_("it is not a database file"),
    "database corrupt": N_("its structure is broken"),
    "database or disk is full": N_("the disk is full"),
    "disk i/o error": N_("the disk reported a read or write error"),
    "unable to open database file": N_(
        "the file cannot be opened: its folder is missing or not accessible"
    ),
}
"""SQLite's own words for the failures a person meets, said in their language;
any other (a line of its file check) is quoted as SQLite's."""


def sqlite_reason(text: str) -> Message:
    """Why SQLite failed, in the active language: its known failures translated,
    anything else quoted as what SQLite reports (cut to a readable length)."""
    lowered = text.strip().lower()
    for words, reason in SQLITE_REASONS.items():
        if words in lowered:
            return Message(reason, {})
    return Message(N_("SQLite reports: {detail}"), {"detail": text.strip()[:200]})


_BUSY = ("database is locked", "database is busy", "database table is locked")
_READ_ONLY = ("readonly database", "read-only", "readonly")
_DAMAGED = ("malformed", "file is not a database", "database corrupt")


def describe_failure(error: DBAPIError, target: str) -> TrackerError | None:
    """What a failure of the database means for the person, or None when it is
    about the data (a constraint), which the caller words."""
    reason = str(error.orig).strip().splitlines()[0][:200] if error.orig else ""
    lowered = reason.lower()
    if error.orig is not None and type(error.orig).__module__.startswith("sqlite3"):
        if any(word in lowered for word in _BUSY):
            return TrackerError(
                N_(
                    "the database is busy: another appalti is writing to it; "
                    "try again ({target})"
                ),
                target=target,
            )
        if any(word in lowered for word in _READ_ONLY):
            return TrackerError(
                N_(
                    "{target} is read-only: it can be read, but nothing can be "
                    "saved in it"
                ),
                target=target,
            )
        if any(word in lowered for word in _DAMAGED):
            return TrackerError(
                N_(
                    "{target} is damaged ({reason}); nothing was written. "
                    "'appalti check' lists the problems; restore it from a backup"
                ),
                target=target,
                reason=sqlite_reason(reason),
            )
        if "disk is full" in lowered or "disk i/o" in lowered:
            return TrackerError(
                N_("cannot write {file}: {reason}"),
                file=target,
                reason=sqlite_reason(reason),
            )
        if "unable to open" in lowered:
            return TrackerError(
                N_("cannot open the database {target}: {reason}"),
                target=target,
                reason=sqlite_reason(reason),
            )
        return None
    if isinstance(error, OperationalError) and getattr(
        error.orig, "sqlstate", None
    ) in (None, "08000", "08001", "08006", "57P01", "57P03"):
        refused = reason.partition("FATAL:")[2].strip()
        if refused:  # the server answered: no such database, role, password...
            return TrackerError(
                N_("cannot open the database {target}: {reason}"),
                target=target,
                reason=refused,
            )
        return TrackerError(
            N_(
                "cannot open the database {target}: the server cannot be reached "
                "({reason})"
            ),
            target=target,
            reason=reason,
        )
    return None


def alembic_config(engine: Engine | None = None) -> Any:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed).

    Migrations run in one transaction that, on SQLite, holds the write lock from the
    start: an interrupted upgrade leaves the schema as it was.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine.execution_options(**{WRITE: True})
    return config


MIGRATION_LOCK = 0x61707061  # "appa": serialises upgrades of one PostgreSQL database

HEAD_REVISION = "0009"
"""The newest migration (tests/core/test_migrations.py holds it to Alembic's head).

Every command opens the database through ``upgrade``; reading the revision with
one query first spares the common case, a schema already current, the import of
Alembic (a tenth of a second of every command)."""


def _at_head(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version"))
            return [row[0] for row in found] == [HEAD_REVISION]
    except DBAPIError:
        return False  # no such table yet, or a database Alembic must look at


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op when it is already there.

    On PostgreSQL concurrent upgrades wait for each other (an advisory lock), so
    two first starts on a new database never both create the tables.
    """
    if _at_head(engine):
        return
    from alembic import command

    config = alembic_config(engine)
    target = target_name(engine)
    try:
        if _revision_state(engine, config) == "current":
            return
        with contextlib.ExitStack() as stack:
            if engine.dialect.name == "postgresql":
                lock = stack.enter_context(engine.connect())
                lock.execute(
                    text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK}
                )
                stack.callback(
                    lock.execute,
                    text("SELECT pg_advisory_unlock(:key)"),
                    {"key": MIGRATION_LOCK},
                )
                if _revision_state(engine, config) == "current":
                    return
            if engine.dialect.name == "sqlite":
                with engine.connect() as connection:
                    check_before_write(connection)
            command.upgrade(config, "head")
    except DBAPIError as error:
        failure = describe_failure(error, target)
        if failure is None:
            raise TrackerError(
                N_("cannot bring the schema of {target} up to date: {reason}"),
                target=target,
                reason=str(error.orig).strip().splitlines()[0][:200],
            ) from None
        raise failure from None


def _revision_state(engine: Engine, config: Any) -> str:
    """ "current" or "behind"; a TrackerError for a schema appalti cannot upgrade."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config)
    heads = set(script.get_heads())
    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
    if current == heads:
        return "current"
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = current - known
    if unknown:
        raise TrackerError(
            N_(
                "{target} was written by a newer version of appalti "
                "(schema revision {revision}); upgrade appalti"
            ),
            target=target_name(engine),
            revision=", ".join(sorted(unknown)),
        )
    if not current and tables:
        raise TrackerError(
            N_(
                "{target} has tables but no appalti schema revision: it was not made "
                "by appalti, or its creation was interrupted; name another database"
            ),
            target=target_name(engine),
        )
    return "behind"
