"""The lists: what they show of the Milan data, search, sort, filter, paging, opening
a record and creating one, reloading when the data or the day change."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.tui.helpers import settle, until
from tracker.api import Dataset, Tracker
from tracker.drafts import OrganisationDraft
from tui.app import TrackerApp
from tui.screens.browse import PAGE_SIZE, ListScreen
from tui.screens.form import RecordForm
from tui.screens.records.contract import ContractScreen
from tui.screens.records.detail import shows_record
from tui.screens.records.service import ServiceScreen

WIDE = (170, 40)
"""A terminal where every column of every list fits: the tests that read a row's
cells by position run in it (tests/tui/test_navigation.py checks what narrower
screens drop)."""

MILAN_CONTRACTS = [
    "CDQ-2006-GRATOSOGLIO",
    "CDQ-2006-MAZZINI",
    "CDQ-2006-MOLISE-CALVAIRATE",
    "CDQ-2006-PONTE-LAMBRO",
    "CDQ-2006-SAN-SIRO",
    "LOR-2019-C1",
    "PRO-2020-GRATOSOGLIO",
    "PRO-2020-MAZZINI",
    "PRO-2020-MOLISE-CALVAIRATE",
    "PRO-2020-PONTE-LAMBRO",
    "PRO-2020-SAN-SIRO",
]


def the_list(app: TrackerApp) -> ListScreen[Any]:
    screen = app.screen
    assert isinstance(screen, ListScreen)
    return screen


def table(app: TrackerApp) -> DataTable[Any]:
    return the_list(app).query_one("#list", DataTable)


def keys(app: TrackerApp) -> list[str]:
    rows = table(app)
    return [
        str(rows.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value)
        for i in range(rows.row_count)
    ]


def focused_id(app: TrackerApp) -> str | None:
    focused = app.screen.focused
    return None if focused is None else focused.id


def row_text(app: TrackerApp, key: str) -> list[str]:
    return [str(cell) for cell in table(app).get_row(key)]


def status_line(app: TrackerApp) -> str:
    return str(the_list(app).query_one("#list-status", Static).render())


def header(app: TrackerApp, index: int) -> str:
    column = list(table(app).columns.values())[index]
    return column.label.plain if isinstance(column.label, Text) else str(column.label)


async def shown(pilot: Pilot[Any], count: int | None = None) -> None:
    """Wait for a list to show its rows (``count`` of them)."""
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, ListScreen)
            and app.screen._source is not None
            and not app.screen._loading
            and (count is None or table(app).row_count == count)
        ),
    )
    await settle(pilot)


async def search_for(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` in the search field in place of what it holds. The field takes
    the keys only once it has the focus: typed earlier, letters and digits are keys
    of the list and of the app."""
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await pilot.press("slash")
    await until(pilot, lambda: focused_id(app) == "search")
    field = the_list(app).query_one("#search", Input)
    field.clear()
    await pilot.press(*text)
    await until(pilot, lambda: field.value == text)


async def test_contracts_list_shows_the_eleven_milan_contracts(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=WIDE) as pilot:
        await shown(pilot, 11)
        assert keys(app) == MILAN_CONTRACTS
        assert status_line(app) == "11 contracts · sorted by Ref ▲"
        assert header(app, 0) == "Ref ▲"
        lor = row_text(app, "LOR-2019-C1")
        assert lor[2] == "ATI Spazio Aperto Servi…"
        assert lor[3:6] == ["20/12/2022", "€966,484.40", "ended"]
        assert lor[6] == "21/06/2019"
        cdq = row_text(app, "CDQ-2006-MAZZINI")
        assert cdq[3:6] == ["30/04/2016", "not stated", "ended"]
        assert cdq[6] == "2006"  # the source gives only the year
        assert row_text(app, "PRO-2020-MAZZINI")[5] == "running"


