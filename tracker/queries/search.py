"""Find any tender, lot, contract, service, organisation or consortium by what a
person remembers of it: a name, a reference, a CIG, a CUP or a partita IVA."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, or_, select, union_all
from sqlmodel import Session

from tracker import models


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


def search(session: Session, text: str, *, limit: int = 50) -> list[SearchHit]:
    """Records whose name, reference or identifiers contain ``text`` (any case),
    exact references first, then by kind and reference."""
    words = text.strip()
    if not words:
        return []
    pattern = _like(words)
    t = models.Tender.__table__  # type: ignore[attr-defined]
    lot = models.Lot.__table__  # type: ignore[attr-defined]
    c = models.Contract.__table__  # type: ignore[attr-defined]
    s = models.Service.__table__  # type: ignore[attr-defined]
    o = models.Organisation.__table__  # type: ignore[attr-defined]
    k = models.Consortium.__table__  # type: ignore[attr-defined]
    branches = [
        select(
            literal("tender").label("kind"),
            t.c.ref,
            t.c.title.label("name"),
            t.c.cup.label("detail"),
        ).where(_matches(pattern, t.c.ref, t.c.title, t.c.cup)),
        select(
            literal("lot").label("kind"),
            lot.c.ref,
            lot.c.title.label("name"),
            lot.c.cig.label("detail"),
        ).where(_matches(pattern, lot.c.ref, lot.c.title, lot.c.cig)),
        select(
            literal("contract").label("kind"),
            c.c.ref,
            c.c.title.label("name"),
            c.c.cig.label("detail"),
        ).where(_matches(pattern, c.c.ref, c.c.title, c.c.cig)),
        select(
            literal("service").label("kind"),
            s.c.ref,
            s.c.name.label("name"),
            literal(None).label("detail"),
        ).where(_matches(pattern, s.c.ref, s.c.name)),
        select(
            literal("organisation").label("kind"),
            o.c.ref,
            o.c.name.label("name"),
            o.c.partita_iva.label("detail"),
        ).where(
            _matches(pattern, o.c.ref, o.c.name, o.c.partita_iva, o.c.codice_fiscale)
        ),
        select(
            literal("consortium").label("kind"),
            k.c.ref,
            k.c.name.label("name"),
            literal(None).label("detail"),
        ).where(_matches(pattern, k.c.ref, k.c.name)),
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
