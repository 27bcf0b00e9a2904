"""Where a whole build puts the kept facts: each family by first day, the order
a day's reading takes them in, so that what one reading needs lies side by side
in the file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from tests.conftest import COMMITTEE_DAY
from tracker.api import Tracker
from tracker.kept.store import FACT


def _written(tracker: Tracker) -> list[tuple[str, bool, date]]:
    """Each fact's family and first day, in the order the facts were written."""
    query = select(FACT.c.family, FACT.c.day_from).order_by(FACT.c.id)
    with tracker.engine.connect() as connection:
        return [
            (family, day is not None, day or date.min)
            for family, day in connection.execute(query)
        ]


def test_a_load_writes_each_family_by_first_day(milan: Tracker) -> None:
    written = _written(milan)
    assert len({family for family, _, _ in written}) == 4
    assert any(dated for _, dated, _ in written)
    assert written == sorted(written)


def test_a_repair_writes_them_so_again(milan: Tracker) -> None:
    with milan.engine.begin() as connection:
        # as an older appalti left them: the last written first
        rows = [dict(r) for r in connection.execute(select(FACT)).mappings()]
        connection.execute(FACT.delete())
        for row in reversed(rows):
            del row["id"]
            connection.execute(FACT.insert().values(row))
    assert _written(milan) != sorted(_written(milan))
    milan.rebuild_facts()
    assert _written(milan) == sorted(_written(milan))


@contextmanager
def _statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def note(*args: Any) -> None:
        seen.append((args[2], args[3]))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_every_service_is_read_by_first_day(milan: Tracker) -> None:
    if milan.engine.dialect.name != "sqlite":
        pytest.skip("the order of a reading is SQLite's plan; PostgreSQL plans its own")
    with _statements(milan.engine) as seen:
        services = milan.continuity(COMMITTEE_DAY)
    assert len(services) == 6
    (statement, parameters), *others = [
        (sql, params) for sql, params in seen if "SELECT kept_fact.payload" in sql
    ]
    assert others == []
    with milan.engine.connect() as connection:
        raw: Any = connection.connection.driver_connection
        plan = " ".join(
            str(row[-1])
            for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        )
    assert "ix_kept_fact_family_day" in plan
    assert "TEMP B-TREE" not in plan
