"""Alerts: each finding built as a small dataset and read back through the tracker."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import jsonschema
import pytest
from sqlalchemy import text
from sqlmodel import Session

from tests.conftest import COMMITTEE_DAY, ROOT
from tracker.api import Tracker
from tracker.cli import EXIT_ALERTS, EXIT_OK, main
from tracker.config import Settings
from tracker.dataset import parse_dataset
from tracker.domain.alerts import Alert, AlertKind, Severity
from tracker.domain.continuity import Coverage, ServiceInfo, SourceKind, assess
from tracker.domain.kinds import DeadlineState
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.kept.store import replace_facts
from tracker.queries.alerts import continuity_alerts

D = date
SCHEMAS = ROOT / "schemas"
Record = dict[str, Any]


# --- building datasets ------------------------------------------------------------


def service(ref: str, name: str, required_from: str = "2023-01-01") -> Record:
    return {
        "ref": ref,
        "name": name,
        "neighbourhood": "Q",
        "required_from": required_from,
    }


def contract(
    ref: str, start: str, end: str, services: list[str] | None = None, **extra: Any
) -> Record:
    record: Record = {
        "ref": ref,
        "title": f"Contratto {ref}",
        "start": start,
        "end": end,
        "services": ["SRV"] if services is None else services,
    }
    record.update(extra)
    return record


def net(value: str, vat_rate: str = "22") -> Record:
    return {"net": value, "vat_rate": vat_rate}


def gross(value: str) -> Record:
    return {"gross": value, "vat_rate": "unknown"}


def dataset(**collections: list[Record]) -> Record:
    """Two services: SRV, where a test builds its problem, and SRV-OK, where it may
    build the same situation without the problem as a control."""
    data: Record = {
        "format": "appalti-dataset",
        "version": 1,
        "neighbourhoods": [{"ref": "Q", "name": "Quartiere"}],
        "services": [
            service("SRV", "Laboratorio"),
            service("SRV-OK", "Laboratorio di controllo"),
        ],
    }
    data.update(collections)
    return data


def load(tracker: Tracker, data: Record) -> None:
    tracker.load_dataset(parse_dataset(json.dumps(data)))


def of_kind(
    alerts: list[Alert], kind: AlertKind, ref: str | None = None
) -> list[Alert]:
    return [a for a in alerts if a.kind is kind and ref in (None, a.ref)]


def the_one(alerts: list[Alert], kind: AlertKind, ref: str | None = None) -> Alert:
    found = of_kind(alerts, kind, ref)
    assert len(found) == 1, found
    return found[0]


def execute(tracker: Tracker, statement: str) -> None:
    """Change a row behind the services' back, as a broken import or a hand edit,
    then build the kept facts again, as ``appalti check --repair`` does."""
    with tracker.engine.begin() as connection:
        connection.execute(text(statement))
    with Session(tracker.engine) as session:
        replace_facts(session, None)
        session.commit()


# --- continuity -------------------------------------------------------------------


def test_continuity_gap_is_critical(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            contracts=[
                contract("C1", "2023-01-01", "2023-06-30"),
                contract("C-OK", "2023-01-01", "2024-12-31", ["SRV-OK"]),
            ]
        ),
    )
    alert = the_one(tracker.alerts(D(2023, 7, 10)), AlertKind.CONTINUITY_GAP)
    assert alert.severity is Severity.CRITICAL
    assert alert.ref == "SRV"
    assert alert.subject == "Laboratorio"
    assert alert.due == D(2023, 7, 1)
    assert alert.message == (
        "Laboratorio: no service since 01/07/2023 (for 10 days). No tender is planned."
    )
    assert of_kind(tracker.alerts(D(2023, 6, 30)), AlertKind.CONTINUITY_GAP) == []


def test_continuity_gap_names_the_next_tender_and_its_pending_funding(
    tracker: Tracker,
) -> None:
    load(
        tracker,
        dataset(
            funding_sources=[
                {"ref": "FS", "name": "Fondo regionale", "kind": "regional"}
            ],
            tenders=[
                {
                    "ref": "T",
                    "title": "Nuova gara",
                    "status": "planned",
                    "procedure_type": "aperta",
                    "planned_start": "2023-09-01",
                    "lots": [
                        {
                            "ref": "T-L1",
                            "number": 1,
                            "title": "Lotto",
                            "services": ["SRV"],
                        }
                    ],
                }
            ],
            contracts=[contract("C1", "2023-01-01", "2023-06-30")],
            allocations=[
                {
                    "ref": "A1",
                    "source": "FS",
                    "funds": "T",
                    "amount": "50000.00",
                    "status": "pending_confirmation",
                }
            ],
        ),
    )
    alert = the_one(tracker.alerts(D(2023, 7, 10)), AlertKind.CONTINUITY_GAP, "SRV")
    assert alert.severity is Severity.CRITICAL
    assert alert.message.endswith(
        "Next tender T: planned. Its funding awaits confirmation."
    )


def test_continuity_gap_names_the_contracted_successor(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            contracts=[
                contract("C1", "2023-01-01", "2023-06-30"),
                contract("C2", "2023-08-01", "2024-12-31"),
            ]
        ),
    )
    alerts = tracker.alerts(D(2023, 7, 10))
    alert = the_one(alerts, AlertKind.CONTINUITY_GAP, "SRV")
    assert alert.message == (
        "Laboratorio: no service since 01/07/2023 (for 10 days). "
        "C2 starts on 01/08/2023."
    )
    assert of_kind(alerts, AlertKind.PLANNED_GAP) == []


def test_continuity_risk_is_critical_once_act_by_has_passed(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            contracts=[
                contract("C1", "2023-01-01", "2023-12-31"),
                contract("C-OK", "2023-01-01", "2025-12-31", ["SRV-OK"]),
            ]
        ),
    )
    # 180 days of lead time before 31/12/2023: act by 04/07/2023.
    alert = the_one(tracker.alerts(D(2023, 8, 1)), AlertKind.CONTINUITY_RISK)
    assert alert.severity is Severity.CRITICAL
    assert alert.ref == "SRV"
    assert alert.due == D(2023, 7, 4)
    assert alert.message == (
        "Laboratorio: covered until 31/12/2023 (in 152 days), no contract after. "
        "Start the successor procedure by 04/07/2023 (overdue by 28 days)."
    )
    first_day = the_one(tracker.alerts(D(2023, 7, 5)), AlertKind.CONTINUITY_RISK)
    assert first_day.severity is Severity.CRITICAL
    assert "(overdue by 1 day)" in first_day.message
    last_day = the_one(tracker.alerts(D(2023, 7, 4)), AlertKind.CONTINUITY_RISK)
    assert last_day.severity is Severity.WARNING
    assert "(today)" in last_day.message
    early = the_one(tracker.alerts(D(2023, 5, 5), within=60), AlertKind.CONTINUITY_RISK)
    assert early.severity is Severity.WARNING
    assert "(in 60 days)" in early.message
    assert (
        of_kind(tracker.alerts(D(2023, 5, 4), within=60), AlertKind.CONTINUITY_RISK)
        == []
    )


def test_continuity_risk_uses_the_lead_time_of_the_next_procedure(
    tracker: Tracker,
) -> None:
    tracker.settings = Settings(lead_days={"default": 180, "negoziata": 90})
    load(
        tracker,
        dataset(
            tenders=[
                {
                    "ref": "T",
                    "title": "Gara successiva",
                    "status": "planned",
                    "procedure_type": "negoziata",
                    "planned_start": "2024-01-01",
                    "lots": [
                        {
                            "ref": "T-L1",
                            "number": 1,
                            "title": "Lotto",
                            "services": ["SRV"],
                        }
                    ],
                }
            ],
            contracts=[contract("C1", "2023-01-01", "2023-12-31")],
        ),
    )
    assert of_kind(tracker.alerts(D(2023, 8, 2)), AlertKind.CONTINUITY_RISK) == []
    warning = the_one(tracker.alerts(D(2023, 8, 3)), AlertKind.CONTINUITY_RISK)
    assert warning.severity is Severity.WARNING
    alert = the_one(tracker.alerts(D(2023, 10, 3)), AlertKind.CONTINUITY_RISK)
    assert alert.severity is Severity.CRITICAL
    assert alert.due == D(2023, 10, 2)
    assert "Start the successor procedure by 02/10/2023" in alert.message
    assert alert.message.endswith("Next tender T: planned.")


def test_continuity_risk_is_a_warning_while_there_is_time_to_act() -> None:
    info = ServiceInfo("SRV", "Laboratorio", "Quartiere", D(2023, 1, 1), None)
    coverage = [
        Coverage(SourceKind.CONTRACT, "C1", "base", D(2023, 1, 1), D(2023, 12, 31))
    ]
    severities: set[Severity] = set()
    day = D(2023, 1, 1)
    while day <= D(2023, 12, 31):
        result = assess(
            info, coverage, [], as_of=day, lead_days_for=Settings().lead_days_for
        )
        for alert in continuity_alerts([result], Formatter("en"), day, within=60):
            if alert.kind is AlertKind.CONTINUITY_RISK:
                severities.add(alert.severity)
        day += timedelta(days=1)
    assert Severity.CRITICAL in severities
    assert Severity.WARNING in severities


def test_planned_gap_between_two_contracts(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            contracts=[
                contract("C1", "2023-01-01", "2023-06-30"),
                contract("C2", "2023-08-01", "2024-12-31"),
                contract("C3", "2023-01-01", "2023-06-30", ["SRV-OK"]),
                contract("C4", "2023-07-01", "2024-12-31", ["SRV-OK"]),
            ]
        ),
    )
    alert = the_one(tracker.alerts(D(2023, 3, 1)), AlertKind.PLANNED_GAP)
    assert alert.severity is Severity.WARNING
    assert alert.ref == "SRV"
    assert alert.due == D(2023, 7, 1)
    assert alert.message == (
        "Laboratorio: no coverage from 01/07/2023 to 31/07/2023 (31 days)."
    )


def test_planned_gap_before_the_service_is_required(tracker: Tracker) -> None:
    data = dataset(
        contracts=[
            contract("C1", "2024-01-01", "2024-06-30"),
            contract("C2", "2024-08-01", "2025-12-31"),
        ]
    )
    data["services"][0]["required_from"] = "2024-01-01"
    load(tracker, data)
    [result] = [s for s in tracker.continuity(D(2023, 10, 1)) if s.service == "SRV"]
    assert [(g.start, g.end, g.state.value) for g in result.gaps] == [
        (D(2024, 7, 1), D(2024, 7, 31), "future")
    ]
    alert = the_one(tracker.alerts(D(2023, 10, 1)), AlertKind.PLANNED_GAP)
    assert alert.due == D(2024, 7, 1)


def test_two_contracts_for_the_same_service_overlap(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            contracts=[
                contract("C1", "2023-01-01", "2023-12-31"),
                contract("C2", "2023-12-01", "2024-12-31"),
                contract("C3", "2023-01-01", "2023-12-31", ["SRV-OK"]),
                contract("C4", "2024-01-01", "2024-12-31", ["SRV-OK"]),
            ]
        ),
    )
    alert = the_one(tracker.alerts(D(2023, 3, 1)), AlertKind.OVERLAP)
    assert alert.severity is Severity.WARNING
    assert alert.ref == "SRV"
    assert alert.due == D(2023, 12, 1)
    assert alert.message == (
        "Laboratorio: C1 and C2 both cover 01/12/2023–31/12/2023 (31 days): "
        "the service may be paid twice."
    )


# --- explicit deadlines -----------------------------------------------------------


def deadline(ref: str, title: str, due: str, **extra: Any) -> Record:
    record: Record = {"ref": ref, "title": title, "due": due}
    record.update(extra)
    return record


def test_overdue_and_upcoming_explicit_deadlines(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            deadlines=[
                deadline("D-PAST", "Send the report", "2023-03-01"),
                deadline("D-SOON", "Renew the insurance", "2023-03-31"),
                deadline("D-LATER", "Check the staff", "2023-04-20"),
                deadline("D-FAR", "Plan the summer", "2023-06-01"),
            ]
        ),
    )
    as_of = D(2023, 3, 10)
    alerts = tracker.alerts(as_of)
    overdue = the_one(alerts, AlertKind.DEADLINE_OVERDUE)
    assert (overdue.severity, overdue.ref, overdue.due) == (
        Severity.WARNING,
        "D-PAST",
        D(2023, 3, 1),
    )
    assert overdue.message == "Send the report: overdue by 9 days."
    upcoming = {a.ref: a for a in of_kind(alerts, AlertKind.DEADLINE_UPCOMING)}
    assert set(upcoming) == {"D-SOON", "D-LATER"}
    # Inside its 30 days of lead time: a warning; beyond it, information.
    assert upcoming["D-SOON"].severity is Severity.WARNING
    assert upcoming["D-SOON"].due == D(2023, 3, 31)
    assert upcoming["D-SOON"].message == "Renew the insurance: in 21 days."
    assert upcoming["D-LATER"].severity is Severity.INFO
    assert upcoming["D-LATER"].message == "Check the staff: in 41 days."

    wide = of_kind(tracker.alerts(as_of, within=90), AlertKind.DEADLINE_UPCOMING)
    assert {a.ref for a in wide} == {"D-SOON", "D-LATER", "D-FAR"}
    far = next(a for a in wide if a.ref == "D-FAR")
    assert (far.severity, far.due) == (Severity.INFO, D(2023, 6, 1))
    assert far.message == "Plan the summer: in 83 days."
    narrow = tracker.alerts(as_of, within=10)
    assert of_kind(narrow, AlertKind.DEADLINE_UPCOMING) == []
    assert [a.ref for a in of_kind(narrow, AlertKind.DEADLINE_OVERDUE)] == ["D-PAST"]

    tracker.mark_deadline_done("D-PAST")
    after = tracker.alerts(as_of)
    assert of_kind(after, AlertKind.DEADLINE_OVERDUE) == []
    assert {a.ref for a in of_kind(after, AlertKind.DEADLINE_UPCOMING)} == {
        "D-SOON",
        "D-LATER",
    }


def test_within_on_the_command_line(
    tracker: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    load(tracker, dataset(deadlines=[deadline("D-FAR", "Plan", "2023-06-01")]))

    def upcoming(*within: str) -> list[str]:
        argv = ["--db", db_url, "alerts", "--as-of", "2023-03-10", "--format", "json"]
        assert main([*argv, *within]) == EXIT_OK
        report = json.loads(capsys.readouterr().out)
        return [a["ref"] for a in report["alerts"] if a["kind"] == "deadline_upcoming"]

    assert upcoming() == []
    assert upcoming("--within", "90") == ["D-FAR"]
    assert upcoming("--within", "83") == ["D-FAR"]
    assert upcoming("--within", "82") == []


def test_recurring_deadline_missed_several_times(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            deadlines=[
                deadline("D-MON", "Monthly report", "2023-01-15", recurrence="monthly"),
                deadline("D-ONE", "One-off", "2023-04-01"),
            ]
        ),
    )
    as_of = D(2023, 4, 20)
    alerts = tracker.alerts(as_of)
    overdue = [
        a for a in of_kind(alerts, AlertKind.DEADLINE_OVERDUE) if a.ref == "D-MON"
    ]
    assert len(overdue) == 1
    [missed] = overdue
    assert missed.severity is Severity.WARNING
    assert missed.due == D(2023, 1, 15)
    assert missed.message == (
        "Monthly report: overdue by 95 days. 4 occurrences not done."
    )
    upcoming = [
        a for a in of_kind(alerts, AlertKind.DEADLINE_UPCOMING) if a.ref == "D-MON"
    ]
    assert [(a.due, a.severity) for a in upcoming] == [
        (D(2023, 5, 15), Severity.WARNING),
        (D(2023, 6, 15), Severity.INFO),
    ]

    tracker.mark_deadline_done("D-MON", through=D(2023, 3, 31))
    [left] = [
        a
        for a in of_kind(tracker.alerts(as_of), AlertKind.DEADLINE_OVERDUE)
        if a.ref == "D-MON"
    ]
    assert left.due == D(2023, 4, 15)
    assert left.message == "Monthly report: overdue by 5 days."

    tracker.mark_deadline_done("D-MON", through=as_of)
    alerts = tracker.alerts(as_of)
    assert [
        a for a in of_kind(alerts, AlertKind.DEADLINE_OVERDUE) if a.ref == "D-MON"
    ] == []
    assert len([a for a in alerts if a.ref == "D-MON"]) == 2

    tracker.acknowledge_deadline("D-MON", through=D(2023, 6, 19))
    alerts = tracker.alerts(as_of)
    assert [a for a in alerts if a.ref == "D-MON"] == []
    assert [a.ref for a in of_kind(alerts, AlertKind.DEADLINE_OVERDUE)] == ["D-ONE"]
    [next_one] = [
        a
        for a in of_kind(tracker.alerts(D(2023, 7, 20)), AlertKind.DEADLINE_OVERDUE)
        if a.ref == "D-MON"
    ]
    assert next_one.due == D(2023, 7, 15), "acknowledged up to a day, not for ever"
    states = {
        d.due: d.state
        for d in tracker.deadlines(as_of + timedelta(days=60))
        if d.key.startswith("D-MON@")
    }
    assert states == {
        D(2023, 1, 15): DeadlineState.DONE,
        D(2023, 2, 15): DeadlineState.DONE,
        D(2023, 3, 15): DeadlineState.DONE,
        D(2023, 4, 15): DeadlineState.DONE,
        D(2023, 5, 15): DeadlineState.ACKNOWLEDGED,
        D(2023, 6, 15): DeadlineState.ACKNOWLEDGED,
    }
    [stored] = [d for d in tracker.dump_dataset().deadlines if d.ref == "D-MON"]
    assert stored.state is DeadlineState.OPEN
    assert stored.done_through == as_of
    [ack] = tracker.dump_dataset().acknowledgements
    assert (ack.key, ack.through) == ("D-MON", D(2023, 6, 19))


# --- derived deadlines ------------------------------------------------------------


def test_option_decision_is_due_90_days_before_what_it_extends_ends(
    tracker: Tracker,
) -> None:
    renewal: Record = {"kind": "renewal", "start": "2024-01-01", "months": 12}
    load(
        tracker,
        dataset(
            contracts=[
                contract(
                    "C1",
                    "2023-01-01",
                    "2023-12-31",
                    options=[{"ref": "C1-R1", "state": "planned", **renewal}],
                ),
                contract(
                    "C2",
                    "2023-01-01",
                    "2023-12-31",
                    ["SRV-OK"],
                    options=[{"ref": "C2-R1", "state": "exercised", **renewal}],
                ),
            ]
        ),
    )
    # (01/01/2024 - 1 day) - 90 days = 02/10/2023.
    soon = [
        a
        for a in of_kind(tracker.alerts(D(2023, 9, 20)), AlertKind.DEADLINE_UPCOMING)
        if "C1-R1" in a.message
    ]
    assert [(a.severity, a.due, a.ref) for a in soon] == [
        (Severity.WARNING, D(2023, 10, 2), "C1")
    ]
    alerts = tracker.alerts(D(2023, 10, 10))
    overdue = the_one(alerts, AlertKind.DEADLINE_OVERDUE)
    assert (overdue.severity, overdue.due, overdue.ref) == (
        Severity.WARNING,
        D(2023, 10, 2),
        "C1",
    )
    assert overdue.message == (
        "Decide on option C1-R1 of contract C1 (from 01/01/2024): overdue by 8 days."
    )
    assert not any("C2-R1" in a.message for a in alerts)
    decisions = {
        d.key: d.state
        for d in tracker.deadlines(D(2023, 10, 10))
        if d.key.endswith("/decision")
    }
    assert decisions == {
        "C1-R1/decision": DeadlineState.OPEN,
        "C2-R1/decision": DeadlineState.DONE,
    }
    execute(
        tracker, "UPDATE contract_option SET state = 'exercised' WHERE ref = 'C1-R1'"
    )
    assert of_kind(tracker.alerts(D(2023, 10, 10)), AlertKind.DEADLINE_OVERDUE) == []


def tender(ref: str, status: str = "planned", **extra: Any) -> Record:
    record: Record = {"ref": ref, "title": f"Gara {ref}", "status": status}
    record.update(extra)
    return record


def test_offer_deadline_on_a_holiday_moves_to_the_next_working_day(
    tracker: Tracker,
) -> None:
    load(
        tracker,
        dataset(
            tenders=[
                # 7/12 Sant'Ambrogio, 8/12 Immacolata; Saturday 9/12 is a working day.
                tender("T-HOLIDAY", offer_deadline="2023-12-07"),
                tender("T-WEEKDAY", offer_deadline="2023-12-06"),
            ]
        ),
    )
    alerts = {
        a.ref: a
        for a in of_kind(tracker.alerts(D(2023, 11, 20)), AlertKind.DEADLINE_UPCOMING)
    }
    moved = alerts["T-HOLIDAY"]
    assert moved.due == D(2023, 12, 9)
    assert moved.severity is Severity.INFO
    assert moved.message == (
        "Tender T-HOLIDAY: offer deadline (moved from 07/12/2023, a holiday): "
        "in 19 days."
    )
    kept = alerts["T-WEEKDAY"]
    assert kept.due == D(2023, 12, 6)
    assert kept.message == "Tender T-WEEKDAY: offer deadline: in 16 days."
    offers = {
        d.subject: d
        for d in tracker.deadlines(D(2023, 11, 20))
        if d.key.endswith("/offers")
    }
    assert offers["T-HOLIDAY"].due == D(2023, 12, 9)
    assert offers["T-HOLIDAY"].moved_from == D(2023, 12, 7)
    assert offers["T-WEEKDAY"].moved_from is None


def test_an_offer_deadline_on_sunday_moves_to_monday(tracker: Tracker) -> None:
    load(tracker, dataset(tenders=[tender("T", offer_deadline="2023-12-10")]))
    alert = the_one(tracker.alerts(D(2023, 12, 1)), AlertKind.DEADLINE_UPCOMING)
    assert alert.due == D(2023, 12, 11)
    assert "(moved from 10/12/2023, a holiday)" in alert.message


def test_a_published_tender_shows_its_offer_deadline(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            tenders=[
                tender(
                    "T",
                    "published",
                    publication_date="2023-11-01",
                    offer_deadline="2023-12-07",
                )
            ]
        ),
    )
    alert = the_one(tracker.alerts(D(2023, 11, 20)), AlertKind.DEADLINE_UPCOMING)
    assert alert.due == D(2023, 12, 9)


# --- funding ----------------------------------------------------------------------


def source(ref: str, name: str, eligible_until: str | None = None) -> Record:
    record: Record = {"ref": ref, "name": name, "kind": "eu"}
    if eligible_until is not None:
        record["eligible_until"] = eligible_until
    return record


def allocation(
    ref: str, funds: str, amount: str | None, status: str = "confirmed", src: str = "FS"
) -> Record:
    return {
        "ref": ref,
        "source": src,
        "funds": funds,
        "amount": amount,
        "status": status,
    }


def test_funding_pending_confirmation_on_a_tender(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            funding_sources=[source("FS", "Fondo regionale")],
            tenders=[
                tender("T", planned_start="2023-09-01"),
                tender("T-NOAMOUNT"),
                tender("T-OK", planned_start="2023-09-01"),
            ],
            allocations=[
                allocation("A1", "T", "50000.00", "pending_confirmation"),
                allocation("A2", "T-NOAMOUNT", None, "pending_confirmation"),
                allocation("A3", "T-OK", "50000.00", "confirmed"),
            ],
        ),
    )
    alerts = {
        a.ref: a
        for a in of_kind(tracker.alerts(D(2023, 3, 1)), AlertKind.FUNDING_PENDING)
    }
    assert set(alerts) == {"T", "T-NOAMOUNT"}
    alert = alerts["T"]
    assert (alert.severity, alert.due, alert.subject) == (
        Severity.WARNING,
        D(2023, 3, 5),  # the procedure must start 180 days before 01/09/2023
        "Gara T",
    )
    # the day and its countdown are the tender's: the sentence says so
    assert alert.message == (
        "T depends on €50,000.00 from Fondo regionale, awaiting confirmation. "
        "The funds are needed by 05/03/2023 (in 4 days), the day its procedure "
        "must start."
    )
    assert alerts["T-NOAMOUNT"].due is None
    assert alerts["T-NOAMOUNT"].message == (
        "T-NOAMOUNT depends on funds (amount not stated) from Fondo regionale, "
        "awaiting confirmation."
    )


def test_contract_running_past_the_eligibility_of_its_funds(tracker: Tracker) -> None:
    # 01/01/2023-10/04/2023 is 100 days; 25 of them fall after 16/03/2023.
    load(
        tracker,
        dataset(
            funding_sources=[source("FS", "FSE 2014-2020", "2023-03-16")],
            contracts=[
                contract("C1", "2023-01-01", "2023-04-10", amount=gross("1000.00")),
                contract("C2", "2023-01-01", "2023-04-10", amount=gross("2000.00")),
                contract("C-OK", "2023-01-01", "2023-03-16", amount=gross("1000.00")),
            ],
            allocations=[
                allocation("A1", "C1", "1000.00"),
                allocation("A2", "C2", None),
                allocation("A3", "C-OK", "1000.00"),
            ],
        ),
    )
    alerts = {
        a.ref: a
        for a in of_kind(tracker.alerts(D(2023, 1, 17)), AlertKind.FUNDING_ELIGIBILITY)
    }
    assert set(alerts) == {"C1", "C2"}
    alert = alerts["C1"]
    assert (alert.severity, alert.due, alert.subject) == (
        Severity.WARNING,
        D(2023, 3, 16),
        "Contratto C1",
    )
    assert alert.message == (
        "C1 runs until 10/04/2023, past the eligibility of FSE 2014-2020 "
        "(until 16/03/2023): 25% of the period, €250.00 at risk."
    )
    # No amount allocated: the share of the contract's gross value is at risk.
    assert "25% of the period, €500.00 at risk." in alerts["C2"].message


def test_an_exercised_option_past_the_eligibility_counts(tracker: Tracker) -> None:
    # Base 01/01-10/03/2023 (69 days) and a renewal 11/03-10/04/2023: 100 days in all.
    load(
        tracker,
        dataset(
            funding_sources=[source("FS", "FSE", "2023-03-16")],
            contracts=[
                contract(
                    "C1",
                    "2023-01-01",
                    "2023-03-10",
                    options=[
                        {
                            "ref": "C1-R1",
                            "kind": "renewal",
                            "state": "exercised",
                            "end": "2023-04-10",
                        }
                    ],
                )
            ],
            allocations=[allocation("A1", "C1", "1000.00")],
        ),
    )
    alert = the_one(tracker.alerts(D(2023, 1, 17)), AlertKind.FUNDING_ELIGIBILITY)
    assert alert.message.endswith("25% of the period, €250.00 at risk.")


def test_allocations_that_do_not_match_the_contract(tracker: Tracker) -> None:
    amount = net("1000.00")  # 1,220.00 gross
    load(
        tracker,
        dataset(
            funding_sources=[source("FS", "Fondo A"), source("FS2", "Fondo B")],
            contracts=[
                contract("C-DOUBLE", "2023-01-01", "2023-12-31", amount=amount),
                contract("C-SHORT", "2023-01-01", "2023-12-31", amount=amount),
                contract("C-EXACT", "2023-01-01", "2023-12-31", amount=amount),
                contract("C-UNSTATED", "2023-01-01", "2023-12-31", amount=amount),
                contract(
                    "C-OPTION",
                    "2023-01-01",
                    "2023-12-31",
                    amount=amount,
                    options=[
                        {
                            "ref": "C-OPTION-R1",
                            "kind": "renewal",
                            "state": "exercised",
                            "months": 6,
                            "amount": net("500.00"),
                        }
                    ],
                ),
            ],
            allocations=[
                allocation("A1", "C-DOUBLE", "1000.00"),
                allocation("A2", "C-DOUBLE", "300.00", src="FS2"),
                allocation("A3", "C-SHORT", "1000.00"),
                allocation("A4", "C-SHORT", "100.00", src="FS2"),
                allocation("A5", "C-EXACT", "1000.00"),
                allocation("A6", "C-EXACT", "220.00", src="FS2"),
                allocation("A7", "C-UNSTATED", "1000.00"),
                allocation("A8", "C-UNSTATED", None, src="FS2"),
                allocation("A9", "C-OPTION", "1830.00"),
            ],
        ),
    )
    alerts = {
        a.ref: a
        for a in of_kind(tracker.alerts(D(2023, 3, 1)), AlertKind.FUNDING_MISMATCH)
    }
    assert set(alerts) == {"C-DOUBLE", "C-SHORT"}
    assert all(
        a.severity is Severity.WARNING and a.due is None for a in alerts.values()
    )
    assert alerts["C-DOUBLE"].message == (
        "C-DOUBLE: allocations total €1,300.00, more than the contract's €1,220.00 "
        "(double funding?)."
    )
    assert alerts["C-SHORT"].message == (
        "C-SHORT: allocations total €1,100.00 of €1,220.00; €120.00 is unfunded."
    )


# --- parties ----------------------------------------------------------------------


def organisations() -> list[Record]:
    return [
        {"ref": "COMUNE", "name": "Comune di Milano", "partita_iva": "01199250158"},
        {"ref": "COOP-A", "name": "Cooperativa A", "partita_iva": "00743110157"},
        {"ref": "COOP-B", "name": "Cooperativa B"},
        {"ref": "COOP-C", "name": "Cooperativa C"},
    ]


def consortium(ref: str, name: str, *shares: tuple[str, str, str | None]) -> Record:
    return {
        "ref": ref,
        "name": name,
        "kind": "ATI",
        "members": [
            {"organisation": org, "role": role, "share": share}
            for org, role, share in shares
        ],
    }


def consortia_dataset() -> Record:
    return dataset(
        organisations=organisations(),
        consortia=[
            consortium(
                "ATI-X",
                "ATI A-B-C",
                ("COOP-A", "mandataria", "50"),
                ("COOP-B", "mandante", "30"),
                ("COOP-C", "mandante", "20"),
            ),
            consortium(
                "ATI-Y",
                "ATI A-B",
                ("COOP-A", "mandataria", "60"),
                ("COOP-B", "mandante", "40"),
            ),
        ],
    )


def test_consortium_shares_not_adding_up_are_a_safety_net(tracker: Tracker) -> None:
    load(tracker, consortia_dataset())
    assert of_kind(tracker.alerts(D(2023, 3, 1)), AlertKind.CONSORTIUM_SHARES) == []
    execute(
        tracker,
        "UPDATE consortium_member SET share_hundredths = 1500 "
        "WHERE share_hundredths = 2000",
    )
    alert = the_one(tracker.alerts(D(2023, 3, 1)), AlertKind.CONSORTIUM_SHARES)
    assert (alert.severity, alert.ref, alert.subject, alert.due) == (
        Severity.WARNING,
        "ATI-X",
        "ATI A-B-C",
        None,
    )
    assert alert.message == "ATI A-B-C: member shares add up to 95%, not 100%."


def test_groups_as_published_are_kept_and_told(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            organisations=organisations(),
            consortia=[
                consortium(
                    "RTI-PART",
                    "RTI quote in parte",
                    ("COOP-A", "capogruppo", "60"),
                    ("COOP-B", "mandante", None),
                    ("COOP-C", "associata", None),
                ),
                consortium(
                    "RTI-ANAC",
                    "RTI senza ruoli",
                    ("COOP-A", "unstated", None),
                    ("COOP-B", "unstated", None),
                ),
                consortium(
                    "RTI-TWO",
                    "RTI due capofila",
                    ("COOP-A", "mandataria", None),
                    ("COOP-B", "capogruppo", None),
                ),
                consortium(
                    "ATI-OK",
                    "ATI senza quote",
                    ("COOP-A", "capogruppo", None),
                    ("COOP-B", "mandante", None),
                ),
            ],
        ),
    )
    alerts = tracker.alerts(D(2023, 3, 1))
    told = [
        (a.ref, a.kind, a.severity, a.message)
        for a in alerts
        if a.kind in (AlertKind.CONSORTIUM_SHARES, AlertKind.CONSORTIUM_LEAD)
    ]
    assert told == [
        (
            "RTI-ANAC",
            AlertKind.CONSORTIUM_LEAD,
            Severity.WARNING,
            "RTI senza ruoli: no member is stated as mandataria or capogruppo.",
        ),
        (
            "RTI-TWO",
            AlertKind.CONSORTIUM_LEAD,
            Severity.WARNING,
            "RTI due capofila: Cooperativa A, Cooperativa B are all stated as the "
            "group's lead.",
        ),
        (
            "RTI-PART",
            AlertKind.CONSORTIUM_SHARES,
            Severity.INFO,
            "RTI quote in parte: the share of Cooperativa B, Cooperativa C is not "
            "stated; the stated shares add up to 60%.",
        ),
    ]
    roles = [
        (m.organisation, m.role, m.share)
        for c in tracker.dump_dataset().consortia
        if c.ref == "RTI-PART"
        for m in c.members
    ]
    assert roles == [
        ("COOP-A", "capogruppo", "60"),
        ("COOP-B", "mandante", None),
        ("COOP-C", "associata", None),
    ]


def test_invalid_partita_iva_is_a_safety_net(tracker: Tracker) -> None:
    load(tracker, consortia_dataset())
    assert of_kind(tracker.alerts(D(2023, 3, 1)), AlertKind.INVALID_PARTITA_IVA) == []
    execute(
        tracker,
        "UPDATE organisation SET partita_iva = '01199250159' WHERE ref = 'COMUNE'",
    )
    alert = the_one(tracker.alerts(D(2023, 3, 1)), AlertKind.INVALID_PARTITA_IVA)
    assert (alert.severity, alert.ref, alert.subject, alert.due) == (
        Severity.WARNING,
        "COMUNE",
        "Comune di Milano",
        None,
    )
    assert alert.message.startswith(
        "Comune di Milano: partita IVA 01199250159 is not valid ("
    )


def test_mandataria_not_holding_the_largest_share(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            organisations=organisations(),
            consortia=[
                consortium(
                    "ATI-M",
                    "ATI minoritaria",
                    ("COOP-A", "mandataria", "30"),
                    ("COOP-B", "mandante", "50"),
                    ("COOP-C", "mandante", "20"),
                ),
                consortium(
                    "ATI-EVEN",
                    "ATI paritaria",
                    ("COOP-A", "mandataria", "50"),
                    ("COOP-B", "mandante", "50"),
                ),
                consortium(
                    "ATI-UNSTATED",
                    "ATI senza quote",
                    ("COOP-A", "mandataria", None),
                    ("COOP-B", "mandante", None),
                ),
            ],
        ),
    )
    alerts = tracker.alerts(D(2023, 3, 1))
    alert = the_one(alerts, AlertKind.MANDATARIA_SHARE)
    assert (alert.severity, alert.ref, alert.due) == (Severity.WARNING, "ATI-M", None)
    assert alert.message == (
        "ATI minoritaria: the mandataria Cooperativa A holds 30%, less than "
        "Cooperativa B (50%); check the tender's rules."
    )
    assert of_kind(alerts, AlertKind.CONSORTIUM_SHARES) == []


# --- money ------------------------------------------------------------------------


def renewal(ref: str, amount: Record, **extra: Any) -> Record:
    record: Record = {"ref": ref, "kind": "renewal", "state": "planned"}
    record.update(extra)
    record["amount"] = amount
    return record


def test_renewal_not_pro_rata(tracker: Tracker) -> None:
    base = net("120000.00")
    load(
        tracker,
        dataset(
            contracts=[
                contract(
                    "C1",
                    "2023-01-01",
                    "2023-12-31",
                    months=12,
                    amount=base,
                    options=[renewal("C1-R1", net("70000.00"), months=6)],
                ),
                contract(
                    "C2",
                    "2023-01-01",
                    "2023-12-31",
                    months=12,
                    amount=base,
                    options=[renewal("C2-R1", net("60000.00"), months=6)],
                ),
                contract(
                    "C3",
                    "2023-01-01",
                    "2023-12-31",
                    amount=base,
                    options=[
                        renewal(
                            "C3-R1",
                            net("70000.00"),
                            start="2024-01-01",
                            end="2024-06-30",
                        )
                    ],
                ),
            ]
        ),
    )
    alerts = {
        a.ref: a
        for a in of_kind(tracker.alerts(D(2023, 3, 1)), AlertKind.RENEWAL_NOT_PRO_RATA)
    }
    assert set(alerts) == {"C1-R1", "C3-R1"}
    alert = alerts["C1-R1"]
    assert (alert.severity, alert.due, alert.subject) == (
        Severity.INFO,
        D(2024, 1, 1),
        "Contratto C1",
    )
    assert alert.message == (
        "C1-R1: renewal of €70,000.00 for 6 months; pro rata of the base "
        "(€120,000.00 for 12 months) it would be €60,000.00."
    )
    assert "it would be €60,000.00." in alerts["C3-R1"].message

    set_language("it")
    italian = the_one(
        [a for a in tracker.alerts(D(2023, 3, 1)) if a.ref == "C1-R1"],
        AlertKind.RENEWAL_NOT_PRO_RATA,
    )
    assert "60.000,00" in italian.message
    assert "70.000,00" in italian.message
    assert "€" in italian.message


def test_the_lorenteggio_renewal_is_pro_rata(tracker: Tracker) -> None:
    load(
        tracker,
        dataset(
            contracts=[
                contract(
                    "LOR",
                    "2019-06-21",
                    "2022-06-20",
                    months=36,
                    amount=gross("828415.20"),
                    options=[
                        renewal(
                            "LOR-R1",
                            gross("138069.20"),
                            state="exercised",
                            start="2022-06-21",
                            end="2022-12-20",
                            months=6,
                        ),
                        # a cent off is rounding; two cents is another price
                        renewal("LOR-R2", gross("138069.21"), months=6),
                        renewal("LOR-R3", gross("138069.22"), months=6),
                    ],
                )
            ]
        ),
    )
    alerts = of_kind(tracker.alerts(COMMITTEE_DAY), AlertKind.RENEWAL_NOT_PRO_RATA)
    assert [a.ref for a in alerts] == ["LOR-R3"]


def test_the_milan_lorenteggio_renewal_raises_no_alert(milan: Tracker) -> None:
    alerts = milan.alerts(COMMITTEE_DAY)
    assert not [
        a
        for a in of_kind(alerts, AlertKind.RENEWAL_NOT_PRO_RATA)
        if a.ref.startswith("LOR-2019")
    ]


def quinto(ref: str, value: str, state: str = "exercised") -> Record:
    return {
        "ref": ref,
        "kind": "quinto_variation",
        "state": state,
        "amount": net(value),
    }


def test_variations_beyond_one_fifth(tracker: Tracker) -> None:
    base = net("100000.00")
    load(
        tracker,
        dataset(
            contracts=[
                contract(
                    "C-OVER",
                    "2023-01-01",
                    "2023-12-31",
                    amount=base,
                    options=[
                        quinto("C-OVER-V1", "15000.00"),
                        quinto("C-OVER-V2", "6000.00"),
                    ],
                ),
                contract(
                    "C-FIFTH",
                    "2023-01-01",
                    "2023-12-31",
                    amount=base,
                    options=[
                        quinto("C-FIFTH-V1", "15000.00"),
                        quinto("C-FIFTH-V2", "5000.00", "planned"),
                    ],
                ),
                contract(
                    "C-LAPSED",
                    "2023-01-01",
                    "2023-12-31",
                    amount=base,
                    options=[
                        quinto("C-LAPSED-V1", "15000.00"),
                        quinto("C-LAPSED-V2", "6000.00", "lapsed"),
                    ],
                ),
            ]
        ),
    )
    alert = the_one(tracker.alerts(D(2023, 3, 1)), AlertKind.QUINTO_EXCEEDED)
    assert (alert.severity, alert.ref, alert.due) == (Severity.WARNING, "C-OVER", None)
    assert alert.message == (
        "C-OVER: variations total €21,000.00, beyond one fifth of the contract "
        "value (€20,000.00): the contractor is no longer bound to the same terms."
    )


def test_estimated_value_above_the_threshold_of_the_procedure(
    tracker: Tracker,
) -> None:
    after = "2023-09-01"
    load(
        tracker,
        dataset(
            tenders=[
                tender(
                    "T-NEG",
                    procedure_type="negoziata",
                    planned_start=after,
                    estimated_value=net("800000.00"),
                ),
                tender(
                    "T-NEG-AT",
                    procedure_type="negoziata",
                    planned_start=after,
                    estimated_value=net("750000.00"),
                ),
                tender(
                    "T-OPEN",
                    procedure_type="aperta",
                    planned_start=after,
                    estimated_value=net("800000.00"),
                ),
                tender(
                    "T-AD",
                    procedure_type="affidamento_diretto",
                    planned_start=after,
                    estimated_value=net("150000.00"),
                ),
                tender(
                    "T-AD-OK",
                    procedure_type="affidamento_diretto",
                    planned_start=after,
                    estimated_value=net("100000.00"),
                ),
                tender(
                    "T-AD-OLD",
                    "published",
                    procedure_type="affidamento_diretto",
                    publication_date="2023-06-30",
                    estimated_value=net("139000.00"),
                ),
                tender(
                    "T-AD-2021",
                    "published",
                    procedure_type="affidamento_diretto",
                    publication_date="2021-09-01",
                    estimated_value=net("100000.00"),
                ),
            ]
        ),
    )
    alerts = {
        a.ref: a
        for a in of_kind(tracker.alerts(D(2023, 3, 1)), AlertKind.THRESHOLD_EXCEEDED)
    }
    # the cap is "below": a value equal to the threshold is over it
    assert set(alerts) == {"T-NEG", "T-NEG-AT", "T-AD", "T-AD-OLD"}
    assert all(a.severity is Severity.WARNING for a in alerts.values())
    assert alerts["T-NEG"].due == D(2023, 9, 1)
    assert alerts["T-NEG"].message.startswith(
        "T-NEG: estimated value €800,000.00 net (options included) is at or above "
        "€750,000.00, the limit for a negotiated procedure ("
    )
    assert (
        "is at or above €140,000.00, the limit for a direct award"
        in alerts["T-AD"].message
    )
    assert "D.Lgs. 36/2023 art. 50" in alerts["T-AD"].message
    # Published on 30/06/2023, the D.L. 77/2021 limit (139,000.00) applies; on
    # 01/09/2021 100,000.00 was below it.
    assert alerts["T-AD-OLD"].due == D(2023, 6, 30)
    assert "is at or above €139,000.00" in alerts["T-AD-OLD"].message
    assert "D.L. 77/2021" in alerts["T-AD-OLD"].message


# --- the digest -------------------------------------------------------------------


def situation() -> Record:
    """One service with a gap, another with an overlap, a renewal off pro rata and
    explicit deadlines: alerts of every severity."""
    return dataset(
        contracts=[
            contract("C1", "2023-01-01", "2023-06-30"),
            contract(
                "C3",
                "2023-01-01",
                "2023-12-31",
                ["SRV-OK"],
                months=12,
                amount=net("120000.00"),
                options=[renewal("C3-R1", net("70000.00"), months=6)],
            ),
            contract("C4", "2023-12-01", "2025-12-31", ["SRV-OK"]),
        ],
        deadlines=[
            deadline("D-PAST", "Send the report", "2023-07-01"),
            deadline("D-SOON", "Renew the insurance", "2023-08-01"),
            deadline("D-LATER", "Check the staff", "2023-09-01"),
        ],
    )


def test_alerts_are_sorted_by_severity_then_due_date(tracker: Tracker) -> None:
    load(tracker, situation())
    alerts = tracker.alerts(D(2023, 7, 10))
    assert {a.severity for a in alerts} == set(Severity)
    assert alerts == sorted(alerts, key=Alert.sort_key)
    ranks = [a.severity.rank for a in alerts]
    assert ranks == sorted(ranks)
    for severity in Severity:
        dues = [a.due or D.max for a in alerts if a.severity is severity]
        assert dues == sorted(dues)
    assert alerts[0].kind is AlertKind.CONTINUITY_GAP
    assert alerts[-1].kind is AlertKind.RENEWAL_NOT_PRO_RATA


def test_fail_on_sets_the_exit_status(
    tracker: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    load(tracker, situation())

    def status(as_of: str, *fail_on: str) -> int:
        code = main(["--db", db_url, "alerts", "--as-of", as_of, *fail_on])
        capsys.readouterr()
        return code

    assert status("2023-07-10", "--fail-on", "critical") == EXIT_ALERTS == 3
    assert status("2023-07-10", "--fail-on", "warning") == EXIT_ALERTS
    assert status("2023-07-10") == EXIT_OK


def test_fail_on_critical_passes_with_only_warnings(
    tracker: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    load(
        tracker,
        dataset(
            contracts=[
                contract("C1", "2023-01-01", "2025-12-31", ["SRV", "SRV-OK"]),
            ],
            deadlines=[deadline("D-PAST", "Send the report", "2023-03-01")],
        ),
    )
    severities = {a.severity for a in tracker.alerts(D(2023, 3, 10))}
    assert severities == {Severity.WARNING}

    def status(*fail_on: str) -> int:
        code = main(["--db", db_url, "alerts", "--as-of", "2023-03-10", *fail_on])
        capsys.readouterr()
        return code

    assert status("--fail-on", "critical") == EXIT_OK
    assert status("--fail-on", "warning") == EXIT_ALERTS
    assert status() == EXIT_OK


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _json(db_url: str, capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(["--db", db_url, *argv, "--format", "json"]) == EXIT_OK
    return json.loads(capsys.readouterr().out)


def test_continuity_json_follows_its_schema(
    tracker: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    load(tracker, situation())
    report = _json(db_url, capsys, "continuity", "--as-of", "2023-07-10")
    _validator("continuity.schema.json").validate(report)
    statuses = {s["service"]: s["status"] for s in report["services"]}
    assert statuses == {"SRV": "gap", "SRV-OK": "ok"}
    [gap] = next(s for s in report["services"] if s["service"] == "SRV")["gaps"]
    assert gap == {"start": "2023-07-01", "end": None, "days": 10, "state": "current"}


def test_continuity_json_of_the_milan_dataset_follows_its_schema(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    report = _json(db_url, capsys, "continuity", "--as-of", COMMITTEE_DAY.isoformat())
    _validator("continuity.schema.json").validate(report)
    assert report["as_of"] == "2023-01-17"
    assert report["services"]


def test_alerts_json_follows_its_schema(
    tracker: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    load(tracker, situation())
    report = _json(db_url, capsys, "alerts", "--as-of", "2023-07-10", "--within", "90")
    _validator("alerts.schema.json").validate(report)
    assert report["within"] == 90
    assert {a["severity"] for a in report["alerts"]} == {"critical", "warning", "info"}
    assert report["alerts"][0]["kind"] == "continuity_gap"
    assert report["alerts"][0]["due"] == "2023-07-01"


def test_alerts_json_of_the_milan_dataset_follows_its_schema(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    report = _json(db_url, capsys, "alerts", "--as-of", COMMITTEE_DAY.isoformat())
    _validator("alerts.schema.json").validate(report)
    assert report["alerts"]


def test_findings_on_contracts_ended_over_a_year_ago_stop(tracker: Tracker) -> None:
    """An overlap, a renewal off pro rata: reported while the contract runs and for a
    year after it ends, then no longer every morning."""
    load(
        tracker,
        dataset(
            contracts=[
                contract("C1", "2023-01-01", "2023-06-30"),
                contract(
                    "C2",
                    "2023-06-01",
                    "2023-12-31",
                    months=7,
                    amount=net("70000.00"),
                    options=[renewal("C2-R1", net("50000.00"), months=1)],
                ),
            ]
        ),
    )
    kinds = {AlertKind.OVERLAP, AlertKind.RENEWAL_NOT_PRO_RATA}
    assert {a.kind for a in tracker.alerts(D(2024, 6, 1))} >= kinds
    assert not {a.kind for a in tracker.alerts(D(2025, 6, 1))} & kinds


def test_a_group_saved_in_its_form_without_a_lead_is_kept_and_warned(
    tracker: Tracker,
) -> None:
    from tracker.drafts import ConsortiumDraft, MemberDraft

    load(tracker, dataset(organisations=organisations()))
    tracker.save(
        ConsortiumDraft(
            ref="RTI-NOLEAD",
            name="RTI senza capofila",
            kind="RTI",
            members=[
                MemberDraft(organisation="COOP-A", role="mandante"),
                MemberDraft(organisation="COOP-B", role="consorziata", share="40"),
            ],
        )
    )
    alerts = tracker.alerts(D(2023, 3, 1))
    assert [
        (a.kind, a.severity) for a in of_kind(alerts, AlertKind.CONSORTIUM_LEAD)
    ] == [(AlertKind.CONSORTIUM_LEAD, Severity.WARNING)]
    [shares] = of_kind(alerts, AlertKind.CONSORTIUM_SHARES)
    assert (shares.severity, shares.message) == (
        Severity.INFO,
        "RTI senza capofila: the share of Cooperativa A is not stated; the stated "
        "shares add up to 40%.",
    )
