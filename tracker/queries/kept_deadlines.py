"""The kept facts of the deadlines, built from the records and read for a day.

Two families: ``DEADLINES`` keeps every derived deadline (a contract's end and its
options' decisions, a tender's milestones, a funding source's eligibility end, a
programme's end) and every explicit deadline with its recurrence as a rule;
``STALE`` keeps the tenders that may one day be asked about as stale plans. What
a fact holds is in ``tracker.domain.derived`` and ``tracker.domain.stale``; the
settings, the words, the acknowledgements and the day are applied when reading,
so that reading for a day gives what ``derive_deadlines`` gives for it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import exists, select, union_all
from sqlmodel import Session

from tracker import models
from tracker.config import Settings
from tracker.domain.alerts import AlertKind, Finding
from tracker.domain.deadlines import Deadline
from tracker.domain.derived import (
    DeadlineFact,
    Derivation,
    contract_deadline_facts,
    count_back_beyond,
    count_back_reach,
    eligibility_end_fact,
    explicit_from_payload,
    explicit_payload,
    fact_from_payload,
    fact_payload,
    may_give_deadline,
    programme_end_fact,
    read_deadlines,
    tender_deadline_facts,
)
from tracker.domain.findings import deadline_findings
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.kinds import DeadlineState, Recurrence
from tracker.domain.periods import end_of_precision
from tracker.domain.records import ExplicitDeadline, ProgrammeEnd
from tracker.domain.stale import (
    NOT_STARTED,
    planned_fact,
    planned_from_payload,
    planned_payload,
    stale_findings,
    stale_key,
)
from tracker.errors import reading_kept_facts
from tracker.formatting import Formatter
from tracker.present.findings import DeadlineTitles
from tracker.queries.facts import contract_facts, id_chunks, tender_facts
from tracker.queries.kept_findings import payloads_of
from tracker.queries.tables import table_of

FACT: Any = table_of(models.KeptFact)


def build_deadlines(
    session: Session, scope: ScopeKind, ids: Collection[int] | None
) -> list[Fact]:
    """The deadlines of the records of ``scope`` with ``ids`` (all with None)."""
    match scope:
        case ScopeKind.CONTRACT:
            return _record_facts(
                scope,
                (
                    (c.id, contract_deadline_facts(c))
                    for c in contract_facts(session, ids)
                ),
            )
        case ScopeKind.TENDER:
            return _record_facts(
                scope,
                ((t.id, tender_deadline_facts(t)) for t in tender_facts(session, ids)),
            )
        case ScopeKind.SOURCE:
            return _source_facts(session, ids)
        case ScopeKind.PROGRAMME:
            return _programme_facts(session, ids)
        case ScopeKind.DEADLINE:
            return _explicit_facts(session, ids)
    return []


build_deadlines.format = 2  # type: ignore[attr-defined]
"""The format of the facts: moved whenever they or their bounds change (2: a
counted-back deadline that may still be open kept from ``KEPT_COUNT_BACK``
before its day, any other from its day), so that facts kept in an older one are
built again (``tracker.kept.store.format_tag``)."""


def build_stale(
    session: Session, scope: ScopeKind, ids: Collection[int] | None
) -> list[Fact]:
    """The tenders of ``ids`` that may one day be asked about as stale plans."""
    if scope is not ScopeKind.TENDER:
        return []
    t = table_of(models.Tender)
    facts = []
    for chunk in id_chunks(ids):
        # only a plan not yet started can turn stale
        query = select(
            t.c.id,
            t.c.ref,
            t.c.title,
            t.c.status,
            t.c.planned_start,
            t.c.planned_start_precision,
        ).where(t.c.status.in_(NOT_STARTED), t.c.planned_start.is_not(None))
        if chunk is not None:
            query = query.where(t.c.id.in_(chunk))
        for row in session.execute(query):
            planned = planned_fact(_Plan(*row[1:]))
            if planned is not None:
                facts.append(
                    Fact(
                        FamilyName.STALE,
                        scope,
                        row.id,
                        stale_key(row.ref),
                        planned_payload(planned),
                        day_from=planned.stale_from,
                    )
                )
    return facts


@dataclass(frozen=True)
class _Plan:
    ref: str
    title: str
    status: str
    planned_start: date | None
    planned_start_precision: str

    @property
    def latest_start(self) -> date | None:
        if self.planned_start is None:
            return None
        return end_of_precision(self.planned_start, self.planned_start_precision)


def _record_facts(
    scope: ScopeKind, records: Iterable[tuple[int | None, list[DeadlineFact]]]
) -> list[Fact]:
    """The facts of each record's deadlines: ``_fact`` written out in the loop,
    which a whole build runs for nearly two hundred thousand of them."""
    found = []
    family = FamilyName.DEADLINES
    for record_id, deadlines in records:
        if not deadlines:
            continue
        scope_id = _id(record_id)
        for fact in deadlines:
            day_from, day_until = fact.window()
            found.append(
                Fact(
                    family,
                    scope,
                    scope_id,
                    fact.key,
                    fact_payload(fact),
                    day_from,
                    day_until,
                )
            )
    return found


def _fact(scope: ScopeKind, scope_id: int | None, fact: DeadlineFact) -> Fact:
    day_from, day_until = fact.window()
    return Fact(
        FamilyName.DEADLINES,
        scope,
        _id(scope_id),
        fact.key,
        fact_payload(fact),
        day_from,
        day_until,
    )


def _id(scope_id: int | None) -> int:
    if scope_id is None:
        raise ValueError("a record read from the database has an id")
    return scope_id


def _source_facts(session: Session, ids: Collection[int] | None) -> list[Fact]:
    """Eligibility ends of the sources that fund something: a source nothing
    draws on has no spending to end."""
    s, a = table_of(models.FundingSource), table_of(models.FundingAllocation)
    facts = []
    for chunk in id_chunks(ids):
        query = select(s.c.id, s.c.ref, s.c.name, s.c.eligible_until).where(
            s.c.eligible_until.is_not(None), exists().where(a.c.source_id == s.c.id)
        )
        if chunk is not None:
            query = query.where(s.c.id.in_(chunk))
        for row in session.execute(query):
            fact = eligibility_end_fact(row.ref, row.name, row.eligible_until)
            if fact is not None:
                facts.append(_fact(ScopeKind.SOURCE, row.id, fact))
    return facts


def _programme_facts(session: Session, ids: Collection[int] | None) -> list[Fact]:
    p = table_of(models.Programme)
    facts = []
    for chunk in id_chunks(ids):
        query = select(p).where(p.c.end.is_not(None))
        if chunk is not None:
            query = query.where(p.c.id.in_(chunk))
        for row in session.execute(query):
            end = ProgrammeEnd(row.ref, row.name, row.end, row.end_precision)
            facts.append(_fact(ScopeKind.PROGRAMME, row.id, programme_end_fact(end)))
    return facts


def _explicit_facts(session: Session, ids: Collection[int] | None) -> list[Fact]:
    d = table_of(models.Deadline)
    facts = []
    for chunk in id_chunks(ids):
        query = select(d) if chunk is None else select(d).where(d.c.id.in_(chunk))
        for row in session.execute(query):
            x = explicit_of(row)
            facts.append(
                Fact(
                    FamilyName.DEADLINES,
                    ScopeKind.DEADLINE,
                    row.id,
                    x.ref,
                    explicit_payload(x),
                    # every occurrence is listed, done or not, up to the day asked
                    day_from=x.due,
                )
            )
    return facts


def explicit_of(row: Any) -> ExplicitDeadline:
    """An explicit deadline as the rules read it, from its table's row."""
    return ExplicitDeadline(
        ref=row.ref,
        title=row.title,
        due=row.due,
        recurrence=Recurrence(row.recurrence),
        recurrence_until=row.recurrence_until,
        state=DeadlineState(row.state),
        done_through=row.done_through,
        subject_ref=row.subject_ref,
        lead_days=row.lead_days,
        owner=row.owner,
    )


