"""Writing many rows of one table at once, through the driver's ``executemany``.

SQLAlchemy's ``connection.execute(insert(table), rows)`` works out each row's
parameters on its own (hundreds of thousands of dictionaries for a whole build of
the kept facts or a generated database); here the statement is written once and
the rows go to the driver as tuples, each value through its column's own bind
conversion (a date as SQLite keeps it), so the rows stored are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Date, Table

MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
"""The positional placeholder of each driver parameter style this writes with
(SQLite's sqlite3, PostgreSQL's psycopg)."""

BATCH = 10_000
"""Rows handed to the driver at a time: a bounded list of tuples in memory."""


def insert_rows(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Insert ``rows`` (values in the order of ``columns``) into ``table``; how
    many. A driver with another parameter style goes through SQLAlchemy."""
    dialect = connection.dialect
    mark = MARKS.get(dialect.paramstyle)
    if mark is None:
        return _insert_with_sqlalchemy(connection, table, columns, rows)
    quote = dialect.identifier_preparer.quote
    statement = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
        f"({', '.join(quote(name) for name in columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    convert = []
    for at, name in enumerate(columns):
        column_type = table.c[name].type
        processor = column_type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            # a day is converted once however many rows have it: a whole build
            # of the kept facts converts hundreds of thousands of a few thousand
            cache: dict[Any, Any] | None = {} if _is_day(column_type) else None
            convert.append((at, processor, cache))
    count = 0
    batch: list[Sequence[Any]] = []
    for row in rows:
        values: list[Any] | None = None
        for at, processor, cache in convert:
            value = row[at]
            if value is None:
                continue
            if values is None:
                values = list(row)
            if cache is None:
                values[at] = processor(value)
            elif (converted := cache.get(value)) is not None:
                values[at] = converted
            else:
                values[at] = cache[value] = processor(value)
        batch.append(tuple(row) if values is None else tuple(values))
        if len(batch) == BATCH:
            connection.exec_driver_sql(statement, batch)
            count += len(batch)
            batch = []
    if batch:
        connection.exec_driver_sql(statement, batch)
        count += len(batch)
    return count


def _is_day(column_type: Any) -> bool:
    """Whether a column keeps days (not times): equal days convert alike."""
    return isinstance(column_type, Date)


def _insert_with_sqlalchemy(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    found = [dict(zip(columns, row, strict=True)) for row in rows]
    if found:
        connection.execute(table.insert(), found)
    return len(found)
