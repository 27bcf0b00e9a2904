"""Glue between the forms and the tracker: which form a record uses, what a new
record starts with, how the form saves, and what a refused save tells."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

from tracker import drafts
from tracker.api import RecordDraft, RecordKind, Tracker
from tracker.errors import ConflictError
from tracker.formatting import Formatter, printable
from tracker.forms import (
    DRAFTS,
    FORMS,
    MAX_MEMBERS,
    field_label,
    form_field,
    values_from_draft,
)
from tracker.i18n import _
from tracker.vocabulary import N_

if TYPE_CHECKING:
    from tui.app import TrackerApp
    from tui.screens.form import FormResult

ROME = ZoneInfo("Europe/Rome")


class Writing(StrEnum):
    """Forms that write something other than a record of their own."""

    NOTE = "note"
    EXERCISE = "exercise"
    NEW_SERVICE = "new_service"
    """A service, and its neighbourhood when new (tracker.form_service)."""


FormKind = RecordKind | Writing
"""What a form writes: a record of a kind, a note on one, an option's exercise."""


@dataclass(frozen=True)
class Editing:
    """What a form writes: a new record of ``kind`` (under ``parent``), or the
    existing record ``original`` as read when the form opened, its draft ``base``
    and ``version``. The save is checked against that version: if someone else
    saved the record meanwhile, it is refused and nothing is overwritten."""

    kind: FormKind
    original: str | None = None
    parent: str | None = None
    base: drafts.Draft | None = None
    version: int | None = None


@dataclass(frozen=True)
class Notice:
    """What a form shows above its fields after a refused save (``message``), and
    next to some fields (``notes``, by form field). With ``conflict`` the form
    offers to reload the record and reapply what the person typed."""

    message: str
    notes: dict[str, str] = field(default_factory=dict)
    conflict: ConflictError | None = None


def form_kind(record_kind: RecordKind | None) -> RecordKind | None:
    """The form that edits a record of this kind, if one does."""
    return record_kind if record_kind in DRAFTS else None


NAMES: dict[FormKind, str] = {
    RecordKind.TENDER: N_("tender"),
    RecordKind.LOT: N_("lot"),
    RecordKind.CONTRACT: N_("contract"),
    RecordKind.OPTION: N_("option"),
    RecordKind.ORGANISATION: N_("organisation"),
    RecordKind.CONSORTIUM: N_("consortium (ATI/RTI)"),
    RecordKind.ACT: N_("act (delibera, determina)"),
    RecordKind.FUNDING_SOURCE: N_("funding source"),
    RecordKind.ALLOCATION: N_("funding allocation"),
    RecordKind.DEADLINE: N_("deadline"),
}
"""What a form's title calls the record it writes (message ids)."""


def form_title(kind: FormKind, original: str | None, parent: str | None) -> str:
    if kind is Writing.EXERCISE:
        return _("Exercise option {ref}").format(ref=original)
    if kind is Writing.NOTE:
        return _("Note on {ref}").format(ref=parent)
    name = _(NAMES[kind])
    if original is not None:
        return _("Edit {kind} {ref}").format(kind=name, ref=original)
    if parent is not None:
        return _("New {kind} for {ref}").format(kind=name, ref=parent)
    return _("New {kind}").format(kind=name)


NEW_VALUES: dict[FormKind, dict[str, str]] = {
    RecordKind.TENDER: {
        "status": "planned",
        "estimated_value_vat_rate": "22",
        "estimated_value_basis": "net",
    },
    RecordKind.LOT: {"value_vat_rate": "22", "value_basis": "net"},
    RecordKind.CONTRACT: {"amount_vat_rate": "22", "amount_basis": "net"},
    RecordKind.OPTION: {
        "amount_vat_rate": "22",
        "amount_basis": "net",
        "state": "planned",
        "kind": "renewal",
    },
    RecordKind.CONSORTIUM: {"kind": "ATI"},
    RecordKind.ACT: {"kind": "determina_dirigenziale"},
    RecordKind.ALLOCATION: {"status": "pending_confirmation"},
    RecordKind.DEADLINE: {"lead_days": "30", "recurrence": "none"},
}
"""What a new record's form starts with, besides the days and the record it is for."""

FOR_FIELD: dict[FormKind, str] = {
    RecordKind.ALLOCATION: "funds",
    RecordKind.DEADLINE: "subject",
}
"""The field a new record opened from another one names it in."""


