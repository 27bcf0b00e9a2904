"""Published OCDS data in, the facts of each contracting process out (no database).

Accepted inputs: a release package (``{"releases": [...]}``), a record package
(``{"records": [...]}``: each record's ``compiledRelease``, else its embedded
releases merged), a bare JSON array of releases, ANAC's wrapped form
(``{"_note", "_source", "releases": [...]}``, read as a release package), and JSON
Lines (one release or one package per line). A JSON document is read whole; JSON
Lines are read a line at a time, so a monthly bulk file of all of Italy streams.

Releases of one ocid are merged in date order with the OCDS merge rules: objects
key by key, arrays of objects that all carry an ``id`` by id, any other value
replaced by the later one. In a document all releases of an ocid are merged; in JSON
Lines those on consecutive lines are (a stream cannot hold every ocid it has met).

Why not the ``ocdsmerge`` library (0.8.0, read on 30 November 2026): it takes its
merge rules from the release schema, which it fetches over the network unless given
one, and this tool runs without network and ships no schema; it would bring
``requests`` and ``jsonref`` for it. The rules needed for compiled releases fit in
the few lines of ``merged`` below, which keep the amounts as ``Decimal``.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, BinaryIO, TextIO, TypeGuard, cast

from tracker.errors import N_, Message, TrackerError, json_reason
from tracker.ocds.facts import tender_of
from tracker.ocds.published import PublishedItem, Skipped

Json = dict[str, Any]

# ANAC's release ids are the ocid, a hyphen and a suffix (``ocds-hu01ve-7608611-01``,
# ``ocds-hu01ve-8365650-2025-01-03 ...``): its own tools derive the ocid so.
_DERIVABLE_OCID = re.compile(r"^(ocds-[a-z0-9]{6}-[0-9]+)-.+$")


def read_published(
    stream: BinaryIO | TextIO, *, buyer: str | None = None
) -> Iterator[PublishedItem]:
    """The tenders of a published OCDS input, in input order, each either read or
    Skipped with a reason. ``buyer`` keeps only the processes whose buyer has that
    codice fiscale. Bad JSON raises one TrackerError naming where it is (the caller
    then imports nothing)."""
    text = _text_stream(stream)
    lines = _numbered_lines(text)
    first = next(lines, None)
    if first is None:
        return
    first_number, first_line = first
    parsed = _parse_line(first_line)
    if parsed is None:  # a document written over several lines
        document = _loads(first_line + _rest(text), line_offset=first_number - 1)
        yield from _keep(_read_document(document), buyer)
        return
    second = next(lines, None)
    if second is None:  # a document on one line
        yield from _keep(_read_document(parsed), buyer)
        return
    following = _chain((first_number, parsed), second, lines)
    yield from _keep(_read_json_lines(following), buyer)


def _text_stream(stream: BinaryIO | TextIO) -> TextIO:
    if isinstance(stream.read(0), str):
        return cast(TextIO, stream)
    return io.TextIOWrapper(cast(BinaryIO, stream), encoding="utf-8-sig")


def _numbered_lines(text: TextIO) -> Iterator[tuple[int, str]]:
    """The non-blank lines with their numbers (from 1)."""
    number = 0
    while True:
        try:
            line = text.readline()
        except UnicodeDecodeError:
            raise TrackerError(N_("the file is not text in UTF-8")) from None
        if not line:
            return
        number += 1
        if line.strip():
            yield number, line.lstrip("\ufeff") if number == 1 else line


def _rest(text: TextIO) -> str:
    """What follows in the stream, blank lines kept so that errors name lines."""
    try:
        return text.read()
    except UnicodeDecodeError:
        raise TrackerError(N_("the file is not text in UTF-8")) from None


def _parse_line(line: str) -> Any | None:
    """The line's JSON value when the line holds a whole one."""
    try:
        return json.loads(line, parse_float=Decimal)
    except (ValueError, RecursionError):
        return None


def _chain(
    first: tuple[int, Any], second: tuple[int, str], rest: Iterator[tuple[int, str]]
) -> Iterator[tuple[int, Any]]:
    """JSON Lines parsed a line at a time (the first line is parsed already)."""
    yield first
    yield second[0], _loads(second[1], line_offset=second[0] - 1)
    for number, line in rest:
        yield number, _loads(line, line_offset=number - 1)


def _loads(text: str, *, line_offset: int = 0) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise TrackerError(
            N_("not valid JSON: {reason} at line {line}, column {column}"),
            reason=json_reason(error.msg),
            line=error.lineno + line_offset,
            column=error.colno,
        ) from None
    except RecursionError:
        raise TrackerError(
            N_("not valid JSON: arrays and objects nest too deep")
        ) from None
    except ValueError:  # Python reads no integer of more than 4,300 digits
        raise TrackerError(N_("not valid JSON: a number too long to read")) from None


def _is_release(value: Json) -> bool:
    return any(key in value for key in ("ocid", "tag", "tender", "awards", "contracts"))


def _releases_of(document: Any, position: int | None) -> Iterator[tuple[int, Any]]:
    """The releases a document holds, each with its position: the given one (a
    line of JSON Lines) or its place among the document's releases."""
    if isinstance(document, dict) and isinstance(document.get("records"), list):
        entries: list[Any] = [_record_release(r) for r in document["records"]]
    elif isinstance(document, dict) and isinstance(document.get("releases"), list):
        entries = document["releases"]
    elif isinstance(document, list):
        entries = document
    elif isinstance(document, dict) and _is_release(document):
        entries = [document]
    elif position is not None:  # one stray line need not stop a bulk file
        entries = [Message(N_("the line is not an OCDS release or package"), {})]
    else:
        raise TrackerError(
            N_(
                "the document is not an OCDS release package, record package, "
                "release or list of releases"
            )
        )
    for place, entry in enumerate(entries, start=1):
        yield (position if position is not None else place), entry


