"""Alembic environment: uses the engine handed over by tracker.db, or APPALTI_DB."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

from tracker import models  # noqa: F401  (registers the tables)
from tracker.config import resolve_db_url
from tracker.db import make_engine

target_metadata = SQLModel.metadata


def run_migrations() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        engine = make_engine(resolve_db_url(None))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        # SQLite changes a column by copying its table; with foreign keys enforced
        # the copy of a referenced table (contract) fails. The pragma only works
        # outside a transaction, so it is set on the driver's connection, and the
        # references are checked before the upgrade commits.
        if sqlite:
            _foreign_keys(connection, on=False)
        try:
            with connection.begin():
                context.configure(
                    connection=connection,
                    target_metadata=target_metadata,
                    render_as_batch=sqlite,
                    compare_type=True,
                )
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check")
                    if broken.first() is not None:
                        raise RuntimeError("the upgrade broke a reference")
        finally:
            if sqlite:
                _foreign_keys(connection, on=True)


def _foreign_keys(connection: Connection, *, on: bool) -> None:
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


run_migrations()