async def test_typing_a_search_filters_the_list(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, 11)
        await search_for(pilot, "LOR")
        await shown(pilot, 1)
        assert keys(app) == ["LOR-2019-C1"]
        assert status_line(app) == "1 contract · search: LOR · sorted by Ref ▲"
        await pilot.press("enter")  # back to the table
        await until(pilot, lambda: focused_id(app) == "list")
        await search_for(pilot, "san siro")
        await shown(pilot, 2)
        assert keys(app) == ["CDQ-2006-SAN-SIRO", "PRO-2020-SAN-SIRO"]


async def test_sorting_by_a_column_and_reversing(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, 11)
        await pilot.click("#list", offset=(2, 0))  # the Ref header, already sorted
        await until(pilot, lambda: the_list(app).descending)
        await shown(pilot, 11)
        assert keys(app) == list(reversed(MILAN_CONTRACTS))
        assert header(app, 0) == "Ref ▼"
        await pilot.press("s", "s", "s")  # Title, Supplier, Covered until
        await until(pilot, lambda: the_list(app).sort == "covered_until")
        await shown(pilot, 11)
        assert the_list(app).sort == "covered_until"
        assert header(app, 3) == "Covered until ▲"
        assert keys(app)[:5] == MILAN_CONTRACTS[:5]  # 30/04/2016 first
        assert keys(app)[5] == "LOR-2019-C1"
        await pilot.press("r")
        await until(pilot, lambda: the_list(app).descending)
        await shown(pilot, 11)
        assert header(app, 3) == "Covered until ▼"
        assert keys(app)[:3] == [
            "PRO-2020-GRATOSOGLIO",
            "PRO-2020-MOLISE-CALVAIRATE",
            "PRO-2020-PONTE-LAMBRO",
        ]
        assert "sorted by Covered until ▼" in status_line(app)


async def test_the_state_filter_cycles(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, 11)
        await pilot.press("f")  # upcoming
        await shown(pilot, 0)
        assert status_line(app).startswith("0 contracts · filter: upcoming")
        await pilot.press("f")  # running
        await shown(pilot, 5)
        assert all(ref.startswith("PRO-2020-") for ref in keys(app))
        await pilot.press("f", "f")  # ended, then all again
        await shown(pilot, 11)
        assert the_list(app).status is None


async def test_services_list_shows_lorenteggio_uncovered(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="services", language="en")
    async with app.run_test(size=WIDE) as pilot:
        await shown(pilot, 6)
        assert keys(app) == [
            "LSL-LORENTEGGIO",
            "LDQ-MAZZINI",
            "LDQ-SAN-SIRO",
            "LDQ-GRATOSOGLIO",
            "LDQ-MOLISE-CALVAIRATE",
            "LDQ-PONTE-LAMBRO",
        ]
        lor = row_text(app, "LSL-LORENTEGGIO")
        assert lor[2:5] == ["Lorenteggio", "■ uncovered", "20/12/2022"]
        assert lor[6] == "LOR-2023 (planned)"
        mazzini = row_text(app, "LDQ-MAZZINI")
        assert mazzini[3:6] == ["▲ at risk", "30/06/2023", "01/01/2023"]
        assert row_text(app, "LDQ-PONTE-LAMBRO")[3:6] == [
            "✓ covered",
            "31/12/2023",
            "04/07/2023",
        ]
        await pilot.press("f", "f")  # gap, then at risk
        await shown(pilot, 2)
        assert keys(app) == ["LDQ-MAZZINI", "LDQ-SAN-SIRO"]
        assert "filter: at risk" in status_line(app)


async def test_services_follow_the_as_of_day(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="services", language="en")
    async with app.run_test(size=WIDE) as pilot:
        await shown(pilot, 6)
        app.as_of = date(2024, 6, 1)
        await until(pilot, lambda: row_text(app, "LDQ-MAZZINI")[3] == "■ uncovered")
        await shown(pilot, 6)
        assert row_text(app, "LDQ-PONTE-LAMBRO")[3:5] == ["■ uncovered", "31/12/2023"]


