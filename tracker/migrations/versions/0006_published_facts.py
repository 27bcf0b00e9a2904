"""published facts: buyers, CPV and CUPs, half-known periods, modifications and payments

What ANAC publishes, held as it is: a contract's period may be known by one end only,
a lot may have no number and several CUPs, a tender names its buyer, main category,
CPV codes and ANAC procedure code; a contract's modifications state their basis;
payments made on a contract; a funding source's "must be paid by" day; and, for
imported records, where they came from and what the import last wrote. Every existing
row is kept as it is.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 19:23:37.411281
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "published_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column(
            "entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False
        ),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("written", sa.Text(), nullable=False),
        sa.Column(
            "release_date", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True
        ),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column(
            "reference", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_contract_id"), ["contract_id"], unique=False
        )

    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.alter_column("start", existing_type=sa.DATE(), nullable=True)
        batch_op.alter_column("end", existing_type=sa.DATE(), nullable=True)

    with op.batch_alter_table("contract_option", schema=None) as batch_op:
        batch_op.add_column(sa.Column("basis", sa.Text(), nullable=True))

    with op.batch_alter_table("funding_source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paid_by", sa.Date(), nullable=True))

    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cups", sa.Text(), nullable=True))
        batch_op.alter_column("number", existing_type=sa.INTEGER(), nullable=True)

    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "ausa", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
            )
        )

    with op.batch_alter_table("tender", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "ocid", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("buyer_organisation_id", sa.Integer(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "main_category",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("cpv_codes", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "procedure_code",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "procedure_title",
                sqlmodel.sql.sqltypes.AutoString(length=300),
                nullable=True,
            )
        )
        batch_op.create_unique_constraint("uq_tender_ocid", ["ocid"])
        batch_op.create_foreign_key(
            "fk_tender_buyer_organisation_id",
            "organisation",
            ["buyer_organisation_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("tender", schema=None) as batch_op:
        batch_op.drop_constraint("fk_tender_buyer_organisation_id", type_="foreignkey")
        batch_op.drop_constraint("uq_tender_ocid", type_="unique")
        batch_op.drop_column("procedure_title")
        batch_op.drop_column("procedure_code")
        batch_op.drop_column("cpv_codes")
        batch_op.drop_column("main_category")
        batch_op.drop_column("buyer_organisation_id")
        batch_op.drop_column("ocid")

    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("ausa")

    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.alter_column("number", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("cups")

    with op.batch_alter_table("funding_source", schema=None) as batch_op:
        batch_op.drop_column("paid_by")

    with op.batch_alter_table("contract_option", schema=None) as batch_op:
        batch_op.drop_column("basis")

    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.alter_column("end", existing_type=sa.DATE(), nullable=False)
        batch_op.alter_column("start", existing_type=sa.DATE(), nullable=False)

    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_contract_id"))

    op.drop_table("payment")
    op.drop_table("published_source")
