"""``appalti check``: is the database sound, whole and consistent?

Four checks, each with the problems it found and where: the storage's own
integrity, the references between tables, the schema revision, and the data
against the rules of the domain (the database read back as a dataset must pass
the checks ``appalti load`` applies; it is loaded into an in-memory database).
Nothing is written to the database checked.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote as url_quote

import pydantic
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from tracker.config import sqlite_path
from tracker.db import (
    DEFAULT_BUSY_TIMEOUT,
    alembic_config,
    make_engine,
    session_factory,
    session_scope,
    sqlite_problems,
    target_name,
    upgrade,
)
from tracker.errors import TrackerError, pydantic_reason, quote
from tracker.i18n import _, ngettext
from tracker.present.errors import draft_kind

MAX_PROBLEMS = 50
"""Problems listed per check; the count says how many more there are."""


@dataclass
class Check:
    """One check's outcome: its problems, or why it could not be made."""

    name: str
    problems: list[str] = field(default_factory=list)
    skipped: str | None = None
    note: str | None = None
    more: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and self.skipped is None

    def add(self, problem: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more += 1


@dataclass
class HealthReport:
    target: str
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


CHECKS = ("integrity", "foreign_keys", "schema", "data", "facts")


def check_database(
    url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
) -> HealthReport:
    """Check the database at ``url`` without changing it."""
    engine = _read_only_engine(url, busy_timeout)
    report = HealthReport(target_name(engine), [Check(name) for name in CHECKS])
    integrity, keys, schema, data, facts = report.checks
    try:
        _run(engine, integrity, _check_integrity)
        if not integrity.ok:
            blocked = _("not checked: the storage is damaged")
            keys.skipped = schema.skipped = data.skipped = facts.skipped = blocked
            return report
        _run(engine, keys, _check_foreign_keys)
        _run(engine, schema, _check_schema)
        if not schema.ok:
            data.skipped = facts.skipped = _(
                "not checked: the schema is not at the current revision"
            )
            return report
        _check_facts(engine, facts)
        if not keys.ok:
            data.skipped = _("not checked: records refer to records that do not exist")
            return report
        _check_data(engine, data)
        return report
    finally:
        engine.dispose()


def _read_only_engine(url: str, busy_timeout: float) -> Engine:
    path = sqlite_path(url)
    if path is None:
        return make_engine(url, busy_timeout=busy_timeout)
    from tracker.storage import open_sqlite, probe_sqlite

    probe_sqlite(path)
    try:
        return open_sqlite(path, url, busy_timeout=busy_timeout, read_only=True)
    except TrackerError:
        # Damaged beyond opening: the integrity check will say how.
        return make_engine(f"sqlite:///file:{url_quote(str(path))}?mode=ro&uri=true")


def _run(engine: Engine, check: Check, body: Any) -> None:
    """Run one check; a failure of the database is that check's problem."""
    try:
        with engine.connect() as connection:
            body(connection, check)
    except DBAPIError as error:
        check.add(_reason(error))
    except TrackerError as error:
        check.add(str(error))


def _reason(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0][:200] if error.orig else str(error)


def _check_integrity(connection: Connection, check: Check) -> None:
    if connection.dialect.name == "sqlite":
        try:
            with connection.begin_nested():
                found = sqlite_problems(connection, "integrity_check", MAX_PROBLEMS)
        except DBAPIError:
            # Some damage stops the full check; the quick one still says where.
            found = sqlite_problems(connection, "quick_check", MAX_PROBLEMS)
        for problem in found:
            check.add(problem)
        return
    _check_postgresql_storage(connection, check)


def _check_postgresql_storage(connection: Connection, check: Check) -> None:
    """Every table read in full; every B-tree index verified when the server has
    the amcheck extension installed in this database."""
    for table in _tables(connection):
        try:
            with connection.begin_nested():
                connection.execute(text(f'SELECT count(*) FROM "{table}"')).all()
        except DBAPIError as error:
            check.add(
                _("table {table}: {reason}").format(table=table, reason=_reason(error))
            )
    has_amcheck = connection.execute(
        text("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")
    ).first()
    if has_amcheck is None:
        check.note = _(
            "every table was read in full; indexes not verified (the server's "
            "amcheck extension is not installed in this database)"
        )
        return
    indexes = connection.execute(
        text(
            "SELECT c.relname, c.oid FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'btree' AND c.relnamespace = current_schema()::regnamespace"
        )
    ).all()
    for name, oid in indexes:
        try:
            with connection.begin_nested():
                connection.execute(text("SELECT bt_index_check(:oid)"), {"oid": oid})
        except DBAPIError as error:
            check.add(
                _("index {index}: {reason}").format(index=name, reason=_reason(error))
            )
    check.note = ngettext(
        "every table was read in full; {count} index verified",
        "every table was read in full; {count} indexes verified",
        len(indexes),
    ).format(count=len(indexes))


def _tables(connection: Connection) -> list[str]:
    return sorted(inspect(connection).get_table_names())


def _check_foreign_keys(connection: Connection, check: Check) -> None:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        for table, rowid, parent, _fkid in rows:
            check.add(
                _("{table} row {row}: refers to a {parent} that does not exist").format(
                    table=table, row=rowid, parent=parent
                )
            )
        return
    inspector = inspect(connection)
    for table in _tables(connection):
        keys = inspector.get_pk_constraint(table)["constrained_columns"] or []
        for foreign in inspector.get_foreign_keys(table):
            _orphans(connection, check, table, keys, foreign)


def _orphans(
    connection: Connection,
    check: Check,
    table: str,
    keys: list[str],
    foreign: Any,
) -> None:
    parent = foreign["referred_table"]
    pairs = list(
        zip(foreign["constrained_columns"], foreign["referred_columns"], strict=True)
    )
    shown = ", ".join(f'c."{k}"' for k in keys) or "1"
    present = " AND ".join(f'c."{c}" IS NOT NULL' for c, _r in pairs)
    joined = " AND ".join(f'p."{r}" = c."{c}"' for c, r in pairs)
    rows = connection.execute(
        text(
            f'SELECT {shown} FROM "{table}" c WHERE {present} AND NOT EXISTS '
            f'(SELECT 1 FROM "{parent}" p WHERE {joined}) LIMIT {MAX_PROBLEMS + 1}'
        )
    ).all()
    for row in rows:
        check.add(
            _("{table} row {row}: refers to a {parent} that does not exist").format(
                table=table, row="/".join(str(v) for v in row), parent=parent
            )
        )


def _check_schema(connection: Connection, check: Check) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    heads = set(script.get_heads())
    current = set(MigrationContext.configure(connection).get_current_heads())
    newest = ", ".join(sorted(heads))
    if current == heads:
        check.note = _("revision {revision}").format(revision=newest)
        return
    if not current:
        check.add(
            _(
                "no appalti schema revision: this is not an appalti database, or its creation was interrupted"
            )
        )
        return
    check.add(
        _(
            "revision {revision}, the newest is {newest}: any appalti command "
            "upgrades it"
        ).format(revision=", ".join(sorted(current)), newest=newest)
    )


def _check_facts(engine: Engine, check: Check) -> None:
    """The kept facts equal a build from scratch (in memory)."""
    from tracker.health_facts import check_facts

    sessions = session_factory(engine, actor="appalti check", clock=_now)
    try:
        with session_scope(sessions) as session:
            check_facts(session, check)
    except DBAPIError as error:
        check.add(_reason(error))


def _check_data(engine: Engine, check: Check) -> None:
    """The data read back as a dataset passes what ``appalti load`` checks.

    The records are read and loaded a section at a time (as ``dump`` writes
    them), so no more than one section is held at once; when the load refuses
    something, record by record to name each problem.
    """
    from tracker.queries.export import SectionExport

    sessions = session_factory(engine, actor="appalti check", clock=_now)
    try:
        with session_scope(sessions) as session:
            if not _reload(SectionExport(session)):
                _reload_each(SectionExport(session), check)
    except _UnreadableError as unreadable:
        _unreadable(unreadable.error, check)
    except DBAPIError as error:
        check.add(_reason(error))


class _UnreadableError(Exception):
    """The database could not be read as a dataset (not a refusal of the load)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _unreadable(error: Exception, check: Check) -> None:
    if isinstance(error, DBAPIError):
        check.add(_reason(error))
    elif isinstance(error, TrackerError):
        check.add(str(error))
    elif isinstance(error, pydantic.ValidationError):
        for problem in error.errors()[:MAX_PROBLEMS]:
            check.add(
                _("{kind} {field}: {reason} (value: {value})").format(
                    kind=draft_kind(error.title),
                    field=".".join(str(part) for part in problem["loc"]),
                    reason=pydantic_reason(problem),
                    value=quote(problem.get("input")),
                )
            )
    else:
        check.add(
            _("the data cannot be read as a dataset: {reason}").format(
                reason=f"{type(error).__name__}: {_short(error)}"
            )
        )


def _section(export: Any, name: str) -> list[Any]:
    """One section's records, read in full; a failure to read is _UnreadableError."""
    try:
        return list(export(name))
    except (
        DBAPIError,
        pydantic.ValidationError,
        TrackerError,
        ValueError,
        LookupError,
    ) as error:
        raise _UnreadableError(error) from error


def _sections() -> list[str]:
    from tracker.drafts import Dataset

    return [
        name
        for name, info in Dataset.model_fields.items()
        if typing.get_origin(info.annotation) is list
    ]


class _Sections:
    """The dataset's sections read on demand, one held at a time: a load takes
    them in order, so the records of the one before are let go."""

    def __init__(self, export: Any) -> None:
        self._export = export
        self._name: str | None = None
        self._records: list[Any] = []

    def get(self, name: str) -> list[Any]:
        if name != self._name:
            self._records = []
            try:
                self._records = [_as_input(r) for r in _section(self._export, name)]
            except pydantic.ValidationError:
                raise _RefusedError from None
            self._name = name
        return self._records


class _RefusedError(TrackerError):
    """A stored record breaks a rule new input follows (named by _reload_each)."""


def _as_input(item: Any) -> Any:
    """A stored record checked as new input is: reading leaves aside the text and
    day rules, which a database written before them may break."""
    return type(item).model_validate(item.model_dump(warnings=False))


def _refused(item: Any, error: pydantic.ValidationError, check: Check) -> None:
    for problem in error.errors()[:MAX_PROBLEMS]:
        check.add(
            _("{kind} {ref}, {field}: {reason} (value: {value})").format(
                kind=draft_kind(error.title),
                ref=quote(getattr(item, "ref", None) or getattr(item, "key", "")),
                field=".".join(str(part) for part in problem["loc"]),
                reason=pydantic_reason(problem),
                value=quote(problem.get("input")),
            )
        )


class _Section(Sequence[Any]):
    """One section of a dataset, read when the load comes to it."""

    def __init__(self, sections: _Sections, name: str) -> None:
        self._sections = sections
        self._name = name

    def __len__(self) -> int:
        return len(self._sections.get(self._name))

    @typing.overload
    def __getitem__(self, index: int) -> Any: ...

    @typing.overload
    def __getitem__(self, index: slice) -> Sequence[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        return self._sections.get(self._name)[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._sections.get(self._name))


def _reload(export: Any) -> bool:
    """Load the records in one load, as ``appalti load`` does, then the history;
    False when the load refuses something."""
    from tracker.dataset import load_dataset
    from tracker.drafts import Dataset

    sections = _Sections(export)
    names = [name for name in _sections() if name != "history"]
    lazy: dict[str, Any] = {name: _Section(sections, name) for name in names}
    records = Dataset.model_construct(**lazy, history=[])
    with _scratch() as scratch:
        try:
            with session_scope(scratch, write=True) as session:
                load_dataset(session, records)
                history = _section(export, "history")
                if history:
                    load_dataset(session, Dataset(history=history))
            return True
        except TrackerError:
            return False


def _reload_each(export: Any, check: Check) -> None:
    """Load record by record into a new scratch database, naming each refusal."""
    from tracker.dataset import load_dataset
    from tracker.drafts import Dataset

    empty = Dataset()
    with _scratch() as sessions, session_scope(sessions, write=True) as session:
        for name in _sections():
            for stored in _section(export, name):
                try:
                    item = _as_input(stored)
                except pydantic.ValidationError as error:
                    _refused(stored, error, check)
                    continue
                single = empty.model_copy(update={name: [item]})
                try:
                    with session.begin_nested():
                        load_dataset(session, single)
                except TrackerError as error:
                    check.add(str(error))


@contextmanager
def _scratch() -> Iterator[Any]:
    """Sessions on an in-memory database, with no history of their own: the
    history the database carries is loaded as a section of its own."""
    engine = make_engine("sqlite://")
    try:
        upgrade(engine)
        sessions = session_factory(engine, actor="appalti check", clock=_now)
        # nor facts: the records are loaded only to be checked
        sessions.configure(
            info={**sessions.kw["info"], "history": False, "kept": False}
        )
        yield sessions
    finally:
        engine.dispose()


def _now() -> datetime:
    return datetime.now(UTC)


def _short(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:300]
