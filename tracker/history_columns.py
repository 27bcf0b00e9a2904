"""Which field of a record's draft (its form, the dataset) each stored column
holds: the history records columns, people read fields."""

from __future__ import annotations

COLUMN_FIELDS = {
    "estimate_cents": "estimated_value",
    "estimate_basis": "estimated_value",
    "estimate_vat_rate": "estimated_value",
    "value_cents": "value",
    "value_basis": "value",
    "value_vat_rate": "value",
    "amount_cents": "amount",
    "amount_basis": "amount",
    "amount_vat_rate": "amount",
    "supplier_organisation_id": "supplier",
    "supplier_consortium_id": "supplier",
    "authorising_act_id": "authorising_act",
    "programme_id": "programme",
    "act_id": "act",
    "lot_id": "lot",
    "source_id": "source",
    "tender_id": "funds",
    "contract_id": "funds",
    "subject_ref": "subject",
    "buyer_organisation_id": "buyer",
    "cpv_codes": "cpv",
}


def draft_field(column: str) -> str:
    """The field of a record's draft (the form, the dataset) a column is shown in."""
    return COLUMN_FIELDS.get(column, column)
