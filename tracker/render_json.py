"""Report output as JSON that follows the schemas: whole reports, reports
holding a long list of records, and lists written a page at a time.

User text is data: the controls JSON leaves raw (DEL, C1, the bidi controls) are
written escaped, so that a name holding them cannot act on a terminal showing the
report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pydantic import TypeAdapter

# json.dumps escapes C0 controls itself; DEL, C1 and the bidi controls it leaves
# raw. Outside strings JSON has none of them, so escaping them is exact.
_JSON_UNESCAPED = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_text(adapter: TypeAdapter[Any], value: Any) -> str:
    """JSON for a report; decimals become exact strings, dates YYYY-MM-DD."""
    text = json.dumps(
        adapter.dump_python(value, mode="json"), ensure_ascii=False, indent=2
    )
    return _escaped(text) + "\n"


def json_records(
    adapter: TypeAdapter[Any],
    value: dict[str, Any],
    records: str,
    record: TypeAdapter[Any],
    rows: TypeAdapter[list[Any]] | None = None,
) -> list[bytes | memoryview]:
    """``json_text`` for a report holding a long list under ``records`` (each of
    them a ``record``), as UTF-8 in pieces to write one after the other: its
    other fields one per line, and each record on a line of its own.

    Indented JSON is written by Python's pure-Python encoder, which 12,000 alerts
    keep busy for a noticeable part of a second; the records written compact by
    a C encoder cost a fraction of it, and still read (and diff) one record a
    line. The report is put together as bytes, as the encoder writes it and the
    output takes it: megabytes of text are not decoded, escaped and encoded
    again, nor copied once more only to be written."""
    head = adapter.dump_python({**value, records: []}, mode="json")
    chunks: list[bytes | memoryview] = []
    for name, field in head.items():
        chunks.append(b",\n" if chunks else b"{\n")
        chunks.append(_escaped_utf8(f"  {json.dumps(name)}: ".encode()))
        if name != records:
            chunks.append(_escaped_utf8(json.dumps(field, ensure_ascii=False).encode()))
        elif value[records]:
            chunks += [b"[\n", *_record_lines(record, rows, value[records]), b"\n  ]"]
        else:
            chunks.append(b"[]")
    chunks.append(b"\n}\n")
    return chunks


def _record_lines(
    record: TypeAdapter[Any], rows: TypeAdapter[list[Any]] | None, items: list[Any]
) -> list[bytes | memoryview]:
    """Each of ``items`` compact on a line of its own, four spaces in.

    With ``rows`` (the list's adapter), the whole list is written in one call and
    cut where one record ends and the next begins, sparing a call per record:
    every record is an object opening with the same first field, so each
    boundary reads '},{"<first field>":'. A quote inside a JSON string is always
    escaped, so that text appears elsewhere only where a nested object opening
    with that field follows another, or a string ending in '},{' is followed by
    that field: the cut is kept only when it finds exactly one boundary between
    each two records, else each record is written on its own (by pydantic: a
    case too rare to speed up). ``rows_json`` gives the list's bytes,
    pydantic's but cheaper."""
    if rows is not None:
        # msgspec is loaded by these reports only, not by every command's text
        from tracker.rows_json import rows_json

        whole = rows_json(rows, items)
        boundary = b"},{" + whole[2 : whole.find(b":") + 1]
        if whole.count(boundary) == len(items) - 1:
            lines = whole.replace(boundary, b"},\n    {" + boundary[3:])
            return [b"    ", memoryview(_escaped_utf8(lines))[1:-1]]
    return [
        _escaped_utf8(b",\n".join(b"    " + record.dump_json(row) for row in items))
    ]


_UTF8_UNESCAPED = re.compile(
    rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)
"""``_JSON_UNESCAPED`` in UTF-8: each character's bytes, no other character's."""

_UTF8_FOUND = tuple(
    re.compile(pattern).search
    for pattern in (rb"\xc2[\x80-\x9f]", rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")
)
"""``_UTF8_UNESCAPED`` but DEL, as one pattern per first byte: the regex engine
looks for a pattern's first byte at the speed of memory when it has only one,
and tries every position when it may have several (a tenth of the speed on a
city's report, megabytes that in the usual case hold none of them)."""


def _escaped_utf8(data: bytes) -> bytes:
    """``_escaped`` of UTF-8 text, as UTF-8."""
    # a single byte is found by the C library's search, faster still
    if b"\x7f" in data or any(found(data) for found in _UTF8_FOUND):
        return _UTF8_UNESCAPED.sub(lambda m: b"\\u%04x" % ord(m.group().decode()), data)
    return data


def _escaped(text: str) -> str:
    if text.isascii() and "\x7f" not in text:
        # the usual case, told at once rather than by a scan of the regex: a
        # city's continuity is megabytes of JSON
        return text
    return _JSON_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_list_chunks(
    adapter: TypeAdapter[list[Any]], key: str, pages: Iterable[Sequence[Any]]
) -> Iterator[str]:
    """``json_text`` of ``{key: rows}``, written a page of rows at a time: the same
    text, without holding every row at once."""
    yield "{\n" + f"  {json.dumps(key)}: ["
    first = True
    for page in pages:
        if not page:
            continue
        items = adapter.dump_python(list(page), mode="json")
        text = json.dumps(items, ensure_ascii=False, indent=2)
        # The page's items without its brackets, two spaces deeper: inside the
        # report's object. JSON strings hold no raw line breaks, so each break
        # starts a line.
        inner = "  " + text[2:-2].replace("\n", "\n  ")
        yield ("\n" if first else ",\n") + _escaped(inner)
        first = False
    yield ("]" if first else "\n  ]") + "\n}\n"
