"""Alerts and continuity as JSON: one record per line, the same data as indented
JSON, and user text that cannot steer a terminal."""

from __future__ import annotations

import dataclasses
import io
import json
import sys
import types
import typing
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic_core import PydanticSerializationError

from tracker import render_json
from tracker.api import Tracker
from tracker.cli_base import write_utf8
from tracker.domain.alerts import Alert, AlertKind, Severity
from tracker.domain.continuity import ServiceContinuity
from tracker.rows_json import _may_hold_bools, rows_json
from tracker.schemas import (
    ALERT_ADAPTER,
    ALERT_ROWS_ADAPTER,
    ALERTS_ADAPTER,
    CONTINUITY_ADAPTER,
    SERVICE_CONTINUITY_ADAPTER,
    SERVICE_CONTINUITY_ROWS_ADAPTER,
)

AS_OF = date(2025, 6, 1)


def report_text(*args: Any) -> str:
    """The report ``render_json.json_records`` writes in pieces, as text."""
    return b"".join(render_json.json_records(*args)).decode()


def test_each_alert_is_one_line_and_the_data_is_the_indented_reports(
    milan: Tracker,
) -> None:
    alerts = milan.findings(AS_OF, within=60).alerts
    report = {"as_of": AS_OF, "within": 60, "alerts": alerts}
    text = report_text(ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER)
    assert json.loads(text) == json.loads(render_json.json_text(ALERTS_ADAPTER, report))
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
    text = report_text(
        CONTINUITY_ADAPTER, report, "services", SERVICE_CONTINUITY_ADAPTER
    )
    assert json.loads(text) == json.loads(
        render_json.json_text(CONTINUITY_ADAPTER, report)
    )
    assert len(text.splitlines()) == 5 + len(services) == 11


def test_no_alerts_is_an_empty_list() -> None:
    report = {"as_of": AS_OF, "within": 60, "alerts": []}
    text = report_text(ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER)
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
    text = report_text(ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER)
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
    one_call = report_text(
        ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER, ALERT_ROWS_ADAPTER
    )
    each = report_text(ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER)
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
    one_call = report_text(
        CONTINUITY_ADAPTER,
        report,
        "services",
        SERVICE_CONTINUITY_ADAPTER,
        SERVICE_CONTINUITY_ROWS_ADAPTER,
    )
    each = report_text(
        CONTINUITY_ADAPTER, report, "services", SERVICE_CONTINUITY_ADAPTER
    )
    assert one_call == each
    assert any('"next_tender":{' in line for line in one_call.splitlines())


# Any character a string may hold, those JSON escapes or a terminal obeys first;
# and text that looks like the JSON around it.
_PIECES = st.sampled_from(
    ['"', "\\", "\x00", "\x1f", "\x7f", "\x9b", "\u2028", "\u202e"]
) | st.sampled_from(["},{", '":true', '"service":', "\U0001f600", "è"])


def _text(odd: bool) -> st.SearchStrategy[str]:
    # odd: lone surrogates too, which neither encoder writes
    chars = st.characters(exclude_categories=[] if odd else ["Cs"])
    return st.lists(chars | _PIECES, max_size=8).map("".join)


