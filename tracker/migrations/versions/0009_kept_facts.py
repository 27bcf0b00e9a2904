"""kept facts

The day-independent facts the findings are read from (coverage and gaps per
service, derived deadlines, money, funding and party checks), one row per fact
with the days it can matter on, and the format they were built in. The table is
created empty: the facts are built from the records the first time the database
is opened writable (tracker.kept).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 06:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


LINKS = ("contract_service", "lot_service", "in_house_service")


def upgrade() -> None:
    op.create_table(
        "kept_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "family", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False
        ),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("scope_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("day_from", sa.Date(), nullable=True),
        sa.Column("day_until", sa.Date(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("kept_fact", schema=None) as batch_op:
        batch_op.create_index("ix_kept_fact_scope", ["scope", "scope_id"], unique=False)
        batch_op.create_index(
            "ix_kept_fact_family_day", ["family", "day_from"], unique=False
        )
        # the facts that matter from some day on whatever the day after (an open
        # action overdue), found without reading every fact of the past
        batch_op.create_index(
            "ix_kept_fact_family_open",
            ["family", "day_until", "day_from"],
            unique=False,
        )
    op.create_table(
        "kept_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "format", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("built", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # rebuilding a service's facts looks its links up by service: without these,
    # every save scans the three link tables
    for table in LINKS:
        op.create_index(f"ix_{table}_service_id", table, ["service_id"])


def downgrade() -> None:
    for table in LINKS:
        op.drop_index(f"ix_{table}_service_id", table_name=table)
    op.drop_table("kept_state")
    with op.batch_alter_table("kept_fact", schema=None) as batch_op:
        batch_op.drop_index("ix_kept_fact_family_open")
        batch_op.drop_index("ix_kept_fact_family_day")
        batch_op.drop_index("ix_kept_fact_scope")
    op.drop_table("kept_fact")
