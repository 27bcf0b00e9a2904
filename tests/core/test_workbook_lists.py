"""A list as shown, as its sheet: the sheet's columns, the list's rows in the
list's order."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.api import Tracker
from tracker.list_sheets import APP_LISTS, listed_table
from tracker.present.tables import SHEET_TITLES

AS_OF = date(2023, 1, 17)


def refs(tracker: Tracker, kind: str, keys: list[tuple[object, ...]]) -> list[object]:
    return [row[0] for row in listed_table(tracker, kind, AS_OF, keys).rows]


def test_the_rows_of_the_list_in_its_order(milan: Tracker) -> None:
    keys: list[tuple[object, ...]] = [
        ("PRO-2020-SAN-SIRO",),
        ("LOR-2019-C1",),
        ("NOT-A-CONTRACT",),  # gone since the list was read: no row
        ("CDQ-2006-MAZZINI",),
    ]
    table = listed_table(milan, "contracts", AS_OF, keys)
    assert (table.name, table.title) == ("contract", SHEET_TITLES["contract"])
    assert [row[0] for row in table.rows] == [
        "PRO-2020-SAN-SIRO",
        "LOR-2019-C1",
        "CDQ-2006-MAZZINI",
    ]


def test_a_consortiums_members_stay_together(milan: Tracker) -> None:
    rows = refs(milan, "consortia", [("ATI-LORENTEGGIO-2019",)])
    assert rows == ["ATI-LORENTEGGIO-2019"] * 5


def test_deadlines_are_found_by_title_and_day(milan: Tracker) -> None:
    table = listed_table(
        milan,
        "deadlines",
        AS_OF,
        [
            ("Contract PRO-2020-MAZZINI ends", date(2023, 6, 30)),
            ("Contract PRO-2020-MAZZINI ends", date(2023, 7, 1)),  # another day
        ],
    )
    title = next(i for i, c in enumerate(table.columns) if c.key == "title")
    assert [row[title] for row in table.rows] == ["Contract PRO-2020-MAZZINI ends"]


def test_nothing_asked_nothing_written(milan: Tracker) -> None:
    assert refs(milan, "tenders", []) == []


@pytest.mark.parametrize("kind", APP_LISTS)
def test_every_list_of_the_app_has_a_sheet_with_its_key_columns(
    milan: Tracker, kind: str
) -> None:
    sheet, key_columns = APP_LISTS[kind]
    table = listed_table(milan, kind, AS_OF, [])
    assert table.name == sheet
    assert set(key_columns) <= {column.key for column in table.columns}