def _values(hint: Any, odd: bool) -> st.SearchStrategy[Any]:
    """Any value of ``hint``: the records are built field by field from their
    types, so that a field added later is generated too."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return st.one_of([_values(arg, odd) for arg in typing.get_args(hint)])
    if typing.get_origin(hint) is tuple:
        items = _values(typing.get_args(hint)[0], odd)
        return st.lists(items, max_size=3).map(tuple)
    if hint is type(None):
        return st.none()
    if hint is str:
        return _text(odd)
    if hint is int:  # odd: a bool, an int to the type but not to JSON
        return st.integers() | st.booleans() if odd else st.integers()
    if dataclasses.is_dataclass(hint):
        return _records(hint, odd)  # type: ignore[arg-type]
    return st.from_type(hint)


def _records(record: type, odd: bool = True) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(record)
    fields = {f.name: _values(hints[f.name], odd) for f in dataclasses.fields(record)}
    return st.builds(record, **fields)


def _same_as_pydantic(rows: TypeAdapter[list[Any]], items: list[Any]) -> None:
    try:
        expected = rows.dump_json(items)
    except PydanticSerializationError:
        with pytest.raises(PydanticSerializationError):
            rows_json(rows, items)
    else:
        assert rows_json(rows, items) == expected


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_records(ServiceContinuity), max_size=4))
def test_services_are_the_bytes_pydantic_writes(items: list[Any]) -> None:
    _same_as_pydantic(SERVICE_CONTINUITY_ROWS_ADAPTER, items)


@settings(max_examples=300)
@given(st.lists(_records(Alert), max_size=4))
def test_alerts_are_the_bytes_pydantic_writes(items: list[Any]) -> None:
    _same_as_pydantic(ALERT_ROWS_ADAPTER, items)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_records(ServiceContinuity, odd=False), min_size=1, max_size=4),
    st.lists(_records(Alert, odd=False), min_size=1, max_size=4),
)
def test_msgspec_itself_writes_pydantics_bytes(
    services: list[Any], alerts: list[Any]
) -> None:
    """Not by falling back to pydantic: for any record of sound values."""
    _msgspec_alike(SERVICE_CONTINUITY_ROWS_ADAPTER, services)
    _msgspec_alike(ALERT_ROWS_ADAPTER, alerts)


def test_a_bool_counted_as_an_int_is_written_as_pydantic_writes_it(
    milan: Tracker,
) -> None:
    service = milan.continuity(AS_OF)[0]
    items = [service, dataclasses.replace(service, lead_days=True)]
    text = rows_json(SERVICE_CONTINUITY_ROWS_ADAPTER, items)
    assert text == SERVICE_CONTINUITY_ROWS_ADAPTER.dump_json(items)
    assert b'"lead_days":1,' in text


@pytest.mark.parametrize(
    ("change", "walked"),
    [
        ({}, False),
        ({"lead_days": True}, True),
        ({"lead_days": False}, True),
        ({"name": '"lead_days":true'}, False),
    ],
    ids=["sound", "true", "false", "the text of a bool in a name"],
)
def test_the_records_are_walked_only_when_their_bytes_may_hold_a_bool(
    milan: Tracker, change: dict[str, Any], walked: bool
) -> None:
    service = dataclasses.replace(milan.continuity(AS_OF)[0], **change)
    whole = msgspec.json.encode([service])
    assert _may_hold_bools(ServiceContinuity, whole) is walked


def test_the_milan_records_encode_as_pydantic_does(milan: Tracker) -> None:
    services = milan.continuity(AS_OF)
    alerts = milan.findings(AS_OF, within=60).alerts
    # the fast encoder itself, not a fallback to pydantic, gives the bytes
    _msgspec_alike(SERVICE_CONTINUITY_ROWS_ADAPTER, services)
    _msgspec_alike(ALERT_ROWS_ADAPTER, alerts)


class _Refused:
    def dump_json(self, _items: list[Any]) -> bytes:
        raise AssertionError("written by pydantic")


def _msgspec_alike(rows: TypeAdapter[list[Any]], items: list[Any]) -> None:
    assert msgspec.json.encode(items) == rows.dump_json(items)
    # nor does rows_json fall back to pydantic on them
    refused = typing.cast(TypeAdapter[list[Any]], _Refused())
    assert rows_json(refused, items) == rows.dump_json(items)


def _held_records(record: type) -> Iterator[type]:
    yield record
    hints = typing.get_type_hints(record)
    for field in dataclasses.fields(record):
        for arg in typing.get_args(hints[field.name]) or (hints[field.name],):
            if dataclasses.is_dataclass(arg):
                yield from _held_records(arg)  # type: ignore[arg-type]


@pytest.mark.parametrize("record", [ServiceContinuity, Alert])
def test_records_written_by_msgspec_cannot_be_subclassed(record: type) -> None:
    """msgspec would write a subclass's own fields, which pydantic leaves out."""
    held = set(_held_records(record))
    assert len(held) == {ServiceContinuity: 6, Alert: 1}[record]
    assert all(getattr(cls, "__final__", False) for cls in held)


@given(st.text())
def test_utf8_is_escaped_as_the_text_is(text: str) -> None:
    assert (
        render_json._escaped_utf8(text.encode()) == render_json._escaped(text).encode()
    )


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "€ 1.234,50",
        "«virgolette»",
        "l\u2019ente",
        "\x7f\x80\x9f\xa0",
        "\u202e\u2069",
        "l\u2019ente \u2013 \u20ac 5 \u2066fine",
        "\u00ab\u00bb \u00b0 \u0085",
    ],
)
def test_utf8_escaping_by_example(text: str) -> None:
    assert (
        render_json._escaped_utf8(text.encode()) == render_json._escaped(text).encode()
    )


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        (lambda: io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), "€ «x»\n".encode()),
        (lambda: io.TextIOWrapper(io.BytesIO(), encoding="utf_8"), "€ «x»\n".encode()),
        (
            lambda: io.TextIOWrapper(io.BytesIO(), encoding="utf-16-le"),
            "€ «x»\n".encode("utf-16-le"),
        ),
    ],
    ids=["utf-8", "utf-8 by another name", "another encoding"],
)
def test_a_report_is_written_in_the_outputs_encoding(
    monkeypatch: pytest.MonkeyPatch,
    stream: Callable[[], io.TextIOWrapper],
    expected: bytes,
) -> None:
    out = stream()
    monkeypatch.setattr(sys, "stdout", out)
    sys.stdout.write("")
    write_utf8("€ «x»\n".encode())
    out.flush()
    assert out.buffer.getvalue() == expected  # type: ignore[attr-defined]


def test_a_report_is_written_to_an_output_of_text_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    write_utf8("€ «x»\n".encode())
    assert out.getvalue() == "€ «x»\n"
