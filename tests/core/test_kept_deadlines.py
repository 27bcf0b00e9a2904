"""The deadlines read from the kept facts are the deadlines derived from the records.

For every day of long ranges, on the Milan data and on a dataset built to hit the
edges (recurrences on the 31st, done through a day, acknowledged, milestones moved
off holidays, stale plans, settings that count back far), reading the kept facts
for a day gives what deriving everything from the records gives: the same list,
in the same order, and the same findings.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session

from tests.conftest import COMMITTEE_DAY
from tracker.api import Tracker
from tracker.config import Settings
from tracker.dataset import parse_dataset
from tracker.db import session_scope
from tracker.domain.derived import Derivation
from tracker.domain.findings import deadline_findings
from tracker.domain.kept import FamilyName, ScopeKind
from tracker.domain.kinds import DeadlineState
from tracker.domain.stale import stale_findings
from tracker.drafts import AllocationDraft
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.kept.store import build, read_facts, replace_facts
from tracker.present.findings import DeadlineTitles
from tracker.queries.alerts import derive_all_deadlines
from tracker.queries.facts import tender_facts
from tracker.queries.kept_deadlines import (
    acknowledgements,
    answered_questions,
    build_deadlines,
    build_stale,
    deadlines_of_facts,
    kept_deadline_findings,
    kept_deadlines,
    kept_stale_findings,
    stale_of_payloads,
)

D = date
DEFAULTS = Settings()
FAR = Settings(
    lead_days={"default": 120, "aperta": 300},
    option_notice_days=45,
    horizon_days=90,
)
"""Settings that count due days back further than the defaults, and differently
by procedure."""


def days(first: date, last: date, step: int = 1) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=step)


def build_kept(tracker: Tracker) -> None:
    with session_scope(tracker._sessions, write=True) as session:
        replace_facts(session)


def assert_agree(
    session: Session, day: date, settings: Settings, fmt: Formatter, within: int
) -> None:
    """The kept facts read for ``day`` give what the records give."""
    through = day + timedelta(days=max(within, settings.horizon_days))
    full = derive_all_deadlines(
        session, through=through, since=day, settings=settings, fmt=fmt
    )
    listed = kept_deadlines(
        session, since=day, through=through, settings=settings, fmt=fmt
    )
    assert listed == full, day
    window = kept_deadlines(
        session,
        since=day,
        through=through,
        settings=settings,
        fmt=fmt,
        due_by=day + timedelta(days=within),
    )
    assert deadline_findings(window, as_of=day, within=within) == deadline_findings(
        full, as_of=day, within=within
    ), day
    open_window = kept_deadlines(
        session,
        since=day,
        through=through,
        settings=settings,
        fmt=fmt,
        due_by=day + timedelta(days=within),
        open_only=True,
    )
    assert open_window == [d for d in window if d.state is DeadlineState.OPEN], day
    assert kept_deadline_findings(
        session, as_of=day, within=within, settings=settings, fmt=fmt
    ) == deadline_findings(full, as_of=day, within=within)
    answered = answered_questions(session)
    assert kept_stale_findings(session, as_of=day) == stale_findings(
        tender_facts(session), as_of=day, answered=answered
    ), day


def edge_days(session: Session, settings: Settings, within: int) -> Iterator[date]:
    """The days around every day a deadline or a kept fact's window turns: where
    reading the kept facts could part from the records."""
    fmt = Formatter("en")
    turns = {
        d.due
        for d in derive_all_deadlines(
            session, through=D(2030, 12, 31), since=None, settings=settings, fmt=fmt
        )
    }
    turns |= {day - timedelta(days=within) for day in turns}
    for family in (build_deadlines, build_stale):
        for scope in ScopeKind:
            for fact in family(session, scope, None):
                turns |= {day for day in (fact.day_from, fact.day_until) if day}
    for day in sorted(turns):
        yield from days(day - timedelta(days=1), day + timedelta(days=1))


def test_milan_reads_the_same_from_its_kept_facts_on_every_day(
    milan: Tracker,
) -> None:
    build_kept(milan)
    fmt = Formatter("en")
    with session_scope(milan._sessions) as session:
        # every day around the committee's, every thirtieth over the whole story
        for day in days(D(2022, 12, 1), D(2023, 2, 28)):
            assert_agree(session, day, DEFAULTS, fmt, within=60)
        for day in days(D(2014, 1, 3), D(2030, 1, 1), step=30):
            assert_agree(session, day, FAR, fmt, within=30)


def test_milan_on_the_committee_day_in_italian(milan: Tracker) -> None:
    build_kept(milan)
    set_language("it")
    fmt = Formatter("it")
    with session_scope(milan._sessions) as session:
        assert_agree(session, COMMITTEE_DAY, DEFAULTS, fmt, within=60)
        deadlines = kept_deadlines(
            session,
            since=COMMITTEE_DAY,
            through=D(2023, 8, 31),
            settings=DEFAULTS,
            fmt=fmt,
            due_by=D(2023, 8, 31),
        )
    # the 2016 plan's start gave way to its question: no deadline missed for years
    assert [(d.key, d.due, d.title) for d in deadlines] == [
        (
            "PRO-2020-MAZZINI/end",
            D(2023, 6, 30),
            "Scade il contratto PRO-2020-MAZZINI",
        ),
        (
            "PRO-2020-SAN-SIRO/end",
            D(2023, 6, 30),
            "Scade il contratto PRO-2020-SAN-SIRO",
        ),
        ("LOR-2023/start", D(2023, 7, 4), "Gara LOR-2023: avvio della procedura"),
        (
            "SCN-CDQ-2024/start",
            D(2023, 8, 4),
            "Gara SCN-CDQ-2024: avvio della procedura",
        ),
    ]


EDGES: dict[str, Any] = {
    "format": "appalti-dataset",
    "version": 1,
    "programmes": [
        {
            "ref": "PRG",
            "name": "Programma",
            "end": "2024-01-01",
            "end_precision": "year",
        }
    ],
    "neighbourhoods": [{"ref": "Q", "name": "Quartiere"}],
    "services": [
        {
            "ref": "SRV",
            "name": "Laboratorio",
            "neighbourhood": "Q",
            "required_from": "2021-01-01",
        },
    ],
    "funding_sources": [
        {"ref": "FSE", "name": "FSE", "kind": "eu", "eligible_until": "2023-12-31"},
        # nothing drawn on it: no spending to end
        {"ref": "IDLE", "name": "Idle", "kind": "eu", "eligible_until": "2023-06-30"},
    ],
    "tenders": [
        {
            "ref": "T-PUB",
            "title": "Gara pubblicata",
            "status": "published",
            "procedure_type": "aperta",
            "planned_start": "2024-01-01",
            "publication_date": "2023-10-02",
            # Sant'Ambrogio, then the Immacolata: moved to the Saturday
            "offer_deadline": "2023-12-07",
            "award_date": "2024-01-15",
            "standstill_end": "2024-02-25",
            "signature_date": "2024-03-01",
            "rup": "Rossi",
            "lots": [
                {"ref": "T-PUB-L1", "number": 1, "title": "Lotto", "services": ["SRV"]}
            ],
        },
        {
            "ref": "T-OLD",
            "title": "Gara pensata nel 2022",
            "status": "proposed",
            "planned_start": "2022-02-01",
            "planned_start_precision": "month",
        },
        {
            "ref": "T-ANS",
            "title": "Gara chiesta e confermata",
            "status": "planned",
            "procedure_type": "negoziata",
            "planned_start": "2022-05-31",
        },
        {
            "ref": "T-NEXT",
            "title": "Gara futura",
            "status": "planned",
            "procedure_type": "aperta",
            "planned_start": "2024-06-15",
        },
        {
            "ref": "T-AWD",
            "title": "Gara aggiudicata",
            "status": "awarded",
            "award_date": "2022-11-30",
            "signature_date": "2023-01-31",
            "lots": [
                {"ref": "T-AWD-L1", "number": 1, "title": "Lotto", "services": ["SRV"]}
            ],
        },
    ],
    "contracts": [
        {
            "ref": "C-AWD",
            "title": "Contratto",
            "lot": "T-AWD-L1",
            "services": ["SRV"],
            "start": "2021-01-01",
            "end": "2023-05-31",
            "options": [
                {
                    "ref": "C-AWD-E1",
                    "kind": "extension_option",
                    "state": "exercised",
                    "start": "2023-06-01",
                    "end": "2023-08-31",
                },
                {
                    "ref": "C-AWD-R1",
                    "kind": "renewal",
                    "state": "planned",
                    "start": "2023-09-01",
                    "end": "2024-02-29",
                },
            ],
        },
        {
            "ref": "C-OPEN",
            "title": "Contratto senza fine",
            "services": ["SRV"],
            "start": "2022-01-01",
        },
    ],
    "allocations": [
        {"ref": "A1", "source": "FSE", "funds": "C-AWD", "status": "confirmed"},
        {"ref": "A2", "source": "FSE", "funds": "T-NEXT", "status": "planned"},
    ],
    "deadlines": [
        {
            "ref": "REP-MON",
            "title": "Relazione mensile",
            "due": "2022-10-31",
            "recurrence": "monthly",
            "recurrence_until": "2023-12-31",
            "done_through": "2022-12-31",
            "lead_days": 5,
        },
        {
            "ref": "REP-QTR",
            "title": "Relazione trimestrale",
            "due": "2023-03-30",
            "recurrence": "quarterly",
        },
        {
            "ref": "INS-YEAR",
            "title": "Assicurazione",
            "due": "2024-02-29",
            "recurrence": "yearly",
            "lead_days": 0,
        },
        {"ref": "ONE-DONE", "title": "Fatto", "due": "2023-02-01", "state": "done"},
        {"ref": "ONE-LATE", "title": "Mancato", "due": "2023-01-10", "subject": "SRV"},
    ],
}


@pytest.fixture
def edges(tracker: Tracker) -> Tracker:
    tracker.load_dataset(parse_dataset(json.dumps(EDGES)))
    day = D(2023, 1, 17)
    tracker.acknowledge_deadline("REP-QTR", as_of=day, through=D(2023, 9, 30))
    tracker.acknowledge_deadline("C-OPEN/end", as_of=day)
    tracker.acknowledge_deadline("C-AWD/end", as_of=day)
    tracker.acknowledge_deadline("T-ANS/tender_stale", as_of=day)
    build_kept(tracker)
    return tracker


@pytest.mark.parametrize("settings", [DEFAULTS, FAR], ids=["defaults", "far"])
def test_every_turning_day_reads_the_same_from_the_kept_facts(
    edges: Tracker, settings: Settings
) -> None:
    fmt = Formatter("en")
    with session_scope(edges._sessions) as session:
        for day in sorted(set(edge_days(session, settings, within=45))):
            assert_agree(session, day, settings, fmt, within=45)


def test_the_facts_of_the_edges_are_kept_whatever_the_day(edges: Tracker) -> None:
    with session_scope(edges._sessions) as session:
        facts = [
            (f.scope.value, f.key, f.day_from, f.day_until)
            for scope in ScopeKind
            for f in build_deadlines(session, scope, None)
        ]
        stale = [
            (f.family, f.key, f.day_from, f.day_until)
            for f in build_stale(session, ScopeKind.TENDER, None)
        ]
    assert sorted(facts) == [
        ("contract", "C-AWD-E1/decision", D(2023, 6, 1), D(2023, 6, 1)),
        ("contract", "C-AWD-R1/decision", D(2023, 3, 5), None),
        ("contract", "C-AWD/end", D(2023, 8, 31), D(2023, 8, 31)),
        ("deadline", "INS-YEAR", D(2024, 2, 29), None),
        ("deadline", "ONE-DONE", D(2023, 2, 1), None),
        ("deadline", "ONE-LATE", D(2023, 1, 10), None),
        ("deadline", "REP-MON", D(2022, 10, 31), None),
        ("deadline", "REP-QTR", D(2023, 3, 30), None),
        ("programme", "PRG/end", D(2024, 12, 31), None),
        ("source", "FSE/eligibility", D(2023, 12, 31), None),
        # a planned start is an open action until its stale question replaces it;
        # it and an option's decision still to take are kept from 180 days before
        # their day, as far as the default settings count back
        ("tender", "T-ANS/start", D(2021, 12, 2), D(2023, 5, 31)),
        ("tender", "T-AWD/award", D(2022, 11, 30), D(2022, 11, 30)),
        ("tender", "T-AWD/signature", D(2023, 1, 31), D(2023, 1, 31)),
        ("tender", "T-NEXT/start", D(2023, 12, 18), D(2025, 6, 15)),
        ("tender", "T-OLD/start", D(2021, 9, 1), D(2023, 2, 28)),
        ("tender", "T-PUB/award", D(2024, 1, 15), None),
        ("tender", "T-PUB/offers", D(2023, 12, 9), D(2023, 12, 9)),
        ("tender", "T-PUB/publication", D(2023, 10, 2), D(2023, 10, 2)),
        ("tender", "T-PUB/signature", D(2024, 3, 1), None),
        ("tender", "T-PUB/standstill", D(2024, 2, 26), D(2024, 2, 26)),
        ("tender", "T-PUB/start", D(2024, 1, 1), D(2024, 1, 1)),
    ]
    assert sorted(stale) == [
        (FamilyName.STALE, "T-ANS/tender_stale", D(2023, 6, 1), None),
        (FamilyName.STALE, "T-NEXT/tender_stale", D(2025, 6, 16), None),
        (FamilyName.STALE, "T-OLD/tender_stale", D(2023, 3, 1), None),
    ]


def test_a_builder_reads_only_the_records_asked_for(edges: Tracker) -> None:
    with session_scope(edges._sessions) as session:
        everything = build_deadlines(session, ScopeKind.CONTRACT, None)
        [awarded] = {f.scope_id for f in everything if f.key.startswith("C-AWD")}
        some = build_deadlines(session, ScopeKind.CONTRACT, [awarded])
        assert build_deadlines(session, ScopeKind.CONTRACT, []) == []
        assert build_deadlines(session, ScopeKind.SERVICE, None) == []
        assert build_stale(session, ScopeKind.CONTRACT, None) == []
    assert {f.key for f in some} == {
        "C-AWD/end",
        "C-AWD-R1/decision",
        "C-AWD-E1/decision",
    }
    assert some == [f for f in everything if f.scope_id == awarded]


def test_facts_built_in_memory_read_the_same(edges: Tracker) -> None:
    """A database whose facts are not built yet is read from a build in memory."""
    fmt = Formatter("en")
    day, through = D(2023, 1, 17), D(2023, 6, 30)
    with session_scope(edges._sessions) as session:
        facts = [
            f for scope in ScopeKind for f in build_deadlines(session, scope, None)
        ]
        plans = [f.payload for f in build_stale(session, ScopeKind.TENDER, None)]
        derivation = Derivation(
            DEFAULTS, DeadlineTitles(fmt), acknowledgements(session), through, day
        )
        full = derive_all_deadlines(
            session, through=through, since=day, settings=DEFAULTS, fmt=fmt
        )
        answered = answered_questions(session)
        assert deadlines_of_facts(facts, derivation) == full
        # overdue starts stay until their plans turn stale; an explicit deadline
        # lists its occurrences done too
        assert [(d.key, d.due, d.state.value) for d in full][:6] == [
            ("T-OLD/start", D(2021, 9, 1), "open"),
            ("T-ANS/start", D(2021, 12, 2), "open"),
            ("REP-MON@2022-10-31", D(2022, 10, 31), "done"),
            ("REP-MON@2022-11-30", D(2022, 11, 30), "done"),
            ("REP-MON@2022-12-31", D(2022, 12, 31), "done"),
            ("ONE-LATE@2023-01-10", D(2023, 1, 10), "open"),
        ]
        # T-ANS was answered; T-OLD is asked from 1 March 2023
        assert stale_of_payloads(plans, D(2023, 3, 1), answered) == stale_findings(
            tender_facts(session), as_of=D(2023, 3, 1), answered=answered
        )
        assert [f.ref for f in stale_of_payloads(plans, D(2023, 6, 1), answered)] == [
            "T-OLD"
        ]


def kept_rows(session: Session) -> list[tuple[Any, ...]]:
    return sorted(
        (f.family, f.scope, f.scope_id, f.key, f.day_from, f.day_until, f.payload)
        for family in (FamilyName.DEADLINES, FamilyName.STALE)
        for f in read_facts(session, family)
    )


def fresh_rows(session: Session) -> list[tuple[Any, ...]]:
    return sorted(
        (f.family, f.scope, f.scope_id, f.key, f.day_from, f.day_until, f.payload)
        for f in build(session)
        if f.family in (FamilyName.DEADLINES, FamilyName.STALE)
    )


def test_every_edit_keeps_the_deadline_facts_up_to_date(edges: Tracker) -> None:
    def changed(original: str, **values: Any) -> None:
        draft = edges.draft_of(original)
        # a contract's options and a tender's lots are saved one by one
        owned: dict[str, Any] = {
            f: [] for f in ("options", "lots") if f in type(draft).model_fields
        }
        edges.save(draft.model_copy(update=owned | values), original=original)

    def renamed(original: str, new: str) -> None:
        changed(original, ref=new)

    def added_allocation() -> None:
        edges.save(
            AllocationDraft(ref="A3", source="IDLE", funds="T-ANS", status="planned")
        )

    edits: list[Callable[[], object]] = [
        lambda: edges.exercise_option("C-AWD-R1", decided_on=D(2023, 5, 2)),
        lambda: renamed("T-OLD", "T-OLD-2"),
        lambda: renamed("C-AWD", "C-AWD-2"),
        lambda: changed("T-NEXT", status="published"),
        lambda: changed("FSE", name="FSE Lombardia", eligible_until=D(2024, 6, 30)),
        # the first allocation of a source starts its eligibility end
        added_allocation,
        lambda: edges.mark_deadline_done("REP-MON", as_of=D(2023, 3, 1)),
        lambda: edges.delete("ONE-DONE"),
        lambda: edges.cancel_planned_tender("T-ANS"),
        lambda: edges.delete("C-OPEN"),
    ]
    fmt = Formatter("en")
    for edit in edits:
        edit()
        with session_scope(edges._sessions) as session:
            assert kept_rows(session) == fresh_rows(session)
            for day in (D(2023, 1, 17), D(2023, 3, 1), D(2024, 1, 2)):
                assert_agree(session, day, DEFAULTS, fmt, within=60)
    with session_scope(edges._sessions) as session:
        keys = {row[3] for row in kept_rows(session)}
    assert {"IDLE/eligibility", "T-OLD-2/start", "C-AWD-2/end"} <= keys
    assert not {"T-OLD/start", "C-AWD/end", "ONE-DONE", "T-ANS/start"} & keys
