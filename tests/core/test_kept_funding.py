"""The funding, parties and money findings read from the kept facts are the
rules' findings, on every day: on the Milan data and on a dataset made to raise
every kind of them; and a build of some records is that of a whole build."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session

from tests.conftest import MILAN
from tracker.api import Tracker
from tracker.config import Settings
from tracker.dataset import parse_dataset
from tracker.domain.funding import (
    UnpaidAtPaidBy,
    cover_findings,
    funding_findings,
    paid_by_findings,
)
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.parties import party_findings
from tracker.domain.rules import money_findings
from tracker.errors import KeptFactsError, ValidationError
from tracker.kept.store import replace_facts
from tracker.queries.alerts import _parties, allocation_facts, payment_facts
from tracker.queries.facts import contract_facts, tender_facts
from tracker.queries.kept import FAMILIES
from tracker.queries.kept_findings import payloads_of
from tracker.queries.kept_funding import kept_funding_findings
from tracker.queries.kept_parties import kept_money_findings, kept_party_findings

SETTINGS = Settings()
MINE = (FamilyName.FUNDING, FamilyName.PARTIES, FamilyName.MONEY)
TABLES = {
    ScopeKind.ALLOCATION: "funding_allocation",
    ScopeKind.CONTRACT: "contract",
    ScopeKind.TENDER: "tender",
    ScopeKind.ORGANISATION: "organisation",
    ScopeKind.CONSORTIUM: "consortium",
}

EVERY_KIND = {
    "format": "appalti-dataset",
    "version": 1,
    "organisations": [
        {"ref": "COOP-A", "name": "Cooperativa A", "partita_iva": "01199250158"},
        {"ref": "COOP-B", "name": "Cooperativa B"},
        {"ref": "COOP-C", "name": "Cooperativa C"},
    ],
    "consortia": [
        {
            "ref": "ATI-SMALL",
            "name": "ATI con mandataria minore",
            "kind": "ATI",
            "members": [
                {"organisation": "COOP-A", "role": "mandataria", "share": "30"},
                {"organisation": "COOP-B", "role": "mandante", "share": "70"},
            ],
        },
        {
            "ref": "RTI-TWO",
            "name": "RTI con due mandatarie",
            "kind": "RTI",
            "members": [
                {"organisation": "COOP-A", "role": "mandataria", "share": "60"},
                {"organisation": "COOP-C", "role": "mandataria", "share": "40"},
            ],
        },
        {
            "ref": "RTI-HALF",
            "name": "RTI quote in parte",
            "kind": "RTI",
            "members": [
                {"organisation": "COOP-B", "role": "mandante", "share": "40"},
                {"organisation": "COOP-C", "role": "mandante"},
            ],
        },
    ],
    "funding_sources": [
        {
            "ref": "POR-FSE",
            "name": "POR FSE 2014-2020",
            "kind": "regional",
            "eligible_until": "2023-12-31",
            "paid_by": "2023-12-31",
        },
        {"ref": "COMUNE", "name": "Bilancio comunale", "kind": "municipal"},
    ],
    "tenders": [
        {
            "ref": "T-NEG",
            "title": "Procedura negoziata oltre soglia",
            "status": "planned",
            "procedure_type": "negoziata",
            "planned_start": "2024-03-01",
            "estimated_value": {"net": "800000.00", "vat_rate": "22"},
        },
        {
            "ref": "T-DIRECT",
            "title": "Affidamento diretto senza date",
            "status": "planned",
            "procedure_type": "affidamento_diretto",
            "estimated_value": {"net": "139500.00", "vat_rate": "22"},
        },
        {
            "ref": "T-LOTS",
            "title": "Gara in due lotti",
            "status": "awarded",
            "procedure_type": "aperta",
            "award_date": "2022-12-01",
            "lots": [
                {"ref": "T-LOTS-L1", "number": 1, "title": "Lotto 1"},
                {"ref": "T-LOTS-L2", "number": 2, "title": "Lotto 2"},
            ],
        },
    ],
    "contracts": [
        {
            "ref": "C-PAY",
            "title": "Laboratorio sociale",
            "supplier": "COOP-A",
            "start": "2023-01-01",
            "end": "2024-06-30",
            "amount": {"net": "10000.00", "vat_rate": "22"},
            "payments": [
                {"paid_on": "2023-06-30", "amount": "6100.00"},
                {"paid_on": "2024-02-15", "amount": "6100.00"},
            ],
        },
        {
            "ref": "C-L1",
            "title": "Lotto 1",
            "lot": "T-LOTS-L1",
            "supplier": "ATI-SMALL",
            "start": "2023-01-01",
            "end": "2024-12-31",
            "amount": {"net": "100000.00", "vat_rate": "22"},
        },
        {
            "ref": "C-L2",
            "title": "Lotto 2",
            "lot": "T-LOTS-L2",
            "supplier": "COOP-B",
            "start": "2023-01-01",
            "end": "2025-12-31",
            "amount": {"gross": "50000.00", "vat_rate": "unknown"},
        },
        {
            "ref": "C-MIX",
            "title": "Fondi in parte confermati",
            "supplier": "COOP-B",
            "start": "2022-01-01",
            "end": "2022-12-31",
            "amount": {"net": "20000.00", "vat_rate": "22"},
        },
        {
            "ref": "C-OPT",
            "title": "Contratto con opzioni",
            "supplier": "COOP-C",
            "start": "2021-01-01",
            "end": "2023-12-31",
            "months": 36,
            "amount": {"net": "36000.00", "vat_rate": "22"},
            "options": [
                {
                    "ref": "C-OPT-R1",
                    "kind": "renewal",
                    "state": "planned",
                    "start": "2024-01-01",
                    "end": "2024-06-30",
                    "months": 6,
                    "amount": {"net": "9000.00", "vat_rate": "22"},
                },
                {
                    "ref": "C-OPT-Q1",
                    "kind": "quinto_variation",
                    "state": "exercised",
                    "amount": {"net": "8000.00", "vat_rate": "22"},
                },
            ],
        },
    ],
    "allocations": [
        {
            "ref": "A-MIX1",
            "source": "COMUNE",
            "funds": "C-MIX",
            "amount": "10000.00",
            "status": "confirmed",
        },
        {
            "ref": "A-MIX2",
            "source": "COMUNE",
            "funds": "C-MIX",
            "amount": "5000.00",
            "status": "pending_confirmation",
        },
        {
            "ref": "A-FSE",
            "source": "POR-FSE",
            "funds": "C-PAY",
            "amount": "12000.00",
            "status": "confirmed",
        },
        {
            "ref": "A-NEG",
            "source": "COMUNE",
            "funds": "T-NEG",
            "amount": "900000.00",
            "status": "pending_confirmation",
        },
        {
            "ref": "A-LOTS",
            "source": "COMUNE",
            "funds": "T-LOTS",
            "amount": "100000.00",
            "status": "confirmed",
        },
        {
            "ref": "A-OPT",
            "source": "COMUNE",
            "funds": "C-OPT",
            "amount": "30000.00",
            "status": "pending_confirmation",
        },
    ],
}


def _made(tracker: Tracker) -> Tracker:
    tracker.load_dataset(parse_dataset(json.dumps(EVERY_KIND)))
    # what saving refuses, changed behind the tracker's back, is still found
    with tracker.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE organisation SET partita_iva = '01199250159' WHERE ref = 'COOP-C'"
            )
        )
        connection.execute(
            text(
                "UPDATE consortium_member SET share_hundredths = 3000 WHERE position = 1"
                " AND consortium_id = (SELECT id FROM consortium WHERE ref = 'RTI-TWO')"
            )
        )
    return tracker


@pytest.fixture
def session(request: pytest.FixtureRequest, tracker: Tracker) -> Iterator[Session]:
    """The facts of the Milan data or of ``EVERY_KIND`` (the parameter), built."""
    if request.param == "milan":
        tracker.load_file(MILAN)
    else:
        _made(tracker)
    with Session(tracker.engine) as opened:
        replace_facts(opened)
        opened.commit()
        yield opened


def plain(value: Any) -> Any:
    """A finding as comparable data: the error of a partita IVA is an exception,
    equal only to itself, so its field, value and reason stand for it."""
    if isinstance(value, ValidationError):
        return (value.field, value.value, value.reason_id, value.reason_params)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [plain(getattr(value, f.name)) for f in dataclasses.fields(value)]
        return (type(value).__name__, *fields)
    if isinstance(value, list | tuple):
        return tuple(plain(v) for v in value)
    return value


def _rules(session: Session) -> Callable[[date], tuple[Any, Any, Any]]:
    """The rules' findings of a day, from the records read once."""
    contracts, tenders = contract_facts(session), tender_facts(session)
    allocations = allocation_facts(session)
    payments = payment_facts(session, allocations)
    parties = plain(party_findings(*_parties(session)))

    def on(day: date) -> tuple[Any, Any, Any]:
        funding = [
            *funding_findings(
                allocations,
                contracts,
                tenders,
                as_of=day,
                lead_days_for=SETTINGS.lead_days_for,
            ),
            *cover_findings(allocations, contracts, as_of=day),
            *paid_by_findings(allocations, contracts, payments, as_of=day),
        ]
        return plain(funding), parties, plain(money_findings(contracts, tenders, day))

    return on


