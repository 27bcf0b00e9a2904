"""Fields named as people read them: an error's field, the columns a history
entry changed, each through the label its form gives it, in the active language."""

from __future__ import annotations

import json
import re

from tracker.errors import N_
from tracker.history_columns import draft_field
from tracker.i18n import _

_PART = re.compile(r"([^.\[\]]+)|(\[[^\]]*\])")


def field_name(path: str) -> str:
    """A field as people read it: each name through the label its form gives it
    ("period.start" reads "Periodo → Inizio"). A path through a list
    ("contracts[LOR-1].period.end") is a place in a dataset file, whose keys are
    the file's own: it is shown as written, so that it can be found there."""
    if "[" in path:
        return path
    names = _field_labels()
    parts: list[str] = []
    for match in _PART.finditer(path):
        name, bracket = match.groups()
        if bracket is not None:
            if parts:
                parts[-1] += bracket
            else:
                parts.append(bracket)
        elif name.isdigit():
            if parts:
                parts[-1] += f"[{name}]"
            else:
                parts.append(name)
        else:
            parts.append(_(names[name]) if name in names else name)
    return " → ".join(parts) if parts else path


def _field_labels() -> dict[str, str]:
    from tracker.forms import FORMS, OWNED_ROWS

    labels: dict[str, str] = dict(FIELD_LABELS)
    for fields in FORMS.values():
        for field in fields:
            labels.setdefault(field.name, field.label)
            for alias in field.aliases:
                labels.setdefault(alias, field.label)
    for name, label in OWNED_ROWS.items():
        labels.setdefault(name, label)
    return labels


FIELD_LABELS = {
    "period": N_("Period"),
    "start": N_("Start"),
    "end": N_("End"),
    "months": N_("Months"),
    "share": N_("Share"),
    "role": N_("Role"),
    "organisation": N_("Organisation"),
    "members": N_("Members"),
    "member": N_("Member"),
    "count": N_("Count"),
    "staffing": N_("Staffing"),
    "services": N_("Services"),
    "programmes": N_("Programmes"),
    "gross": N_("Gross amount"),
    "net": N_("Net amount"),
    "vat_rate": N_("VAT rate"),
    "deadline": N_("Deadline"),
    "key": N_("Alert or deadline key"),
    "at": N_("Moment"),
    "until": N_("Until"),
    "written_at": N_("Written at"),
    "text": N_("Text"),
    "subject": N_("Subject"),
    "sort": N_("Sort"),
    "status": N_("Status"),
    "limit": N_("Rows"),
    "supplier": N_("Supplier"),
    "recurrence": N_("Recurrence"),
    "partita_iva": N_("Partita IVA"),
    "codice_fiscale": N_("Codice fiscale"),
    "cig": N_("CIG"),
    "cup": N_("CUP"),
    "ref": N_("Reference"),
    "day": N_("Day"),
}
"""Names of fields the forms do not show, or show inside another (the period of an
option, a member's share); a form's own label wins over these."""


HISTORY_KINDS = {"contract_option": "option", "funding_allocation": "allocation"}
"""The form that edits a table's rows, where its name differs from the table's."""

COLUMN_LABELS = {
    "actor": N_("Who"),
    "adopted_on": N_("Adopted on"),
    "author": N_("Author"),
    "body": N_("Adopted by"),
    "condition_notes": N_("Condition"),
    "consortium_id": N_("Consortium"),
    "done_through": N_("Done through"),
    "erp_dwellings": N_("Public housing dwellings"),
    "figures_as_of": N_("Figures as of"),
    "figures_basis": N_("Source of the figures"),
    "floor": N_("Floor"),
    "households": N_("Households"),
    "in_house_id": N_("In-house period"),
    "inhabitants": N_("Inhabitants"),
    "inhabitants_approximate": N_("Inhabitants (approximate)"),
    "municipio": N_("Municipio"),
    "owner": N_("Owned by"),
    "neighbourhood_id": N_("Neighbourhood"),
    "organisation_id": N_("Organisation"),
    "plan_entry": N_("Entry in the procurement plan"),
    "position": N_("Position"),
    "required_from": N_("Required from"),
    "required_until": N_("Required until"),
    "service_id": N_("Service"),
    "share_hundredths": N_("Share"),
    "site_id": N_("Site"),
    "space_kind": N_("Kind of space"),
    "through": N_("Through"),
    "url": N_("Web address"),
    "ausa": N_("AUSA code"),
    "paid_by": N_("Must be paid by"),
    "ocid": N_("OCDS identifier (ocid)"),
    "buyer": N_("Buyer"),
    "main_category": N_("Main category"),
    "cpv": N_("CPV codes"),
    "procedure_code": N_("ANAC procedure code"),
    "procedure_title": N_("ANAC procedure title"),
    "cups": N_("CUP codes"),
    "basis": N_("Legal basis or rationale"),
    "paid_on": N_("Paid on"),
    "reference": N_("Reference of the payment"),
    "entity": N_("Kind of record"),
    "record_id": N_("Record"),
    "written": N_("Values imported"),
    "release_date": N_("Date of the release"),
    "imported_at": N_("Imported at"),
}
"""Columns no form shows (places, neighbourhoods, members, links) in words."""

TABLE_COLUMN_LABELS = {
    ("payment", "amount_cents"): N_("Amount (VAT included)"),
    ("sent_digest", "as_of"): N_("Situation as of"),
    ("sent_digest", "recipients"): N_("Recipients"),
    ("sent_digest", "alerts"): N_("Alerts"),
}
"""Columns whose general label would mislead in their table (a payment's amount is
cash paid, not the contract's base amount), or that only one table has."""


def column_label(entity: str, column: str) -> str:
    """A stored column of a table as people read it: the label of the form field
    that shows it (``amount_cents`` is the amount), else its own label."""
    from tracker.forms import FORMS, field_label

    if (entity, column) in TABLE_COLUMN_LABELS:
        return _(TABLE_COLUMN_LABELS[entity, column])
    name = draft_field(column.removesuffix("_precision"))
    kind = HISTORY_KINDS.get(entity, entity)
    if kind in FORMS:
        label = field_label(kind, name)
        if label != name:
            return label
    if name in COLUMN_LABELS:
        return _(COLUMN_LABELS[name])
    return field_name(name)


def changed_fields(entity: str, action: str, changes: str) -> str:
    """What an update in the history changed, as the fields' labels ("Importo,
    Fine"), or which version a restore brought back; empty for a creation or a
    deletion."""
    if action == "restore":
        # tracker.history.record_restore writes {"version": N}
        try:
            version = json.loads(changes).get("version")
        except (ValueError, AttributeError):
            return ""
        return _("from version {version}").format(version=version)
    if action != "update":
        return ""
    try:
        columns = json.loads(changes)
    except ValueError:
        return ""
    if not isinstance(columns, dict):
        return ""
    labels = dict.fromkeys(column_label(entity, column) for column in columns)
    return ", ".join(sorted(labels))
