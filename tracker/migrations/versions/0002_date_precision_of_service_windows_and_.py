"""date precision of service windows and programme starts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 23:48:26.172776
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "start_precision",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                nullable=False,
                server_default="day",
            )
        )

    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "required_from_precision",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                nullable=False,
                server_default="day",
            )
        )
        batch_op.add_column(
            sa.Column(
                "required_until_precision",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                nullable=False,
                server_default="day",
            )
        )



def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("required_until_precision")
        batch_op.drop_column("required_from_precision")

    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_column("start_precision")

