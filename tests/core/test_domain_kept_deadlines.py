"""Kept deadline facts never miss a day: random records, settings and days.

A reader selects the facts of a day by their windows through two index ranges
(``tracker.queries.kept_deadlines``): the facts kept from the day's horizon or
before (later by as much as the settings count back further than the open
deadlines' facts allow for, or as they count back at all for a reader of the
done ones too), those that last for ever and those that run to the day or later.
Whatever the records, the settings and the day, what it selects gives the
findings and the deadlines due by the horizon that every fact gives.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.plain_records import Contract, Option, Tender
from tests.core.test_domain_derived import Titles
from tracker.config import Settings
from tracker.domain.derived import (
    KEPT_COUNT_BACK,
    LONGEST_WINDOW,
    CountBack,
    DeadlineFact,
    Derivation,
    contract_deadline_facts,
    count_back_beyond,
    count_back_reach,
    fact_from_payload,
    fact_payload,
    may_give_deadline,
    read_deadlines,
    tender_deadline_facts,
)
from tracker.domain.findings import deadline_findings
from tracker.domain.kinds import DeadlineState
from tracker.queries.kept_deadlines import looking_further

BASE = date(2023, 1, 17)
# days as offsets from one day: the windows' edges (a year, a lead time) are met
# far more often than among dates drawn over the calendar
days = st.integers(-900, 900).map(lambda n: BASE + timedelta(days=n))
maybe_days = st.none() | days

options = st.builds(
    Option,
    ref=st.sampled_from(["R1", "R2", "E1"]),
    kind=st.sampled_from(["renewal", "extension_option", "quinto_variation"]),
    state=st.sampled_from(["planned", "exercised", "lapsed"]),
    start=maybe_days,
)
contracts = st.builds(
    Contract,
    ref=st.sampled_from(["C1", "C2", "C3"]),
    covered_until=days,
    options=st.lists(options, max_size=2, unique_by=lambda o: o.ref),
)
tenders = st.builds(
    Tender,
    ref=st.sampled_from(["T1", "T2", "T3"]),
    status=st.sampled_from(
        ["proposed", "planned", "published", "awarded", "cancelled"]
    ),
    latest_start=maybe_days,
    publication_date=maybe_days,
    offer_deadline=maybe_days,
    award_date=maybe_days,
    standstill_end=maybe_days,
    signature_date=maybe_days,
    signed=st.booleans(),
    procedure_type=st.sampled_from([None, "aperta", "negoziata"]),
)
all_settings = st.builds(
    Settings,
    lead_days=st.fixed_dictionaries(
        {"default": st.integers(0, 400)},
        optional={"aperta": st.integers(0, 700), "negoziata": st.integers(0, 60)},
    ),
    option_notice_days=st.integers(0, 400),
    horizon_days=st.integers(0, 120),
)


def selected(fact: DeadlineFact, since: date, widest: date) -> bool:
    """Whether the reader's query selects ``fact`` for ``since`` and ``widest``."""
    day_from, day_until = fact.window()
    assert day_until is None or day_until - day_from <= LONGEST_WINDOW
    return day_from <= widest and (day_until is None or day_until >= since)


@settings(max_examples=300, deadline=None)
@given(
    contracts=st.lists(contracts, max_size=3, unique_by=lambda c: c.ref),
    tenders=st.lists(tenders, max_size=3, unique_by=lambda t: t.ref),
    chosen=all_settings,
    day=days,
    within=st.integers(0, 120),
    acknowledged=st.sets(st.sampled_from(["C1/end", "R1/decision", "T1/start"])),
)
def test_the_facts_a_reader_selects_give_every_finding(
    contracts: list[Contract],
    tenders: list[Tender],
    chosen: Settings,
    day: date,
    within: int,
    acknowledged: set[str],
) -> None:
    # contracts share no option refs: prefix them with their contract's
    contracts = [
        Contract(
            c.ref,
            c.covered_until,
            [Option(f"{c.ref}-{o.ref}", o.kind, o.state, o.start) for o in c.options],
        )
        for c in contracts
    ]
    payloads = [
        (f.key, json.loads(json.dumps(fact_payload(f))))
        for f in [
            *(f for c in contracts for f in contract_deadline_facts(c)),
            *(f for t in tenders for f in tender_deadline_facts(t)),
        ]
    ]
    facts = [fact_from_payload(key, payload) for key, payload in payloads]
    horizon = day + timedelta(days=within)
    widest = horizon + looking_further(chosen, open_only=False)
    derivation = Derivation(chosen, Titles(), dict.fromkeys(acknowledged), horizon, day)
    everything = read_deadlines(facts, (), derivation)
    some = read_deadlines(
        [f for f in facts if selected(f, day, widest)], (), derivation
    )
    assert deadline_findings(some, as_of=day, within=within) == deadline_findings(
        everything, as_of=day, within=within
    )
    assert [d for d in some if d.due <= horizon] == [
        d for d in everything if d.due <= horizon
    ]
    # the payloads left unread give no deadline due by the horizon (or open)
    for open_only in (False, True):
        narrow = Derivation(
            chosen,
            Titles(),
            dict.fromkeys(acknowledged),
            horizon,
            day,
            horizon,
            open_only,
        )
        further = looking_further(chosen, open_only=open_only)
        read = [
            fact
            for fact, (_, payload) in zip(facts, payloads, strict=True)
            if selected(fact, day, horizon + further)
            and may_give_deadline(payload, narrow)
        ]
        assert read_deadlines(read, (), narrow) == [
            d
            for d in everything
            if d.due <= horizon and (d.state is DeadlineState.OPEN or not open_only)
        ]


