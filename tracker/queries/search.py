"""Find any tender, lot, contract, service, organisation or consortium by what a
person remembers of it: a name, a reference, a CIG, a CUP or a partita IVA."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, or_, select, union_all
from sqlmodel import Session

from tracker import models
from tracker.queries.tables import table_of


@dataclass(frozen=True)
class SearchHit:
    kind: str
    """tender, lot, contract, service, organisation or consortium."""
    ref: str
    name: str
    detail: str | None
    """What else matched or identifies it: CIG, CUP, partita IVA."""


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _matches(pattern: str, *columns: Any) -> Any:
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))


_SEARCHED: tuple[tuple[str, type[Any], str, str | None, tuple[str, ...]], ...] = (
    # kind, model, the column shown as its name, the one shown beside it, and the
    # columns besides the reference that a search looks in
    (
        "tender",
        models.Tender,
        "title",
        "cup",
        ("title", "cup", "ocid", "cpv_codes"),
    ),
    ("lot", models.Lot, "title", "cig", ("title", "cig", "cups")),
    ("contract", models.Contract, "title", "cig", ("title", "cig")),
    ("service", models.Service, "name", None, ("name",)),
    (
        "organisation",
        models.Organisation,
        "name",
        "partita_iva",
        ("name", "partita_iva", "codice_fiscale", "ausa"),
    ),
    ("consortium", models.Consortium, "name", None, ("name",)),
)


def search(session: Session, text: str, *, limit: int = 50) -> list[SearchHit]:
    """Records whose name, reference or identifiers contain ``text`` (any case),
    exact references first, then by kind and reference."""
    words = text.strip()
    if not words:
        return []
    pattern = _like(words)
    branches = [
        select(
            literal(kind).label("kind"),
            table.c.ref,
            table.c[name].label("name"),
            (literal(None) if detail is None else table.c[detail]).label("detail"),
        ).where(
            _matches(pattern, table.c.ref, *(table.c[column] for column in searched))
        )
        for kind, model, name, detail, searched in _SEARCHED
        for table in (table_of(model),)
    ]
    union = union_all(*branches).subquery()
    exact = (func.lower(union.c.ref) == words.lower()).label("exact")
    query = (
        select(union.c.kind, union.c.ref, union.c.name, union.c.detail)
        .order_by(exact.desc(), union.c.kind, union.c.ref)
        .limit(limit)
    )
    return [
        SearchHit(
            str(kind), str(ref), str(name), None if detail is None else str(detail)
        )
        for kind, ref, name, detail in session.execute(query)
    ]


def owner_of(session: Session, ref: str) -> str | None:
    """The tender of a lot, the contract of an option; None for other records."""
    t = models.Tender.__table__  # type: ignore[attr-defined]
    lot = models.Lot.__table__  # type: ignore[attr-defined]
    c = models.Contract.__table__  # type: ignore[attr-defined]
    o = models.ContractOption.__table__  # type: ignore[attr-defined]
    found = session.execute(
        select(t.c.ref).join(lot, lot.c.tender_id == t.c.id).where(lot.c.ref == ref)
    ).scalar()
    if found is None:
        found = session.execute(
            select(c.c.ref).join(o, o.c.contract_id == c.c.id).where(o.c.ref == ref)
        ).scalar()
    return None if found is None else str(found)
