"""The continuity rule split in two: a service's facts whatever the day
(``analyse``), then one day from them (``assess_on``).

The composition must tell every day exactly what the rule told before the split
(``tests/core/continuity_reference.py``), on hand-made cases around each of their
boundary days and on random ones; the facts survive their JSON payload; and the
days a fact says it can raise a finding never leave one out.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.continuity_reference import old_assess
from tracker.config import Settings
from tracker.domain.alerts import RECENT, AlertKind
from tracker.domain.continuity import (
    ContinuityStatus,
    Coverage,
    HalfKnown,
    ServiceInfo,
    SourceKind,
    TenderPlan,
    assess,
    assess_on,
)
from tracker.domain.continuity_facts import (
    ServiceFacts,
    Stretch,
    analyse,
    finding_stretches,
    may_raise,
)
from tracker.domain.continuity_kept import (
    NEVER,
    facts_decoded,
    facts_from,
    is_stretch,
    payload_of,
    service_facts,
    timeline_from,
    timelines_decoded,
)
from tracker.domain.findings import continuity_findings
from tracker.domain.kept import FamilyName, ScopeKind
from tracker.domain.kinds import TenderStatus
from tracker.kept.store import canonical

D = date
ONE_DAY = timedelta(days=1)
LEADS = {
    "no lead time": Settings(lead_days={"default": 0}),
    "the default": Settings(),
    "by procedure": Settings(lead_days={"default": 90, "aperta": 240}),
}
HORIZONS = (0, 30, 120)


@dataclass(frozen=True)
class Case:
    info: ServiceInfo
    coverages: tuple[Coverage, ...] = ()
    tenders: tuple[TenderPlan, ...] = ()
    half_known: tuple[HalfKnown, ...] = ()

    def facts(self) -> ServiceFacts:
        return analyse(self.info, self.coverages, self.tenders, self.half_known)


def service(required_from: date, required_until: date | None = None) -> ServiceInfo:
    return ServiceInfo("SRV", "Laboratorio", "Quartiere", required_from, required_until)


def contract(ref: str, start: date, end: date, part: str = "base") -> Coverage:
    return Coverage(SourceKind.CONTRACT, ref, part, start, end)


def in_house(ref: str, start: date, end: date) -> Coverage:
    return Coverage(SourceKind.IN_HOUSE, ref, "in_house", start, end)


def tender(
    ref: str,
    status: str = "planned",
    start: date | None = None,
    *,
    procedure: str | None = None,
    precision: str = "day",
    pending: bool = False,
) -> TenderPlan:
    return TenderPlan(ref, status, procedure, start, pending, precision)


CASES = {
    "contracts in a row": Case(
        service(D(2020, 1, 1)),
        (
            contract("C1", D(2020, 1, 1), D(2021, 12, 31)),
            contract("C2", D(2022, 1, 1), D(2023, 6, 30)),
        ),
        (tender("G1", "planned", D(2023, 7, 1), procedure="aperta"),),
    ),
    "a hole between contracts": Case(
        service(D(2020, 1, 1)),
        (
            contract("C1", D(2020, 1, 1), D(2021, 3, 31)),
            contract("C2", D(2021, 6, 1), D(2022, 12, 31)),
        ),
    ),
    "an in-house bridge": Case(
        service(D(2020, 1, 1), D(2023, 12, 31)),
        (
            contract("C1", D(2020, 1, 1), D(2020, 12, 31)),
            in_house("IH1", D(2021, 1, 1), D(2021, 8, 31)),
            contract("C2", D(2021, 9, 1), D(2023, 12, 31)),
        ),
    ),
    "in-house alongside a contract": Case(
        service(D(2020, 1, 1)),
        (
            contract("C1", D(2020, 1, 1), D(2021, 12, 31)),
            in_house("IH1", D(2020, 6, 1), D(2022, 6, 30)),
        ),
    ),
    "two contracts paying twice": Case(
        service(D(2020, 1, 1)),
        (
            contract("C1", D(2020, 1, 1), D(2021, 12, 31)),
            contract("C2", D(2021, 10, 1), D(2023, 3, 31)),
        ),
    ),
    "an overlap before the window": Case(
        service(D(2021, 1, 1)),
        (
            contract("C1", D(2020, 1, 1), D(2020, 9, 30)),
            contract("C2", D(2020, 7, 1), D(2022, 3, 31)),
        ),
    ),
    "paying twice at the end of the window": Case(
        service(D(2020, 1, 1), D(2021, 12, 31)),
        (
            contract("C1", D(2020, 1, 1), D(2021, 12, 31)),
            contract("C2", D(2021, 10, 1), D(2022, 3, 31)),
        ),
    ),
    "a base and its exercised options": Case(
        service(D(2020, 1, 1)),
        (
            contract("C1", D(2020, 1, 1), D(2021, 12, 31)),
            contract("C1", D(2022, 1, 1), D(2022, 6, 30), "C1-R1"),
            contract("C1", D(2022, 7, 1), D(2022, 9, 30), "C1-P1"),
        ),
    ),
    "the window ends inside coverage": Case(
        service(D(2020, 1, 1), D(2021, 6, 30)),
        (contract("C1", D(2020, 1, 1), D(2022, 12, 31)),),
    ),
    "the window ends inside a gap": Case(
        service(D(2020, 1, 1), D(2021, 6, 30)),
        (contract("C1", D(2020, 1, 1), D(2020, 12, 31)),),
    ),
    "the window ends inside a hole between contracts": Case(
        service(D(2020, 1, 1), D(2021, 4, 30)),
        (
            contract("C1", D(2020, 1, 1), D(2021, 2, 28)),
            contract("C2", D(2021, 6, 1), D(2022, 12, 31)),
        ),
    ),
    "covered before a later window, then ending": Case(
        service(D(2022, 1, 1), D(2025, 12, 31)),
        (
            contract("C1", D(2020, 1, 1), D(2020, 12, 31)),
            contract("C2", D(2023, 1, 1), D(2024, 6, 30)),
        ),
    ),
    "nothing covers it": Case(service(D(2021, 1, 1))),
    "nothing covers a later window": Case(service(D(2022, 1, 1), D(2023, 12, 31))),
    "nothing covers a bounded window": Case(service(D(2021, 1, 1), D(2021, 12, 31))),
    "coverage only before the window": Case(
        service(D(2022, 1, 1)),
        (contract("C1", D(2020, 1, 1), D(2020, 12, 31)),),
    ),
    "coverage begins after the window": Case(
        service(D(2021, 1, 1)),
        (contract("C1", D(2021, 6, 1), D(2022, 12, 31)),),
    ),
    "coverage reaches into the window": Case(
        service(D(2021, 1, 1)),
        (contract("C1", D(2020, 6, 1), D(2021, 12, 31)),),
    ),
    "fully covered, bounded": Case(
        service(D(2020, 1, 1), D(2022, 12, 31)),
        (contract("C1", D(2019, 6, 1), D(2023, 5, 31)),),
    ),
    "known by its start only": Case(
        service(D(2020, 1, 1)),
        (contract("C1", D(2020, 1, 1), D(2021, 6, 30)),),
        half_known=(HalfKnown("C2", D(2021, 7, 1), None),),
    ),
    "known by its start only, with a later option": Case(
        service(D(2020, 1, 1)),
        (contract("C2", D(2022, 1, 1), D(2022, 12, 31), "C2-R1"),),
        half_known=(HalfKnown("C2", D(2020, 3, 1), None),),
    ),
    "known by its end only, signed": Case(
        service(D(2020, 1, 1)),
        (contract("C1", D(2020, 1, 1), D(2020, 12, 31)),),
        half_known=(HalfKnown("C2", None, D(2022, 6, 30), D(2021, 3, 1)),),
    ),
    "known by its end only, unsigned": Case(
        service(D(2020, 1, 1), D(2023, 12, 31)),
        half_known=(HalfKnown("C2", None, D(2021, 6, 30)),),
    ),
    "known by its signature only": Case(
        service(D(2020, 1, 1)),
        (contract("C1", D(2020, 1, 1), D(2021, 12, 31)),),
        half_known=(HalfKnown("C2", None, None, D(2022, 4, 1)),),
    ),
    "a stale tender overtaken by a later contract": Case(
        service(D(2020, 1, 1)),
        (
            contract("C1", D(2020, 1, 1), D(2021, 12, 31)),
            contract("C2", D(2022, 1, 1), D(2023, 12, 31)),
        ),
        (
            tender("G-OLD", "published", D(2021, 6, 1), procedure="negoziata"),
            tender("G-NEW", "proposed", D(2024, 1, 1), procedure="aperta"),
        ),
    ),
    "proposed tenders known by their month and year": Case(
        service(D(2020, 1, 1)),
        (contract("C1", D(2020, 1, 1), D(2022, 6, 30)),),
        (
            tender("G1", "proposed", D(2022, 1, 1), precision="year"),
            tender("G2", "proposed", D(2022, 6, 1), precision="month"),
            tender("G3", "cancelled", D(2022, 7, 1), procedure="aperta"),
            tender("G4", "planned", None, procedure="aperta", pending=True),
        ),
    ),
    "a tender planned once coverage has begun": Case(
        service(D(2020, 1, 1)),
        (
            contract("C1", D(2020, 1, 1), D(2021, 12, 31)),
            in_house("IH1", D(2022, 1, 1), D(2022, 12, 31)),
        ),
        (tender("G1", "awarded", D(2022, 1, 1), procedure="aperta"),),
    ),
}


def boundary_days(case: Case) -> list[date]:
    """Every day the case names, and the days either side of each, with the days
    its successor's procedure should start by for each lead time."""
    named: set[date] = {case.info.required_from}
    if case.info.required_until is not None:
        named.add(case.info.required_until)
    for c in case.coverages:
        named |= {c.start, c.end}
    for h in case.half_known:
        named |= {d for d in (h.start, h.end, h.signed_on) if d is not None}
    for t in case.tenders:
        named |= {d for d in (t.planned_start, t.latest_start) if d is not None}
    # a double payment is reported until a year after it ends
    named |= {o.end + RECENT for o in case.facts().overlaps}
    for lead in LEADS.values():
        for day in list(named):
            act_by = assess_on(case.facts(), day, lead.lead_days_for).act_by
            if act_by is not None:
                named.add(act_by)
    return sorted({day + timedelta(days=k) for day in named for k in (-1, 0, 1)})