def _kept(session: Session, day: date) -> tuple[Any, Any, Any]:
    funding = kept_funding_findings(
        session, as_of=day, lead_days_for=SETTINGS.lead_days_for
    )
    money = kept_money_findings(session, as_of=day)
    return plain(funding), plain(kept_party_findings(session)), plain(money)


def _edge_days(session: Session) -> list[date]:
    """Each bound of a kept fact, and the days either side."""
    query = text(
        "SELECT day_from, day_until FROM kept_fact WHERE family IN "
        "('funding', 'parties', 'money')"
    )
    bounds = {
        day if isinstance(day, date) else date.fromisoformat(day)
        for row in session.connection().execute(query)
        for day in row
        if day is not None
    }
    one = timedelta(days=1)
    return sorted({d + step for d in bounds for step in (-one, 0 * one, one)})


def _days(first: date, last: date, step: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(0, (last - first).days, step)]


@pytest.mark.parametrize("session", ["milan", "every_kind"], indirect=True)
def test_the_kept_findings_are_the_rules_findings_on_every_day(
    session: Session,
) -> None:
    days = sorted(
        {*_days(date(2015, 1, 1), date(2028, 1, 1), 11), *_edge_days(session)}
    )
    rules = _rules(session)
    for day in days:
        assert _kept(session, day) == rules(day), day


