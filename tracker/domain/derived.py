"""The deadlines of a database: derived from its records, and its explicit ones with
their recurrences expanded.

Deriving them takes two steps, so that the first can be kept in the database
(``tracker.domain.kept``): each record gives its *deadline facts*, what the data
alone fixes (keys, days, whether done, what a title needs), the same whatever the
day, the settings, the language or the acknowledgements; reading facts for a day
(``read_deadlines``) applies the notice and lead times, the acknowledgements, the
titles and the days asked about. ``derive_deadlines`` is the two in a row.

Titles are words: the presentation layer supplies them (``DeadlineTitles``), so that
the rules here stay the same in every language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Protocol

from tracker.domain.deadlines import (
    Deadline,
    DeadlineKind,
    derived_state,
    occurrence_state,
    occurrences,
    option_decision_day,
    procedure_start,
    still_matters,
    tender_milestones,
)
from tracker.domain.funding import AllocationFact
from tracker.domain.kinds import DeadlineState, OptionState, Recurrence
from tracker.domain.modifications import decided_before_the_end
from tracker.domain.records import (
    ContractTerms,
    ExplicitDeadline,
    ProgrammeEnd,
    TenderTerms,
)
from tracker.domain.stale import STALE_MILESTONE, stale_from

MILESTONE_LEAD_DAYS = 30
"""How long before an option decision or a tender milestone it comes up."""


class DeadlineSettings(Protocol):
    @property
    def option_notice_days(self) -> int: ...
    @property
    def horizon_days(self) -> int: ...
    def lead_days_for(self, procedure_type: str | None) -> int: ...


class DeadlineTitles(Protocol):
    """How the deadlines derived from the records are called."""

    def contract_end(self, contract: str) -> str: ...
    def option_decision(self, option: str, contract: str, start: date) -> str: ...
    def milestone(self, tender: str, label: str, moved_from: date | None) -> str: ...
    def eligibility_end(self, source_name: str) -> str: ...
    def programme_end(self, name: str) -> str: ...


@dataclass(frozen=True)
class Derivation:
    """What deriving deadlines takes besides the records."""

    settings: DeadlineSettings
    titles: DeadlineTitles
    acknowledged: Mapping[str, date | None]
    """Acknowledged deadline keys, with the last occurrence each one silences."""
    through: date
    since: date | None = None
    due_by: date | None = None
    """With it, only the deadlines due by then (a horizon's findings need no
    more): the others are left before they are titled."""
    open_only: bool = False
    """Only the open deadlines, for a reader that wants no more than the
    findings they raise: done and acknowledged ones are left untitled."""

    def state(self, key: str, *, done: bool) -> DeadlineState:
        return derived_state(done=done, acknowledged=key in self.acknowledged)


def derive_deadlines(
    derivation: Derivation,
    *,
    contracts: Sequence[ContractTerms],
    tenders: Sequence[TenderTerms],
    allocations: Sequence[AllocationFact],
    programmes: Sequence[ProgrammeEnd],
    explicit: Sequence[ExplicitDeadline],
) -> list[Deadline]:
    """Deadlines, derived and explicit, up to ``through`` (recurrences expanded).

    With ``since``, only those that can still matter on that day: open actions
    whatever their date, and events and closed items from ``since`` on.
    """
    facts = [
        *(f for c in contracts for f in contract_deadline_facts(c)),
        *(f for t in tenders for f in tender_deadline_facts(t)),
        *eligibility_facts(allocations),
        *(programme_end_fact(p) for p in programmes),
    ]
    return read_deadlines(facts, explicit, derivation)


class CountBack(StrEnum):
    """How a derived deadline's due day is counted from its fact's ``day``: the
    settings say how far, so the fact keeps the day counted from."""

    NONE = "none"
    """The day is the due day."""
    NOTICE = "notice"
    """An option decision: the day is the option's start, and the decision falls
    a notice period before the end it extends."""
    LEAD = "lead"
    """The start of a procedure: the day is the latest start of its service, and
    the procedure starts a procurement lead time before it."""


@dataclass(frozen=True, slots=True)
class DeadlineFact:
    """A deadline derived from one record, as the data alone fixes it: the same
    whatever the day, the settings, the language or the acknowledgements."""

    kind: DeadlineKind
    key: str
    subject: str
    day: date
    actionable: bool
    done: bool = False
    """The data says it is done: an option decided, a milestone reached."""
    count_back: CountBack = CountBack.NONE
    name: str | None = None
    """What its title needs besides the subject: an option's ref, a milestone's
    label (a message id), a source's or a programme's name."""
    procedure_type: str | None = None
    """A procedure start's: its lead time depends on it."""
    owner: str | None = None
    moved_from: date | None = None
    stale_from: date | None = None
    """A planned procedure's start: from this day on, its stale question
    (``tracker.domain.stale``) replaces it."""

    def window(self) -> tuple[date, date | None]:
        """The days it can matter on: from its due day, counted back by
        ``KEPT_COUNT_BACK`` when the settings count it back and it may still be
        open (a reader of the findings whose settings count back further widens
        its range by the difference, ``count_back_beyond``; one of the done
        deadlines too counts back itself, ``count_back_reach``), and until:
        forever while an action is open and not yet stale, or an end that simply
        comes (listed once passed), else through its day."""
        first = self.day
        if self.count_back is not CountBack.NONE and not self.done:
            first -= KEPT_COUNT_BACK
        if self.kind in _ENDS_THAT_COME:
            return first, None
        if self.actionable and not self.done:
            last = None if self.stale_from is None else self.stale_from - _DAY
            return first, last
        return first, self.day