def looking_further(settings: Settings, *, open_only: bool) -> timedelta:
    """How much later than the last due day it wants a reader must look for the
    facts of counted-back deadlines with these settings: of the open ones
    (``count_back_beyond``), nothing with the default settings; of all of them,
    as far as the settings count back (``count_back_reach``)."""
    count_back = count_back_beyond if open_only else count_back_reach
    return count_back(
        settings.option_notice_days,
        [settings.lead_days_for(None), *settings.lead_days.values()],
    )


def kept_deadlines(
    session: Session,
    *,
    since: date | None,
    through: date,
    settings: Settings,
    fmt: Formatter,
    due_by: date | None = None,
    acknowledged: Mapping[str, date | None] | None = None,
    open_only: bool = False,
) -> list[Deadline]:
    """The deadlines ``derive_deadlines`` gives for ``since`` and ``through``, read
    from the kept facts in one query; with ``due_by``, only those due by then
    (what the findings of a horizon need: far fewer to read and word); with
    ``open_only``, only the open ones (the only ones that raise findings).

    ``acknowledged`` (the acknowledged keys with the last occurrence each
    silences) is read when not given.
    """
    widest = (
        None
        if due_by is None
        else due_by + looking_further(settings, open_only=open_only)
    )
    rows = session.connection().execute(_window_query(since, widest)).all()
    derivation = Derivation(
        settings,
        DeadlineTitles(fmt),
        acknowledgements(session) if acknowledged is None else acknowledged,
        through,
        since,
        due_by,
        open_only,
    )
    return deadlines_of_rows(rows, derivation)