PENDING = [
    ("funding_pending", "C-MIX", None),
    ("funding_pending", "T-NEG", date(2023, 9, 3)),
    ("funding_pending", "C-OPT", None),
]
FSE = date(2023, 12, 31)


@pytest.mark.parametrize("session", ["every_kind"], indirect=True)
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (
            date(2023, 12, 30),
            [
                *PENDING,
                ("funding_mismatch", "C-MIX", None),
                ("funding_mismatch", "C-OPT", None),
                ("funding_eligibility", "C-PAY", FSE),
                ("funding_mismatch", "C-PAY", None),
                ("funding_shortfall", "C-MIX", None),
                ("funding_shortfall", "C-OPT", None),
                ("funding_shortfall", "T-LOTS", None),
                ("paid_after_paid_by", "C-PAY", FSE),
            ],
        ),
        # from the paid-by day, what the payments up to it leave unpaid; the
        # last day of C-MIX's findings, a year after it ended on 31/12/2022
        (
            date(2023, 12, 31),
            [
                *PENDING,
                ("funding_mismatch", "C-MIX", None),
                ("funding_mismatch", "C-OPT", None),
                ("funding_eligibility", "C-PAY", FSE),
                ("funding_mismatch", "C-PAY", None),
                ("funding_shortfall", "C-MIX", None),
                ("funding_shortfall", "C-OPT", None),
                ("funding_shortfall", "T-LOTS", None),
                ("paid_after_paid_by", "C-PAY", FSE),
                ("unpaid_at_paid_by", "C-PAY", FSE),
            ],
        ),
        (
            date(2024, 1, 1),
            [
                *PENDING,
                ("funding_mismatch", "C-OPT", None),
                ("funding_eligibility", "C-PAY", FSE),
                ("funding_mismatch", "C-PAY", None),
                ("funding_shortfall", "C-OPT", None),
                ("funding_shortfall", "T-LOTS", None),
                ("paid_after_paid_by", "C-PAY", FSE),
                ("unpaid_at_paid_by", "C-PAY", FSE),
            ],
        ),
        # C-OPT ended on 31/12/2023: 365 days later (2024 has 366) it is left out
        (
            date(2024, 12, 31),
            [
                *PENDING,
                ("funding_eligibility", "C-PAY", FSE),
                ("funding_mismatch", "C-PAY", None),
                ("funding_shortfall", "T-LOTS", None),
                ("paid_after_paid_by", "C-PAY", FSE),
                ("unpaid_at_paid_by", "C-PAY", FSE),
            ],
        ),
        # a year after the last late payment (15/02/2024)
        (
            date(2025, 2, 15),
            [
                *PENDING,
                ("funding_eligibility", "C-PAY", FSE),
                ("funding_mismatch", "C-PAY", None),
                ("funding_shortfall", "T-LOTS", None),
            ],
        ),
        # a year after C-PAY's end (30/06/2024)
        (date(2025, 7, 1), [*PENDING, ("funding_shortfall", "T-LOTS", None)]),
        # a year after the last of the tender's contracts (31/12/2025)
        (date(2027, 1, 1), PENDING),
    ],
)
def test_funding_findings_come_and_go_on_their_days(
    session: Session, day: date, expected: list[tuple[str, str, date | None]]
) -> None:
    found = kept_funding_findings(
        session, as_of=day, lead_days_for=SETTINGS.lead_days_for
    )
    assert [(f.kind.value, f.ref, f.due) for f in found] == expected


