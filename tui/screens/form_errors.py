"""How a form words a refused save: each error next to the field it names, a line
above them counting the fields to correct, and the way to the record that caused
the refusal, when the core names one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.errors import ValidationError, each
from tracker.form_payments import payment_row_of
from tracker.forms import FormField, field_for_error
from tracker.i18n import _, ngettext
from tracker.present.errors import shown


@dataclass(frozen=True)
class Marks:
    """A refusal laid out on a form."""

    fields: dict[str, ValidationError]
    """The first error on each form field, in the form's order."""
    loose: list[str]
    """Errors about no field of the form, worded whole."""

    @property
    def cause(self) -> tuple[str, str | None] | None:
        """The record (and its field) the first error with a cause names."""
        for error in self.fields.values():
            if error.cause is not None:
                return error.cause, error.cause_field
        return None


def marks(kind: str, fields: Sequence[FormField], error: ValidationError) -> Marks:
    """Where each of the core's errors goes on the form of ``kind``."""
    loose: list[str] = []
    marked: dict[str, ValidationError] = {}
    for one in each(error):
        name = field_for_error(kind, one.field)
        if name is None:
            loose.append(str(one))
        else:
            marked.setdefault(name, one)
    order = [field.name for field in fields]
    ordered = dict(sorted(marked.items(), key=lambda item: order.index(item[0])))
    return Marks(ordered, loose)


def field_reason(name: str, error: ValidationError) -> str:
    """The core's message as the field shows it, saying which row it is about."""
    reason = error.reason
    if error.value not in (None, ""):
        reason = f"{reason} ({shown(error.value)})"
    within = re.search(r"\[([^\]]+)\]", error.field)
    row = payment_row_of(error.field) if name == "payments" else None
    if row is not None:
        # payments[1].amount, payment.1.amount: the second row
        number = int(row.split(".")[1]) + 1
        return _("payment {n}: {reason}").format(n=number, reason=reason)
    if within is not None:
        # members[DIKE].share, services[1]: say which one
        return f"{within.group(1)}: {reason}"
    return reason


def summary(found: Marks, cause: str | None) -> str:
    """The lines above the fields: how many to correct, what no field shows, and
    how to fix the cause."""
    lines = []
    if found.fields:
        count = len(found.fields)
        lines.append(
            ngettext(
                "Not saved: {count} field to correct, marked ⚠",
                "Not saved: {count} fields to correct, each marked ⚠",
                count,
            ).format(count=count)
        )
    lines += found.loose
    if cause is not None:
        lines.append(cause_hint(cause))
    return "\n".join(lines)


def cause_hint(cause: str) -> str:
    return _(
        "Correct {ref} with F5, then save this form again with Ctrl+S: what you "
        "typed is kept."
    ).format(ref=cause)
