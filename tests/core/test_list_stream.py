"""A list written a page at a time reads exactly as the whole list written at once."""

from __future__ import annotations

import pytest

from tracker import render_json
from tracker.api import Tracker
from tracker.schemas import LIST_ADAPTERS, LIST_ROW_ADAPTERS

KINDS = ("tenders", "contracts", "services", "organisations")


def _pages(rows: list[object], size: int) -> list[list[object]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size", [1, 3, 500])
def test_a_list_written_page_by_page_is_the_report_written_at_once(
    milan: Tracker, kind: str, size: int
) -> None:
    rows: list[object] = list(getattr(milan, f"list_{kind}")())
    whole = render_json.json_text(LIST_ADAPTERS[kind], {kind: rows})
    paged = "".join(
        render_json.json_list_chunks(LIST_ROW_ADAPTERS[kind], kind, _pages(rows, size))
    )
    assert paged == whole


@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_list_is_written_as_an_empty_report(kind: str) -> None:
    whole = render_json.json_text(LIST_ADAPTERS[kind], {kind: []})
    paged = "".join(
        render_json.json_list_chunks(LIST_ROW_ADAPTERS[kind], kind, [[], []])
    )
    assert paged == whole


def test_the_app_list_and_the_records_read_the_same_contracts(milan: Tracker) -> None:
    listed = [row for page in milan.contract_list_pages() for row in page]
    records = milan.list_contracts()
    assert [r.ref for r in listed] == [r.ref for r in records]
    for row, record in zip(listed, records, strict=True):
        total = record.total_base_and_exercised
        assert row.covered_until == record.covered_until
        assert row.gross == (None if total is None else total.gross)
        assert row.gross_is_floor == any(
            o.state == "exercised" and o.amount is None for o in record.options
        )
        assert row.supplier == (
            None if record.supplier is None else record.supplier.name
        )
        assert row.members == (len(record.supplier.members) if record.supplier else 0)
