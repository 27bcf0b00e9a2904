"""Alerts: findings as of a day, each with a severity a person acts on.

The finding rules (modules ``findings``, ``funding``, ``parties`` and ``rules`` of
this package) return a ``Finding``: what was found, as data; the presentation layer
(``tracker.present.findings``) words it into the ``Alert`` people read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import final

from tracker.domain.frozen import slot_setters


class Severity(StrEnum):
    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Severity) -> bool:
        """Whether this severity is ``other`` or worse."""
        return self.rank <= other.rank


_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
"""Most urgent first. A table rather than ``.value`` lookups: a city's alerts are
sorted by it (an enum member's ``value`` is a slow descriptor)."""


class AlertKind(StrEnum):
    CONTINUITY_GAP = "continuity_gap"
    CONTINUITY_RISK = "continuity_risk"
    PLANNED_GAP = "planned_gap"
    OVERLAP = "contract_overlap"
    DEADLINE_OVERDUE = "deadline_overdue"
    DEADLINE_UPCOMING = "deadline_upcoming"
    FUNDING_PENDING = "funding_pending"
    FUNDING_ELIGIBILITY = "funding_eligibility"
    FUNDING_MISMATCH = "funding_mismatch"
    FUNDING_SHORTFALL = "funding_shortfall"
    PAID_AFTER_PAID_BY = "paid_after_paid_by"
    UNPAID_AT_PAID_BY = "unpaid_at_paid_by"
    CONSORTIUM_SHARES = "consortium_shares"
    CONSORTIUM_LEAD = "consortium_lead"
    MANDATARIA_SHARE = "mandataria_share"
    INVALID_PARTITA_IVA = "invalid_partita_iva"
    RENEWAL_NOT_PRO_RATA = "renewal_not_pro_rata"
    QUINTO_EXCEEDED = "quinto_exceeded"
    THRESHOLD_EXCEEDED = "threshold_exceeded"
    TENDER_STALE = "tender_stale"


CRITICAL_KINDS = frozenset({AlertKind.CONTINUITY_GAP, AlertKind.CONTINUITY_RISK})
"""The only kinds of finding that may be critical: a service left without a
contract, and a successor's procedure not started by its day. Both are continuity
findings, so the continuity findings alone hold every critical alert of a day: the
digest shows them first, before the others are counted. ``Finding`` refuses a
critical finding of any other kind."""


# slotted, as Finding: a city's day makes 12,000 alerts, each set field by field
# and read again to sort them; final: reports write it with msgspec, which would
# add a subclass's fields. Its own __init__ sets each slot through the slot
# itself, at half the cost of the frozen class's (an ``object.__setattr__`` per
# field, and one more for a key worked out after).
@final
@dataclass(frozen=True, slots=True, init=False)
class Alert:
    severity: Severity
    kind: AlertKind
    due: date | None
    subject: str
    ref: str
    message: str
    key: str = ""
    """Stable handle of the finding: the deadline key for deadline alerts (what
    ``appalti deadline ack`` takes), otherwise ``<ref>/<kind>``."""

    def __init__(
        self,
        severity: Severity,
        kind: AlertKind,
        due: date | None,
        subject: str,
        ref: str,
        message: str,
        key: str = "",
    ) -> None:
        put = _ALERT_SLOTS
        put[0](self, severity)
        put[1](self, kind)
        put[2](self, due)
        put[3](self, subject)
        put[4](self, ref)
        put[5](self, message)
        put[6](self, key or f"{ref}/{kind}")

    def __post_init__(self) -> None:
        # what the dataclass's own __init__ would call: pydantic, reading an
        # alert back from JSON, makes it without __init__ and calls this
        if not self.key:
            _ALERT_SLOTS[6](self, f"{self.ref}/{self.kind}")

    def sort_key(self) -> tuple[int, date, str, str]:
        # a StrEnum member is its value, as a key and in a string
        return (_RANK[self.severity], self.due or date.max, self.ref, self.kind)


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """An alert before it is worded: its ``detail`` holds what the sentence names
    (a dataclass of the rule that found it)."""

    severity: Severity
    kind: AlertKind
    due: date | None
    subject: str
    ref: str
    detail: object
    key: str = ""

    def __init__(
        self,
        severity: Severity,
        kind: AlertKind,
        due: date | None,
        subject: str,
        ref: str,
        detail: object,
        key: str = "",
    ) -> None:
        if severity is Severity.CRITICAL and kind not in CRITICAL_KINDS:
            # a rule broke CRITICAL_KINDS: the digest's first screen would miss it
            raise ValueError(f"a {kind.value} finding cannot be critical")
        # as Alert's: a city's day makes 12,000 findings
        put = _FINDING_SLOTS
        put[0](self, severity)
        put[1](self, kind)
        put[2](self, due)
        put[3](self, subject)
        put[4](self, ref)
        put[5](self, detail)
        put[6](self, key)

    def alert(self, message: str) -> Alert:
        """The alert that says this finding with ``message``."""
        return Alert(
            self.severity,
            self.kind,
            self.due,
            self.subject,
            self.ref,
            message,
            key=self.key,
        )


_ALERT_SLOTS, _FINDING_SLOTS = slot_setters(Alert), slot_setters(Finding)


RECENT = timedelta(days=365)
"""How long after a contract or a procedure ends its findings keep being reported."""


def risk_severity(as_of: date, act_by: date | None, *, within: int) -> Severity | None:
    """Critical once the day to start a successor has passed, a warning while it is
    within the horizon, nothing before."""
    if act_by is None:
        return None
    if act_by < as_of:
        return Severity.CRITICAL
    if act_by <= as_of + timedelta(days=within):
        return Severity.WARNING
    return None


def upcoming_severity(
    *, days: int, lead_days: int, actionable: bool, eligibility: bool
) -> Severity:
    """How urgent a deadline ``days`` ahead is: a warning once an action is within its
    lead time, and always for the end of a source's eligibility (spending after it
    is lost); information otherwise."""
    if eligibility or (actionable and days <= lead_days):
        return Severity.WARNING
    return Severity.INFO
