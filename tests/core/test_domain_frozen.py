"""Records made by ``tracker.domain.frozen.maker`` are the records their class
makes: equal, hashed, shown and written alike, and frozen."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter

from tracker.domain.continuity import ContinuityStatus, ServiceContinuity
from tracker.domain.coverage import CoverageRef, Gap, GapState, SourceKind
from tracker.domain.frozen import maker
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
