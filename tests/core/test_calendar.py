"""``appalti calendar``: the Milan deadlines as an iCalendar feed, read back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import recurring_ical_events
from icalendar import Calendar

from tests.conftest import MILAN
from tests.core.test_bad_targets import read_only
from tracker.api import Tracker
from tracker.cli import main
from tracker.dataset import parse_dataset
from tracker.domain.deadlines import Deadline, DeadlineKind
from tracker.domain.feed import CalendarData, FeedEvent
from tracker.domain.kinds import DeadlineState
from tracker.export.calendar import calendar_bytes
from tracker.formatting import Formatter

AS_OF = "17/01/2023"

# Derived from the Milan dataset by the engine's rules (README, "What the engine
# checks"): the contracts' ends (lead time 180 days), the start of the procedure
# of the two planned tenders (their service's start less the lead time; notice 30
# days), the end of POR FSE's eligibility and of the programmes (the 60-day
# horizon). Lorenteggio's contract ended on 20/12/2022 and is past: no event.
MILAN_EVENTS = [
    # the five Laboratori di Quartiere: Mazzini and San Siro needed from 01/07/2023,
    # the other three from 01/01/2024, each less 180 days of lead time and one
    ("LDQ-MAZZINI/successor@appalti", date(2023, 1, 1), 60),
    ("LDQ-SAN-SIRO/successor@appalti", date(2023, 1, 1), 60),
    ("PRO-2020-MAZZINI/end@appalti", date(2023, 6, 30), 180),
    ("PRO-2020-SAN-SIRO/end@appalti", date(2023, 6, 30), 180),
    ("LDQ-GRATOSOGLIO/successor@appalti", date(2023, 7, 4), 60),
    ("LDQ-MOLISE-CALVAIRATE/successor@appalti", date(2023, 7, 4), 60),
    ("LDQ-PONTE-LAMBRO/successor@appalti", date(2023, 7, 4), 60),
    ("LOR-2023/start@appalti", date(2023, 7, 4), 30),
    ("SCN-CDQ-2024/start@appalti", date(2023, 8, 4), 30),
    ("POR-FSE-2014-2020/eligibility@appalti", date(2023, 12, 31), 60),
    ("PRO-2020-GRATOSOGLIO/end@appalti", date(2023, 12, 31), 180),
    ("PRO-2020-MOLISE-CALVAIRATE/end@appalti", date(2023, 12, 31), 180),
    ("PRO-2020-PONTE-LAMBRO/end@appalti", date(2023, 12, 31), 180),
    ("ADP-LORENTEGGIO/end@appalti", date(2025, 12, 31), 60),
    ("PINQUA-SAN-SIRO/end@appalti", date(2026, 12, 31), 60),
]


def export(
    db: str, target: Path | str, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    status = main(["calendar", "--db", db, "-o", str(target), "--as-of", AS_OF, *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "internal error" not in err
    return status, out, err


def ics(content: bytes | str) -> Any:
    """The calendar read back (its properties are a union of value types that the
    assertions below pin down one by one: read untyped)."""
    calendar = Calendar.from_ical(content)
    assert isinstance(calendar, Calendar)
    return calendar


def parsed(path: Path) -> Any:
    content = path.read_bytes()
    # content lines end in CRLF and are folded at 75 octets (RFC 5545, 3.1)
    lines = content.split(b"\r\n")
    assert lines[-1] == b""
    assert all(len(line) <= 75 and b"\n" not in line for line in lines)
    return ics(content)


def events(calendar: Any) -> dict[str, Any]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def check_structure(calendar: Any) -> None:
    """What RFC 5545 asks of the feed and its all-day events with alarms."""
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//appalti//")
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"):
            assert required in event, (required, event)
        start, end = event["DTSTART"], event["DTEND"]
        assert start.params["VALUE"] == "DATE"
        assert type(start.dt) is date
        assert end.dt == start.dt + timedelta(days=1)
        if str(event.get("STATUS", "")) == "CANCELLED":
            continue
        [alarm] = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm["DESCRIPTION"]
        assert "TRIGGER" in alarm


def trigger(event: Any) -> timedelta:
    [alarm] = event.walk("VALARM")
    value: timedelta = alarm["TRIGGER"].dt
    return value


@pytest.mark.usefixtures("milan")
def test_the_milan_calendar_of_the_committee_day(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "scadenze.ics"
    status, out, _err = export(db_url, target, capsys)
    assert (status, out) == (0, f"Written {target}: 15 deadlines\n")
    calendar = parsed(target)
    check_structure(calendar)
    assert str(calendar["X-WR-CALNAME"]) == "appalti: deadlines"
    found = events(calendar)
    assert [(key, e["DTSTART"].dt, trigger(e)) for key, e in found.items()] == [
        (key, due, timedelta(days=-lead, hours=9)) for key, due, lead in MILAN_EVENTS
    ]
    lorenteggio = found["LOR-2023/start@appalti"]
    assert str(lorenteggio["SUMMARY"]) == "Tender LOR-2023: start of the procedure"
    assert str(lorenteggio["DESCRIPTION"]).split("\n") == [
        "Record: LOR-2023",
        "What to do: start the procedure, so that the service can begin on time",
        "Due on 04/07/2023: the service's planned start, less the lead time of the "
        "procedure's type",
        "Alarm: 30 days before, at 9:00.",
        "Deadline key: LOR-2023/start",
    ]
    assert [str(c) for c in lorenteggio["CATEGORIES"].cats] == [
        "tender milestone",
        "to do",
    ]
    [alarm] = lorenteggio.walk("VALARM")
    assert str(alarm["DESCRIPTION"]) == (
        "Tender LOR-2023: start of the procedure (04/07/2023)"
    )
    mazzini = found["PRO-2020-MAZZINI/end@appalti"]
    assert [str(c) for c in mazzini["CATEGORIES"].cats] == ["contract end", "event"]
    assert int(mazzini["SEQUENCE"]) == 0
    stamp = mazzini["DTSTAMP"].dt
    assert stamp.utcoffset() == timedelta(0)
    assert mazzini["LAST-MODIFIED"].dt == stamp
    assert "RRULE" not in mazzini
    # the day the Mazzini successor procedure had to start, as the alerts count it
    successor = found["LDQ-MAZZINI/successor@appalti"]
    assert str(successor["SUMMARY"]) == (
        "Laboratorio di Quartiere Mazzini: start the successor procedure"
    )
    assert [str(c) for c in successor["CATEGORIES"].cats] == [
        "successor procedure",
        "to do",
        "overdue",
    ]
    assert str(successor["DESCRIPTION"]).split("\n")[:3] == [
        "Record: LDQ-MAZZINI",
        "What to do: start the procedure of the contract that will follow, or "
        "exercise an option, so that the service has no gap",
        "Due on 01/01/2023: the first day the service is required and not covered, "
        "less the lead time of its procedure",
    ]


@pytest.mark.usefixtures("milan")
def test_the_calendar_in_italian(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["calendar", "--lang", "it", "--db", db_url, "-o", "-", "--as-of", AS_OF]
    )
    out, _err = capsys.readouterr()
    assert status == 0
    calendar = ics(out)
    assert str(calendar["X-WR-CALNAME"]) == "appalti: scadenze"
    found = events(calendar)
    mazzini = found["PRO-2020-MAZZINI/end@appalti"]
    assert str(mazzini["SUMMARY"]) == "Scade il contratto PRO-2020-MAZZINI"
    assert str(mazzini["DESCRIPTION"]).split("\n") == [
        "Scheda: PRO-2020-MAZZINI",
        "Cosa fare: assicurarsi che un nuovo contratto o un'opzione esercitata copra "
        "il servizio dal giorno dopo",
        "Scade il 30/06/2023: l'ultimo giorno del contratto, comprese le opzioni "
        "esercitate",
        "Promemoria: 180 giorni prima, alle 9:00.",
        "Chiave della scadenza: PRO-2020-MAZZINI/end",
    ]
    assert [str(c) for c in mazzini["CATEGORIES"].cats] == [
        "fine del contratto",
        "evento",
    ]
    fse = found["POR-FSE-2014-2020/eligibility@appalti"]
    assert str(fse["DESCRIPTION"]).split("\n")[1] == (
        "Cosa fare: spendere e rendicontare prima della fine dell'ammissibilità "
        "della fonte: dopo non paga più nulla"
    )


def with_deadlines(tracker: Tracker, *deadlines: dict[str, Any]) -> None:
    """The Milan dataset with explicit deadlines of its own."""
    data = json.loads(MILAN.read_text(encoding="utf-8"))
    data["deadlines"] = list(deadlines)
    tracker.load_dataset(parse_dataset(json.dumps(data)))


def test_recurring_deadlines_expand_to_the_engine_s_occurrences(
    tracker: Tracker, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_deadlines(
        tracker,
        # on the 31st: the last day of shorter months, back to the 31st after them
        {
            "ref": "REP-MON",
            "title": "Monthly attendance report",
            "due": "2022-10-31",
            "recurrence": "monthly",
            "recurrence_until": "2023-12-31",
            "done_through": "2022-12-31",
            "lead_days": 5,
            "owner": "Ufficio Casa",
        },
        {
            "ref": "REP-QTR",
            "title": "Quarterly report to the Region",
            "due": "2023-03-30",
            "recurrence": "quarterly",
        },
        {
            "ref": "INS-YEAR",
            "title": "Insurance of the Lorenteggio site",
            "due": "2024-02-29",
            "recurrence": "yearly",
            "lead_days": 0,
        },
        {
            "ref": "ONE-DONE",
            "title": "Done already",
            "due": "2023-02-01",
            "state": "done",
        },
        {
            "ref": "ONE-ACK",
            "title": "Seen",
            "due": "2023-02-01",
            "state": "acknowledged",
        },
        {"ref": "ONE-FAR", "title": "Far ahead", "due": "2027-05-03"},
    )
    target = tmp_path / "scadenze.ics"
    assert export(db_url, target, capsys)[0] == 0
    calendar = parsed(target)
    check_structure(calendar)
    found = events(calendar)
    assert "ONE-DONE@appalti" not in found
    assert "ONE-ACK@appalti" not in found
    assert found["ONE-FAR@appalti"]["DTSTART"].dt == date(2027, 5, 3)
    monthly = found["REP-MON@appalti"]
    assert monthly["DTSTART"].dt == date(2023, 1, 31)  # the first one not done
    assert trigger(monthly) == timedelta(days=-5, hours=9)
    assert str(monthly["DESCRIPTION"]).split("\n") == [
        "Record: REP-MON",
        "What to do: Monthly attendance report; once done: appalti deadline done "
        "REP-MON",
        "Due on 31/01/2023: the day entered with the deadline",
        "Repeats every month until 31/12/2023, from its first occurrence still open.",
        "Alarm: 5 days before, at 9:00.",
        "Owner: Ufficio Casa",
        "Deadline key: REP-MON",
    ]
    assert trigger(found["INS-YEAR@appalti"]) == timedelta(hours=9)

    def days(ref: str, start: date, end: date) -> list[date]:
        return [
            e["DTSTART"].dt
            for e in recurring_ical_events.of(calendar).between(start, end)
            if str(e["UID"]) == f"{ref}@appalti"
        ]

    assert days("REP-MON", date(2023, 1, 1), date(2024, 6, 1)) == [
        date(2023, 1, 31),
        date(2023, 2, 28),
        date(2023, 3, 31),
        date(2023, 4, 30),
        date(2023, 5, 31),
        date(2023, 6, 30),
        date(2023, 7, 31),
        date(2023, 8, 31),
        date(2023, 9, 30),
        date(2023, 10, 31),
        date(2023, 11, 30),
        date(2023, 12, 31),
    ]
    assert days("REP-QTR", date(2023, 1, 1), date(2024, 6, 1)) == [
        date(2023, 3, 30),
        date(2023, 6, 30),
        date(2023, 9, 30),
        date(2023, 12, 30),
        date(2024, 3, 30),
    ]
    assert days("INS-YEAR", date(2024, 1, 1), date(2029, 1, 1)) == [
        date(2024, 2, 29),
        date(2025, 2, 28),
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]
    # the engine counts the same days
    engine_days = [
        d.due
        for d in tracker.deadlines(date(2029, 1, 1))
        if d.key.startswith(("REP-MON@", "REP-QTR@", "INS-YEAR@"))
        and date(2023, 1, 31) <= d.due < date(2024, 6, 1)
    ]
    expanded = sorted(
        days("REP-MON", date(2023, 1, 1), date(2024, 6, 1))
        + days("REP-QTR", date(2023, 1, 1), date(2024, 6, 1))
        + days("INS-YEAR", date(2023, 1, 1), date(2024, 6, 1))
    )
    assert sorted(engine_days) == expanded


def test_within_days(
    tracker: Tracker, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_deadlines(
        tracker,
        {"ref": "LATE", "title": "Missed", "due": "2023-01-10"},
        {
            "ref": "REP-MON",
            "title": "Report",
            "due": "2023-01-20",
            "recurrence": "monthly",
        },
    )
    target = tmp_path / "scadenze.ics"
    status, out, _err = export(db_url, target, capsys, "--within", "45")
    assert (status, out) == (0, f"Written {target}: 4 deadlines\n")
    calendar = parsed(target)
    found = events(calendar)
    # overdue ones stay in, whatever the window: Milan's two successor procedures too
    assert list(found) == [
        "LDQ-MAZZINI/successor@appalti",
        "LDQ-SAN-SIRO/successor@appalti",
        "LATE@appalti",
        "REP-MON@appalti",
    ]
    assert [str(c) for c in found["LATE@appalti"]["CATEGORIES"].cats] == [
        "deadline entered by hand",
        "to do",
        "overdue",
    ]
    # the series is cut at the window, but the record itself does not stop there
    assert "Repeats every month, from its first occurrence still open." in str(
        found["REP-MON@appalti"]["DESCRIPTION"]
    ).split("\n")
    assert [
        e["DTSTART"].dt
        for e in recurring_ical_events.of(calendar).between(
            date(2023, 1, 1), date(2024, 1, 1)
        )
        if str(e["UID"]) == "REP-MON@appalti"
    ] == [date(2023, 1, 20), date(2023, 2, 20)]


def test_uids_and_sequences_across_exports(
    tracker: Tracker, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_deadlines(
        tracker,
        {
            "ref": "REP-MON",
            "title": "Report",
            "due": "2023-01-20",
            "recurrence": "monthly",
        },
        {"ref": "ONE", "title": "Send the file", "due": "2023-02-01"},
    )
    target = tmp_path / "scadenze.ics"
    assert export(db_url, target, capsys)[0] == 0
    first = events(parsed(target))
    assert export(db_url, target, capsys)[0] == 0
    second = events(parsed(target))
    assert list(second) == list(first)
    assert [e["LAST-MODIFIED"].dt for e in second.values()] == [
        e["LAST-MODIFIED"].dt for e in first.values()
    ]
    assert {k: int(e["SEQUENCE"]) for k, e in second.items()} == dict.fromkeys(first, 0)
    # an unrelated edit changes nothing in the feed
    tracker.add_note("LSL-LORENTEGGIO", "Telefonata con ALER")
    assert export(db_url, target, capsys)[0] == 0
    third = events(parsed(target))
    assert [(k, int(e["SEQUENCE"])) for k, e in third.items()] == [
        (k, 0) for k in first
    ]
    # the monthly report moves on, the one-off is done: an update, a cancellation
    tracker.mark_deadline_done("REP-MON", through=date(2023, 1, 20))
    tracker.mark_deadline_done("ONE")
    assert export(db_url, target, capsys)[0] == 0
    fourth = events(parsed(target))
    assert sorted(fourth) == sorted(first)
    assert fourth["REP-MON@appalti"]["DTSTART"].dt == date(2023, 2, 20)
    assert int(fourth["REP-MON@appalti"]["SEQUENCE"]) == 1
    assert str(fourth["ONE@appalti"]["STATUS"]) == "CANCELLED"
    assert int(fourth["ONE@appalti"]["SEQUENCE"]) == 1
    assert fourth["ONE@appalti"].walk("VALARM") == []
    assert int(fourth["PRO-2020-MAZZINI/end@appalti"]["SEQUENCE"]) == 0
    check_structure(parsed(target))
    # said once: the next export leaves the cancelled event out
    assert export(db_url, target, capsys)[0] == 0
    assert "ONE@appalti" not in events(parsed(target))


HOSTILE = 'Pay; now, =HYPERLINK("http://evil.example","x") \\ end'


def test_hostile_text_stays_data(
    tracker: Tracker, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_deadlines(
        tracker,
        {
            "ref": "EVIL",
            "title": HOSTILE,
            "due": "2023-03-01",
            "owner": "Rossi, Mario; =cmd|' /C calc'!A0",
        },
    )
    target = tmp_path / "scadenze.ics"
    assert export(db_url, target, capsys)[0] == 0
    calendar = parsed(target)
    check_structure(calendar)
    evil = events(calendar)["EVIL@appalti"]
    assert str(evil["SUMMARY"]) == HOSTILE
    assert "Owner: Rossi, Mario; =cmd|' /C calc'!A0" in str(evil["DESCRIPTION"]).split(
        "\n"
    )


@pytest.mark.usefixtures("milan")
def test_a_read_only_folder(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    with read_only(folder):
        status, out, err = export(db_url, folder / "scadenze.ics", capsys)
    assert (status, out) == (1, "")
    assert err == (
        f"appalti: cannot write {folder / 'scadenze.ics'}: permission denied\n"
    )
    assert list(folder.iterdir()) == []


@pytest.mark.usefixtures("milan")
def test_a_file_that_is_not_our_calendar_is_kept(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "contratti.xlsx"
    target.write_bytes(b"PK\x03\x04 a workbook")
    status, out, err = export(db_url, target, capsys, "--lang", "it")
    assert (status, out) == (1, "")
    assert err == (
        f"appalti: {target} esiste e non è un calendario scritto da appalti: non è "
        "stato scritto nulla (--force lo sostituisce)\n"
    )
    assert target.read_bytes() == b"PK\x03\x04 a workbook"
    status, out, _err = export(db_url, target, capsys, "--force")
    assert status == 0
    assert len(events(parsed(target))) == 15


def test_line_breaks_and_controls_cannot_forge_an_event() -> None:
    """Titles are one line when stored; were one not, the feed would still hold
    one event with its text visible."""
    title = "Report\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged\x07"
    event = FeedEvent(
        "X",
        Deadline(
            DeadlineKind.EXPLICIT,
            "X@2023-03-01",
            date(2023, 3, 1),
            title,
            "X",
            30,
            None,
            DeadlineState.OPEN,
            actionable=True,
        ),
    )
    data = CalendarData(date(2023, 1, 17), (event,), 90)
    content, count = calendar_bytes(
        data, Formatter("en"), within=None, now=datetime(2023, 1, 17, 8, 30, tzinfo=UTC)
    )
    assert count == 1
    calendar = ics(content)
    check_structure(calendar)
    assert list(events(calendar)) == ["X@appalti"]
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == (
        "Report\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT\\r\\nUID:forged\\x07"
    )


@pytest.mark.usefixtures("milan")
def test_a_missing_folder_in_italian(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "manca" / "scadenze.ics"
    status, out, err = export(db_url, target, capsys, "--lang", "it")
    assert (status, out) == (1, "")
    assert err == (f"appalti: impossibile scrivere {target}: la cartella non esiste\n")
    assert not (tmp_path / "manca").exists()


@pytest.mark.usefixtures("milan")
def test_a_previous_export_edited_by_hand(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "scadenze.ics"
    assert export(db_url, target, capsys)[0] == 0
    edited = target.read_bytes().replace(b"SEQUENCE:0", b"SEQUENCE:x", 1)
    target.write_bytes(edited.replace(b"LAST-MODIFIED:", b"LAST-MODIFIED:2023", 1))
    assert export(db_url, target, capsys)[0] == 0
    found = events(parsed(target))
    assert len(found) == 15
    assert {int(e["SEQUENCE"]) for e in found.values()} == {0}
