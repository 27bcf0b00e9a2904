"""record versions and a complete, append-only history

Every editable record gets a ``version`` (1 for the rows already there); the history
gets the record each write belongs to (its subject), the version it made, and the
database role that wrote it; the database refuses to change or delete history rows.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 00:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = (
    "organisation",
    "consortium",
    "funding_source",
    "tender",
    "lot",
    "contract",
    "contract_option",
    "funding_allocation",
    "deadline",
    "note",
)

# Records that are their own subject: the rows written before this revision are
# found again by their record (children and notes stay without a subject).
OWN_SUBJECT = (
    "programme",
    "neighbourhood",
    "site",
    "service",
    "organisation",
    "consortium",
    "act",
    "funding_source",
    "tender",
    "lot",
    "contract",
    "contract_option",
    "in_house_period",
    "funding_allocation",
    "deadline",
)

SQLITE_TRIGGERS = (
    "CREATE TRIGGER change_no_update BEFORE UPDATE ON change BEGIN "
    "SELECT RAISE(ABORT, 'the history is append-only: UPDATE of change refused'); "
    "END",
    "CREATE TRIGGER change_no_delete BEFORE DELETE ON change BEGIN "
    "SELECT RAISE(ABORT, 'the history is append-only: DELETE of change refused'); "
    "END",
)

POSTGRESQL_TRIGGERS = (
    "CREATE FUNCTION change_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'the history is append-only: % of change refused', TG_OP; "
    "END $$",
    "CREATE TRIGGER change_append_only BEFORE UPDATE OR DELETE ON change "
    "FOR EACH ROW EXECUTE FUNCTION change_is_append_only()",
    "CREATE TRIGGER change_no_truncate BEFORE TRUNCATE ON change "
    "FOR EACH STATEMENT EXECUTE FUNCTION change_is_append_only()",
)


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "subject_kind",
                sqlmodel.sql.sqltypes.AutoString(length=40),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("subject_version", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "role", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
            )
        )
        batch_op.create_index(
            "ix_change_subject", ["subject_kind", "subject_id"], unique=False
        )
    change = sa.table(
        "change",
        sa.column("entity", sa.String()),
        sa.column("record_id", sa.Integer()),
        sa.column("subject_kind", sa.String()),
        sa.column("subject_id", sa.Integer()),
    )
    op.execute(
        change.update()
        .where(change.c.entity.in_(OWN_SUBJECT))
        .values(subject_kind=change.c.entity, subject_id=change.c.record_id)
    )
    triggers = (
        POSTGRESQL_TRIGGERS
        if op.get_bind().dialect.name == "postgresql"
        else SQLITE_TRIGGERS
    )
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER change_no_truncate ON change")
        op.execute("DROP TRIGGER change_append_only ON change")
        op.execute("DROP FUNCTION change_is_append_only()")
    else:
        op.execute("DROP TRIGGER change_no_delete")
        op.execute("DROP TRIGGER change_no_update")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_index("ix_change_subject")
        batch_op.drop_column("role")
        batch_op.drop_column("subject_version")
        batch_op.drop_column("subject_id")
        batch_op.drop_column("subject_kind")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