def days_around(case: Case, margin: int = 400) -> Iterable[date]:
    days = boundary_days(case)
    day, last = days[0] - timedelta(days=margin), days[-1] + timedelta(days=margin)
    while day <= last:
        yield day
        day += ONE_DAY


def round_trip(case: Case) -> dict[str, object]:
    payload = payload_of(case.facts(), case.coverages, case.tenders)
    loaded: dict[str, object] = json.loads(json.dumps(payload))
    return loaded


@pytest.mark.parametrize("name", list(CASES))
def test_the_composition_tells_each_boundary_day_what_the_rule_told(
    name: str,
) -> None:
    case = CASES[name]
    kept = facts_from(round_trip(case))
    for lead in LEADS.values():
        for day in boundary_days(case):
            before = old_assess(
                case.info,
                case.coverages,
                case.tenders,
                as_of=day,
                lead_days_for=lead.lead_days_for,
                half_known=case.half_known,
            )
            assert (
                assess(
                    case.info,
                    case.coverages,
                    case.tenders,
                    as_of=day,
                    lead_days_for=lead.lead_days_for,
                    half_known=case.half_known,
                )
                == before
            ), day
            assert assess_on(kept, day, lead.lead_days_for) == before, day


def test_the_cases_reach_every_status_and_every_finding() -> None:
    statuses, kinds = set(), set()
    for case in CASES.values():
        for day in boundary_days(case):
            result = assess(
                case.info,
                case.coverages,
                case.tenders,
                as_of=day,
                lead_days_for=Settings().lead_days_for,
                half_known=case.half_known,
            )
            statuses.add(result.status)
            kinds |= {f.kind for f in continuity_findings([result], day, within=30)}
    assert statuses == set(ContinuityStatus)
    assert kinds == {
        AlertKind.CONTINUITY_GAP,
        AlertKind.CONTINUITY_RISK,
        AlertKind.PLANNED_GAP,
        AlertKind.OVERLAP,
    }


