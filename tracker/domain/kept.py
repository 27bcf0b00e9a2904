"""Kept facts: what a finding depends on that does not depend on the day.

Coverage and gaps of a service, derived deadlines with their due days, money,
funding and consortium checks are facts of the data; only which of them matter on
a day D depends on D. A rule family turns the records of one *scope* (a service, a
contract, a tender...) into ``Fact`` rows, kept in the database and rebuilt in the
same transaction as each write that touches the scope; reading the findings of a
day selects the facts that can matter on it and lets the family evaluate them.

A fact never depends on the day, the language or the settings: lead times, titles
and severities are worked out when the facts are read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class ScopeKind(StrEnum):
    """The record that owns a fact: rebuilding a scope replaces all its facts."""

    SERVICE = "service"
    CONTRACT = "contract"
    TENDER = "tender"
    ALLOCATION = "allocation"
    SOURCE = "source"
    PROGRAMME = "programme"
    DEADLINE = "deadline"
    ORGANISATION = "organisation"
    CONSORTIUM = "consortium"


class FamilyName(StrEnum):
    """The rule family a fact belongs to."""

    CONTINUITY = "continuity"
    DEADLINES = "deadlines"
    FUNDING = "funding"
    PARTIES = "parties"
    MONEY = "money"
    STALE = "stale"


@dataclass(frozen=True)
class Fact:
    """One day-independent fact.

    ``day_from``/``day_until`` bound the days on which it can raise a finding: a
    reader for day D with horizon ``within`` selects the facts with
    ``day_from <= D + within`` (or no ``day_from``) and ``day_until >= D`` (or no
    ``day_until``). The bounds may be wider than the truth, never narrower: the
    family's evaluation decides exactly.
    """

    family: FamilyName
    scope: ScopeKind
    scope_id: int
    key: str
    """Unique within the family and the scope; stable while the data does not change."""
    payload: Mapping[str, Any]
    """JSON-able (str, int, float, bool, None, lists, dicts; dates as ISO strings)."""
    day_from: date | None = None
    day_until: date | None = None
