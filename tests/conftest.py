"""Shared fixtures: real databases (a SQLite file, a PostgreSQL database) per test.

Each backend is migrated once per session into a template (a file for SQLite, a
template database for PostgreSQL) and copied for every test. PostgreSQL runs when
APPALTI_TEST_PG_URL names a server (scripts/test.sh starts one on 127.0.0.1).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tracker.api import Tracker
from tracker.bundled import milan_dataset_path
from tracker.db import make_engine, upgrade
from tracker.i18n import set_language

PG_ENV = "APPALTI_TEST_PG_URL"
COMMITTEE_DAY = date(2023, 1, 17)
NOW = datetime(2023, 1, 17, 8, 30, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MILAN = milan_dataset_path()


def fixed_clock() -> datetime:
    return NOW


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _pg_execute(statement: str) -> None:
    url = _pg_admin_url()
    assert url is not None
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def _pg_url_for(database: str) -> str:
    url = _pg_admin_url()
    assert url is not None
    return make_url(url).set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    if _pg_admin_url() is None:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV} (scripts/test.sh does)")
    name = f"appalti_template_{uuid.uuid4().hex[:8]}"
    _pg_execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(_pg_url_for(name))
    upgrade(engine)
    engine.dispose()
    yield name
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_empty_url() -> Iterator[str]:
    """A new, empty PostgreSQL database (no tables)."""
    if _pg_admin_url() is None:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV} (scripts/test.sh does)")
    name = f"appalti_test_{uuid.uuid4().hex[:12]}"
    _pg_execute(f'CREATE DATABASE "{name}"')
    yield _pg_url_for(name)
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """A migrated, empty database of the test's backend."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "appalti.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    template_name: str = request.getfixturevalue("pg_template")
    name = f"appalti_test_{uuid.uuid4().hex[:12]}"
    _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
    yield _pg_url_for(name)
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def db_url_factory(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """Makes further empty databases of the same backend (for round trips)."""
    made: list[str] = []

    def make() -> str:
        if backend == "sqlite":
            template: Path = request.getfixturevalue("sqlite_template")
            path = tmp_path / f"extra-{len(made)}.db"
            shutil.copyfile(template, path)
            made.append(str(path))
            return f"sqlite:///{path}"
        template_name: str = request.getfixturevalue("pg_template")
        name = f"appalti_test_{uuid.uuid4().hex[:12]}"
        _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
        made.append(name)
        return _pg_url_for(name)

    yield make
    if backend == "postgresql":
        for name in made:
            _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def tracker(db_url: str) -> Iterator[Tracker]:
    opened = Tracker.open(db_url, clock=fixed_clock, actor="test-rup")
    yield opened
    opened.close()


@pytest.fixture
def milan(tracker: Tracker) -> Tracker:
    """A tracker holding the Milan dataset."""
    tracker.load_file(MILAN)
    return tracker


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Every test starts in English; the active language is process-wide."""
    set_language("en")
    yield
    set_language("en")