@pytest.mark.parametrize("name", list(CASES))
def test_the_facts_survive_their_payload(name: str) -> None:
    case = CASES[name]
    assert facts_from(round_trip(case)) == case.facts()
    coverage, tenders = timeline_from(round_trip(case))
    assert coverage == tuple(
        sorted(case.coverages, key=lambda c: (c.start, c.end, c.ref))
    )
    assert tenders == case.tenders
    # as kept: the text the store writes, decoded by the typed decoder, alone
    # and in a batch with another service
    text = canonical(payload_of(case.facts(), case.coverages, case.tenders))
    other = CASES["fully covered, bounded"]
    other_text = canonical(payload_of(other.facts(), other.coverages, other.tenders))
    assert facts_decoded([text, other_text]) == [case.facts(), other.facts()]
    [(facts, kept_coverage, kept_tenders)] = timelines_decoded([text])
    assert (facts, kept_coverage, kept_tenders) == (case.facts(), coverage, tenders)


def may_raise_in(
    stretches: Sequence[Stretch], day: date, within: int, lead: int
) -> bool:
    return any(
        may_raise(first, last, as_of=day, within=within, longest_lead=lead)
        for first, last in stretches
    )


def assert_raises_only_in_its_stretches(
    facts: ServiceFacts, days: Iterable[date]
) -> None:
    """On no day and horizon does a service outside every stretch of its days
    raise a continuity finding, whatever the lead times."""
    stretches = finding_stretches(facts)
    for lead in LEADS.values():
        longest = max(lead.lead_days.values())
        for day in days:
            result = assess_on(facts, day, lead.lead_days_for)
            for within in HORIZONS:
                if continuity_findings([result], day, within=within):
                    assert may_raise_in(stretches, day, within, longest), (
                        day,
                        within,
                        lead,
                    )


