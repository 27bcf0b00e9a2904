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
    UNCERTAIN = "uncertain"
    """The published period does not say: its start is unknown and its last covered
    day has not passed, or its start has passed and its end is unknown."""
    ENDED = "ended"


STATE_ORDER = {
    ContractState.UPCOMING.value: 0,
    ContractState.RUNNING.value: 1,
    ContractState.UNCERTAIN.value: 2,
    ContractState.ENDED.value: 3,
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


def covered_until(end: date | None, options: Iterable[OptionPeriod]) -> date | None:
    """The end of the base period or of the last exercised option, whichever is
    later (an option may end before the base when it covers a part of it only).

    None when no end is known: neither the base's nor an exercised option's. An
    exercised option must state its own start after a base with no end, so its end
    is the last day the contract is known to run to."""
    ends = [
        o.end for o in options if o.end is not None and extends_coverage(o.state, o.end)
    ]
    known = [day for day in (end, *ends) if day is not None]
    return max(known, default=None)


def contract_state(
    start: date | None, covered: date | None, as_of: date
) -> ContractState:
    """Upcoming before its first day, ended after its last covered day (the day
    itself still counts as running), running in between.

    A half-known period says only what it can: a known start still ahead is
    upcoming and a known last day passed is ended; otherwise a contract with its
    start or its end unknown is uncertain, never guessed running."""
    if start is not None and start > as_of:
        return ContractState.UPCOMING
    if covered is not None and covered < as_of:
        return ContractState.ENDED
    if start is None or covered is None:
        return ContractState.UNCERTAIN
    return ContractState.RUNNING