def _record_release(record: Any) -> Any:
    """A record's compiled release, else its embedded releases merged; a Message
    when it has neither."""
    if not isinstance(record, dict):
        return record
    compiled = record.get("compiledRelease")
    if isinstance(compiled, dict):
        return compiled
    embedded = [
        release
        for release in record.get("releases") or ()
        if isinstance(release, dict) and _is_release(release)
    ]
    if embedded:
        return merged(embedded)
    return Message(
        N_("the record of {ocid} has no compiled release and no embedded release"),
        {"ocid": record.get("ocid")},
    )


class _Entry:
    """A release with its ocid found (or derived), or why it cannot be read."""

    def __init__(self, position: int, raw: Any) -> None:
        self.position = position
        self.release: Json = raw if isinstance(raw, dict) else {}
        self.warnings: list[Message] = []
        self.ocid = _ocid_text(self.release.get("ocid"))
        self.problem: Message | None = raw if isinstance(raw, Message) else None
        if self.problem is None and not isinstance(raw, dict):
            self.problem = Message(N_("the release is not a JSON object"), {})
        elif self.problem is None and self.ocid is None:
            self._derive_ocid()

    def _derive_ocid(self) -> None:
        release_id = _ocid_text(self.release.get("id"))
        found = _DERIVABLE_OCID.match(release_id or "")
        if found is None:
            self.problem = Message(
                N_("the release has no ocid, and none can be derived from its id"),
                {},
            )
            return
        self.ocid = found.group(1)
        self.warnings.append(
            Message(
                N_("the release has no ocid: {ocid} is derived from its id {id}"),
                {"ocid": self.ocid, "id": release_id},
            )
        )

    def skipped(self) -> Skipped:
        assert self.problem is not None
        return Skipped(self.position, self.ocid, self.problem)


def _ocid_text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _read_document(document: Any) -> Iterator[tuple[PublishedItem, Json]]:
    """Every release of a document, those of one ocid merged into one tender,
    in the order their ocid first appears."""
    order: list[_Entry | str] = []
    groups: dict[str, list[_Entry]] = {}
    for position, raw in _releases_of(document, None):
        entry = _Entry(position, raw)
        if entry.problem is not None:
            order.append(entry)
        else:
            assert entry.ocid is not None
            if entry.ocid not in groups:
                order.append(entry.ocid)
            groups.setdefault(entry.ocid, []).append(entry)
    for item in order:
        if isinstance(item, _Entry):
            yield item.skipped(), item.release
        else:
            yield _tender(groups[item])


def _read_json_lines(
    lines: Iterable[tuple[int, Any]],
) -> Iterator[tuple[PublishedItem, Json]]:
    """The releases of JSON Lines; consecutive releases of one ocid are merged."""
    group: list[_Entry] = []
    for number, document in lines:
        for position, raw in _releases_of(document, number):
            entry = _Entry(position, raw)
            if group and (entry.problem is not None or group[0].ocid != entry.ocid):
                yield _tender(group)
                group = []
            if entry.problem is not None:
                yield entry.skipped(), entry.release
            else:
                group.append(entry)
    if group:
        yield _tender(group)


def _tender(group: list[_Entry]) -> tuple[PublishedItem, Json]:
    release = merged([entry.release for entry in group])
    warnings = [warning for entry in group for warning in entry.warnings]
    ocid = group[0].ocid
    assert ocid is not None
    return tender_of(release, ocid, warnings), release


def _keep(
    items: Iterator[tuple[PublishedItem, Json]], buyer: str | None
) -> Iterator[PublishedItem]:
    for item, release in items:
        if buyer is None or _bought_by(release, buyer):
            yield item


def _bought_by(release: Json, codice_fiscale: str) -> bool:
    """Whether the release's buyer has this codice fiscale: as the buyer's id, or
    as the IT-CF identifier of the party the buyer names."""
    wanted = codice_fiscale.strip().upper()
    buyer = release.get("buyer")
    buyer_id = buyer.get("id") if isinstance(buyer, dict) else None
    if isinstance(buyer_id, str) and buyer_id.strip().upper() == wanted:
        return True
    for party in release.get("parties") or ():
        if not isinstance(party, dict) or party.get("id") != buyer_id:
            continue
        identifier = party.get("identifier")
        if (
            isinstance(identifier, dict)
            and identifier.get("scheme") == "IT-CF"
            and str(identifier.get("id", "")).strip().upper() == wanted
        ):
            return True
    return False


def merged(releases: list[Json]) -> Json:
    """Releases of one ocid merged in date order (OCDS merge rules; the date's text
    orders them, as ISO dates in one time zone sort)."""
    result: Json = {}
    for release in sorted(releases, key=lambda r: str(r.get("date") or "")):
        result = _merge(result, release)
    result.pop("tag", None)
    return result


def _merge(earlier: Json, later: Json) -> Json:
    result = dict(earlier)
    for key, value in later.items():
        before = result.get(key)
        if value is None:  # a null in a later release removes the field
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(before, dict):
            result[key] = _merge(before, value)
        elif _identified(value) and _identified(before):
            result[key] = _merge_by_id(before, value)
        else:
            result[key] = value
    return result


def _identified(value: Any) -> TypeGuard[list[Json]]:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(entry, dict) and "id" in entry for entry in value)
    )


def _merge_by_id(earlier: list[Json], later: list[Json]) -> list[Json]:
    by_id = {str(entry["id"]): entry for entry in earlier}
    for entry in later:
        key = str(entry["id"])
        by_id[key] = _merge(by_id[key], entry) if key in by_id else entry
    return list(by_id.values())
