"""The kept facts in ``appalti check``: compared with a build from scratch, each
difference named by its family, its record and what is wrong with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session

from tracker.domain.kept import FamilyName, ScopeKind
from tracker.errors import N_, quote
from tracker.i18n import _, ngettext
from tracker.kept.check import Difference, compare
from tracker.present.errors import record_kind

if TYPE_CHECKING:
    from tracker.health import Check

FAMILY_NAMES = {
    FamilyName.CONTINUITY: N_("continuity"),
    FamilyName.DEADLINES: N_("deadlines"),
    FamilyName.FUNDING: N_("funding"),
    FamilyName.PARTIES: N_("suppliers and consortia"),
    FamilyName.MONEY: N_("amounts"),
    FamilyName.STALE: N_("tenders standing still"),
}

STATES = {
    "missing": N_("missing"),
    "extra": N_("kept but no longer true"),
    "different": N_("differs from the records"),
}


def check_facts(session: Session, check: Check) -> None:
    """Add to ``check`` each kept fact that a build from scratch disagrees with."""
    found = compare(session)
    if not found.built:
        check.note = _(
            "not built yet: the next appalti command that can write to the "
            "database builds them"
        )
        return
    for difference in found.differences:
        check.add(describe(difference))
    if not found.differences:
        check.note = ngettext(
            "{count} fact, the same as a build from scratch",
            "{count} facts, the same as a build from scratch",
            found.kept,
        ).format(count=found.kept)


def describe(difference: Difference) -> str:
    kind = (
        "funding source" if difference.scope == ScopeKind.SOURCE else difference.scope
    )
    record = (
        quote(difference.ref)
        if difference.ref is not None
        else _("no longer there (id {id})").format(id=difference.scope_id)
    )
    return _("{family}, {kind} {record}, fact {key}: {state}").format(
        family=_(FAMILY_NAMES[difference.family]),
        kind=record_kind(str(kind)),
        record=record,
        key=quote(difference.key),
        state=_(STATES[difference.state]),
    )
