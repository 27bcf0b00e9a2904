"""Which scopes a unit of work made stale: the marks the upkeep settles at commit.

A written row is turned into *seeds* (records whose closure must be worked out)
and *scopes* (records whose facts are stale as they are), from its values before
and after the write, so that a row that moves (a contract given another lot, a
service link changed) makes both its old and its new owners stale. Seeds are
worked out against the database by ``tracker.kept.upkeep.settle``.

Kept free of the builders and the queries, so that the services may mark what
they write with plain SQL (a load's rows, a restored version).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from tracker.domain.kept import ScopeKind

PENDING = "kept_pending"
"""The session's ``Pending`` marks (session.info)."""
SWITCH = "kept"
"""session.info: False for sessions that keep no facts (a scratch database)."""


@dataclass
class Pending:
    """The marks of the unit of work under way."""

    seeds: dict[str, set[int]] = field(default_factory=dict)
    """Records (by table) whose closure is still to be worked out."""
    scopes: dict[ScopeKind, set[int]] = field(default_factory=dict)
    """Scopes whose facts are stale."""
    everything: bool = False

    def seed(self, table: str, *ids: Any) -> None:
        found = {int(i) for i in ids if i is not None}
        if found:
            self.seeds.setdefault(table, set()).update(found)

    def scope(self, kind: ScopeKind, *ids: Any) -> None:
        found = {int(i) for i in ids if i is not None}
        if found:
            self.scopes.setdefault(kind, set()).update(found)

    def __bool__(self) -> bool:
        return self.everything or bool(self.seeds) or bool(self.scopes)


def pending(session: Session) -> Pending:
    found = session.info.get(PENDING)
    if found is None:
        found = session.info[PENDING] = Pending()
    return found


def keeps_facts(session: Session) -> bool:
    return session.info.get(SWITCH, True) is not False


def rebuild_all(session: Session) -> None:
    """Every fact is built again before this unit of work commits (a write too
    wide to follow row by row: a generated database)."""
    pending(session).everything = True


def touch_rows(session: Session, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Rows of ``table`` written with plain SQL, each as its values before or
    after the write (give both when a row changed)."""
    marks = pending(session)
    for values in rows:
        mark_row(marks, table, values)


def mark_row(marks: Pending, table: str, values: Mapping[str, Any]) -> None:
    """The marks of one written row of ``table`` (values before or after)."""
    rule = _RULES.get(table)
    if rule is not None:
        rule(marks, values)


def _own(kind: ScopeKind) -> Any:
    return lambda marks, v: marks.scope(kind, v.get("id"))


def _seed(table: str, column: str = "id") -> Any:
    return lambda marks, v: marks.seed(table, v.get(column))


def _contract(marks: Pending, v: Mapping[str, Any]) -> None:
    marks.seed("contract", v.get("id"))
    marks.seed("lot", v.get("lot_id"))
    # its supplier's own facts only: a supplier's other contracts do not
    # depend on this one
    marks.scope(ScopeKind.ORGANISATION, v.get("supplier_organisation_id"))
    marks.scope(ScopeKind.CONSORTIUM, v.get("supplier_consortium_id"))


def _allocation(marks: Pending, v: Mapping[str, Any]) -> None:
    marks.scope(ScopeKind.ALLOCATION, v.get("id"))
    marks.seed("tender", v.get("tender_id"))
    marks.seed("contract", v.get("contract_id"))
    marks.scope(ScopeKind.SOURCE, v.get("source_id"))


def _staffing(marks: Pending, v: Mapping[str, Any]) -> None:
    marks.seed("contract", v.get("contract_id"))
    marks.seed("in_house_period", v.get("in_house_id"))


def _link(owner: str, owner_column: str) -> Any:
    def mark(marks: Pending, v: Mapping[str, Any]) -> None:
        marks.seed(owner, v.get(owner_column))
        marks.scope(ScopeKind.SERVICE, v.get("service_id"))

    return mark


def _member(marks: Pending, v: Mapping[str, Any]) -> None:
    marks.seed("consortium", v.get("consortium_id"))
    marks.scope(ScopeKind.ORGANISATION, v.get("organisation_id"))


def _neighbourhood_programme(marks: Pending, v: Mapping[str, Any]) -> None:
    marks.seed("neighbourhood", v.get("neighbourhood_id"))
    marks.seed("programme", v.get("programme_id"))


def _tender(marks: Pending, v: Mapping[str, Any]) -> None:
    marks.seed("tender", v.get("id"))
    marks.scope(ScopeKind.ORGANISATION, v.get("buyer_organisation_id"))
    marks.seed("programme", v.get("programme_id"))


def _service(marks: Pending, v: Mapping[str, Any]) -> None:
    marks.scope(ScopeKind.SERVICE, v.get("id"))
    marks.seed("programme", v.get("programme_id"))


_RULES: dict[str, Any] = {
    "programme": _seed("programme"),
    "neighbourhood": _seed("neighbourhood"),
    "neighbourhood_programme": _neighbourhood_programme,
    "site": _seed("site"),
    "service": _service,
    "organisation": _seed("organisation"),
    "consortium": _seed("consortium"),
    "consortium_member": _member,
    "funding_source": _seed("funding_source"),
    "tender": _tender,
    "lot": _seed("tender", "tender_id"),
    "lot_service": _link("lot", "lot_id"),
    "contract": _contract,
    "contract_service": _link("contract", "contract_id"),
    "contract_option": _seed("contract", "contract_id"),
    "payment": _seed("contract", "contract_id"),
    "staffing": _staffing,
    "in_house_period": _seed("in_house_period"),
    "in_house_service": _link("in_house_period", "in_house_id"),
    "funding_allocation": _allocation,
    "deadline": _own(ScopeKind.DEADLINE),
}
"""Each table's row -> its marks; tables not named (acknowledgements, snoozes,
notes, acts, the history, sent digests) keep no facts stale: they are read when
the findings are."""
