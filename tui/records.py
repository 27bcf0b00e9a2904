"""Glue between the forms and the tracker: which form a record uses, what a new
record starts with, and which tracker call saves it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker import drafts
from tracker.api import Tracker
from tracker.forms import DRAFTS, read_values
from tracker.i18n import _

if TYPE_CHECKING:
    from tui.app import TrackerApp
    from tui.screens.form import FormResult


def form_kind(record_kind: str | None) -> str | None:
    """The form that edits a record of this kind, if one does."""
    return record_kind if record_kind in DRAFTS else None


def form_title(kind: str, original: str | None, parent: str | None) -> str:
    names = {
        "tender": _("tender"),
        "lot": _("lot"),
        "contract": _("contract"),
        "option": _("option"),
        "organisation": _("organisation"),
        "consortium": _("consortium (ATI/RTI)"),
        "funding_source": _("funding source"),
        "allocation": _("funding allocation"),
        "deadline": _("deadline"),
        "note": _("note"),
    }
    if kind == "exercise":
        return _("Exercise option {ref}").format(ref=original)
    if kind == "note":
        return _("Note on {ref}").format(ref=parent)
    if original is not None:
        return _("Edit {kind} {ref}").format(kind=names[kind], ref=original)
    if parent is not None:
        return _("New {kind} for {ref}").format(kind=names[kind], ref=parent)
    return _("New {kind}").format(kind=names[kind])


def new_values(kind: str, parent: str | None, app: TrackerApp) -> dict[str, str]:
    """What a new record's form starts with."""
    today = app.formatter.day(app.tracker.today())
    values: dict[str, str] = {}
    if kind == "tender":
        values["status"] = "planned"
    if kind in ("tender", "lot", "contract", "option"):
        prefix = {"tender": "estimated_value", "lot": "value"}.get(kind, "amount")
        values[f"{prefix}_vat_rate"] = "22"
        values[f"{prefix}_basis"] = "net"
    if kind == "option":
        values["state"] = "planned"
        values["kind"] = "renewal"
    if kind == "consortium":
        values["kind"] = "ATI"
    if kind == "allocation":
        values["status"] = "pending_confirmation"
        if parent:
            values["funds"] = parent
    if kind == "deadline":
        values["due"] = app.formatter.day(app.as_of)
        values["lead_days"] = "30"
        values["recurrence"] = "none"
        if parent:
            values["subject"] = parent
    if kind == "exercise":
        values["decided_on"] = today
    return values


def write_form(
    tracker: Tracker,
    kind: str,
    result: FormResult,
    *,
    original: str | None,
    parent: str | None,
) -> str:
    """Save a form's result through the tracker; returns the record's reference."""
    draft: Any = result.draft
    if kind == "note":
        assert parent is not None
        text = read_values("note", result.values)["text"]
        tracker.add_note(parent, text)
        return parent
    if kind == "exercise":
        assert original is not None
        read = read_values("exercise", result.values)
        tracker.exercise_option(
            original, decided_on=read["decided_on"], act=read["act"]
        )
        return original
    if kind == "tender":
        assert isinstance(draft, drafts.TenderDraft)
        if original is not None:
            draft = draft.model_copy(update={"lots": []})  # lots are saved one by one
        return tracker.save_tender(draft, original=original)
    if kind == "lot":
        assert isinstance(draft, drafts.LotDraft)
        assert parent is not None
        return tracker.save_lot(parent, draft, original=original)
    if kind == "contract":
        assert isinstance(draft, drafts.ContractDraft)
        if original is not None:
            draft = draft.model_copy(update={"options": []})
        return tracker.save_contract(draft, original=original)
    if kind == "option":
        assert isinstance(draft, drafts.OptionDraft)
        assert parent is not None
        return tracker.save_option(parent, draft, original=original)
    if kind == "organisation":
        assert isinstance(draft, drafts.OrganisationDraft)
        return tracker.save_organisation(draft, original=original)
    if kind == "consortium":
        assert isinstance(draft, drafts.ConsortiumDraft)
        return tracker.save_consortium(draft, original=original)
    if kind == "funding_source":
        assert isinstance(draft, drafts.FundingSourceDraft)
        return tracker.save_funding_source(draft, original=original)
    if kind == "allocation":
        assert isinstance(draft, drafts.AllocationDraft)
        return tracker.save_allocation(draft, original=original)
    if kind == "deadline":
        assert isinstance(draft, drafts.DeadlineDraft)
        return tracker.save_deadline(draft, original=original)
    raise ValueError(kind)
