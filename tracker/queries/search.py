"""Find any record by what a person remembers of it: a name, a reference, a CIG, a
CUP, a partita IVA, a word of its title.

One read path for the command palette and the forms' pickers: a picker asks only
for the kinds its field may point to. Each word typed must appear somewhere in the
record (any case, accents or not: "citta" finds "Città"), so "lab lorenteggio"
finds "Laboratorio Sociale Lorenteggio". Exact references come first, then
references and names that start with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session

from tracker import models
from tracker.domain.refs import RecordKind
from tracker.domain.text import folded
from tracker.queries.tables import table_of


@dataclass(frozen=True)
class SearchHit:
    kind: str
    """A ``RecordKind`` value: tender, lot, contract, funding_source, act..."""
    ref: str
    name: str
    detail: str | None
    """What else identifies it: CIG, CUP, partita IVA, the funds of an allocation."""
    opens: str | None = None
    """For a record with no page of its own (a neighbourhood, a site, a programme,
    an act, an in-house period): a record whose page shows it, if any."""


# Accented letters as names are written in Italy (and a few from abroad), capitals
# included: a search reads each as its plain letter.
_ACCENTED = "àáâãäåèéêëìíîïòóôõöùúûüçñÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜÇÑ\u2019"
_PLAIN = "".join(folded(letter) for letter in _ACCENTED)
_VARIANTS: dict[str, str] = {}
for _letter, _plain in zip(_ACCENTED, _PLAIN, strict=True):
    _VARIANTS[_plain] = _VARIANTS.get(_plain, "") + _letter


def _glob(text: str, *, anywhere: bool) -> str:
    """A GLOB pattern matching ``text`` in any case, with or without accents:
    "città" is ``*[cC][iIìíîïÌÍÎÏ][tT][tT][aAàáâãäåÀÁÂÃÄÅ]*``. SQLite has no
    function to fold accents; a GLOB runs in C where a Python function called on
    every row made a search of 50,000 contracts ten times slower."""
    parts = []
    for char in folded(text):
        if char in "*?[]":
            parts.append(f"[{char}]")
        elif char != char.upper() or char in _VARIANTS:
            parts.append(f"[{char}{char.upper()}{_VARIANTS.get(char, '')}]")
        else:
            parts.append(char)
    core = "".join(parts)
    return f"*{core}*" if anywhere else f"{core}*"


class _FoldedMatch(FunctionElement[bool]):
    """Whether a column's text holds ``text`` (or starts with it), in any case,
    with or without accents; arguments: the column, the text, ``anywhere``."""

    type = Boolean()
    # Compiled from the text's value: a statement cached for one text must not
    # serve another.
    inherit_cache = False
    name = "folded_match"


def _folded_match(column: Any, text: str, *, anywhere: bool = True) -> Any:
    return _FoldedMatch(column, literal(text), literal(anywhere))


def _parts(element: _FoldedMatch) -> tuple[Any, str, bool]:
    column, text, anywhere = element.clauses
    return column, text.value, anywhere.value


@compiles(_FoldedMatch)
def _match_lower(element: _FoldedMatch, compiler: Any, **kw: Any) -> str:
    column, text, anywhere = _parts(element)
    pattern = _like(folded(text), anywhere=anywhere)
    return str(compiler.process(func.lower(column).like(pattern, escape="\\"), **kw))


@compiles(_FoldedMatch, "sqlite")
def _match_sqlite(element: _FoldedMatch, compiler: Any, **kw: Any) -> str:
    column, text, anywhere = _parts(element)
    return str(
        compiler.process(column.op("GLOB")(_glob(text, anywhere=anywhere)), **kw)
    )


@compiles(_FoldedMatch, "postgresql")
def _match_postgresql(element: _FoldedMatch, compiler: Any, **kw: Any) -> str:
    column, text, anywhere = _parts(element)
    plain = func.translate(func.lower(column), _ACCENTED, _PLAIN)
    pattern = _like(folded(text), anywhere=anywhere)
    return str(compiler.process(plain.like(pattern, escape="\\"), **kw))


def _like(text: str, *, anywhere: bool = True) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%" if anywhere else f"{escaped}%"


@dataclass(frozen=True)
class _Kind:
    """How one kind of record is searched: its rows (``query`` makes the select
    with its ref, name, detail and opens columns), the identifiers searched as
    typed, and the texts searched with accents folded."""

    kind: RecordKind
    query: Callable[[], tuple[Select[Any], list[Any], list[Any]]]


def _service_of(column: Any) -> Any:
    """The first service (by reference) whose ``column`` is the given id."""
    service = table_of(models.Service)
    return select(func.min(service.c.ref)).where(column(service)).scalar_subquery()


def _simple(
    model: type[Any],
    name: str,
    detail: str | None,
    identifiers: tuple[str, ...] = (),
    texts: tuple[str, ...] = (),
    opens: Any = None,
) -> Callable[[], tuple[Select[Any], list[Any], list[Any]]]:
    def query() -> tuple[Select[Any], list[Any], list[Any]]:
        table = table_of(model)
        shown = (
            table.c[name],
            literal(None) if detail is None else table.c[detail],
            literal(None) if opens is None else opens(table),
        )
        rows = select(table.c.ref, *shown)
        return (
            rows,
            [table.c.ref, *(table.c[c] for c in identifiers)],
            [table.c[name], *(table.c[c] for c in texts)],
        )

    return query


def _allocation() -> tuple[Select[Any], list[Any], list[Any]]:
    allocation = table_of(models.FundingAllocation)
    source = table_of(models.FundingSource)
    tender = table_of(models.Tender)
    contract = table_of(models.Contract)
    funds = func.coalesce(contract.c.ref, tender.c.ref)
    rows = (
        select(allocation.c.ref, source.c.name, funds, literal(None))
        .select_from(allocation)
        .join(source, source.c.id == allocation.c.source_id)
        .outerjoin(tender, tender.c.id == allocation.c.tender_id)
        .outerjoin(contract, contract.c.id == allocation.c.contract_id)
    )
    return (
        rows,
        [allocation.c.ref, source.c.ref, tender.c.ref, contract.c.ref],
        [source.c.name, tender.c.title, contract.c.title],
    )


def _option() -> tuple[Select[Any], list[Any], list[Any]]:
    option = table_of(models.ContractOption)
    contract = table_of(models.Contract)
    rows = (
        select(option.c.ref, contract.c.title, option.c.cig, literal(None))
        .select_from(option)
        .join(contract, contract.c.id == option.c.contract_id)
    )
    return rows, [option.c.ref, option.c.cig, contract.c.ref], [contract.c.title]


def _act_opens(act: Any) -> Any:
    """What an act authorised: its tender, else its contract."""
    tender = table_of(models.Tender)
    contract = table_of(models.Contract)
    return func.coalesce(
        select(func.min(tender.c.ref))
        .where(tender.c.authorising_act_id == act.c.id)
        .scalar_subquery(),
        select(func.min(contract.c.ref))
        .where(contract.c.act_id == act.c.id)
        .scalar_subquery(),
    )


def _in_house_opens(period: Any) -> Any:
    link = table_of(models.InHouseService)
    service = table_of(models.Service)
    return (
        select(func.min(service.c.ref))
        .join(link, link.c.service_id == service.c.id)
        .where(link.c.in_house_id == period.c.id)
        .scalar_subquery()
    )


_KINDS: tuple[_Kind, ...] = (
    # The order of kinds among hits that match equally well.
    _Kind(
        RecordKind.CONSORTIUM, _simple(models.Consortium, "name", None, texts=("kind",))
    ),
    _Kind(RecordKind.CONTRACT, _simple(models.Contract, "title", "cig", ("cig",))),
    _Kind(RecordKind.LOT, _simple(models.Lot, "title", "cig", ("cig", "cups"))),
    _Kind(
        RecordKind.ORGANISATION,
        _simple(
            models.Organisation,
            "name",
            "partita_iva",
            ("partita_iva", "codice_fiscale", "ausa"),
        ),
    ),
    _Kind(RecordKind.SERVICE, _simple(models.Service, "name", None)),
    _Kind(
        RecordKind.TENDER,
        _simple(models.Tender, "title", "cup", ("cup", "ocid", "cpv_codes"), ("rup",)),
    ),
    _Kind(
        RecordKind.FUNDING_SOURCE,
        _simple(models.FundingSource, "name", "funder", texts=("funder",)),
    ),
    _Kind(RecordKind.ALLOCATION, _allocation),
    _Kind(
        RecordKind.ACT,
        _simple(models.Act, "subject", "number", ("number",), ("body",), _act_opens),
    ),
    _Kind(RecordKind.OPTION, _option),
    _Kind(RecordKind.DEADLINE, _simple(models.Deadline, "title", "subject_ref")),
    _Kind(
        RecordKind.PROGRAMME,
        _simple(
            models.Programme,
            "name",
            None,
            opens=lambda t: _service_of(lambda s: s.c.programme_id == t.c.id),
        ),
    ),
    _Kind(
        RecordKind.NEIGHBOURHOOD,
        _simple(
            models.Neighbourhood,
            "name",
            None,
            opens=lambda t: _service_of(lambda s: s.c.neighbourhood_id == t.c.id),
        ),
    ),
    _Kind(
        RecordKind.SITE,
        _simple(
            models.Site,
            "name",
            "address",
            texts=("address",),
            opens=lambda t: _service_of(lambda s: s.c.site_id == t.c.id),
        ),
    ),
    _Kind(
        RecordKind.IN_HOUSE_PERIOD,
        _simple(models.InHousePeriod, "title", None, opens=_in_house_opens),
    ),
)


def _word_matches(word: str, identifiers: list[Any], texts: list[Any]) -> Any:
    plain = _like(word.lower())
    return or_(
        *(func.lower(column).like(plain, escape="\\") for column in identifiers),
        *(_folded_match(column, word) for column in texts),
    )


def _rank(typed: str, ref: Any, name: Any) -> Any:
    """0 for the reference typed exactly, 1 for a reference, 2 for a name that
    starts with what was typed, 3 for the rest."""
    return case(
        (func.lower(ref) == typed.lower(), 0),
        (func.lower(ref).like(_like(typed.lower(), anywhere=False), "\\"), 1),
        (_folded_match(name, typed, anywhere=False), 2),
        else_=3,
    )


def search(
    session: Session,
    text: str,
    *,
    limit: int = 50,
    kinds: Collection[RecordKind] | None = None,
) -> list[SearchHit]:
    """Records of ``kinds`` (every kind if None) in which each word of ``text``
    appears: exact references first, then references and names that start with
    ``text``, then by kind and reference. With ``kinds`` and nothing typed, the
    first records of those kinds."""
    words = text.split()
    if not words and kinds is None:
        return []  # nothing typed: a picker lists its kinds, the palette nothing
    typed = " ".join(words)
    branches = []
    for position, searched in enumerate(_KINDS):
        if kinds is not None and searched.kind not in kinds:
            continue
        rows, identifiers, texts = searched.query()
        condition: ColumnElement[bool] = and_(
            true(), *(_word_matches(word, identifiers, texts) for word in words)
        )
        ref, name, detail, opens = rows.selected_columns
        rank = _rank(typed, ref, name)
        # Each kind's best hits first: sorting every match of a short word
        # across all kinds at once took seconds at 50,000 contracts.
        best = (
            rows.with_only_columns(
                literal(searched.kind.value).label("kind"),
                literal(position).label("position"),
                rank.label("rank"),
                ref.label("ref"),
                name.label("name"),
                detail.label("detail"),
                opens.label("opens"),
            )
            .where(condition)
            .order_by(rank, ref)
            .limit(limit)
            .subquery()
        )
        branches.append(select(best))
    if not branches:
        return []
    union = union_all(*branches).subquery()
    query = (
        select(union.c.kind, union.c.ref, union.c.name, union.c.detail, union.c.opens)
        .order_by(union.c.rank, union.c.position, union.c.ref)
        .limit(limit)
    )
    return [
        SearchHit(
            str(kind),
            str(ref),
            str(name),
            None if detail is None else str(detail),
            None if opens is None else str(opens),
        )
        for kind, ref, name, detail, opens in session.execute(query)
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
