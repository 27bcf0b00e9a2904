"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 23:24:03.912799
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "act",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column(
            "subject", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False
        ),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_table(
        "change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "actor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column(
            "entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False
        ),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_ref"), ["ref"], unique=False)

    op.create_table(
        "consortium",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_table(
        "deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column(
            "title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False
        ),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column(
            "subject_ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True
        ),
        sa.Column(
            "recurrence", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("recurrence_until", sa.Date(), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("done_through", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deadline_subject_ref"), ["subject_ref"], unique=False
        )

    op.create_table(
        "funding_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "funder", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("eligible_from", sa.Date(), nullable=True),
        sa.Column("eligible_until", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_table(
        "neighbourhood",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("municipio", sa.Integer(), nullable=True),
        sa.Column("inhabitants", sa.Integer(), nullable=True),
        sa.Column("inhabitants_approximate", sa.Boolean(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=True),
        sa.Column("erp_dwellings", sa.Integer(), nullable=True),
        sa.Column("figures_as_of", sa.Date(), nullable=True),
        sa.Column(
            "figures_basis", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "subject_ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False
        ),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "author", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_note_subject_ref"), ["subject_ref"], unique=False
        )

    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column(
            "legal_form", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column(
            "partita_iva", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
        ),
        sa.Column(
            "codice_fiscale", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
        ),
        sa.Column(
            "address", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_partita_iva"), ["partita_iva"], unique=False
        )

    op.create_table(
        "programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column(
            "end_precision", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_table(
        "consortium_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consortium_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("share_hundredths", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["consortium_id"],
            ["consortium.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consortium_id", "organisation_id"),
    )
    with op.batch_alter_table("consortium_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consortium_member_consortium_id"),
            ["consortium_id"],
            unique=False,
        )

    op.create_table(
        "in_house_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column(
            "title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False
        ),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column(
            "start_precision",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=False,
        ),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column(
            "end_precision", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False
        ),
        sa.Column("act_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["act_id"],
            ["act.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_table(
        "neighbourhood_programme",
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["neighbourhood_id"],
            ["neighbourhood.id"],
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
        ),
        sa.PrimaryKeyConstraint("neighbourhood_id", "programme_id"),
    )
    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=True),
        sa.Column(
            "address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "space_kind", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("floor", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("condition_notes", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["neighbourhood_id"],
            ["neighbourhood.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_table(
        "tender",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column(
            "title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False
        ),
        sa.Column(
            "procedure_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column(
            "status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("cup", sqlmodel.sql.sqltypes.AutoString(length=15), nullable=True),
        sa.Column("rup", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column(
            "planned_start_precision",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=False,
        ),
        sa.Column("planned_months", sa.Integer(), nullable=True),
        sa.Column("publication_date", sa.Date(), nullable=True),
        sa.Column("offer_deadline", sa.Date(), nullable=True),
        sa.Column("award_date", sa.Date(), nullable=True),
        sa.Column("standstill_end", sa.Date(), nullable=True),
        sa.Column("signature_date", sa.Date(), nullable=True),
        sa.Column("estimate_cents", sa.BigInteger(), nullable=True),
        sa.Column(
            "estimate_basis", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True
        ),
        sa.Column(
            "estimate_vat_rate",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=True,
        ),
        sa.Column("authorising_act_id", sa.Integer(), nullable=True),
        sa.Column(
            "plan_entry", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["authorising_act_id"],
            ["act.id"],
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_table(
        "lot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False
        ),
        sa.Column("cig", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("value_cents", sa.BigInteger(), nullable=True),
        sa.Column(
            "value_basis", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True
        ),
        sa.Column(
            "value_vat_rate", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tender_id"],
            ["tender.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
        sa.UniqueConstraint("tender_id", "number"),
    )
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lot_tender_id"), ["tender_id"], unique=False
        )

    op.create_table(
        "service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("required_from", sa.Date(), nullable=False),
        sa.Column("required_until", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["neighbourhood_id"],
            ["neighbourhood.id"],
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["site.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    op.create_table(
        "contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column(
            "title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False
        ),
        sa.Column("lot_id", sa.Integer(), nullable=True),
        sa.Column("cig", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("supplier_organisation_id", sa.Integer(), nullable=True),
        sa.Column("supplier_consortium_id", sa.Integer(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column(
            "start_precision",
            sqlmodel.sql.sqltypes.AutoString(length=8),
            nullable=False,
        ),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column(
            "end_precision", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False
        ),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=True),
        sa.Column(
            "amount_basis", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True
        ),
        sa.Column(
            "amount_vat_rate", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True
        ),
        sa.Column("act_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["act_id"],
            ["act.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lot.id"],
        ),
        sa.ForeignKeyConstraint(
            ["supplier_consortium_id"],
            ["consortium.id"],
        ),
        sa.ForeignKeyConstraint(
            ["supplier_organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_lot_id"), ["lot_id"], unique=False
        )

    op.create_table(
        "in_house_service",
        sa.Column("in_house_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["in_house_id"],
            ["in_house_period.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.PrimaryKeyConstraint("in_house_id", "service_id"),
    )
    op.create_table(
        "lot_service",
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lot_id"],
            ["lot.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.PrimaryKeyConstraint("lot_id", "service_id"),
    )
    op.create_table(
        "contract_option",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=True),
        sa.Column(
            "amount_basis", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True
        ),
        sa.Column(
            "amount_vat_rate", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True
        ),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("act_id", sa.Integer(), nullable=True),
        sa.Column("cig", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["act_id"],
            ["act.id"],
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("contract_option", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_option_contract_id"), ["contract_id"], unique=False
        )

    op.create_table(
        "contract_service",
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.PrimaryKeyConstraint("contract_id", "service_id"),
    )
    op.create_table(
        "funding_allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=True),
        sa.Column(
            "status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["funding_source.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tender_id"],
            ["tender.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("funding_allocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_funding_allocation_contract_id"),
            ["contract_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_funding_allocation_source_id"), ["source_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_funding_allocation_tender_id"), ["tender_id"], unique=False
        )

    op.create_table(
        "staffing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("in_house_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
        ),
        sa.ForeignKeyConstraint(
            ["in_house_id"],
            ["in_house_period.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staffing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staffing_contract_id"), ["contract_id"], unique=False
        )



def downgrade() -> None:
    with op.batch_alter_table("staffing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staffing_contract_id"))

    op.drop_table("staffing")
    with op.batch_alter_table("funding_allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_allocation_tender_id"))
        batch_op.drop_index(batch_op.f("ix_funding_allocation_source_id"))
        batch_op.drop_index(batch_op.f("ix_funding_allocation_contract_id"))

    op.drop_table("funding_allocation")
    op.drop_table("contract_service")
    with op.batch_alter_table("contract_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_option_contract_id"))

    op.drop_table("contract_option")
    op.drop_table("lot_service")
    op.drop_table("in_house_service")
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_lot_id"))

    op.drop_table("contract")
    op.drop_table("service")
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lot_tender_id"))

    op.drop_table("lot")
    op.drop_table("tender")
    op.drop_table("site")
    op.drop_table("neighbourhood_programme")
    op.drop_table("in_house_period")
    with op.batch_alter_table("consortium_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consortium_member_consortium_id"))

    op.drop_table("consortium_member")
    op.drop_table("programme")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_partita_iva"))

    op.drop_table("organisation")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_subject_ref"))

    op.drop_table("note")
    op.drop_table("neighbourhood")
    op.drop_table("funding_source")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_subject_ref"))

    op.drop_table("deadline")
    op.drop_table("consortium")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_ref"))
        batch_op.drop_index(batch_op.f("ix_change_at"))

    op.drop_table("change")
    op.drop_table("act")