@pytest.mark.parametrize("name", list(CASES))
def test_no_day_raises_a_finding_outside_the_stretches_of_the_service(
    name: str,
) -> None:
    case = CASES[name]
    assert_raises_only_in_its_stretches(case.facts(), days_around(case))


# The stretches of days a service can raise a finding in: open at the start where
# a finding can come on any earlier day (a planned gap, a double payment), bounded
# where the records say so, quiet between a gap behind and an end ahead.
FINDING_STRETCHES: dict[str, tuple[Stretch, ...]] = {
    "contracts in a row": ((D(2023, 6, 30), None),),
    "a hole between contracts": ((None, D(2021, 5, 31)), (D(2022, 12, 31), None)),
    "an in-house bridge": (),
    "in-house alongside a contract": ((D(2022, 6, 30), None),),
    "two contracts paying twice": ((None, D(2022, 12, 31)), (D(2023, 3, 31), None)),
    "an overlap before the window": ((D(2022, 3, 31), None),),
    "paying twice at the end of the window": ((None, D(2022, 12, 31)),),
    "a base and its exercised options": ((D(2022, 9, 30), None),),
    "the window ends inside coverage": (),
    "the window ends inside a gap": ((D(2020, 12, 31), D(2021, 6, 30)),),
    "the window ends inside a hole between contracts": (
        (D(2021, 3, 1), D(2021, 4, 30)),
    ),
    "covered before a later window, then ending": (
        (None, D(2022, 12, 31)),
        (D(2024, 6, 30), D(2025, 12, 31)),
    ),
    "nothing covers it": ((D(2020, 12, 31), None),),
    "nothing covers a bounded window": ((D(2020, 12, 31), D(2021, 12, 31)),),
    # the day to act before the window touches the gap from its first day: one
    "nothing covers a later window": ((D(2021, 12, 31), D(2023, 12, 31)),),
    "coverage only before the window": ((D(2021, 12, 31), None),),
    "coverage begins after the window": (
        (None, D(2021, 5, 31)),
        (D(2022, 12, 31), None),
    ),
    "coverage reaches into the window": ((D(2021, 12, 31), None),),
    "fully covered, bounded": (),
    # it may run on to the calendar's end: a gap after it would begin past it
    "known by its start only": ((D(2200, 1, 1), None),),
    "known by its start only, with a later option": (
        (None, D(2020, 2, 29)),
        (D(2022, 12, 31), None),
    ),
    "known by its end only, signed": ((None, D(2021, 2, 28)), (D(2022, 6, 30), None)),
    "known by its end only, unsigned": ((D(2021, 6, 30), D(2023, 12, 31)),),
    "known by its signature only": ((None, D(2022, 3, 31)), (D(2200, 1, 1), None)),
    "a stale tender overtaken by a later contract": ((D(2023, 12, 31), None),),
    "proposed tenders known by their month and year": ((D(2022, 6, 30), None),),
    "a tender planned once coverage has begun": ((D(2022, 12, 31), None),),
}


