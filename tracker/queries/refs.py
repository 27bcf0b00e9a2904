"""What a reference names: every nameable record has a ref unique across the whole
database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import literal, union_all
from sqlmodel import Session, SQLModel, select

from tracker import models

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
"""Each nameable record's kind, in the words its messages use."""

INDEX = "ref_index"
"""Where a session keeps the refs it knows while a load adds records in bulk
(``tracker.services.refs.bulk_adding``): then ``find_ref`` needs no query."""


def ref_column(model: type[SQLModel], name: str) -> Any:
    return getattr(model, name)


def find_ref(session: Session, ref: str) -> tuple[str, int] | None:
    """The kind and id of the record a ref names, or None."""
    index = session.info.get(INDEX)
    if index is not None:
        found: tuple[str, int] | None = index.get(ref)
        return found
    branches = [
        select(literal(kind).label("kind"), ref_column(model, "id").label("id")).where(
            ref_column(model, "ref") == ref
        )
        for model, kind in KIND_OF.items()
    ]
    row = session.execute(union_all(*branches)).first()
    if row is None:
        return None
    return str(row[0]), int(row[1])