@pytest.mark.parametrize("session", ["every_kind"], indirect=True)
def test_whether_the_paid_by_day_is_over_is_the_reading_days(
    session: Session,
) -> None:
    def passed(day: date) -> list[bool]:
        found = kept_funding_findings(session, as_of=day, lead_days_for=lambda _: 0)
        return [f.detail.passed for f in found if isinstance(f.detail, UnpaidAtPaidBy)]

    assert passed(date(2023, 12, 30)) == []
    assert passed(date(2023, 12, 31)) == [False]
    assert passed(date(2024, 1, 1)) == [True]


@pytest.mark.parametrize("session", ["every_kind"], indirect=True)
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # the direct award with no day is weighed against the threshold of the day
        (date(2016, 4, 18), ["C-OPT-R1", "C-OPT", "T-NEG"]),
        (date(2016, 4, 19), ["C-OPT-R1", "C-OPT", "T-DIRECT", "T-NEG"]),
        (date(2023, 6, 30), ["C-OPT-R1", "C-OPT", "T-DIRECT", "T-NEG"]),
        (date(2023, 7, 1), ["C-OPT-R1", "C-OPT", "T-NEG"]),
        # a year after the contract's end its findings stop
        (date(2024, 12, 30), ["C-OPT-R1", "C-OPT", "T-NEG"]),
        (date(2024, 12, 31), ["T-NEG"]),
    ],
)
def test_money_findings_come_and_go_on_their_days(
    session: Session, day: date, expected: list[str]
) -> None:
    assert [f.ref for f in kept_money_findings(session, as_of=day)] == expected