async def test_enter_opens_the_record_and_escape_returns(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, 11)
        await pilot.press(*["down"] * 5)
        await until(pilot, lambda: table(app).cursor_row == 5)
        await pilot.press("enter")
        await until(pilot, lambda: shows_record(app.screen, "LOR-2019-C1"))
        assert isinstance(app.screen, ContractScreen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ListScreen))
        assert table(app).cursor_row == 5


async def test_services_open_their_detail(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="services", language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot, 6)
        await pilot.press("enter")
        await until(pilot, lambda: shows_record(app.screen, "LSL-LORENTEGGIO"))
        assert isinstance(app.screen, ServiceScreen)


async def test_deadlines_list_counts_down(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="deadlines", language="en")
    async with app.run_test(size=WIDE) as pilot:
        await shown(pilot, 10)
        # LDQ-2016, planned for 2016, asks on the alerts whether it still is: its
        # start of the procedure is no deadline to miss every morning
        assert "LDQ-2016/start" not in keys(app)
        first = row_text(app, "LOR-2023/start")
        assert first[:3] == [
            "04/07/2023",
            "Tender LOR-2023: start of the procedure",
            "in 168 days",
        ]
        assert first[3:5] == ["LOR-2023", "open"]
        assert row_text(app, "POR-FSE-2014-2020/eligibility")[4] == "open"
        await pilot.press("f")  # open
        await shown(pilot, 10)
        await pilot.press("f")  # overdue
        await shown(pilot, 0)


async def test_funding_organisations_and_tenders_lists(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="funding", language="en")
    async with app.run_test(size=WIDE) as pilot:
        await shown(pilot, 4)
        region = row_text(app, "REGIONE-LOMBARDIA")
        assert region[4:] == ["no end", "2", "not stated", "not stated (1)"]
        assert row_text(app, "POR-FSE-2014-2020")[4] == "31/12/2023"
        await pilot.press("7")
        await shown(pilot, 5)
        assert row_text(app, "SPAZIO-APERTO")[4:] == ["1", "1"]
        await pilot.press("f")  # company
        await shown(pilot, 1)
        assert keys(app) == ["KCITY"]
        await pilot.press("4")
        await shown(pilot, 6)
        assert row_text(app, "LDQ-2016")[2:5] == ["planned", "-", "5"]
        await search_for(pilot, "LDQ-2016-L4")  # a lot's ref
        await shown(pilot, 1)
        assert keys(app) == ["LDQ-2016"]


async def test_new_opens_the_form_of_the_lists_kind(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, 11)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        assert isinstance(app.screen, RecordForm)
        assert app.screen.kind == "contract"


async def test_services_cannot_be_created_from_their_list(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="services", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, 6)
        assert app.screen.check_action("new", ()) is False
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)


async def test_lists_reload_when_the_data_changes(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="organisations", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, 5)
        await pilot.press("down", "down")
        await until(pilot, lambda: table(app).cursor_row == 2)
        app_tracker.load_dataset(
            Dataset(
                organisations=[
                    OrganisationDraft(ref="AAA-NEW", name="Nuova cooperativa sociale")
                ]
            )
        )
        app.data_changed()
        await shown(pilot, 6)
        assert keys(app)[:2] == ["A-I", "AAA-NEW"]
        assert table(app).cursor_row == 3  # still on DIKE
        assert status_line(app).startswith("6 organisations")


async def test_a_large_list_reads_a_page_at_a_time(empty_tracker: Tracker) -> None:
    empty_tracker.generate(contracts=260, seed=2)
    app = TrackerApp(empty_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot, PAGE_SIZE)
        assert the_list(app).total == 260
        assert status_line(app).startswith("260 contracts")
        await pilot.press("ctrl+end")  # the cursor near the end reads the next page
        await shown(pilot, 2 * PAGE_SIZE)
        await pilot.press("ctrl+end")
        await shown(pilot, 260)
        rows = keys(app)
        assert rows == sorted(rows)
        assert len(set(rows)) == 260
        await search_for(pilot, "C00000")
        await shown(pilot, 9)
        assert keys(app) == [f"SYN-C{n:06d}" for n in range(1, 10)]
