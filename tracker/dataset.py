"""Reading, checking, loading and writing dataset documents.

A dataset is one JSON document (``schemas/dataset.schema.json``). Loading checks its
structure first, then adds every record through the services in one transaction, so
that a file with a single bad value leaves the database as it was.
"""

from __future__ import annotations

import io
import json
import re
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any, TextIO

import pydantic
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from tracker import history
from tracker.drafts import Dataset
from tracker.errors import (
    N_,
    DatasetError,
    Message,
    TrackerError,
    ValidationError,
    file_reason,
    json_reason,
    pydantic_reason,
    quote,
)
from tracker.services.contracts import add_contract, add_in_house_period
from tracker.services.deadlines import add_acknowledgement, add_deadline, add_snooze
from tracker.services.funding import add_allocation, add_funding_source
from tracker.services.notes import add_note
from tracker.services.parties import add_consortium, add_organisation
from tracker.services.places import (
    add_neighbourhood,
    add_programme,
    add_service,
    add_site,
)
from tracker.services.procurement import add_act, add_tender
from tracker.services.refs import bulk_adding


@dataclass(frozen=True)
class LoadSummary:
    """How many records of each kind a load added."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def read_dataset_file(path: Path) -> Dataset:
    """Read and check a dataset file; every problem names its place and value."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TrackerError(N_("{path}: the file does not exist"), path=path) from None
    except IsADirectoryError:
        raise TrackerError(
            N_("{path}: is a folder, not a dataset file"), path=path
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise TrackerError(
            N_("{path}: cannot read the file: {reason}"),
            path=path,
            reason=file_reason(error),
        ) from None
    return parse_dataset(text, source=str(path))


MAX_DEPTH = 32
"""Nesting no dataset comes near (an option's amount is six levels down); a deeper
document is refused before it is parsed, since parsing recurses once a level."""

_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest, found without parsing
    it (nothing recurses, whatever the depth): brackets outside strings counted."""
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def parse_dataset(text: str, *, source: str = "dataset") -> Dataset:
    """Check a dataset document strictly: a date must be a date, a number a number."""
    if nesting_depth(text) > MAX_DEPTH:
        raise DatasetError(
            source,
            [
                Message(
                    N_(
                        "arrays and objects nest deeper than {limit} levels: not a "
                        "dataset"
                    ),
                    {"limit": MAX_DEPTH},
                )
            ],
        )
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise DatasetError(
            source,
            [
                Message(
                    N_("not valid JSON: {reason} at line {line}, column {column}"),
                    {
                        "reason": json_reason(error.msg),
                        "line": error.lineno,
                        "column": error.colno,
                    },
                )
            ],
        ) from None
    except (ValueError, RecursionError):
        # Python reads no integer of more than 4,300 digits
        raise DatasetError(
            source, [Message(N_("not valid JSON: a number too long to read"), {})]
        ) from None
    if not isinstance(raw, dict):
        raise DatasetError(
            source,
            [
                Message(
                    N_("the document must be a JSON object, not {kind}"),
                    {"kind": type(raw).__name__},
                )
            ],
        )
    # The parsed document is read again only to name the places of problems: not
    # held while the records are built, it does not add to the peak of a load.
    del raw
    try:
        return Dataset.model_validate_json(text, strict=True)
    except pydantic.ValidationError as error:
        raw = json.loads(text)
        raise DatasetError(
            source, [_describe(e, raw) for e in error.errors()]
        ) from None


def _describe(error: Any, raw: Any) -> Message:
    path = _path(error["loc"], raw)
    reason = pydantic_reason(error)
    value = error.get("input")
    if error["type"] in ("missing", "extra_forbidden") or isinstance(
        value, dict | list
    ):
        return Message(N_("{place}: {reason}"), {"place": path, "reason": reason})
    return Message(
        N_("{place}: {reason} (value: {value})"),
        {"place": path, "reason": reason, "value": quote(value)},
    )


_REF = re.compile(r"[A-Z0-9][A-Z0-9._/-]{0,39}")
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,59}")


def _path(loc: Sequence[str | int], raw: Any) -> str:
    """A readable place such as ``contracts[LOR-2019-C1].amount.gross``."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            item = node[key] if isinstance(node, list) and key < len(node) else None
            label = item.get("ref") if isinstance(item, dict) else None
            # only a well-formed ref names the item: any other value is quoted,
            # cut, with the problem, never repeated in the place
            named = isinstance(label, str) and _REF.fullmatch(label)
            parts.append(f"[{label}]" if named else f"[{key}]")
            node = item
        else:
            # pydantic adds tags for functional validators to the location
            missing = not isinstance(node, dict) or key not in node
            if missing and parts and key in {"function-after", "function-before"}:
                continue
            node_of_key = node.get(key) if isinstance(node, dict) else None
            if not _FIELD.fullmatch(key):  # an unknown field: a name given by the file
                key = f"[{quote(key)}]"
            parts.append(f".{key}" if parts and key[0] != "[" else key)
            node = node_of_key
    return "".join(parts) or "(document)"


def load_dataset(session: Session, dataset: Dataset) -> LoadSummary:
    """Add every record of a dataset to the session (the caller commits).

    A dataset that carries its history (a dump) is loaded with the recording of
    writes off, and its history is inserted as written: loading it is not a change.
    """
    if not dataset.history:
        return _load_records(session, dataset)
    recording = session.info.get("history", True)
    session.info["history"] = False
    try:
        summary = _load_records(session, dataset)
        history.restore(session, dataset.history)
        session.flush()
    finally:
        session.info["history"] = recording
    return summary


LOAD_BATCH = 2000
"""Records sent to the database together during a load."""


def _load_records(session: Session, dataset: Dataset) -> LoadSummary:
    counts: dict[str, int] = {}

    def each(
        name: str, items: Sequence[Any], add: Callable[[Session, Any], object]
    ) -> None:
        first = 0
        for index, item in enumerate(items):
            try:
                add(session, item)
            except ValidationError as error:
                raise error.located(f"{name}[{_label(item, index)}]") from None
            except DBAPIError as error:
                label = _label(item, index)
                raise ValidationError(
                    f"{name}[{label}]", label, _refused(error)
                ) from None
            if index + 1 - first == LOAD_BATCH:
                sent(name, items, first, index)
                first = index + 1
        sent(name, items, first, len(items) - 1)
        counts[name] = len(items)

    def sent(name: str, items: Sequence[Any], first: int, last: int) -> None:
        if last < first:
            return
        try:
            flush()
        except DBAPIError as error:
            # A limit the checks do not know (a column size on one backend)
            span = f"{_label(items[first], first)} … {_label(items[last], last)}"
            raise ValidationError(name, span, _refused(error)) from None

    with bulk_adding(session) as flush:  # ids given on add, records sent in batches
        each("programmes", dataset.programmes, add_programme)
        each("neighbourhoods", dataset.neighbourhoods, add_neighbourhood)
        each("sites", dataset.sites, add_site)
        each("services", dataset.services, add_service)
        each("organisations", dataset.organisations, add_organisation)
        each("consortia", dataset.consortia, add_consortium)
        each("acts", dataset.acts, add_act)
        each("funding_sources", dataset.funding_sources, add_funding_source)
        each("tenders", dataset.tenders, add_tender)
        each("contracts", dataset.contracts, add_contract)
        each("in_house_periods", dataset.in_house_periods, add_in_house_period)
        each("allocations", dataset.allocations, add_allocation)
        each("deadlines", dataset.deadlines, add_deadline)
        each("notes", dataset.notes, add_note)
        each("acknowledgements", dataset.acknowledgements, add_acknowledgement)
        each("snoozes", dataset.snoozes, add_snooze)
    return LoadSummary(counts)


def _label(item: Any, index: int) -> str:
    return str(getattr(item, "ref", None) or getattr(item, "key", None) or index)


def _refused(error: DBAPIError) -> Message:
    reason = str(error.orig).strip().splitlines()[0]
    return Message(N_("the database refused it: {reason}"), {"reason": reason})


def dataset_json(dataset: Dataset) -> str:
    """The dataset as stable, readable JSON (fields in schema order, no nulls)."""
    out = io.StringIO()
    write_dataset_json(dataset, lambda name: getattr(dataset, name), out)
    return out.getvalue()


Section = Callable[[str], Iterable[BaseModel]]
"""The records of one section of a dataset, by the section's field name."""


def _sections() -> list[str]:
    return [
        name
        for name, info in Dataset.model_fields.items()
        if typing.get_origin(info.annotation) is list
    ]


def write_dataset_json(header: Dataset, section: Section, out: TextIO) -> None:
    """Write a dataset document a record at a time, in the fields' order.

    ``header`` gives the fields that are not lists (format, version, description);
    ``section`` gives each list's records as they are read, so a whole database is
    written without holding it. The text is exactly ``json.dumps`` of the whole
    document with the same pruning: stable and readable, nulls and empty lists left
    out.
    """
    lists = _sections()
    scalars = _prune(
        header.model_dump(
            mode="json",
            exclude_none=True,
            include={n for n in Dataset.model_fields if n not in lists},
        )
    )
    out.write("{")
    separator = "\n"
    for name in Dataset.model_fields:
        key = json.dumps(name, ensure_ascii=False)
        if name in scalars:
            value = json.dumps(scalars[name], ensure_ascii=False, indent=2)
            out.write(f"{separator}  {key}: {value.replace(NL, NL + '  ')}")
            separator = ",\n"
        elif name in lists:
            records = iter(section(name))
            record = next(records, None)
            if record is None:
                continue  # an empty list is left out, as everywhere in the document
            out.write(f"{separator}  {key}: [")
            between = "\n"
            while record is not None:
                data = _prune(record.model_dump(mode="json", exclude_none=True))
                text = json.dumps(data, ensure_ascii=False, indent=2)
                out.write(f"{between}    {text.replace(NL, NL + '    ')}")
                between = ",\n"
                record = next(records, None)
            out.write("\n  ]")
            separator = ",\n"
    out.write("\n}\n")


NL = "\n"


def write_database_json(session: Session, out: TextIO) -> None:
    """Write every record the session sees as a dataset document, reading the
    database a page at a time (memory stays flat whatever its size)."""
    from tracker.queries.export import SectionExport

    write_dataset_json(Dataset(), SectionExport(session), out)


def _prune(value: Any) -> Any:
    """Drop empty lists, and the precision of dates that are absent, so that the
    document shows only what is stated."""
    if isinstance(value, dict):
        return {
            k: _prune(v)
            for k, v in value.items()
            if v != []
            and not (
                k.endswith("_precision") and k.removesuffix("_precision") not in value
            )
        }
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value