_DAY = timedelta(days=1)

KEPT_COUNT_BACK = timedelta(days=180)
"""How far before its day a counted-back deadline that may still be open is
kept: as far as the default settings count back (a procedure's 180 days of lead
time; an option's decision falls 90 days' notice and one day before its start).
Any other deadline is kept from its day, so that a reader of the findings due by
a day reads no event due after it, nor a decision already taken."""


def count_back_reach(notice_days: int, lead_days: Iterable[int]) -> timedelta:
    """The farthest the settings count a due day back from its fact's day: an
    option's decision its notice and a day (``option_decision_day``), a
    procedure's start its longest lead time (``procedure_start``)."""
    day = date.max
    return max(
        day - option_decision_day(day, notice_days),
        *(day - procedure_start(day, lead) for lead in lead_days),
    )


def count_back_beyond(notice_days: int, lead_days: Iterable[int]) -> timedelta:
    """How much further than ``KEPT_COUNT_BACK`` the settings count back: how
    much later than the last due day it wants a reader of the open deadlines
    must look for their facts."""
    return max(count_back_reach(notice_days, lead_days) - KEPT_COUNT_BACK, timedelta())


LONGEST_WINDOW = timedelta(days=366) + KEPT_COUNT_BACK
"""No bounded window is longer: a planned procedure's start is kept from its
count back before the latest start of its service until its stale question, a
year after it."""


def contract_deadline_facts(c: ContractTerms) -> list[DeadlineFact]:
    """A contract's end and its options' decisions."""
    # an end nobody stated is no deadline
    if c.covered_until is None:
        return []
    facts = [
        DeadlineFact(
            DeadlineKind.CONTRACT_END,
            f"{c.ref}/end",
            c.ref,
            c.covered_until,
            actionable=False,
        )
    ]
    for option in c.options:
        # a modification of price or content is decided when it arises, not
        # before an end it extends
        if option.start is None or not decided_before_the_end(option.kind):
            continue
        facts.append(
            DeadlineFact(
                DeadlineKind.OPTION_DECISION,
                f"{option.ref}/decision",
                c.ref,
                option.start,
                actionable=True,
                done=option.state != OptionState.PLANNED,
                count_back=CountBack.NOTICE,
                name=option.ref,
            )
        )
    return facts


def tender_deadline_facts(t: TenderTerms) -> list[DeadlineFact]:
    """A live procedure's milestones."""
    latest_start = t.latest_start
    milestones = tender_milestones(
        status=t.status,
        signed=t.signed,
        latest_start=latest_start,
        # the lead time is a setting: the start is kept as the service's latest
        # start and counted back when read
        lead_days=0,
        publication=t.publication_date,
        offers=t.offer_deadline,
        award=t.award_date,
        standstill=t.standstill_end,
        signature=t.signature_date,
    )
    ref, owner = t.ref, t.rup
    facts = []
    for m in milestones:
        start = m.key == STALE_MILESTONE
        facts.append(
            DeadlineFact(
                DeadlineKind.TENDER_MILESTONE,
                f"{ref}/{m.key}",
                ref,
                m.due,
                m.actionable,
                m.reached,
                CountBack.LEAD if start else CountBack.NONE,
                m.label,
                t.procedure_type if start else None,
                owner,
                m.moved_from,
                stale_from(t.status, latest_start) if start else None,
            )
        )
    return facts


def eligibility_end_fact(
    source: str, name: str, eligible_until: date | None
) -> DeadlineFact | None:
    """The last day of a funding source's eligible spending, if stated."""
    if eligible_until is None:
        return None
    return DeadlineFact(
        DeadlineKind.FUNDING_ELIGIBILITY_END,
        f"{source}/eligibility",
        source,
        eligible_until,
        actionable=False,
        name=name,
    )


