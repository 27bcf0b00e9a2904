"""acts are edited like every record

An act (delibera, determina) can now be created, changed and deleted in the app: it
gets a ``version`` like every other editable record (1 for the acts already there),
so that a save based on a stale read is refused rather than overwriting another
person's change.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 00:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("act", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("act", schema=None) as batch_op:
        batch_op.drop_column("version")