def kept_deadline_findings(
    session: Session,
    *,
    as_of: date,
    within: int,
    settings: Settings,
    fmt: Formatter,
    acknowledged: Mapping[str, date | None] | None = None,
) -> list[Finding]:
    """The deadline findings of ``as_of`` with a horizon of ``within`` days, as
    ``deadline_findings`` finds them in every deadline derived for that day, read
    from the kept facts that can raise one."""
    horizon = as_of + timedelta(days=within)
    deadlines = kept_deadlines(
        session,
        since=as_of,
        through=horizon,
        settings=settings,
        fmt=fmt,
        due_by=horizon,
        acknowledged=acknowledged,
        open_only=True,
    )
    return deadline_findings(deadlines, as_of=as_of, within=within)


def _window_query(since: date | None, widest: date | None) -> Any:
    """The deadline facts that can matter on ``since`` and are kept from
    ``widest`` or before (either open with None): those that last for ever (open
    actions overdue, explicit deadlines, ends that come), and those whose window
    runs to ``since`` or later.

    Both halves are ranges of the index on (family, day_until, day_from), whose
    rows are told apart within the index: only the rows selected are read from
    the table (a range of ``day_from`` reads as many again only to drop them)."""
    columns = (FACT.c.scope, FACT.c.key, FACT.c.payload)
    family = FACT.c.family == FamilyName.DEADLINES.value
    bounded = [] if widest is None else [FACT.c.day_from <= widest]
    if since is None:
        return select(*columns).where(family, *bounded)
    lasting = (family, FACT.c.day_until.is_(None), *bounded)
    running = (family, FACT.c.day_until >= since, *bounded)
    return union_all(select(*columns).where(*lasting), select(*columns).where(*running))


def deadlines_of_rows(
    rows: Iterable[tuple[str, str, str]], derivation: Derivation
) -> list[Deadline]:
    """The deadlines of kept facts read as (scope, key, payload JSON) rows."""
    rows = list(rows)
    payloads = payloads_of(row[2] for row in rows)
    decoded = zip(rows, payloads, strict=True)
    return _evaluate(((row[0], row[1], p) for row, p in decoded), derivation)


def deadlines_of_facts(facts: Iterable[Fact], derivation: Derivation) -> list[Deadline]:
    """The deadlines of kept facts already decoded (a build in memory, for a
    database whose facts are not built yet)."""
    return _evaluate(((f.scope.value, f.key, f.payload) for f in facts), derivation)


def _evaluate(
    facts: Iterable[tuple[str, str, Mapping[str, Any]]], derivation: Derivation
) -> list[Deadline]:
    derived: list[DeadlineFact] = []
    explicit: list[ExplicitDeadline] = []
    # read once: a member's value is a descriptor call, and a city has 6,000 facts
    deadline_scope = ScopeKind.DEADLINE.value
    with reading_kept_facts():
        for scope, key, payload in facts:
            if scope == deadline_scope:
                explicit.append(explicit_from_payload(key, payload))
            elif may_give_deadline(payload, derivation):
                derived.append(fact_from_payload(key, payload))
    explicit.sort(key=lambda x: x.ref)
    return read_deadlines(derived, explicit, derivation)


def kept_stale_findings(
    session: Session, *, as_of: date, answered: Collection[str] | None = None
) -> list[Finding]:
    """The stale tenders' questions on ``as_of`` (by tender), read from the kept
    facts in one query; ``answered`` (the acknowledged questions) is read when not
    given."""
    query = (
        select(FACT.c.payload)
        .where(FACT.c.family == FamilyName.STALE.value, FACT.c.day_from <= as_of)
        .order_by(FACT.c.key)
    )
    texts = session.connection().execute(query).scalars().all()
    if answered is None:
        answered = answered_questions(session)
    return stale_of_payloads(payloads_of(texts), as_of, answered)


def stale_of_payloads(
    payloads: Iterable[Mapping[str, str]], as_of: date, answered: Collection[str]
) -> list[Finding]:
    """The stale questions of kept facts' payloads on ``as_of`` (by tender)."""
    with reading_kept_facts():
        plans = [planned_from_payload(p) for p in payloads]
    plans.sort(key=lambda p: p.ref)
    return stale_findings(plans, as_of=as_of, answered=answered)


def acknowledgements(session: Session) -> dict[str, date | None]:
    """Acknowledged keys, with the last occurrence each one silences."""
    a = table_of(models.Acknowledgement)
    return {row.key: row.through for row in session.execute(select(a))}


def answered_questions(session: Session) -> set[str]:
    """The keys of the stale tenders' questions someone acknowledged."""
    a = table_of(models.Acknowledgement)
    query = select(a.c.key).where(a.c.key.like("%/" + AlertKind.TENDER_STALE.value))
    return set(session.execute(query).scalars())
