"""What a reference names: every nameable record has a ref unique across the whole
database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, literal, union_all
from sqlmodel import Session, SQLModel, select

from tracker import models
from tracker.domain.refs import RecordKind

NAMEABLE: dict[type[SQLModel], tuple[str, RecordKind]] = {
    models.Programme: ("programme", RecordKind.PROGRAMME),
    models.Neighbourhood: ("neighbourhood", RecordKind.NEIGHBOURHOOD),
    models.Site: ("site", RecordKind.SITE),
    models.Service: ("service", RecordKind.SERVICE),
    models.Organisation: ("organisation", RecordKind.ORGANISATION),
    models.Consortium: ("consortium", RecordKind.CONSORTIUM),
    models.Act: ("act", RecordKind.ACT),
    models.FundingSource: ("funding source", RecordKind.FUNDING_SOURCE),
    models.Tender: ("tender", RecordKind.TENDER),
    models.Lot: ("lot", RecordKind.LOT),
    models.Contract: ("contract", RecordKind.CONTRACT),
    models.ContractOption: ("contract option", RecordKind.OPTION),
    models.InHousePeriod: ("in-house period", RecordKind.IN_HOUSE_PERIOD),
    models.FundingAllocation: ("funding allocation", RecordKind.ALLOCATION),
    models.Deadline: ("deadline", RecordKind.DEADLINE),
}
"""Each nameable record: its kind in the words its messages use, and as the front
ends and the dataset name it."""

KIND_OF = {model: word for model, (word, _kind) in NAMEABLE.items()}
RECORD_KINDS = dict(NAMEABLE.values())

INDEX = "ref_index"
"""Where a session keeps the refs it knows while a load adds records in bulk
(``tracker.services.refs.bulk_adding``): then ``find_ref`` needs no query."""


def ref_column(model: type[SQLModel], name: str) -> Any:
    return getattr(model, name)


def _any_ref() -> Any:
    """One statement over every nameable table, built once: building it for each
    lookup cost more than running it."""
    wanted: Any = bindparam("ref")
    return union_all(
        *(
            select(
                literal(kind).label("kind"), ref_column(model, "id").label("id")
            ).where(ref_column(model, "ref") == wanted)
            for model, kind in KIND_OF.items()
        )
    )


_ANY_REF = _any_ref()


def find_ref(session: Session, ref: str) -> tuple[str, int] | None:
    """The kind and id of the record a ref names, or None."""
    index = session.info.get(INDEX)
    if index is not None:
        found: tuple[str, int] | None = index.get(ref)
        return found
    row = session.execute(_ANY_REF, {"ref": ref}).first()
    if row is None:
        return None
    return str(row[0]), int(row[1])


def kind_of(session: Session, ref: str) -> RecordKind | None:
    """What kind of record ``ref`` names, or None."""
    found = find_ref(session, ref)
    return None if found is None else RECORD_KINDS[found[0]]