@pytest.mark.parametrize("session", ["every_kind"], indirect=True)
def test_consortium_findings_name_the_members(session: Session) -> None:
    found = kept_party_findings(session)
    assert [(f.kind.value, f.ref) for f in found] == [
        ("invalid_partita_iva", "COOP-C"),
        ("mandataria_share", "ATI-SMALL"),
        ("consortium_lead", "RTI-HALF"),
        ("consortium_shares", "RTI-HALF"),
        ("consortium_lead", "RTI-TWO"),
        ("consortium_shares", "RTI-TWO"),
    ]
    assert [repr(f.detail) for f in found[4:]] == [
        "SeveralLeads(name='RTI con due mandatarie', "
        "leads=('Cooperativa A', 'Cooperativa C'))",
        "SharesOff(name='RTI con due mandatarie', total=Decimal('90.00'))",
    ]
    small = found[1].detail
    assert (small.lead.organisation, small.larger.organisation) == (  # type: ignore[attr-defined]
        "Cooperativa A",
        "Cooperativa B",
    )
    assert str(found[0].detail.error) == (  # type: ignore[attr-defined]
        "Partita IVA: not a valid partita IVA: the check character is wrong "
        "(value: '01199250159')"
    )


def _scoped(session: Session, family: FamilyName) -> list[Fact]:
    """The facts of ``family`` built one record at a time."""
    facts = []
    for kind, table in TABLES.items():
        ids = session.connection().execute(text(f"SELECT id FROM {table}")).scalars()
        for row_id in ids:
            facts += FAMILIES[family](session, kind, [row_id])
    return facts


def _key(fact: Fact) -> tuple[str, str, int, str]:
    return (fact.scope, fact.family, fact.scope_id, fact.key)


@pytest.mark.parametrize("session", ["milan", "every_kind"], indirect=True)
@pytest.mark.parametrize("family", MINE)
def test_a_record_at_a_time_builds_what_a_whole_build_does(
    session: Session, family: FamilyName
) -> None:
    whole = [
        fact for kind in ScopeKind for fact in FAMILIES[family](session, kind, None)
    ]
    assert sorted(_scoped(session, family), key=_key) == sorted(whole, key=_key)
    assert len({_key(f) for f in whole}) == len(whole)


@pytest.mark.parametrize("session", ["every_kind"], indirect=True)
def test_every_kind_of_finding_is_kept(session: Session) -> None:
    kinds = {
        f.kind.value
        for day in (date(2016, 5, 1), date(2024, 3, 1))
        for f in (
            *kept_funding_findings(session, as_of=day, lead_days_for=lambda _: 0),
            *kept_party_findings(session),
            *kept_money_findings(session, as_of=day),
        )
    }
    assert kinds == {
        "funding_pending",
        "funding_eligibility",
        "funding_mismatch",
        "funding_shortfall",
        "paid_after_paid_by",
        "unpaid_at_paid_by",
        "invalid_partita_iva",
        "mandataria_share",
        "consortium_lead",
        "consortium_shares",
        "renewal_not_pro_rata",
        "quinto_exceeded",
        "threshold_exceeded",
    }


@pytest.mark.parametrize(
    "texts",
    [
        ['{"order":[1],"name":"Coop \\u00e0"}', '{"order":[2]}'],
        # msgspec refuses these; Python's decoder reads them, and so does a day's reading
        ['{"name":"half \\ud800 a pair"}', '{"order":[3]}'],
        ['{"far":1e400}'],
        ['{"big":123456789012345678901234567890}'],
        [],
    ],
)
def test_kept_payloads_read_as_python_reads_them(texts: list[str]) -> None:
    assert payloads_of(texts) == [json.loads(text) for text in texts]


@pytest.mark.parametrize(
    "damaged", ['{"order":[1]', "not json", '{"order":[1]},{"x":', ""]
)
def test_a_kept_payload_that_is_no_json_is_told_as_damaged(damaged: str) -> None:
    with pytest.raises(KeptFactsError):
        payloads_of(['{"order":[1]}', damaged])
