"""Engine, sessions, schema migrations and the change history.

Every flush records what it wrote in the ``change`` table (who, when, which record,
which fields, old and new values), so each service call leaves its trace without
having to remember to.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel

from tracker import models
from tracker.errors import TrackerError
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
    half-way on a snapshot another writer made stale.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise TrackerError(f"database URL is not valid: {url!r}") from None
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
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
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except (NoSuchModuleError, ModuleNotFoundError):
        raise TrackerError(
            f"no driver for {parsed.drivername!r}; for PostgreSQL install the "
            "extra: pip install 'appalti-tracker[postgres]'"
        ) from None


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite would otherwise begin transactions itself, lazily and never for DDL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        (mode,) = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode not in ("wal", "memory"):
            # A read-only file stays in its mode; reading still works.
            with contextlib.suppress(sqlite3.OperationalError):
                cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(WRITE):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def session_factory(
    engine: Engine, *, actor: str, clock: Clock
) -> sessionmaker[Session]:
    """Sessions that record their writes in the history as ``actor`` at ``clock()``."""
    factory = sessionmaker(bind=engine, class_=Session, expire_on_commit=False)
    event.listen(factory, "after_flush", _record_changes)
    factory.configure(info={"actor": actor, "clock": clock, "history": True})
    return factory


@contextmanager
def session_scope(
    factory: sessionmaker[Session], *, write: bool = False
) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error.

    ``write=True`` for a unit that writes: on SQLite it takes the write lock first.
    """
    session = factory()
    try:
        if write:
            session.connection(execution_options={WRITE: True})
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _columns(obj: SQLModel) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {col.key: _plain(getattr(obj, col.key)) for col in mapper.column_attrs}


def _record_changes(session: Session, _flush_context: Any) -> None:
    if not session.info.get("history", True):
        return
    actor = str(session.info.get("actor", "unknown"))
    clock: Clock = session.info["clock"]
    now = clock()
    rows: list[dict[str, Any]] = []

    def add(action: str, obj: SQLModel, changes: dict[str, Any]) -> None:
        rows.append(
            {
                "at": now,
                "actor": actor,
                "action": action,
                "entity": type(obj).__tablename__,
                "record_id": getattr(obj, "id", None),
                "ref": getattr(obj, "ref", None),
                "changes": json.dumps(changes, sort_keys=True, ensure_ascii=False),
            }
        )

    for obj in session.new:
        if isinstance(obj, SQLModel) and not isinstance(obj, models.Change):
            add("create", obj, _columns(obj))
    for obj in session.dirty:
        if not isinstance(obj, SQLModel) or isinstance(obj, models.Change):
            continue
        state = inspect(obj)
        changed: dict[str, Any] = {}
        for attr in state.mapper.column_attrs:
            history = state.attrs[attr.key].history
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                if old != new:
                    changed[attr.key] = [_plain(old), _plain(new)]
        if changed:
            add("update", obj, changed)
    for obj in session.deleted:
        if isinstance(obj, SQLModel) and not isinstance(obj, models.Change):
            add("delete", obj, _columns(obj))
    if rows:
        session.connection().execute(models.Change.__table__.insert(), rows)  # type: ignore[attr-defined]


def alembic_config(engine: Engine | None = None) -> Any:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op when it is already there."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config(engine)
    heads = set(ScriptDirectory.from_config(config).get_heads())
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except OperationalError as error:
        raise TrackerError(f"cannot open the database: {error.orig}") from None
    if current == heads:
        return
    script = ScriptDirectory.from_config(config)
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = current - known
    if unknown:
        raise TrackerError(
            "the database was written by a newer version of appalti "
            f"(schema revision {', '.join(sorted(unknown))}); upgrade appalti"
        )
    command.upgrade(config, "head")


def create_schema(engine: Engine) -> None:
    """Create the tables straight from the models (only to compare with migrations)."""
    SQLModel.metadata.create_all(engine)