ON_THE_HORIZON = [
    # an option's decision falls its notice and one day before its start: with
    # 200 days' notice, 201 days before it (the facts allow for 180)
    (
        Settings(option_notice_days=200),
        Option("C1-R1", "renewal", "planned", None),
        201,
    ),
    (
        Settings(option_notice_days=180),
        Option("C1-R1", "renewal", "planned", None),
        181,
    ),
    (
        Settings(option_notice_days=179),
        Option("C1-R1", "renewal", "planned", None),
        180,
    ),
    (Settings(option_notice_days=0), Option("C1-R1", "renewal", "planned", None), 1),
    # a procedure starts its lead time before the latest start of its service
    (Settings(lead_days={"default": 250}), Tender("T1", "planned"), 250),
    (Settings(lead_days={"default": 60, "aperta": 300}), Tender("T1", "planned"), 300),
    (Settings(lead_days={"default": 180}), Tender("T1", "planned"), 180),
    (Settings(lead_days={"default": 0}), Tender("T1", "planned"), 0),
]


def _counted_back(record: Option | Tender, day: date) -> DeadlineFact:
    """The counted-back fact of an option starting on ``day``, or of a planned
    open procedure whose service starts by ``day`` at the latest."""
    if isinstance(record, Option):
        option = Option(record.ref, record.kind, record.state, day)
        facts = contract_deadline_facts(
            Contract("C1", day - timedelta(days=1), [option])
        )
    else:
        tender = Tender(record.ref, record.status, day, procedure_type="aperta")
        facts = tender_deadline_facts(tender)
    (fact,) = [f for f in facts if f.count_back is not CountBack.NONE]
    return fact


@pytest.mark.parametrize(("chosen", "record", "count_back"), ON_THE_HORIZON)
def test_a_deadline_due_on_the_horizon_is_read_whatever_the_settings(
    chosen: Settings, record: Option | Tender, count_back: int
) -> None:
    # the last day of the horizon, and the first after it
    horizon = BASE + timedelta(days=60)
    widest = horizon + looking_further(chosen, open_only=True)
    derivation = Derivation(chosen, Titles(), {}, horizon, BASE, horizon, True)
    last = _counted_back(record, horizon + timedelta(days=count_back))
    (deadline,) = read_deadlines([last], (), derivation)
    assert deadline.due == horizon
    assert selected(last, BASE, widest)
    after = _counted_back(record, horizon + timedelta(days=count_back + 1))
    assert read_deadlines([after], (), derivation) == []
    # done (the option exercised, the procedure started): only a listing of the
    # done deadlines too reads it, looking as far as the settings count back
    done = (
        replace(record, state="exercised")
        if isinstance(record, Option)
        else replace(record, status="published")
    )
    listing = replace(derivation, open_only=False)
    taken = _counted_back(done, horizon + timedelta(days=count_back))
    assert taken.done
    (deadline,) = read_deadlines([taken], (), listing)
    assert deadline.due == horizon
    assert selected(taken, BASE, horizon + looking_further(chosen, open_only=False))


@pytest.mark.parametrize(
    ("notice", "leads", "reach"),
    [
        (90, [180], 180),
        (200, [180], 201),
        (180, [180], 181),
        (0, [0], 1),
        (90, [0, 400, 30], 400),
    ],
)
def test_the_settings_count_back_as_far_as_their_longest_rule(
    notice: int, leads: list[int], reach: int
) -> None:
    assert count_back_reach(notice, leads) == timedelta(days=reach)
    beyond = max(reach - KEPT_COUNT_BACK.days, 0)
    assert count_back_beyond(notice, leads) == timedelta(days=beyond)


def test_the_facts_allow_for_the_default_settings_count_back() -> None:
    # a reader with the default settings looks no further than its horizon
    default = Settings()
    assert looking_further(default, open_only=True) == timedelta()
    reach = count_back_reach(default.option_notice_days, [default.lead_days_for(None)])
    assert reach == KEPT_COUNT_BACK
