"""What the rules read of the records: the few facts of contracts, options, tenders,
programmes and explicit deadlines that deadlines and findings are derived from.

Contracts, options and tenders are described by what they offer (the read side hands
over its own lean rows); programmes and explicit deadlines are plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from tracker.domain.kinds import DeadlineState, Recurrence
from tracker.domain.money import Amount
from tracker.domain.periods import end_of_precision


class OptionTerms(Protocol):
    @property
    def ref(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def start(self) -> date | None: ...
    @property
    def end(self) -> date | None: ...
    @property
    def months(self) -> int | None: ...
    @property
    def amount(self) -> Amount | None: ...


class ContractTerms(Protocol):
    @property
    def ref(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def start(self) -> date | None: ...
    @property
    def end(self) -> date | None: ...
    @property
    def months(self) -> int | None: ...
    @property
    def amount(self) -> Amount | None: ...
    @property
    def options(self) -> Sequence[OptionTerms]: ...
    @property
    def covered_until(self) -> date | None: ...
    @property
    def total_gross(self) -> Decimal | None: ...


class TenderTerms(Protocol):
    @property
    def ref(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def procedure_type(self) -> str | None: ...
    @property
    def planned_start(self) -> date | None: ...
    @property
    def latest_start(self) -> date | None: ...
    @property
    def publication_date(self) -> date | None: ...
    @property
    def offer_deadline(self) -> date | None: ...
    @property
    def award_date(self) -> date | None: ...
    @property
    def standstill_end(self) -> date | None: ...
    @property
    def signature_date(self) -> date | None: ...
    @property
    def rup(self) -> str | None: ...
    @property
    def estimate(self) -> Amount | None: ...
    @property
    def signed(self) -> bool: ...


@dataclass(frozen=True)
class ProgrammeEnd:
    ref: str
    name: str
    end: date
    end_precision: str

    @property
    def last_day(self) -> date:
        """The last day the end can mean ("2026" means by 31/12/2026)."""
        return end_of_precision(self.end, self.end_precision)


@dataclass(frozen=True)
class ExplicitDeadline:
    """A deadline entered by hand, one-off or recurring."""

    ref: str
    title: str
    due: date
    recurrence: Recurrence
    recurrence_until: date | None
    state: DeadlineState
    done_through: date | None
    subject_ref: str | None
    lead_days: int
    owner: str | None
