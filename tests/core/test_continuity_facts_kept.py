"""The kept continuity facts of a real database: built per service, and read back
for a day the way the rule told it before its split, on the Milan case and on
both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import groupby

import pytest
from sqlalchemy import delete, insert
from sqlmodel import Session

from tests.conftest import COMMITTEE_DAY
from tests.core.continuity_reference import old_assess
from tracker.api import Tracker
from tracker.config import Settings
from tracker.domain.continuity import (
    Coverage,
    ServiceContinuity,
    ServiceInfo,
    SourceKind,
)
from tracker.domain.continuity_kept import NEVER, is_stretch, service_facts
from tracker.domain.findings import continuity_findings
from tracker.domain.kept import FamilyName, ScopeKind
from tracker.kept.store import FACT, STATE, fact_row, facts_current, read_facts
from tracker.queries.continuity_read import (
    continuity_findings_on,
    continuity_on,
    raising_on,
    timeline_on,
)
from tracker.queries.engine import (
    _services,
    compute_timeline,
    coverage_rows,
    half_known_rows,
    tender_plans,
)
from tracker.queries.kept import FAMILIES
from tracker.queries.kept_continuity import build

TODAY = date(2026, 11, 21)
SETTINGS = Settings()
BY_PROCEDURE = Settings(lead_days={"default": 120, "aperta": 300})
MILAN_SERVICES = [
    "LDQ-GRATOSOGLIO",
    "LDQ-MAZZINI",
    "LDQ-MOLISE-CALVAIRATE",
    "LDQ-PONTE-LAMBRO",
    "LDQ-SAN-SIRO",
    "LSL-LORENTEGGIO",
]


@pytest.fixture
def session(milan: Tracker) -> Iterator[Session]:
    with Session(milan.engine) as opened:
        yield opened


def before_the_split(
    session: Session, as_of: date, settings: Settings
) -> list[ServiceContinuity]:
    """Every service's continuity as the engine told it before the rule was split:
    the same rows, the rule kept verbatim."""
    plans = tender_plans(session)
    halves = half_known_rows(session)
    coverage: dict[int, list[Coverage]] = {}
    for service_id, rows in groupby(coverage_rows(session), key=lambda r: r[0]):
        coverage[service_id] = [c for _, c in rows]
    results = [
        old_assess(
            key.info,
            coverage.get(key.id, []),
            plans.get(key.id, []),
            as_of=as_of,
            lead_days_for=settings.lead_days_for,
            half_known=halves.get(key.id, ()),
        )
        for key in _services(session)
    ]
    return sorted(results, key=lambda r: r.service)


def milan_days(session: Session) -> list[date]:
    """The committee day, today, and each day a Milan service's continuity turns
    on, with the days either side."""
    named = {COMMITTEE_DAY, TODAY}
    for as_of in (COMMITTEE_DAY, TODAY):
        for settings in (SETTINGS, BY_PROCEDURE):
            for s in before_the_split(session, as_of, settings):
                named |= {
                    d
                    for d in (
                        s.required_from,
                        s.required_until,
                        s.covered_until,
                        s.coverage_ends,
                        s.act_by,
                        *(g.start for g in s.gaps),
                        *(g.end for g in s.gaps),
                        *(o.end for o in s.overlaps),
                        *(u.start for u in s.uncertain),
                        *(c.start for c in (s.current, s.successor) if c),
                        *(c.end for c in (s.current, s.successor) if c),
                    )
                    if d is not None
                }
    return sorted({d + timedelta(days=k) for d in named for k in (-1, 0, 1)})


def test_the_builder_keeps_one_payload_per_service_and_its_stretches(
    session: Session,
) -> None:
    assert FAMILIES[FamilyName.CONTINUITY] is build
    facts = build(session, ScopeKind.SERVICE, None)
    payloads = [f for f in facts if not is_stretch(f.payload)]
    assert sorted(f.key for f in payloads) == MILAN_SERVICES
    assert [f.scope_id for f in payloads] == [key.id for key in _services(session)]
    assert {(f.family, f.scope) for f in facts} == {
        (FamilyName.CONTINUITY, ScopeKind.SERVICE)
    }
    # a gap before 2018 behind it, its end ahead, quiet in between
    assert [
        (f.key, f.day_from, f.day_until)
        for f in facts
        if f.key.startswith("LDQ-MAZZINI")
    ] == [
        ("LDQ-MAZZINI", None, date(2017, 12, 31)),
        ("LDQ-MAZZINI/stretch 2", date(2023, 6, 30), None),
    ]
    assert len(facts) == 11
    some = [payloads[0].scope_id, payloads[5].scope_id]
    assert build(session, ScopeKind.SERVICE, some) == [
        f for f in facts if f.scope_id in some
    ]
    assert build(session, ScopeKind.SERVICE, []) == []
    for kind in ScopeKind:
        if kind is not ScopeKind.SERVICE:
            assert build(session, kind, None) == []


def test_the_lorenteggio_fact_on_the_committee_day(session: Session) -> None:
    [lor] = [
        f
        for f in build(session, ScopeKind.SERVICE, None)
        if f.key == MILAN_SERVICES[-1]
    ]
    # uncovered from 21/12/2022: a successor taking no lead time would start by
    # the day before; a gap on every day until its window ends on 31/12/2025
    assert (lor.day_from, lor.day_until) == (date(2022, 12, 20), date(2025, 12, 31))
    [result] = continuity_on([lor.payload], as_of=COMMITTEE_DAY, settings=SETTINGS)
    assert (result.status, result.covered_until) == ("gap", date(2022, 12, 20))
    assert [(g.start, g.end, g.days) for g in result.gaps][-1] == (
        date(2022, 12, 21),
        None,
        28,
    )


def test_the_kept_facts_are_built_with_the_data(session: Session) -> None:
    assert facts_current(session)


@pytest.mark.parametrize(
    "settings", [SETTINGS, BY_PROCEDURE], ids=["default", "by-procedure"]
)
def test_milan_read_from_the_kept_facts_is_told_as_before(
    session: Session, settings: Settings
) -> None:
    for day in milan_days(session):
        before = before_the_split(session, day, settings)
        assert continuity_on(session, as_of=day, settings=settings) == before, day
        for within in (0, 30, settings.horizon_days):
            assert continuity_findings_on(
                session, as_of=day, within=within, settings=settings
            ) == continuity_findings(before, day, within=within), (day, within)


def test_the_milan_timeline_read_from_the_kept_facts(session: Session) -> None:
    for day in (COMMITTEE_DAY, TODAY):
        assert timeline_on(session, as_of=day, settings=SETTINGS) == compute_timeline(
            session, as_of=day, settings=SETTINGS
        )


def test_a_day_far_ahead_reads_only_services_that_may_raise_a_finding(
    session: Session,
) -> None:
    everyone = continuity_on(session, as_of=COMMITTEE_DAY, settings=SETTINGS)
    raising = raising_on(session, as_of=COMMITTEE_DAY, within=30, settings=SETTINGS)
    assert {s.service for s in raising} <= {s.service for s in everyone}
    assert {f.ref for f in continuity_findings(everyone, COMMITTEE_DAY, within=30)} <= {
        s.service for s in raising
    }


def test_facts_not_yet_built_are_worked_out_from_the_records(
    session: Session,
) -> None:
    # a database opened read-only before its first writable opening has no facts
    session.connection().execute(delete(STATE))
    session.info.clear()
    assert not facts_current(session)
    before = before_the_split(session, COMMITTEE_DAY, SETTINGS)
    assert continuity_on(session, as_of=COMMITTEE_DAY, settings=SETTINGS) == before
    assert continuity_findings_on(
        session, as_of=COMMITTEE_DAY, within=30, settings=SETTINGS
    ) == continuity_findings(before, COMMITTEE_DAY, within=30)
    session.rollback()


def test_an_edit_reaches_the_kept_facts(milan: Tracker) -> None:
    # without its renewal the Lorenteggio contract ends on 20/06/2022
    milan.delete("LOR-2019-C1-R1")
    with Session(milan.engine) as session:
        now = continuity_on(session, as_of=COMMITTEE_DAY, settings=SETTINGS)
        assert now == before_the_split(session, COMMITTEE_DAY, SETTINGS)
    lor = {s.service: s for s in now}["LSL-LORENTEGGIO"]
    assert lor.covered_until == date(2022, 6, 20)


def test_a_service_that_never_raises_a_finding_is_kept_and_never_read(
    session: Session,
) -> None:
    # covered from before its window to its end, by one contract
    info = ServiceInfo(
        "SRV-QUIET", "Quiet", "Nowhere", date(2020, 1, 1), date(2022, 12, 31)
    )
    coverage = [
        Coverage(
            SourceKind.CONTRACT, "C-QUIET", "base", date(2019, 1, 1), date(2023, 6, 30)
        )
    ]
    [quiet] = service_facts(999_999, info, coverage, [])
    assert (quiet.day_from, quiet.day_until) == (NEVER, NEVER)
    session.connection().execute(insert(FACT), [fact_row(quiet)])
    [kept] = read_facts(
        session, FamilyName.CONTINUITY, scope=ScopeKind.SERVICE, ids=[999_999]
    )
    assert kept == quiet
    for day in (date(2020, 1, 1), date(2022, 12, 31), TODAY):
        raising = raising_on(session, as_of=day, within=365, settings=SETTINGS)
        assert "SRV-QUIET" not in {s.service for s in raising}
        assert "SRV-QUIET" in {
            s.service for s in continuity_on(session, as_of=day, settings=SETTINGS)
        }
    session.rollback()


@pytest.mark.parametrize("built", [True, False], ids=["kept", "not-built"])
def test_a_service_is_read_in_its_stretches_only_and_once(
    session: Session, built: bool
) -> None:
    if not built:
        session.connection().execute(delete(STATE))
        session.info.clear()
    # the five laboratories had a gap before 2018 and end in 2023: quiet between
    quiet = raising_on(session, as_of=date(2020, 1, 1), within=30, settings=SETTINGS)
    assert [s.service for s in quiet] == []
    # on the committee's day the ends of 2023 are within the horizon and lead time
    # (17/01/2023 + 30 + 180 days = 15/08/2023): the end of June, not December
    raising = raising_on(session, as_of=COMMITTEE_DAY, within=30, settings=SETTINGS)
    assert [s.service for s in raising] == [
        "LDQ-MAZZINI",
        "LDQ-SAN-SIRO",
        "LSL-LORENTEGGIO",
    ]
    # a day in the first stretch and a horizon reaching the second: read once
    both = raising_on(session, as_of=date(2017, 12, 31), within=3000, settings=SETTINGS)
    assert [s.service for s in both] == MILAN_SERVICES
    everyone = continuity_on(session, as_of=COMMITTEE_DAY, settings=SETTINGS)
    assert [s.service for s in everyone] == MILAN_SERVICES
    timeline = timeline_on(session, as_of=COMMITTEE_DAY, settings=SETTINGS)
    assert sorted(t.continuity.service for t in timeline) == MILAN_SERVICES
    session.rollback()
