"""Where a contract stands on a day, and up to when it covers what it serves.

Both rules are read by every list and view of contracts (CLI, app, documents) and,
for paging, mirrored in SQL by ``tracker.queries.contract_list``; a test runs the SQL
against the cases of this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Protocol

from tracker.domain.kinds import OptionState


class ContractState(StrEnum):
    """Where a contract stands on the as-of day."""

    UPCOMING = "upcoming"
    RUNNING = "running"
    ENDED = "ended"


STATE_ORDER = {
    ContractState.UPCOMING.value: 0,
    ContractState.RUNNING.value: 1,
    ContractState.ENDED.value: 2,
}
"""The order a list sorted by state shows them in."""


class OptionPeriod(Protocol):
    """What coverage needs to know of an option: its state and its last day."""

    @property
    def state(self) -> str: ...

    @property
    def end(self) -> date | None: ...


def extends_coverage(state: str, end: date | None) -> bool:
    """Only an exercised option with a stated end lengthens the covered period: a
    planned one may never be exercised, a lapsed one never was."""
    return state == OptionState.EXERCISED.value and end is not None


def covered_until(end: date, options: Iterable[OptionPeriod]) -> date:
    """The end of the base period or of the last exercised option, whichever is
    later (an option may end before the base when it covers a part of it only)."""
    ends = [
        o.end for o in options if o.end is not None and extends_coverage(o.state, o.end)
    ]
    return max([end, *ends])


def contract_state(start: date, covered: date, as_of: date) -> ContractState:
    """Upcoming before its first day, ended after its last covered day (the day
    itself still counts as running), running in between."""
    if start > as_of:
        return ContractState.UPCOMING
    if covered < as_of:
        return ContractState.ENDED
    return ContractState.RUNNING