def test_every_case_has_its_stretches() -> None:
    assert set(FINDING_STRETCHES) == set(CASES)


@pytest.mark.parametrize("name", list(FINDING_STRETCHES))
def test_the_stretches_of_a_service(name: str) -> None:
    assert finding_stretches(CASES[name].facts()) == FINDING_STRETCHES[name]


@pytest.mark.parametrize(
    ("as_of", "within", "expected"),
    [
        (D(2023, 6, 29) - timedelta(days=30 + 240), 30, False),
        (D(2023, 6, 30) - timedelta(days=30 + 240), 30, True),
        (D(2023, 6, 30) - timedelta(days=240), 0, True),
        (D(2023, 6, 29) - timedelta(days=240), 0, False),
    ],
)
def test_a_stretch_is_read_once_its_first_day_is_within_horizon_and_lead(
    as_of: date, within: int, expected: bool
) -> None:
    [(day_from, day_until)] = finding_stretches(CASES["contracts in a row"].facts())
    assert (
        may_raise(day_from, day_until, as_of=as_of, within=within, longest_lead=240)
        is expected
    )


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2021, 5, 31), True),  # the last day of the hole
        (D(2021, 6, 1), False),  # covered, no end in sight
        (D(2022, 4, 4), False),
        (D(2022, 4, 5), True),  # its end within 30 days and 240 of lead time
        (D(2023, 1, 1), True),
    ],
)
def test_a_service_is_quiet_between_a_gap_behind_and_an_end_ahead(
    as_of: date, expected: bool
) -> None:
    stretches = finding_stretches(CASES["a hole between contracts"].facts())
    assert may_raise_in(stretches, as_of, 30, 240) is expected


def test_a_service_that_never_raises_one_is_never_read() -> None:
    for day in (D(1900, 1, 1), D(2021, 1, 1), D(2199, 12, 31)):
        assert not may_raise(NEVER, NEVER, as_of=day, within=365, longest_lead=365)


def test_the_facts_of_a_service_with_one_stretch() -> None:
    case = CASES["the window ends inside a gap"]
    [fact] = service_facts(7, case.info, case.coverages, case.tenders)
    assert (fact.family, fact.scope, fact.scope_id, fact.key) == (
        FamilyName.CONTINUITY,
        ScopeKind.SERVICE,
        7,
        "SRV",
    )
    assert (fact.day_from, fact.day_until) == (D(2020, 12, 31), D(2021, 6, 30))
    assert fact.payload == payload_of(case.facts(), case.coverages, case.tenders)
    assert not is_stretch(fact.payload)


def test_the_facts_of_a_service_with_several_stretches() -> None:
    case = CASES["covered before a later window, then ending"]
    first, second = service_facts(7, case.info, case.coverages, case.tenders)
    assert [(f.key, f.day_from, f.day_until) for f in (first, second)] == [
        ("SRV", None, D(2022, 12, 31)),
        ("SRV/stretch 2", D(2024, 6, 30), D(2025, 12, 31)),
    ]
    assert first.payload == payload_of(case.facts(), case.coverages, case.tenders)
    assert (second.family, second.scope, second.scope_id) == (
        FamilyName.CONTINUITY,
        ScopeKind.SERVICE,
        7,
    )
    assert second.payload == {}
    assert is_stretch(second.payload)


