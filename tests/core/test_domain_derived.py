"""The deadlines a database derives from its records, as pure rules."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.core.plain_records import Contract, Option, Tender
from tracker.config import Settings
from tracker.domain.deadlines import Deadline
from tracker.domain.derived import (
    LONGEST_WINDOW,
    MILESTONE_LEAD_DAYS,
    DeadlineFact,
    Derivation,
    contract_deadline_facts,
    derive_deadlines,
    eligibility_facts,
    explicit_from_payload,
    explicit_payload,
    fact_from_payload,
    fact_payload,
    programme_end_fact,
    read_deadlines,
    tender_deadline_facts,
)
from tracker.domain.findings import deadline_findings
from tracker.domain.funding import AllocationFact
from tracker.domain.kinds import DeadlineState, Recurrence
from tracker.domain.records import ExplicitDeadline, ProgrammeEnd

D = date
OPEN, DONE, ACKED = DeadlineState.OPEN, DeadlineState.DONE, DeadlineState.ACKNOWLEDGED


class Titles:
    def contract_end(self, contract: str) -> str:
        return f"end {contract}"

    def option_decision(self, option: str, contract: str, start: date) -> str:
        return f"decide {option} of {contract} from {start}"

    def milestone(self, tender: str, label: str, moved_from: date | None) -> str:
        return f"{tender} {label} {moved_from}"

    def eligibility_end(self, source_name: str) -> str:
        return f"eligible {source_name}"

    def programme_end(self, name: str) -> str:
        return f"programme {name}"


@dataclass(frozen=True)
class Case:
    contracts: Sequence[Contract] = ()
    tenders: Sequence[Tender] = ()
    allocations: Sequence[AllocationFact] = ()
    programmes: Sequence[ProgrammeEnd] = ()
    explicit: Sequence[ExplicitDeadline] = ()
    acknowledged: Mapping[str, date | None] = field(default_factory=dict)
    since: date | None = None


THROUGH = D(2024, 12, 31)


def derive(case: Case, through: date = THROUGH) -> list[Deadline]:
    return derive_deadlines(
        Derivation(Settings(), Titles(), case.acknowledged, through, case.since),
        contracts=case.contracts,
        tenders=case.tenders,
        allocations=case.allocations,
        programmes=case.programmes,
        explicit=case.explicit,
    )


def monthly(ref: str, **changes: object) -> ExplicitDeadline:
    values: dict[str, object] = {
        "ref": ref,
        "title": "Relazione mensile",
        "due": D(2023, 1, 31),
        "recurrence": Recurrence.MONTHLY,
        "recurrence_until": D(2023, 4, 30),
        "state": OPEN,
        "done_through": None,
        "subject_ref": None,
        "lead_days": 10,
        "owner": None,
    }
    values.update(changes)
    return ExplicitDeadline(**values)  # type: ignore[arg-type]


RENEWAL = Option("C1-R1", "renewal", "planned", D(2023, 1, 1))
SOURCE = AllocationFact(
    "A1", "POR", "POR FSE", D(2023, 12, 31), "C1", Decimal("10.00"), "confirmed"
)

CASES = {
    "a contract ends where its coverage ends": (
        Case(contracts=[Contract("C1", D(2022, 12, 31))]),
        [("C1/end", D(2022, 12, 31), OPEN, False, 180)],
    ),
    "an option is decided a notice period before what it extends ends": (
        Case(contracts=[Contract("C1", D(2022, 12, 31), [RENEWAL])]),
        [
            ("C1-R1/decision", D(2022, 10, 2), OPEN, True, MILESTONE_LEAD_DAYS),
            ("C1/end", D(2022, 12, 31), OPEN, False, 180),
        ],
    ),
    "an option exercised or lapsed is decided": (
        Case(
            contracts=[
                Contract(
                    "C1",
                    D(2022, 12, 31),
                    [
                        Option("C1-R1", "renewal", "exercised", D(2023, 1, 1)),
                        Option("C1-R2", "renewal", "lapsed", D(2023, 1, 1)),
                    ],
                )
            ]
        ),
        [
            ("C1-R1/decision", D(2022, 10, 2), DONE, True, 30),
            ("C1-R2/decision", D(2022, 10, 2), DONE, True, 30),
            ("C1/end", D(2022, 12, 31), OPEN, False, 180),
        ],
    ),
    "a quinto variation extends nothing and has no decision day": (
        Case(
            contracts=[
                Contract(
                    "C1",
                    D(2022, 12, 31),
                    [Option("C1-V1", "quinto_variation", "planned", D(2022, 6, 1))],
                )
            ]
        ),
        [("C1/end", D(2022, 12, 31), OPEN, False, 180)],
    ),
    "someone acknowledged the end of a contract": (
        Case(
            contracts=[Contract("C1", D(2022, 12, 31))],
            acknowledged={"C1/end": None},
        ),
        [("C1/end", D(2022, 12, 31), ACKED, False, 180)],
    ),
    "from a day on, an open action stays and an event that passed goes": (
        Case(
            contracts=[Contract("C1", D(2022, 12, 31), [RENEWAL])],
            since=D(2023, 1, 17),
        ),
        [("C1-R1/decision", D(2022, 10, 2), OPEN, True, 30)],
    ),
    "a tender's milestones, the offer deadline moved off a holiday": (
        Case(tenders=[Tender("T1", "published", offer_deadline=D(2023, 12, 7))]),
        [("T1/offers", D(2023, 12, 9), OPEN, False, 30)],
    ),
    "a source's eligibility ends once however many allocations it makes": (
        Case(allocations=[SOURCE, SOURCE]),
        [("POR/eligibility", D(2023, 12, 31), OPEN, False, 60)],
    ),
    "a programme ending in a year ends on its last day": (
        Case(programmes=[ProgrammeEnd("PRG", "Lorenteggio", D(2026, 1, 1), "year")]),
        [("PRG/end", D(2026, 12, 31), OPEN, False, 60)],
    ),
    "a recurring deadline repeats up to its end": (
        Case(explicit=[monthly("REL")]),
        [
            ("REL@2023-01-31", D(2023, 1, 31), OPEN, True, 10),
            ("REL@2023-02-28", D(2023, 2, 28), OPEN, True, 10),
            ("REL@2023-03-31", D(2023, 3, 31), OPEN, True, 10),
            ("REL@2023-04-30", D(2023, 4, 30), OPEN, True, 10),
        ],
    ),
    "an acknowledgement silences the occurrences up to its day": (
        Case(
            explicit=[monthly("REL", done_through=D(2023, 1, 31))],
            acknowledged={"REL": D(2023, 3, 1)},
        ),
        [
            ("REL@2023-01-31", D(2023, 1, 31), DONE, True, 10),
            ("REL@2023-02-28", D(2023, 2, 28), ACKED, True, 10),
            ("REL@2023-03-31", D(2023, 3, 31), OPEN, True, 10),
            ("REL@2023-04-30", D(2023, 4, 30), OPEN, True, 10),
        ],
    ),
}


@pytest.mark.parametrize(("case", "expected"), CASES.values(), ids=CASES.keys())
def test_the_deadlines_of_the_records_follow_the_rules_of_practice(
    case: Case, expected: list[tuple[str, date, DeadlineState, bool, int]]
) -> None:
    assert [
        (d.key, d.due, d.state, d.actionable, d.lead_days) for d in derive(case)
    ] == expected


def test_a_recurring_deadline_is_expanded_only_up_to_the_day_asked() -> None:
    case = Case(explicit=[monthly("REL")])
    assert [d.due for d in derive(case, through=D(2023, 2, 28))] == [
        D(2023, 1, 31),
        D(2023, 2, 28),
    ]


def test_titles_come_from_the_wording_given() -> None:
    case = Case(
        contracts=[Contract("C1", D(2022, 12, 31), [RENEWAL])],
        tenders=[Tender("T1", "published", offer_deadline=D(2023, 12, 7))],
    )
    assert [d.title for d in derive(case)] == [
        "decide C1-R1 of C1 from 2023-01-01",
        "end C1",
        "T1 offer deadline 2023-12-07",
    ]


@pytest.mark.parametrize(
    ("status", "latest_start", "since", "keys"),
    [
        # planned for 2016, on the committee's day: its question replaces the start
        ("planned", D(2016, 5, 2), D(2023, 1, 17), []),
        ("proposed", D(2016, 5, 2), D(2023, 1, 17), []),
        # with no day to judge by (a record's whole story), the start stays
        ("planned", D(2016, 5, 2), None, ["T1/start"]),
        # less than a year past its planned start: still a deadline, overdue
        ("planned", D(2022, 6, 1), D(2023, 1, 17), ["T1/start"]),
        ("planned", D(2023, 12, 31), D(2023, 1, 17), ["T1/start"]),
    ],
)
def test_a_stale_plan_has_no_start_of_the_procedure_to_miss(
    status: str, latest_start: date, since: date | None, keys: list[str]
) -> None:
    tender = Tender("T1", status, latest_start=latest_start, planned_start=latest_start)
    found = derive(Case(tenders=[tender], since=since))
    assert [d.key for d in found] == keys


# --- kept facts: the same deadlines from facts kept whatever the day ---------------


def kept(case: Case) -> tuple[list[DeadlineFact], list[ExplicitDeadline]]:
    """The facts of a case's records, as stored and read back (plain JSON)."""
    facts = [
        *(f for c in case.contracts for f in contract_deadline_facts(c)),
        *(f for t in case.tenders for f in tender_deadline_facts(t)),
        *eligibility_facts(case.allocations),
        *(programme_end_fact(p) for p in case.programmes),
    ]
    stored = [(f.key, json.dumps(fact_payload(f))) for f in facts]
    explicit = [(x.ref, json.dumps(explicit_payload(x))) for x in case.explicit]
    return (
        [fact_from_payload(key, json.loads(text)) for key, text in stored],
        [explicit_from_payload(ref, json.loads(text)) for ref, text in explicit],
    )


