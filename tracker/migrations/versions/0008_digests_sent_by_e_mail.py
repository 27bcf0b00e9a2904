"""digests sent by e-mail

The morning digest (``appalti digest``) remembers each message the mail server
accepted, with the alerts it carried, so that ``--only-new`` sends the same people
only what they were not told yet.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 00:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sent_digest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column(
            "actor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("alerts", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sent_digest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sent_digest_at"), ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sent_digest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sent_digest_at"))
    op.drop_table("sent_digest")
