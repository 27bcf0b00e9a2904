"""References: every nameable record has a ref unique across the whole database."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import literal, union_all
from sqlmodel import Session, SQLModel, select

from tracker import models
from tracker.domain.refs import check_ref
from tracker.errors import ValidationError

KIND_OF: dict[type[SQLModel], str] = {
    models.Programme: "programme",
    models.Neighbourhood: "neighbourhood",
    models.Site: "site",
    models.Service: "service",
    models.Organisation: "organisation",
    models.Consortium: "consortium",
    models.Act: "act",
    models.FundingSource: "funding source",
    models.Tender: "tender",
    models.Lot: "lot",
    models.Contract: "contract",
    models.ContractOption: "contract option",
    models.InHousePeriod: "in-house period",
    models.FundingAllocation: "funding allocation",
    models.Deadline: "deadline",
}

M = TypeVar("M", bound=SQLModel)


def _column(model: type[SQLModel], name: str) -> Any:
    return getattr(model, name)


def find_ref(session: Session, ref: str) -> tuple[str, int] | None:
    """The kind and id of the record a ref names, or None."""
    branches = [
        select(literal(kind).label("kind"), _column(model, "id").label("id")).where(
            _column(model, "ref") == ref
        )
        for model, kind in KIND_OF.items()
    ]
    row = session.execute(union_all(*branches)).first()
    if row is None:
        return None
    return str(row[0]), int(row[1])


def ensure_ref_free(session: Session, ref: str, *, field: str = "ref") -> str:
    """Check a new ref's shape and that no record already has it."""
    check_ref(ref, field=field)
    found = find_ref(session, ref)
    if found is not None:
        raise ValidationError(
            field, ref, f"this reference is already used by a {found[0]}"
        )
    return ref


def resolve(session: Session, model: type[M], ref: str, *, field: str) -> M:
    """The record of kind ``model`` named ``ref``, or a ValidationError on ``field``."""
    record = session.exec(
        select(model).where(model.ref == ref)  # type: ignore[attr-defined]
    ).first()
    if record is None:
        raise ValidationError(field, ref, f"no {KIND_OF[model]} has this reference")
    return record


def resolve_optional(
    session: Session, model: type[M], ref: str | None, *, field: str
) -> M | None:
    return None if ref is None else resolve(session, model, ref, field=field)


def record_id(record: SQLModel) -> int:
    """The primary key of a flushed record."""
    value = getattr(record, "id", None)
    assert isinstance(value, int), "record must be flushed before its id is used"
    return value