@pytest.mark.parametrize("case", [c for c, _ in CASES.values()], ids=CASES.keys())
@pytest.mark.parametrize("since", [None, D(2022, 10, 2), D(2023, 1, 17)])
def test_kept_facts_read_back_give_the_derived_deadlines(
    case: Case, since: date | None
) -> None:
    case = replace(case, since=since)
    facts, explicit = kept(case)
    derivation = Derivation(Settings(), Titles(), case.acknowledged, THROUGH, since)
    assert read_deadlines(facts, explicit, derivation) == derive(case)


PLANNED = Tender("T1", "planned", latest_start=D(2023, 6, 30), procedure_type="aperta")


@pytest.mark.parametrize(
    ("fact", "window"),
    [
        # an event: its day only
        (Contract("C1", D(2022, 12, 31)), (D(2022, 12, 31), D(2022, 12, 31))),
        # an option to decide: from 180 days before its start on 01/01/2023 (the
        # settings count its day back, the default ones that far at most), for
        # ever until decided; once decided, its start only (no finding is read
        # from it, a listing counts back itself)
        (
            Contract("C1", D(2022, 12, 31), [RENEWAL]),
            (D(2022, 7, 5), None),
        ),
        (
            Contract("C1", D(2022, 12, 31), [replace(RENEWAL, state="exercised")]),
            (D(2023, 1, 1), D(2023, 1, 1)),
        ),
        # a planned procedure's start: from 180 days before the latest start of
        # its service, until its stale question replaces it; once started, the
        # latest start only
        (PLANNED, (D(2023, 1, 1), D(2024, 6, 30))),
        (replace(PLANNED, status="published"), (D(2023, 6, 30), D(2023, 6, 30))),
        # an end that comes, listed for ever once passed
        (SOURCE, (D(2023, 12, 31), None)),
    ],
)
def test_a_kept_deadline_can_matter_within_its_window(
    fact: Contract | Tender | AllocationFact, window: tuple[date, date | None]
) -> None:
    if isinstance(fact, Contract):
        facts = contract_deadline_facts(fact)
    elif isinstance(fact, Tender):
        facts = tender_deadline_facts(fact)
    else:
        facts = eligibility_facts([fact])
    assert facts[-1].window() == window
    for f in facts:
        day_from, day_until = f.window()
        assert day_until is None or day_until - day_from <= LONGEST_WINDOW


