"""Kept deadline facts never miss a day: random records, settings and days.

A reader selects the facts of a day by their windows through two index ranges
(``tracker.queries.kept_deadlines``): those starting within the longest bounded
window before the day and by the day's horizon widened by the settings' longest
count back, and the older ones that last for ever. Whatever the records, the
settings and the day, what it selects gives the findings and the deadlines due by
the horizon that every fact gives.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.plain_records import Contract, Option, Tender
from tests.core.test_domain_derived import Titles
from tracker.config import Settings
from tracker.domain.derived import (
    LONGEST_WINDOW,
    DeadlineFact,
    Derivation,
    contract_deadline_facts,
    fact_from_payload,
    fact_payload,
    may_give_deadline,
    read_deadlines,
    tender_deadline_facts,
)
from tracker.domain.findings import deadline_findings
from tracker.domain.kinds import DeadlineState

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
    shift = max(
        chosen.option_notice_days,
        chosen.lead_days_for(None),
        *chosen.lead_days.values(),
    )
    widest = horizon + timedelta(days=shift)
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
        read = [
            fact
            for fact, (_, payload) in zip(facts, payloads, strict=True)
            if selected(fact, day, widest) and may_give_deadline(payload, narrow)
        ]
        assert read_deadlines(read, (), narrow) == [
            d
            for d in everything
            if d.due <= horizon and (d.state is DeadlineState.OPEN or not open_only)
        ]
