"""Alerts and continuity as JSON: one record per line, the same data as indented
JSON, and user text that cannot steer a terminal."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tracker import render
from tracker.api import Tracker
from tracker.domain.alerts import Alert, AlertKind, Severity
from tracker.schemas import (
    ALERT_ADAPTER,
    ALERT_ROWS_ADAPTER,
    ALERTS_ADAPTER,
    CONTINUITY_ADAPTER,
    SERVICE_CONTINUITY_ADAPTER,
    SERVICE_CONTINUITY_ROWS_ADAPTER,
)

AS_OF = date(2025, 6, 1)


def test_each_alert_is_one_line_and_the_data_is_the_indented_reports(
    milan: Tracker,
) -> None:
    alerts = milan.findings(AS_OF, within=60).alerts
    report = {"as_of": AS_OF, "within": 60, "alerts": alerts}
    text = render.json_records_text(ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER)
    assert json.loads(text) == json.loads(render.json_text(ALERTS_ADAPTER, report))
    lines = text.splitlines()
    assert lines[:4] == [
        "{",
        '  "as_of": "2025-06-01",',
        '  "within": 60,',
        '  "alerts": [',
    ]
    assert lines[-2:] == ["  ]", "}"]
    assert len(lines) == 6 + len(alerts)
    first = json.loads(lines[4].strip().rstrip(","))
    assert first["key"] == alerts[0].key


def test_each_service_is_one_line(milan: Tracker) -> None:
    services = milan.continuity(AS_OF)
    report = {"as_of": AS_OF, "services": services}
    text = render.json_records_text(
        CONTINUITY_ADAPTER, report, "services", SERVICE_CONTINUITY_ADAPTER
    )
    assert json.loads(text) == json.loads(render.json_text(CONTINUITY_ADAPTER, report))
    assert len(text.splitlines()) == 5 + len(services) == 11


def test_no_alerts_is_an_empty_list() -> None:
    report = {"as_of": AS_OF, "within": 60, "alerts": []}
    text = render.json_records_text(ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER)
    assert text == '{\n  "as_of": "2025-06-01",\n  "within": 60,\n  "alerts": []\n}\n'


def test_terminal_controls_in_user_text_are_escaped() -> None:
    alert = Alert(
        Severity.WARNING,
        AlertKind.CONTINUITY_GAP,
        None,
        "Via \u202eevil\x9b",
        "S-1",
        "text",
    )
    report = {"as_of": AS_OF, "within": 60, "alerts": [alert]}
    text = render.json_records_text(ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER)
    assert "\u202e" not in text
    assert "\x9b" not in text
    assert '"subject":"Via \\u202eevil\\u009b"' in text
    assert json.loads(text)["alerts"][0]["subject"] == "Via \u202eevil\x9b"


@pytest.mark.parametrize(
    "subjects",
    [
        ["Via Padova", "Gratosoglio"],
        ["Via Padova },{", "Gratosoglio"],  # a string closing on '},{'
        ['},{"severity":"info"', '\\"},{"'],
        ["solo"],
    ],
)
def test_the_list_written_in_one_call_is_cut_into_its_records(
    subjects: list[str],
) -> None:
    alerts = [
        Alert(Severity.INFO, AlertKind.OVERLAP, None, subject, f"C-{n}", "m")
        for n, subject in enumerate(subjects)
    ]
    report = {"as_of": AS_OF, "within": 60, "alerts": alerts}
    one_call = render.json_records_text(
        ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER, ALERT_ROWS_ADAPTER
    )
    each = render.json_records_text(ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER)
    assert one_call == each
    lines = one_call.splitlines()[4:-2]
    assert [json.loads(line.strip().rstrip(","))["subject"] for line in lines] == (
        subjects
    )


def test_services_with_nested_records_are_cut_into_their_records(
    milan: Tracker,
) -> None:
    services = milan.continuity(AS_OF)
    report = {"as_of": AS_OF, "services": services}
    one_call = render.json_records_text(
        CONTINUITY_ADAPTER,
        report,
        "services",
        SERVICE_CONTINUITY_ADAPTER,
        SERVICE_CONTINUITY_ROWS_ADAPTER,
    )
    each = render.json_records_text(
        CONTINUITY_ADAPTER, report, "services", SERVICE_CONTINUITY_ADAPTER
    )
    assert one_call == each
    assert any('"next_tender":{' in line for line in one_call.splitlines())
