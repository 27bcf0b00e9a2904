"""Records made by ``tracker.domain.frozen.maker`` are the records their class
makes: equal, hashed, shown and written alike, and frozen; so are the slotted
records whose own ``__init__`` sets them through ``slot_setters``."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter

from tracker.domain.alerts import Alert, AlertKind, Finding, Severity
from tracker.domain.continuity import ContinuityStatus, ServiceContinuity
from tracker.domain.coverage import CoverageRef, Gap, GapState, SourceKind
from tracker.domain.frozen import is_plain_frozen, maker, positional_maker, slot_setters
from tracker.domain.uncertain import Uncertain

D = date
GAP: dict[str, Any] = {
    "start": D(2023, 1, 1),
    "end": None,
    "days": 17,
    "state": GapState.CURRENT,
}
REF: dict[str, Any] = {
    "kind": SourceKind.CONTRACT,
    "ref": "LOR-2021",
    "start": D(2021, 1, 1),
    "end": D(2022, 12, 20),
}
CONTINUITY: dict[str, Any] = {
    "service": "LSL-LORENTEGGIO",
    "name": "Laboratorio di Lorenteggio",
    "neighbourhood": "Lorenteggio",
    "status": ContinuityStatus.GAP,
    "as_of": D(2023, 1, 17),
    "covered_until": D(2022, 12, 20),
    "coverage_ends": D(2022, 12, 20),
    "required_from": D(2021, 1, 1),
    "required_until": D(2025, 12, 31),
    "lead_days": 180,
    "act_by": D(2022, 6, 22),
    "current": None,
    "successor": CoverageRef(**REF),
    "next_tender": None,
    "gaps": (Gap(**GAP),),
    "overlaps": (),
    "uncertain": (Uncertain(D(2023, 1, 1), None, ("LOR-X",)),),
}


@pytest.mark.parametrize(
    ("cls", "fields"),
    [(Gap, GAP), (CoverageRef, REF), (ServiceContinuity, CONTINUITY)],
    ids=["gap", "contract", "continuity"],
)
def test_a_made_record_is_the_record_its_class_makes(
    cls: type[Any], fields: dict[str, Any]
) -> None:
    made, built = maker(cls)(**fields), cls(**fields)
    assert type(made) is cls
    assert made == built
    assert hash(made) == hash(built)
    assert repr(made) == repr(built)
    assert vars(made) == vars(built)
    adapter = TypeAdapter(cls)
    assert adapter.dump_json(made) == adapter.dump_json(built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.__setattr__(next(iter(fields)), None)


@dataclasses.dataclass
class Open:
    value: int


@dataclasses.dataclass(frozen=True)
class Checked:
    value: int

    def __post_init__(self) -> None:
        assert self.value > 0


@dataclasses.dataclass(frozen=True, slots=True)
class Slotted:
    value: int


@dataclasses.dataclass(frozen=True)
class Worked:
    value: int
    twice: int = dataclasses.field(init=False, default=0)


class Plain:
    value: int


@pytest.mark.parametrize("cls", [Open, Checked, Slotted, Worked, Plain])
def test_a_class_whose_init_does_more_is_refused(cls: type[Any]) -> None:
    with pytest.raises(TypeError, match="not a plain frozen dataclass"):
        maker(cls)


ALERT_FIELDS: dict[str, Any] = {
    "severity": Severity.WARNING,
    "kind": AlertKind.OVERLAP,
    "due": D(2023, 1, 17),
    "subject": "Laboratorio di Lorenteggio",
    "ref": "LSL-LORENTEGGIO",
}


@dataclasses.dataclass(frozen=True, slots=True)
class GeneratedAlert:
    """``Alert`` as the dataclass's own ``__init__`` would make it."""

    severity: Severity
    kind: AlertKind
    due: date | None
    subject: str
    ref: str
    message: str
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", f"{self.ref}/{self.kind}")


@pytest.mark.parametrize("key", ["", "LSL/own-key"], ids=["default key", "own key"])
def test_an_alert_set_through_its_slots_is_the_dataclass_record(key: str) -> None:
    fields = {**ALERT_FIELDS, "message": "Two contracts.", "key": key}
    alert, generated = Alert(**fields), GeneratedAlert(**fields)
    assert [getattr(alert, f) for f in fields] == [
        getattr(generated, f) for f in fields
    ]
    assert alert.key == (key or "LSL-LORENTEGGIO/contract_overlap")
    assert alert == Alert(*(getattr(alert, f.name) for f in dataclasses.fields(Alert)))
    assert hash(alert) == hash(dataclasses.replace(alert))
    assert repr(alert).startswith("Alert(severity=<Severity.WARNING")
    assert TypeAdapter(Alert).dump_json(alert) == TypeAdapter(GeneratedAlert).dump_json(
        generated
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        alert.__setattr__("message", "changed")
    # read back from JSON, as pydantic makes it: without the key, the default
    written = {**fields, "due": "2023-01-17"}
    if not key:
        del written["key"]
    assert TypeAdapter(Alert).validate_python(written) == alert


def test_a_finding_set_through_its_slots_keeps_its_fields_and_its_check() -> None:
    finding = Finding(**ALERT_FIELDS, detail=("what", 1))
    assert [getattr(finding, f.name) for f in dataclasses.fields(Finding)] == [
        *ALERT_FIELDS.values(),
        ("what", 1),
        "",
    ]
    assert finding.alert("Two contracts.") == Alert(
        **ALERT_FIELDS, message="Two contracts."
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.__setattr__("detail", None)
    with pytest.raises(ValueError, match="contract_overlap finding cannot be critical"):
        Finding(**{**ALERT_FIELDS, "severity": Severity.CRITICAL}, detail=None)


def test_slot_setters_need_slots() -> None:
    with pytest.raises(TypeError, match="Checked has no slots"):
        slot_setters(Checked)
    assert len(slot_setters(Slotted)) == 1


@pytest.mark.parametrize(
    ("cls", "fields"),
    [(Gap, GAP), (CoverageRef, REF), (ServiceContinuity, CONTINUITY)],
    ids=["gap", "contract", "continuity"],
)
def test_a_record_made_from_its_values_in_order_is_the_record_its_class_makes(
    cls: type[Any], fields: dict[str, Any]
) -> None:
    values = list(fields.values())
    made, built = positional_maker(cls)(values), cls(*values)
    assert type(made) is cls
    assert made == built
    assert vars(made) == vars(built)
    with pytest.raises(TypeError, match=f"{cls.__name__} takes {len(values)} values"):
        positional_maker(cls)(values[:-1])
    with pytest.raises(TypeError, match=f"{cls.__name__} takes {len(values)} values"):
        positional_maker(cls)([*values, None])


@pytest.mark.parametrize("cls", [Open, Checked, Slotted, Worked, Plain])
def test_a_class_whose_init_does_more_is_refused_by_the_positional_maker(
    cls: type[Any],
) -> None:
    assert not is_plain_frozen(cls)
    with pytest.raises(TypeError, match="not a plain frozen dataclass"):
        positional_maker(cls)
