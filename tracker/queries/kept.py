"""The builders of the kept facts, one per rule family.

A builder reads the records of some scopes and returns their facts
(``tracker.domain.kept.Fact``); ``ids=None`` means every record of that scope
kind. The upkeep rebuilds the dirty scopes of a write with them, and ``appalti
check`` compares the kept facts with a build from scratch.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from sqlmodel import Session

from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.queries import kept_continuity


class Builder(Protocol):
    def __call__(
        self, session: Session, scope: ScopeKind, ids: Collection[int] | None
    ) -> list[Fact]:
        """The facts of the records of ``scope`` with ``ids`` (all with None);
        empty for a scope kind the family keeps nothing about."""
        ...


FAMILIES: dict[FamilyName, Builder] = {}
"""Every family's builder; each family module adds itself below."""
# the families register last: their modules read the records through the other
# query modules
from tracker.queries.kept_deadlines import build_deadlines, build_stale  # noqa: E402
from tracker.queries.kept_funding import build_funding  # noqa: E402
from tracker.queries.kept_parties import build_money, build_parties  # noqa: E402

FAMILIES[FamilyName.CONTINUITY] = kept_continuity.build
FAMILIES[FamilyName.DEADLINES] = build_deadlines
FAMILIES[FamilyName.STALE] = build_stale
FAMILIES[FamilyName.FUNDING] = build_funding
FAMILIES[FamilyName.PARTIES] = build_parties
FAMILIES[FamilyName.MONEY] = build_money
