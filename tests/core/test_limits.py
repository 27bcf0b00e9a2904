"""No value can stop the app: days outside 1900-2199, control characters in text,
orphan acknowledgements and snoozes, JSON nested too deep and values too long are
refused where they come in, with a message naming the place and the value (cut);
and the engine computes everything at the edges of the days it takes."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

import pydantic
import pytest

from tests.conftest import MILAN, fixed_clock
from tests.core.test_bad_input import _set, _state, valid_dataset
from tracker.api import Tracker
from tracker.cli import main
from tracker.config import settings_from_mapping
from tracker.dataset import MAX_DEPTH, nesting_depth, parse_dataset
from tracker.domain.continuity import ContinuityStatus
from tracker.domain.periods import (
    FIRST_DAY,
    LAST_DAY,
    MAX_DAYS,
    check_day,
    day_problem,
    days_problem,
    resolve_period,
)
from tracker.drafts import (
    BLOCK,
    IN_CALENDAR,
    LINE,
    ContractDraft,
    Draft,
    OrganisationDraft,
)
from tracker.errors import DatasetError, TrackerError, ValidationError, quote
from tracker.forms import draft_from_values, read_values
from tracker.i18n import set_language

OUT_OF_RANGE = "must be a day from 01/01/1900 to 31/12/2199"

# --- the rule ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "taken"),
    [
        (date(1, 1, 1), False),
        (date(1899, 12, 31), False),
        (FIRST_DAY, True),
        (date(2023, 1, 17), True),
        (LAST_DAY, True),
        (date(2200, 1, 1), False),
        (date(9999, 12, 31), False),
        (datetime(1900, 1, 1, 0, 0, tzinfo=UTC), True),
        (datetime(2199, 12, 31, 23, 59, 59, tzinfo=UTC), True),
        (datetime(9999, 12, 31, 23, 0, tzinfo=UTC), False),
        (datetime(1, 1, 1, 1, 0, tzinfo=UTC), False),
        (datetime(2199, 12, 31, 12, 0, tzinfo=timezone(timedelta(hours=-11))), True),
        (datetime(2199, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))), False),
        (datetime(1900, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=14))), False),
        (datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))), False),
        (datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=14))), False),
    ],
    ids=str,
)
def test_day_rule(day: date, taken: bool) -> None:
    assert (day_problem(day) is None) is taken


def test_a_refused_day_names_the_field_and_the_day_in_either_language() -> None:
    with pytest.raises(ValidationError, match=r"^End: must be a day from 01/01/1900"):
        check_day(date(9999, 12, 31), field="end")
    set_language("it")
    assert str(day_problem(date(2200, 1, 1))) == (
        "deve essere una data compresa tra il 01/01/1900 e il 31/12/2199"
    )


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2199, 1, 1), 12, LAST_DAY),
        (FIRST_DAY, 3600, LAST_DAY),
        (date(2199, 1, 1), 13, None),
        (date(2150, 1, 1), 1200, None),
        (LAST_DAY, 1, None),
    ],
)
def test_a_term_may_end_on_the_last_day_not_after(
    start: date, months: int, end: date | None
) -> None:
    if end is not None:
        assert resolve_period(start, None, months).end == end
    else:
        with pytest.raises(ValidationError, match=r"Period → Months: the term ends"):
            resolve_period(start, None, months)


# --- every way in -----------------------------------------------------------


LOADER_CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("contract end", _set("contracts.0.end", "9999-12-31"), "contracts[CTR-X].end"),
    (
        "contract start",
        _set("contracts.0.start", "0001-01-01"),
        "contracts[CTR-X].start",
    ),
    (
        "service required from",
        _set("services.0.required_from", "1899-12-31"),
        "services[SRV].required_from",
    ),
    (
        "tender planned start",
        _set("tenders.0.planned_start", "2200-01-01"),
        "tenders[GARA-X].planned_start",
    ),
    (
        "option end",
        _set(
            "contracts.0.options",
            [{"ref": "O", "kind": "renewal", "state": "planned", "end": "9999-12-31"}],
        ),
        "contracts[CTR-X].options[O].end",
    ),
    (
        "deadline due",
        _set(
            "deadlines",
            [{"ref": "D", "title": "T", "due": "9999-12-31", "recurrence": "monthly"}],
        ),
        "deadlines[D].due",
    ),
    (
        "note written at",
        _set(
            "notes",
            [
                {
                    "subject": "CTR-X",
                    "written_at": "9999-12-31T23:00:00-05:00",
                    "author": "x",
                    "text": "t",
                }
            ],
        ),
        "notes[0].written_at",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "place"),
    [(m, p) for _, m, p in LOADER_CASES],
    ids=[c[0] for c in LOADER_CASES],
)
def test_the_loader_refuses_a_day_out_of_range_and_writes_nothing(
    milan: Tracker,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    mutate: Callable[[dict[str, Any]], None],
    place: str,
) -> None:
    data = copy.deepcopy(valid_dataset())
    mutate(data)
    path = tmp_path / "far.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = _state(milan)
    assert main(["--db", db_url, "load", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{place}: {OUT_OF_RANGE}" in err
    assert "Traceback" not in err
    assert "internal error" not in err
    assert _state(milan) == before


def test_forms_refuse_a_typed_day_out_of_range_naming_what_was_typed() -> None:
    with pytest.raises(ValidationError) as raised:
        draft_from_values("contract", {"ref": "C", "title": "T", "start": "31/12/9999"})
    assert raised.value.field == "start"
    assert str(raised.value) == f"Start: {OUT_OF_RANGE} (value: '31/12/9999')"
    with pytest.raises(ValidationError, match="Decided on: must be a day"):
        read_values("exercise", {"decided_on": "01/01/1899"})
    draft = draft_from_values(
        "contract",
        {"ref": "C", "title": "T", "start": "01/01/1900", "end": "2199-12-31"},
    )
    assert isinstance(draft, ContractDraft)
    assert (draft.start, draft.end) == (FIRST_DAY, LAST_DAY)


def test_drafts_refuse_a_day_out_of_range_however_they_are_made(
    milan: Tracker,
) -> None:
    with pytest.raises(pydantic.ValidationError, match=OUT_OF_RANGE):
        ContractDraft(ref="C", title="T", start=date(1, 1, 1))
    current = milan.draft_of("LOR-2019-C1")
    assert isinstance(current, ContractDraft)
    # a copy skips pydantic's checks: the save checks the draft again
    changed = current.model_copy(update={"end": date(9999, 12, 31), "options": []})
    with pytest.raises(ValidationError, match=f"End: {OUT_OF_RANGE}"):
        milan.save_contract(changed, original="LOR-2019-C1")
    with pytest.raises(ValidationError, match=f"Decided on: {OUT_OF_RANGE}"):
        milan.exercise_option("LOR-2019-C1-R1", decided_on=date(9999, 1, 1))
    with pytest.raises(ValidationError, match=f"Until: {OUT_OF_RANGE}"):
        milan.snooze_alert("LOR-2019-C1/end", until=date(9999, 1, 1))


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2200-01-01"])
def test_the_command_line_refuses_an_as_of_day_out_of_range(
    day: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["alerts", "--as-of", day])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --as-of: {OUT_OF_RANGE}: '{day}'" in err


# --- text is data -----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "place", "reason"),
    [
        (
            "organisations.1.name",
            "Coop\x00 A",
            "organisations[COOP-A].name",
            "holds a control character",
        ),
        (
            "contracts.0.title",
            "C\u202egpj.exe",
            "contracts[CTR-X].title",
            "holds a control that changes the direction of the text",
        ),
        (
            "organisations.1.name",
            "Coop\nA",
            "organisations[COOP-A].name",
            "must be on one line",
        ),
        (
            "organisations.1.note",
            "a\x1b[2J",
            "organisations[COOP-A].note",
            "holds a control character",
        ),
    ],
    ids=["nul", "bidi-override", "newline-in-a-name", "escape-in-a-note"],
)
def test_control_characters_are_refused_alike_on_both_backends(
    tracker: Tracker,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    path: str,
    value: str,
    place: str,
    reason: str,
) -> None:
    data = valid_dataset()
    _set(path, value)(data)
    file = tmp_path / "control.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--db", db_url, "load", str(file)]) == 1
    err = capsys.readouterr().err
    assert f"{place}: {reason}" in err
    assert "database refused" not in err
    assert "internal error" not in err
    assert tracker.list_organisations() == []


def test_a_note_keeps_its_lines_and_tabs(tracker: Tracker) -> None:
    data = valid_dataset()
    data["organisations"][1]["note"] = "prima riga\n\tseconda riga"
    data["notes"] = [
        {
            "subject": "CTR-X",
            "written_at": "2024-01-02T10:00:00+01:00",
            "author": "rup",
            "text": "a\nb",
        }
    ]
    tracker.load_dataset(parse_dataset(json.dumps(data)))
    [note] = tracker.notes_of("CTR-X")
    assert note.text == "a\nb"


def test_the_api_refuses_control_characters_in_every_write(milan: Tracker) -> None:
    with pytest.raises(ValidationError, match=r"^Text: holds a control character"):
        milan.add_note("LOR-2019-C1", "nota\x00")
    note_id = milan.add_note("LOR-2019-C1", "nota\nsu due righe")
    with pytest.raises(ValidationError, match=r"^Text: holds a control character"):
        milan.update_note(note_id, "\x9b2J")
    organisation = milan.draft_of("SPAZIO-APERTO")
    assert isinstance(organisation, OrganisationDraft)
    with pytest.raises(
        ValidationError, match=r"^Name: holds a control that changes the direction"
    ):
        milan.save_organisation(
            organisation.model_copy(update={"name": "\u2066x\u2069"}),
            original="SPAZIO-APERTO",
        )
    with pytest.raises(ValidationError, match=r"^Name: must be on one line"):
        draft_from_values("organisation", {"ref": "X", "name": "a\tb"})
    assert [n.text for n in milan.notes_of("LOR-2019-C1")][-1] == "nota\nsu due righe"


# --- orphan acknowledgements and snoozes ------------------------------------


def _milan_with(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(MILAN.read_text(encoding="utf-8"))
    data.update(extra)
    return data


AT = "2023-01-17T09:00:00+01:00"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"acknowledgements": [{"key": "LDQ-2099/start", "at": AT, "actor": "x"}]},
            "acknowledgements[LDQ-2099/start].key: no deadline has this key",
        ),
        (
            {"acknowledgements": [{"key": "NOTHING", "at": AT, "actor": "x"}]},
            "acknowledgements[NOTHING].key: no deadline has this key",
        ),
        (
            {
                "snoozes": [
                    {
                        "key": "LSL-NOWHERE/continuity_gap",
                        "until": "2023-02-01",
                        "at": AT,
                        "actor": "x",
                    }
                ]
            },
            "snoozes[LSL-NOWHERE/continuity_gap].key: no alert has this key",
        ),
        (
            {
                "acknowledgements": [
                    {"key": "LDQ-2016/start", "at": AT, "actor": "x"},
                    {"key": "LDQ-2016/start", "at": AT, "actor": "y"},
                ]
            },
            "acknowledgements[LDQ-2016/start].key: this deadline is already",
        ),
    ],
    ids=["unknown-record", "unknown-deadline", "unknown-alert", "twice"],
)
def test_orphan_acknowledgements_and_snoozes_are_refused(
    tracker: Tracker,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: dict[str, Any],
    expected: str,
) -> None:
    path = tmp_path / "orphans.json"
    path.write_text(json.dumps(_milan_with(**extra)), encoding="utf-8")
    assert main(["--db", db_url, "load", str(path)]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "internal error" not in err
    assert tracker.list_contracts() == []


def test_acknowledgements_and_snoozes_of_existing_records_load(
    tracker: Tracker,
) -> None:
    data = _milan_with(
        acknowledgements=[{"key": "LDQ-2016/start", "at": AT, "actor": "x"}],
        snoozes=[
            {
                "key": "LOR-2019-C1/end",
                "until": "2023-02-01",
                "at": AT,
                "actor": "x",
            }
        ],
    )
    summary = tracker.load_dataset(parse_dataset(json.dumps(data)))
    assert summary.counts["acknowledgements"] == 1
    assert summary.counts["snoozes"] == 1


# --- JSON nested too deep, values too long -----------------------------------


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("{}", 1),
        ('[[1], {"a": [2]}]', 3),
        ('{"a": "[[[[{{{{"}', 1),
        ('{"a": "x\\"[[[[", "b": [1]}', 2),
        ("1", 0),
        ("[" * 5000 + "]" * 5000, 5000),
    ],
)
def test_nesting_depth_counts_brackets_outside_strings(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_json_nested_deeper_than_any_dataset_is_refused_without_recursing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.db"
    for depth in (MAX_DEPTH + 1, 1_000, 100_000):
        path = tmp_path / f"deep-{depth}.json"
        path.write_text('{"programmes": ' + "[" * depth + "]" * depth + "}")
        assert main(["--db", str(target), "load", str(path)]) == 1
        err = capsys.readouterr().err
        assert f"nest deeper than {MAX_DEPTH} levels" in err
        assert "RecursionError" not in err
        assert "internal error" not in err
        assert not target.exists()
    with pytest.raises(DatasetError, match="programmes"):
        parse_dataset(
            '{"programmes": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}"
        )


def test_a_number_too_long_to_read_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "number.json"
    path.write_text(
        '{"programmes": [{"ref": "P", "name": "x", "note": ' + "9" * 5000 + "}]}"
    )
    assert main(["--db", str(tmp_path / "new.db"), "load", str(path)]) == 1
    assert "a number too long to read" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("short", "'short'"),
        ("x" * 60, "'" + "x" * 60 + "'"),
        ("x" * 1_048_576, "'" + "x" * 60 + "'… (1,048,576 characters)"),
        ("\x00" * 61, "'" + "\\x00" * 60 + "'… (61 characters)"),
        (12, "12"),
        (10**70, str(10**70)[:60] + "… (71 characters)"),
        (10**5000, "a number of about 5,001 digits"),
        (None, "None"),
    ],
    ids=["short", "sixty", "a-megabyte", "escaped", "int", "long-int", "huge", "none"],
)
def test_a_long_value_is_quoted_cut_with_its_size(value: object, shown: str) -> None:
    assert quote(value) == shown


def test_the_size_of_a_cut_value_is_written_in_italian() -> None:
    set_language("it")
    assert quote("y" * 1_048_576).endswith("'… (1.048.576 caratteri)")
    assert quote("y" * 61).endswith("(61 caratteri)")


def test_a_megabyte_value_makes_a_one_line_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = "x" * 1_048_576
    data = valid_dataset()
    data["organisations"][1]["name"] = big
    data["organisations"][2]["ref"] = big
    data["contracts"][0]["cig"] = big
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["--db", str(tmp_path / "new.db"), "load", str(path)]) == 1
    err = capsys.readouterr().err
    assert len(err) < 1_000
    assert "organisations[COOP-A].name" in err
    assert "organisations[2].ref" in err
    assert err.count("(1,048,576 characters)") == 3


# --- the engine at the edges of the days it takes ----------------------------


def extremes() -> dict[str, Any]:
    """Everything at the first and the last day the tracker takes: contracts from
    1900-01-01, ends and options reaching 2199-12-31, long lead times, recurring
    deadlines over three centuries."""
    old = "1900-01-01"
    last = "2199-12-31"
    milestones = (
        "publication_date",
        "offer_deadline",
        "award_date",
        "standstill_end",
        "signature_date",
    )
    return {
        "format": "appalti-dataset",
        "version": 1,
        "programmes": [{"ref": "PRG", "name": "Programma", "start": old, "end": last}],
        "neighbourhoods": [
            {
                "ref": "Q",
                "name": "Quartiere",
                "programmes": ["PRG"],
                "figures_as_of": old,
            }
        ],
        "services": [
            {
                "ref": "SRV-OLD",
                "name": "Dal 1900",
                "neighbourhood": "Q",
                "required_from": old,
                "programme": "PRG",
            },
            {
                "ref": "SRV-END",
                "name": "Il 2199",
                "neighbourhood": "Q",
                "required_from": last,
                "required_until": last,
            },
            {
                "ref": "SRV-GAP",
                "name": "Scoperto",
                "neighbourhood": "Q",
                "required_from": old,
                "required_until": last,
            },
        ],
        "organisations": [{"ref": "COOP", "name": "Cooperativa"}],
        "funding_sources": [
            {
                "ref": "FND",
                "name": "Fondo",
                "kind": "municipal",
                "eligible_from": old,
                "eligible_until": last,
            }
        ],
        "tenders": [
            {
                "ref": "GARA-OLD",
                "title": "Gara 1900",
                "status": "awarded",
                "procedure_type": "aperta",
                "planned_start": old,
                "planned_months": 1200,
                **dict.fromkeys(milestones, old),
                "lots": [
                    {
                        "ref": "GARA-OLD-L1",
                        "number": 1,
                        "title": "Lotto",
                        "services": ["SRV-OLD"],
                    }
                ],
            },
            {
                "ref": "GARA-END",
                "title": "Gara 2199",
                "status": "planned",
                "procedure_type": "aperta",
                "planned_start": last,
                "planned_start_precision": "year",
                "planned_months": 1200,
                **dict.fromkeys(milestones, last),
                "lots": [
                    {
                        "ref": "GARA-END-L1",
                        "number": 1,
                        "title": "Lotto",
                        "services": ["SRV-END"],
                    }
                ],
            },
        ],
        "contracts": [
            {
                "ref": "C-OLD",
                "title": "Dal 1900",
                "lot": "GARA-OLD-L1",
                "supplier": "COOP",
                "signed_on": old,
                "start": old,
                "end": "2199-11-30",
                "amount": {"net": "9999999999.99", "vat_rate": "22"},
                "options": [
                    {
                        "ref": "C-OLD-R1",
                        "kind": "renewal",
                        "state": "planned",
                        "months": 1,
                        "amount": {"net": "1.00", "vat_rate": "22"},
                    }
                ],
            },
            {
                "ref": "C-ONE",
                "title": "Il primo giorno",
                "supplier": "COOP",
                "services": ["SRV-GAP"],
                "start": old,
                "end": old,
            },
            {
                "ref": "C-LAST",
                "title": "L'ultimo giorno",
                "supplier": "COOP",
                "services": ["SRV-GAP", "SRV-END"],
                "start": last,
                "end": last,
            },
        ],
        "allocations": [
            {
                "ref": "ALL",
                "source": "FND",
                "funds": "C-OLD",
                "amount": "1.00",
                "status": "pending_confirmation",
            }
        ],
        "deadlines": [
            {
                "ref": "D-MONTHLY",
                "title": "Ogni mese dal 1900",
                "due": "1900-01-31",
                "lead_days": 3650,
                "recurrence": "monthly",
            },
            {
                "ref": "D-LAST",
                "title": "L'ultimo giorno",
                "due": last,
                "lead_days": 3650,
                "subject": "C-OLD",
            },
            {
                "ref": "D-YEARLY",
                "title": "Ogni anno",
                "due": old,
                "lead_days": 0,
                "recurrence": "yearly",
                "recurrence_until": last,
            },
        ],
        "notes": [
            {
                "subject": "C-OLD",
                "written_at": "2199-12-31T12:00:00-11:00",
                "author": "x",
                "text": "nota",
            }
        ],
        "acknowledgements": [
            {"key": "C-OLD/end", "at": "1900-01-01T00:00:00Z", "actor": "x"}
        ],
        "snoozes": [
            {
                "key": "SRV-GAP/continuity_gap",
                "until": last,
                "at": "2199-12-31T23:59:59+00:00",
                "actor": "x",
            }
        ],
    }


EDGES = [FIRST_DAY, date(2023, 1, 17), LAST_DAY]


def _exercise_everything(tracker: Tracker, as_of: date) -> None:
    """Every reading the app, the lists and the documents make as of a day."""
    services = {s.service: s for s in tracker.continuity(as_of)}
    assert set(services) == {"SRV-OLD", "SRV-END", "SRV-GAP"}
    tracker.timeline(as_of)
    tracker.dashboard(as_of)
    tracker.findings(as_of, within=3650)
    tracker.services_browser(as_of)
    tracker.deadlines_browser(as_of)
    for ref in ("GARA-OLD", "GARA-END"):
        tracker.dossier(ref, as_of)
        tracker.tender_view(ref, as_of)
    tracker.committee_report(as_of)
    tracker.contract_view("C-OLD", as_of)
    tracker.service_view("SRV-GAP", as_of)
    tracker.deadline_view("D-MONTHLY", as_of)
    tracker.funding_source_view("FND", as_of)


def test_the_engine_computes_at_the_edges_of_the_days_it_takes(db_url: str) -> None:
    tracker = Tracker.open(db_url, clock=fixed_clock, actor="test-rup")
    try:
        tracker.load_dataset(parse_dataset(json.dumps(extremes())))
        for as_of in EDGES:
            _exercise_everything(tracker, as_of)
        assert tracker.deadlines(LAST_DAY, since=FIRST_DAY)
        tracker.exercise_option("C-OLD-R1", decided_on=LAST_DAY)
        for as_of in EDGES:
            _exercise_everything(tracker, as_of)
        last = {s.service: s for s in tracker.continuity(LAST_DAY)}
        assert last["SRV-OLD"].covered_until == LAST_DAY
        # required with no end: on the last day a successor is overdue
        assert last["SRV-OLD"].status is ContinuityStatus.AT_RISK
        assert last["SRV-GAP"].status is ContinuityStatus.OK
        assert last["SRV-GAP"].covered_until == LAST_DAY
        first = {s.service: s for s in tracker.continuity(FIRST_DAY)}
        assert first["SRV-GAP"].covered_until == FIRST_DAY
    finally:
        tracker.close()


def test_an_option_cannot_extend_past_the_last_day(tracker: Tracker) -> None:
    data = extremes()
    data["contracts"][0]["options"][0]["months"] = 2
    with pytest.raises(ValidationError) as raised:
        tracker.load_dataset(parse_dataset(json.dumps(data)))
    assert str(raised.value).startswith(
        "contracts[C-OLD].options[C-OLD-R1].period.months: the term ends beyond the "
        "calendar (after 31/12/2199) (value: 2)"
    )


@pytest.mark.parametrize("as_of", [d.isoformat() for d in EDGES])
def test_every_command_runs_at_the_edges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str
) -> None:
    dataset = tmp_path / "extremes.json"
    dataset.write_text(json.dumps(extremes()), encoding="utf-8")
    db = str(tmp_path / "extremes.db")
    assert main(["load", str(dataset), "--db", db]) == 0
    commands = [
        ["alerts", "--as-of", as_of],
        ["continuity", "--as-of", as_of],
        ["dossier", "GARA-END", "-o", str(tmp_path / "d.pdf"), "--as-of", as_of],
        ["report", "continuity", "-o", str(tmp_path / "r.pdf"), "--as-of", as_of],
        ["show", "C-OLD"],
        ["list", "services"],
        ["dump", str(tmp_path / "dump.json")],
    ]
    for command in commands:
        status = main([*command, "--db", db])
        err = capsys.readouterr().err
        assert "internal error" not in err, command
        assert status in (0, 3), (command, err)


# --- what the fuzzing found -----------------------------------------------------


def test_an_unknown_field_is_named_quoted_and_cut() -> None:
    doc = valid_dataset()
    doc["contracts"][0]["x\x80\u202e" * 40] = 1
    with pytest.raises(DatasetError) as raised:
        parse_dataset(json.dumps(doc))
    problem = str(raised.value.problems[0])
    assert problem.startswith("contracts[CTR-X]['x\\x80\\u202ex\\x80")
    assert problem.endswith("… (120 characters)]: unknown field")


def test_a_share_beyond_100_is_refused_before_any_arithmetic(tracker: Tracker) -> None:
    doc = valid_dataset()
    doc["consortia"][0]["members"][0]["share"] = "9" * 40
    with pytest.raises(ValidationError, match=r"share: a share is from 0 to 100"):
        tracker.load_dataset(parse_dataset(json.dumps(doc)))
    assert tracker.list_organisations() == []


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("record_id", 2**63, "must be 2,147,483,647 or less"),
        ("subject_version", 0, "must be 1 or more"),
        ("at", "9999-12-31T23:00:00-05:00", OUT_OF_RANGE),
        ("at", "2199-12-31T23:30:00-05:00", OUT_OF_RANGE),
        ("changes", "[" * 2000, "not the JSON text of an object"),
        ("changes", "[1]", "not the JSON text of an object"),
    ],
)
def test_a_history_entry_the_database_cannot_hold_is_refused(
    field: str, value: object, reason: str
) -> None:
    entry: dict[str, Any] = {
        "at": "2023-01-17T08:30:00Z",
        "actor": "rup",
        "action": "create",
        "entity": "programme",
        "record_id": 1,
        "ref": "PRG",
        "subject_kind": "programme",
        "subject": "PRG",
        "subject_version": 1,
        "changes": "{}",
        field: value,
    }
    doc = valid_dataset()
    doc["history"] = [entry]
    with pytest.raises(DatasetError) as raised:
        parse_dataset(json.dumps(doc))
    [problem] = map(str, raised.value.problems)
    assert problem.startswith(f"history[PRG].{field}: ")
    assert reason in problem


@pytest.mark.parametrize(
    ("days", "taken"),
    [(-1, False), (0, True), (3650, True), (MAX_DAYS, True), (MAX_DAYS + 1, False)],
)
def test_days_rule(days: int, taken: bool) -> None:
    assert (days_problem(days) is None) is taken


def test_a_number_of_days_past_the_calendar_is_refused_in_settings_and_options(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    with pytest.raises(TrackerError, match=r"horizon_days: a number of days from 0"):
        settings_from_mapping({"horizon_days": 10**9})
    with pytest.raises(TrackerError, match=r"lead_days\.aperta: a number of days"):
        settings_from_mapping({"lead_days": {"aperta": MAX_DAYS + 1}})
    assert settings_from_mapping({"horizon_days": MAX_DAYS}).horizon_days == MAX_DAYS
    with pytest.raises(SystemExit):
        main(["--db", db_url, "alerts", "--within", "99999999999"])
    assert "argument --within: a number of days from 0 to 109,572" in (
        capsys.readouterr().err
    )
    assert main(["--db", db_url, "alerts", "--within", str(MAX_DAYS)]) in (0, 3)
    assert "internal error" not in capsys.readouterr().err


# --- every text and every day of every draft is checked -----------------------


SAFE_PATTERNS = {r"^[A-Z0-9][A-Z0-9._/-]{0,39}$", r"^-?[0-9]+(\.[0-9]+)?$"}
"""References and amounts: patterns that allow no control character."""


def _unchecked(annotation: Any, checks: tuple[Any, ...] = ()) -> list[str]:
    """The leaf types of ``annotation`` that no check of the drafts covers."""
    if get_origin(annotation) is Annotated:
        inner, *metadata = get_args(annotation)
        found = list(checks)
        for item in metadata:
            found.append(item)
            found.extend(getattr(item, "metadata", []))
        return _unchecked(inner, tuple(found))
    if get_origin(annotation) is Literal:
        return []
    args = get_args(annotation)
    if args:
        return [leaf for arg in args for leaf in _unchecked(arg, checks)]
    if annotation in (date, datetime):
        return [] if IN_CALENDAR in checks else [annotation.__name__]
    if annotation is str:
        patterns = {getattr(c, "pattern", None) for c in checks}
        if {LINE, BLOCK} & set(checks) or patterns & SAFE_PATTERNS:
            return []
        return ["str"]
    return []


def _models() -> list[type[pydantic.BaseModel]]:
    found: list[type[pydantic.BaseModel]] = []
    todo: list[type[pydantic.BaseModel]] = [Draft]
    while todo:
        model = todo.pop()
        found.append(model)
        todo.extend(model.__subclasses__())
    return found


def test_every_text_and_every_day_of_every_draft_is_checked() -> None:
    unchecked = {
        f"{model.__name__}.{name}": leaves
        for model in _models()
        for name, annotation in get_type_hints(model, include_extras=True).items()
        if name != "model_config" and (leaves := _unchecked(annotation))
    }
    assert unchecked == {}
    assert len(_models()) > 20