def eligibility_facts(allocations: Sequence[AllocationFact]) -> list[DeadlineFact]:
    """The eligibility ends of the sources that make ``allocations``: one a source,
    however many allocations it makes."""
    sources = {(a.source, a.source_name, a.eligible_until) for a in allocations}
    facts = (eligibility_end_fact(*s) for s in sorted(sources, key=lambda s: s[0]))
    return [f for f in facts if f is not None]


def programme_end_fact(programme: ProgrammeEnd) -> DeadlineFact:
    return DeadlineFact(
        DeadlineKind.PROGRAMME_END,
        f"{programme.ref}/end",
        programme.ref,
        programme.last_day,
        actionable=False,
        name=programme.name,
    )


def fact_payload(fact: DeadlineFact) -> dict[str, str | bool]:
    """A derived deadline's fact as plain JSON-able data (its key is the kept
    fact's); what is unset is left out."""
    # written out field by field: a whole build makes nearly two hundred
    # thousand of them
    payload: dict[str, str | bool] = {
        "kind": _KIND_TEXTS[fact.kind],
        "subject": fact.subject,
        "day": fact.day.isoformat(),
    }
    if fact.actionable:
        payload["actionable"] = True
    if fact.done:
        payload["done"] = True
    if fact.count_back is not CountBack.NONE:
        payload["count_back"] = _COUNT_BACK_TEXTS[fact.count_back]
    if fact.name is not None:
        payload["name"] = fact.name
    if fact.procedure_type is not None:
        payload["procedure_type"] = fact.procedure_type
    if fact.owner is not None:
        payload["owner"] = fact.owner
    if fact.moved_from is not None:
        payload["moved_from"] = fact.moved_from.isoformat()
    if fact.stale_from is not None:
        payload["stale_from"] = fact.stale_from.isoformat()
    return payload


def fact_from_payload(key: str, payload: Mapping[str, Any]) -> DeadlineFact:
    get = payload.get
    moved, stale = get("moved_from"), get("stale_from")
    return DeadlineFact(
        _KINDS[payload["kind"]],
        key,
        payload["subject"],
        date.fromisoformat(payload["day"]),
        get("actionable", False),
        get("done", False),
        _COUNT_BACKS[get("count_back", "none")],
        get("name"),
        get("procedure_type"),
        get("owner"),
        None if moved is None else date.fromisoformat(moved),
        None if stale is None else date.fromisoformat(stale),
    )


def may_give_deadline(payload: Mapping[str, Any], derivation: Derivation) -> bool:
    """Whether a derived fact's payload can give a deadline for ``derivation``,
    told before the fact is made: what the data says is done is never open
    (``derived_state``), counting back only brings a due day earlier, and a fact
    not counted back is due on its day."""
    if derivation.open_only and payload.get("done", False):
        return False
    due_by = derivation.due_by
    return (
        due_by is None
        or "count_back" in payload
        or date.fromisoformat(payload["day"]) <= due_by
    )


# a dictionary finds a member faster than the enumeration's call, read after read
_KINDS = {kind.value: kind for kind in DeadlineKind}
_COUNT_BACKS = {count.value: count for count in CountBack}
_KIND_TEXTS = {kind: kind.value for kind in DeadlineKind}
_COUNT_BACK_TEXTS = {count: count.value for count in CountBack}


def explicit_payload(x: ExplicitDeadline) -> dict[str, str | int | None]:
    """An explicit deadline as plain JSON-able data (its ref is the kept fact's
    key): the recurrence kept as a rule, expanded when read."""
    return {
        "title": x.title,
        "due": x.due.isoformat(),
        "recurrence": x.recurrence.value,
        "recurrence_until": _iso(x.recurrence_until),
        "state": x.state.value,
        "done_through": _iso(x.done_through),
        "subject_ref": x.subject_ref,
        "lead_days": x.lead_days,
        "owner": x.owner,
    }


