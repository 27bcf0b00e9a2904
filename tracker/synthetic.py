"""A realistic synthetic database of any size, reproducible with a seed.

Services in many neighbourhoods, each run by successive contracts with the gaps and
overlaps real records have; consortia with shares, options (renewals, proroghe,
quinto variations), funding allocations (some pending), planned successor tenders
and explicit deadlines. Identifiers are valid (partita IVA check digit, CIG check
characters), so the data passes the same rules as data entered by hand.

Rows are written with bulk inserts in one transaction; the history records the
generation as one change rather than one per row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter

from sqlalchemy import Table, func, select, text
from sqlmodel import Session, SQLModel

from tracker import models
from tracker.errors import N_, TrackerError
from tracker.kept.bulk import insert_rows
from tracker.kept.marks import rebuild_all
from tracker.synthetic_rows import build


@dataclass(frozen=True)
class GenerationSummary:
    counts: dict[str, int]
    seed: int


INSERT_ORDER = (
    "programme",
    "neighbourhood",
    "neighbourhood_programme",
    "site",
    "service",
    "organisation",
    "consortium",
    "consortium_member",
    "funding_source",
    "tender",
    "lot",
    "lot_service",
    "contract",
    "contract_service",
    "contract_option",
    "funding_allocation",
    "deadline",
)


def generate(
    session: Session,
    *,
    contracts: int,
    seed: int,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    actor: str = "appalti generate",
) -> GenerationSummary:
    """Write a synthetic database into an empty one (the caller commits)."""
    if contracts < 1:
        raise TrackerError(
            N_("--contracts must be 1 or more (value: {value})"), value=contracts
        )
    existing = session.execute(
        select(func.count()).select_from(models.Contract)
    ).scalar_one()
    if existing:
        raise TrackerError(
            N_(
                "the database already holds {count} contracts; generate into an "
                "empty one"
            ),
            count=existing,
        )
    rows = build(contracts, seed=seed)
    metadata = SQLModel.metadata
    connection = session.connection()
    for name in INSERT_ORDER:
        table_rows = rows.rows.get(name, [])
        if not table_rows:
            continue
        table: Table = metadata.tables[name]
        defaults = {
            c.name: None
            for c in table.columns
            if c.name != "id" or "id" in table_rows[0]
        }
        for column in table.columns:
            if column.default is not None and getattr(
                column.default, "is_scalar", False
            ):
                defaults[column.name] = column.default.arg  # type: ignore[attr-defined]
        columns = list(defaults)
        values = itemgetter(*columns)
        insert_rows(
            connection, table, columns, (values({**defaults, **r}) for r in table_rows)
        )
    if connection.dialect.name == "postgresql":
        for name in INSERT_ORDER:
            if "id" in metadata.tables[name].columns:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {name}), 1))"
                    )
                )
    counts = {name: len(rows.rows.get(name, [])) for name in INSERT_ORDER}
    connection.execute(
        models.Change.__table__.insert(),  # type: ignore[attr-defined]
        [
            {
                "at": clock(),
                "actor": actor,
                "action": "generate",
                "entity": "dataset",
                "record_id": None,
                "ref": None,
                "changes": json.dumps({"seed": seed, "rows": counts}, sort_keys=True),
            }
        ],
    )
    # Written with plain SQL, a table at a time: the facts are built once, whole.
    rebuild_all(session)
    return GenerationSummary(counts, seed)
