"""The deadlines of a database: derived from its records, and its explicit ones with
their recurrences expanded.

Titles are words: the presentation layer supplies them (``DeadlineTitles``), so that
the rules here stay the same in every language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from tracker.domain.deadlines import (
    Deadline,
    DeadlineKind,
    derived_state,
    occurrence_state,
    occurrences,
    option_decision_day,
    still_matters,
    tender_milestones,
)
from tracker.domain.funding import AllocationFact
from tracker.domain.kinds import DeadlineState, OptionState
from tracker.domain.modifications import decided_before_the_end
from tracker.domain.records import (
    ContractTerms,
    ExplicitDeadline,
    ProgrammeEnd,
    TenderTerms,
)
from tracker.domain.stale import STALE_MILESTONE, is_stale

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
    parts: tuple[Iterator[Deadline], ...] = (
        _contract_deadlines(contracts, derivation),
        _tender_deadlines(tenders, derivation),
        _eligibility_ends(allocations, derivation),
        _programme_ends(programmes, derivation),
        _explicit_deadlines(explicit, derivation),
    )
    return sorted((d for part in parts for d in part), key=lambda d: (d.due, d.key))


def _contract_deadlines(
    contracts: Sequence[ContractTerms], derivation: Derivation
) -> Iterator[Deadline]:
    titles = derivation.titles
    for c in contracts:
        # an end nobody stated is no deadline
        if c.covered_until is None:
            continue
        key = f"{c.ref}/end"
        state = derivation.state(key, done=False)
        if still_matters(
            c.covered_until, state, actionable=False, since=derivation.since
        ):
            yield Deadline(
                DeadlineKind.CONTRACT_END,
                key,
                c.covered_until,
                titles.contract_end(c.ref),
                c.ref,
                derivation.settings.lead_days_for(None),
                None,
                state,
                actionable=False,
            )
        for option in c.options:
            # a modification of price or content is decided when it arises, not
            # before an end it extends
            if option.start is None or not decided_before_the_end(option.kind):
                continue
            key = f"{option.ref}/decision"
            due = option_decision_day(
                option.start, derivation.settings.option_notice_days
            )
            state = derivation.state(key, done=option.state != OptionState.PLANNED)
            if still_matters(due, state, actionable=True, since=derivation.since):
                yield Deadline(
                    DeadlineKind.OPTION_DECISION,
                    key,
                    due,
                    titles.option_decision(option.ref, c.ref, option.start),
                    c.ref,
                    MILESTONE_LEAD_DAYS,
                    None,
                    state,
                    actionable=True,
                )


def _tender_deadlines(
    tenders: Sequence[TenderTerms], derivation: Derivation
) -> Iterator[Deadline]:
    for t in tenders:
        # on a day, a stale plan's start of the procedure gives way to its question
        # (tracker.domain.stale): no "overdue by 2,631 days" every morning
        stale = derivation.since is not None and is_stale(
            t.status, t.latest_start, derivation.since
        )
        milestones = tender_milestones(
            status=t.status,
            signed=t.signed,
            latest_start=t.latest_start,
            lead_days=derivation.settings.lead_days_for(t.procedure_type),
            publication=t.publication_date,
            offers=t.offer_deadline,
            award=t.award_date,
            standstill=t.standstill_end,
            signature=t.signature_date,
        )
        for m in milestones:
            if stale and m.key == STALE_MILESTONE:
                continue
            key = f"{t.ref}/{m.key}"
            state = derivation.state(key, done=m.reached)
            if not still_matters(
                m.due, state, actionable=m.actionable, since=derivation.since
            ):
                continue
            yield Deadline(
                DeadlineKind.TENDER_MILESTONE,
                key,
                m.due,
                derivation.titles.milestone(t.ref, m.label, m.moved_from),
                t.ref,
                MILESTONE_LEAD_DAYS,
                t.rup,
                state,
                actionable=m.actionable,
                moved_from=m.moved_from,
            )


def _eligibility_ends(
    allocations: Sequence[AllocationFact], derivation: Derivation
) -> Iterator[Deadline]:
    # one deadline a source, however many allocations it makes
    sources = {(a.source, a.source_name, a.eligible_until) for a in allocations}
    for source, name, until in sorted(sources, key=lambda s: s[0]):
        if until is not None:
            yield _event(
                DeadlineKind.FUNDING_ELIGIBILITY_END,
                source,
                f"{source}/eligibility",
                until,
                derivation.titles.eligibility_end(name),
                derivation,
            )


def _programme_ends(
    programmes: Sequence[ProgrammeEnd], derivation: Derivation
) -> Iterator[Deadline]:
    for programme in programmes:
        yield _event(
            DeadlineKind.PROGRAMME_END,
            programme.ref,
            f"{programme.ref}/end",
            programme.last_day,
            derivation.titles.programme_end(programme.name),
            derivation,
        )


def _event(
    kind: DeadlineKind,
    subject: str,
    key: str,
    due: date,
    title: str,
    derivation: Derivation,
) -> Deadline:
    """An end that simply comes, announced a horizon ahead."""
    return Deadline(
        kind,
        key,
        due,
        title,
        subject,
        derivation.settings.horizon_days,
        None,
        derivation.state(key, done=False),
        actionable=False,
    )


def _explicit_deadlines(
    explicit: Sequence[ExplicitDeadline], derivation: Derivation
) -> Iterator[Deadline]:
    for x in explicit:
        acknowledged_through = derivation.acknowledged.get(x.ref)
        for day in occurrences(
            x.due, x.recurrence, x.recurrence_until, derivation.through
        ):
            state = occurrence_state(
                day,
                state=x.state,
                recurrence=x.recurrence,
                done_through=x.done_through,
                acknowledged_through=acknowledged_through,
            )
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
