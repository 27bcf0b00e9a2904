"""Property: after any sequence of writes through the real services, the kept
facts equal a build from scratch, on SQLite and on PostgreSQL.

Each example starts from the Milan dataset (a copy of a template) and makes up
to a dozen random writes: edits of any field of any record (dates, links,
states, amounts, names), renames, deletions, copies, options added and
exercised, lots, payments, new services and a small dataset loaded. A write the
services refuse writes nothing; the facts must agree all the same.
``scripts/fuzz_kept.py`` runs thousands of examples.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MILAN, _pg_execute, _pg_url_for, fixed_clock
from tests.core.kept_writes import Write, apply, comparison, shown
from tracker.api import Tracker

EXAMPLES = {
    "sqlite": int(os.environ.get("APPALTI_KEPT_EXAMPLES", "200")),
    # a database copied per example costs a server more than a file copy
    "postgresql": int(os.environ.get("APPALTI_KEPT_EXAMPLES", "60")),
}

writes = st.lists(
    st.tuples(
        st.integers(0, 63),
        st.integers(0, 63),
        st.integers(0, 63),
        st.integers(0, 63),
        st.integers(0, 100_000),
    ),
    min_size=1,
    max_size=12,
)


@pytest.fixture
def milan_copies(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], str]]:
    """Makes fresh copies of a database holding the Milan dataset."""
    if backend == "sqlite":
        folder = tmp_path
        template = folder / "milan.db"
        built = Tracker.open(f"sqlite:///{template}", clock=fixed_clock)
        built.load_file(MILAN)
        built.close()
        made = iter(range(1_000_000))

        def copy_file() -> str:
            path = folder / f"copy-{next(made)}.db"
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
            shutil.copyfile(template, path)
            return f"sqlite:///{path}"

        yield copy_file
        return
    template_name: str = request.getfixturevalue("pg_template")
    name = f"appalti_kept_{uuid.uuid4().hex[:8]}"
    _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"')
    built = Tracker.open(_pg_url_for(name), clock=fixed_clock)
    built.load_file(MILAN)
    built.close()
    copies: list[str] = []

    def copy_database() -> str:
        copy = f"appalti_kept_{uuid.uuid4().hex[:8]}"
        _pg_execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
        copies.append(copy)
        return _pg_url_for(copy)

    yield copy_database
    for copy in copies:
        _pg_execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_kept_facts_equal_a_build_from_scratch_after_any_writes(
    milan_copies: Callable[[], str], backend: str
) -> None:
    @settings(
        max_examples=EXAMPLES.get(backend, 50),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(sequence=writes)
    def writes_then_compare(sequence: list[Write]) -> None:
        url = milan_copies()
        tracker = Tracker.open(url, clock=fixed_clock, actor="property")
        try:
            done = [apply(tracker, w, serial) for serial, w in enumerate(sequence)]
            found = comparison(tracker)
            assert found.built
            assert shown(found) == [], done
        finally:
            tracker.close()
            _drop(url)

    writes_then_compare()


def _drop(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return
    _pg_execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def test_the_writes_reach_the_facts(milan_copies: Callable[[], str]) -> None:
    """The writes the property draws do change the facts (a test that could not
    fail would prove nothing): moving a contract's end moves its deadline."""
    url = milan_copies()
    tracker = Tracker.open(url, clock=fixed_clock, actor="property")
    try:
        before = _facts_of(tracker, "CDQ-2006-MAZZINI/end")
        editable = tracker.edit_of("CDQ-2006-MAZZINI")
        draft = editable.draft.model_copy(update={"options": []})
        assert isinstance(draft, type(editable.draft))
        end = getattr(draft, "end")  # noqa: B009
        tracker.save(
            draft.model_copy(update={"end": end.replace(year=end.year + 1)}),
            original="CDQ-2006-MAZZINI",
            base_version=editable.version,
        )
        after = _facts_of(tracker, "CDQ-2006-MAZZINI/end")
        assert before != after
        assert shown(comparison(tracker)) == []
    finally:
        tracker.close()
        _drop(url)


def _facts_of(tracker: Tracker, key: str) -> list[tuple[object, ...]]:
    from sqlalchemy import text

    with tracker.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT day_from, day_until, payload FROM kept_fact WHERE key = :k"),
            {"k": key},
        )
        return [tuple(row) for row in rows]