EVERYTHING = Case(
    contracts=[
        Contract(
            "C1",
            D(2023, 5, 31),
            [RENEWAL, Option("C1-E1", "extension_option", "exercised", D(2023, 3, 1))],
        )
    ],
    tenders=[
        PLANNED,
        Tender("T2", "proposed", latest_start=D(2022, 2, 28)),
        Tender(
            "T3", "published", offer_deadline=D(2023, 12, 7), award_date=D(2024, 1, 8)
        ),
    ],
    allocations=[SOURCE],
    programmes=[ProgrammeEnd("PRG", "Lorenteggio", D(2024, 1, 1), "year")],
    explicit=[
        monthly("REL", done_through=D(2023, 1, 31)),
        monthly("ANN", due=D(2022, 3, 31), recurrence=Recurrence.YEARLY),
    ],
    acknowledged={"REL": D(2023, 3, 1), "C1/end": None},
)


def _selected(fact: DeadlineFact, day: date, last: date) -> bool:
    day_from, day_until = fact.window()
    return day_from <= last and (day_until is None or day_until >= day)


@pytest.mark.parametrize(
    "settings",
    [Settings(), Settings(lead_days={"aperta": 300}, option_notice_days=45)],
)
def test_the_window_of_a_kept_fact_never_misses_a_day(settings: Settings) -> None:
    """On every day, the facts a reader selects by their windows (widened by the
    settings' longest count back) give every finding all the facts give."""
    facts, explicit = kept(EVERYTHING)
    shift = timedelta(
        days=max(settings.option_notice_days, *settings.lead_days.values(), 180)
    )
    within = 45
    day = D(2021, 6, 1)
    while day <= D(2025, 6, 30):
        through = day + timedelta(days=within)
        derivation = Derivation(
            settings, Titles(), EVERYTHING.acknowledged, through, day
        )
        chosen = [f for f in facts if _selected(f, day, through + shift)]
        everything = read_deadlines(facts, explicit, derivation)
        selected = read_deadlines(chosen, explicit, derivation)
        assert deadline_findings(
            selected, as_of=day, within=within
        ) == deadline_findings(everything, as_of=day, within=within), day
        assert [d for d in everything if d.due <= through] == [
            d for d in selected if d.due <= through
        ], day
        day += timedelta(days=1)