def test_the_fact_of_a_service_that_never_raises_one() -> None:
    case = CASES["fully covered, bounded"]
    [fact] = service_facts(7, case.info, case.coverages, case.tenders)
    assert (fact.day_from, fact.day_until) == (NEVER, NEVER)


def test_a_single_period_is_kept_as_its_source_and_options_as_parts() -> None:
    case = CASES["a base and its exercised options"]
    payload = round_trip(CASES["an in-house bridge"])
    assert payload["parts"] == []
    assert round_trip(case)["parts"] == [
        [0, "base", "2020-01-01", "2021-12-31"],
        [0, "C1-R1", "2022-01-01", "2022-06-30"],
        [0, "C1-P1", "2022-07-01", "2022-09-30"],
    ]


# --- random services ------------------------------------------------------------

BASE = D(2020, 1, 1)
SPAN = 6 * 365


def days(low: int = 0, high: int = SPAN) -> st.SearchStrategy[date]:
    return st.integers(low, high).map(lambda n: BASE + timedelta(days=n))


@st.composite
def periods(draw: st.DrawFn) -> Coverage:
    start = draw(days())
    end = start + timedelta(days=draw(st.integers(0, 900)))
    ref = draw(st.sampled_from(["C1", "C2", "C3", "IH1"]))
    if ref == "IH1":
        return in_house(ref, start, end)
    return contract(ref, start, end, draw(st.sampled_from(["base", f"{ref}-R1"])))


@st.composite
def halves(draw: st.DrawFn) -> HalfKnown:
    start, end = draw(st.sampled_from([(True, False), (False, True), (False, False)]))
    return HalfKnown(
        draw(st.sampled_from(["C2", "H1", "H2"])),
        draw(days()) if start else None,
        draw(days()) if end else None,
        draw(st.none() | days()),
    )


tenders = st.builds(
    TenderPlan,
    st.sampled_from(["G1", "G2", "G3"]),
    st.sampled_from([s.value for s in TenderStatus]),
    st.sampled_from([None, "aperta", "negoziata"]),
    st.none() | days(),
    st.booleans(),
    st.sampled_from(["day", "month", "year"]),
)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    required_from = draw(days())
    until = draw(st.none() | st.integers(0, 1500))
    info = service(
        required_from,
        None if until is None else required_from + timedelta(days=until),
    )
    return Case(
        info,
        tuple(draw(st.lists(periods(), max_size=5))),
        tuple(draw(st.lists(tenders, max_size=3))),
        tuple(draw(st.lists(halves(), max_size=2))),
    )


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(case=cases(), others=st.lists(days(-400, SPAN + 400), max_size=5))
def test_random_services_are_told_as_the_rule_told(
    case: Case, others: Sequence[date]
) -> None:
    kept = facts_from(round_trip(case))
    assert kept == case.facts()
    for lead in LEADS.values():
        for day in [*boundary_days(case), *others]:
            assert assess_on(kept, day, lead.lead_days_for) == old_assess(
                case.info,
                case.coverages,
                case.tenders,
                as_of=day,
                lead_days_for=lead.lead_days_for,
                half_known=case.half_known,
            ), day


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(case=cases(), others=st.lists(days(-400, SPAN + 400), max_size=5))
def test_random_services_raise_findings_only_in_their_stretches(
    case: Case, others: Sequence[date]
) -> None:
    facts = case.facts()
    stretches = finding_stretches(facts)
    # disjoint, earliest first, never touching: each is one range of the index
    for (_, last), (first, _) in itertools.pairwise(stretches):
        assert last is not None
        assert first is not None
        assert last + ONE_DAY < first
    assert_raises_only_in_its_stretches(facts, [*boundary_days(case), *others])