def new_values(kind: FormKind, parent: str | None, app: TrackerApp) -> dict[str, str]:
    """What a new record's form starts with."""
    values = dict(NEW_VALUES.get(kind, {}))
    if kind is RecordKind.DEADLINE:
        values["due"] = app.formatter.day(app.as_of)
    if kind is Writing.EXERCISE:
        values["decided_on"] = app.formatter.day(app.as_of)
    if parent and kind in FOR_FIELD:
        values[FOR_FIELD[kind]] = parent
    return values


def form_values(kind: FormKind, draft: drafts.Draft) -> dict[str, str]:
    """What the form of an existing record shows. A field never holds a raw control
    character: the form shows it escaped, and what is saved is what is seen."""
    return {
        name: printable(value, multiline=True)
        for name, value in values_from_draft(kind, draft).items()
    }


def shown_value(kind: FormKind, name: str, values: dict[str, str]) -> str:
    """A form field's value as a line of text: what the other person wrote."""
    if name == "members":
        members = []
        for index in range(MAX_MEMBERS):
            organisation = values.get(f"member.{index}.organisation")
            if not organisation:
                break
            share = values.get(f"member.{index}.share")
            members.append(f"{organisation} {share}%" if share else organisation)
        return ", ".join(members) or _("(not set)")
    value = values.get(name, "")
    if not value:
        return _("(not set)")
    basis = values.get(f"{name}_basis")
    if basis and f"{name}_basis" in {f.name for f in FORMS[kind]}:
        return f"{value} ({_('VAT included') if basis == 'gross' else _('net of VAT')})"
    return value


def conflict_notice(
    kind: FormKind, error: ConflictError, current: drafts.Draft | None, fmt: Formatter
) -> Notice:
    """The refusal as the form shows it: who changed the record and when, then each
    field they changed, named as the form names it, with its new value
    (``current``: the record now, if it could be read)."""
    if error.actor is None or error.at is None:
        headline = _(
            "Not saved: {ref} was changed by someone else after you opened it."
        ).format(ref=error.ref)
    else:
        moment = error.at.astimezone(ROME)
        headline = _(
            "Not saved: {ref} was changed by {actor} on {day} at {time}, after you "
            "opened it."
        ).format(
            ref=error.ref,
            actor=error.actor,
            day=fmt.day(moment.date()),
            time=moment.strftime("%H:%M"),
        )
    lines = [headline]
    theirs = form_values(kind, current) if current is not None else None
    if error.fields:
        lines.append(_("Changed meanwhile:"))
    for changed in error.fields:
        label = field_label(kind, changed)
        name = form_field(kind, changed)
        if theirs is None or name is None:
            lines.append(f"  · {label}")
        else:
            lines.append(f"  · {label}: {shown_value(kind, name, theirs)}")
    lines.append(
        _(
            "What you typed is kept below. Ctrl+R reloads the record and applies "
            "your changes again on it."
        )
    )
    return Notice("\n".join(lines), conflict=error)


def reapplied(
    tracker: Tracker, editing: Editing, result: FormResult, conflict: ConflictError
) -> tuple[Editing, dict[str, str], Notice]:
    """The record read again, with what the person typed applied on it: the form's
    new state, its values, and a note next to each field both people changed."""
    assert editing.original is not None
    fresh = tracker.edit_of(editing.original)
    reread = Editing(
        editing.kind, editing.original, editing.parent, fresh.draft, fresh.version
    )
    who = conflict.actor or _("someone else")
    if editing.base is None or result.draft is None:
        # Exercising an option: what was typed stays, on the option as it is now.
        message = _(
            "Reloaded {ref} as {actor} left it. Check it, then save (Ctrl+S)."
        ).format(ref=editing.original, actor=who)
        return reread, result.values, Notice(message)
    merged, clashes = Tracker.reapply(
        cast(RecordDraft, editing.base),
        cast(RecordDraft, result.draft),
        fresh.draft,
    )
    values = form_values(editing.kind, merged)
    theirs = form_values(editing.kind, fresh.draft)
    notes: dict[str, str] = {}
    for clash in clashes:
        name = form_field(editing.kind, clash.field)
        if name is not None:
            notes[name] = _("also changed by {actor}: {value}; yours kept").format(
                actor=who, value=shown_value(editing.kind, name, theirs)
            )
    if notes:
        message = _(
            "Reloaded {ref} with the changes {actor} made and yours applied again on "
            "them. You both changed the fields marked: yours are kept. Check them, "
            "then save (Ctrl+S)."
        ).format(ref=editing.original, actor=who)
    else:
        message = _(
            "Reloaded {ref} with the changes {actor} made and yours applied again on "
            "them. Check, then save (Ctrl+S)."
        ).format(ref=editing.original, actor=who)
    return reread, values, Notice(message, notes)
