"""Alembic environment: uses the engine handed over by tracker.db, or APPALTI_DB."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from tracker import models  # noqa: F401  (registers the tables)
from tracker.config import resolve_db_url
from tracker.db import make_engine

target_metadata = SQLModel.metadata


def run_migrations() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        engine = make_engine(resolve_db_url(None))
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


run_migrations()