def explicit_from_payload(ref: str, payload: Mapping[str, Any]) -> ExplicitDeadline:
    until, done = payload["recurrence_until"], payload["done_through"]
    return ExplicitDeadline(
        ref=ref,
        title=payload["title"],
        due=date.fromisoformat(payload["due"]),
        recurrence=Recurrence(payload["recurrence"]),
        recurrence_until=None if until is None else date.fromisoformat(until),
        state=DeadlineState(payload["state"]),
        done_through=None if done is None else date.fromisoformat(done),
        subject_ref=payload["subject_ref"],
        lead_days=payload["lead_days"],
        owner=payload["owner"],
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def read_deadlines(
    facts: Iterable[DeadlineFact],
    explicit: Iterable[ExplicitDeadline],
    derivation: Derivation,
) -> list[Deadline]:
    """The deadlines of derived facts and explicit deadlines for a derivation: its
    settings, words, acknowledgements, ``since``, ``through`` and ``due_by``; by
    due day."""
    found = [d for f in facts if (d := _deadline(f, derivation)) is not None]
    found += _explicit_deadlines(explicit, derivation)
    found.sort(key=lambda d: (d.due, d.key, _KIND_ORDER[d.kind]))
    return found


_ENDS_THAT_COME = (DeadlineKind.FUNDING_ELIGIBILITY_END, DeadlineKind.PROGRAMME_END)
"""Ends announced a horizon ahead, and listed whatever the day."""

_KIND_ORDER: dict[str, int] = {kind: i for i, kind in enumerate(DeadlineKind)}
"""Between a contract's and a programme's end sharing a ref and a day, the
contract's first."""


def _deadline(fact: DeadlineFact, derivation: Derivation) -> Deadline | None:
    since = derivation.since
    # on a day, a stale plan's start of the procedure gives way to its question
    # (tracker.domain.stale): no "overdue by 2,631 days" every morning
    if since is not None and fact.stale_from is not None and fact.stale_from <= since:
        return None
    settings = derivation.settings
    due = fact.day
    if fact.count_back is CountBack.NOTICE:
        due = option_decision_day(fact.day, settings.option_notice_days)
    elif fact.count_back is CountBack.LEAD:
        due = procedure_start(fact.day, settings.lead_days_for(fact.procedure_type))
    if derivation.due_by is not None and due > derivation.due_by:
        return None
    state = derivation.state(fact.key, done=fact.done)
    if derivation.open_only and state is not DeadlineState.OPEN:
        return None
    # the ends that simply come (eligibility, programme) stay listed once passed
    if fact.kind not in _ENDS_THAT_COME and not still_matters(
        due, state, actionable=fact.actionable, since=since
    ):
        return None
    return Deadline(
        fact.kind,
        fact.key,
        due,
        _title(fact, derivation.titles),
        fact.subject,
        _lead_days(fact.kind, settings),
        fact.owner,
        state,
        actionable=fact.actionable,
        moved_from=fact.moved_from,
    )


def _title(fact: DeadlineFact, titles: DeadlineTitles) -> str:
    name = fact.name or ""
    match fact.kind:
        case DeadlineKind.CONTRACT_END:
            return titles.contract_end(fact.subject)
        case DeadlineKind.OPTION_DECISION:
            return titles.option_decision(name, fact.subject, fact.day)
        case DeadlineKind.TENDER_MILESTONE:
            return titles.milestone(fact.subject, name, fact.moved_from)
        case DeadlineKind.FUNDING_ELIGIBILITY_END:
            return titles.eligibility_end(name)
        case _:
            return titles.programme_end(name)


def _lead_days(kind: DeadlineKind, settings: DeadlineSettings) -> int:
    """How long before its day a derived deadline comes up: a contract's end a
    procurement lead time, the ends that simply come (eligibility, programme) a
    horizon, decisions and milestones a month."""
    if kind is DeadlineKind.CONTRACT_END:
        return settings.lead_days_for(None)
    if kind in _ENDS_THAT_COME:
        return settings.horizon_days
    return MILESTONE_LEAD_DAYS


def _explicit_deadlines(
    explicit: Iterable[ExplicitDeadline], derivation: Derivation
) -> Iterator[Deadline]:
    last, open_only = derivation.through, derivation.open_only
    if derivation.due_by is not None:
        last = min(last, derivation.due_by)
    for x in explicit:
        acknowledged_through = derivation.acknowledged.get(x.ref)
        # the occurrences up to the day someone marked done or acknowledged are
        # not open (``occurrence_state``): when only the open ones are wanted,
        # they are skipped without being counted out one by one
        closed = [d for d in (x.done_through, acknowledged_through) if d is not None]
        closed_through = max(closed) if open_only and closed else None
        for day in occurrences(
            x.due, x.recurrence, x.recurrence_until, last, after=closed_through
        ):
            state = occurrence_state(
                day,
                state=x.state,
                recurrence=x.recurrence,
                done_through=x.done_through,
                acknowledged_through=acknowledged_through,
            )
            if open_only and state is not DeadlineState.OPEN:
                continue
            yield Deadline(
                DeadlineKind.EXPLICIT,
                f"{x.ref}@{day.isoformat()}",
                day,
                x.title,
                x.subject_ref or x.ref,
                x.lead_days,
                x.owner,
                state,
                actionable=True,
            )
