"""Detail screens: what each shows of a Milan record, opening attached records,
the keys that edit, add and exercise, and reloading after a change."""

from __future__ import annotations

import json
import re
from typing import Any

from rich.console import Console
from textual.coordinate import Coordinate
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from tests.conftest import MILAN
from tests.tui.helpers import focus, mounted, ready, settle, until
from tracker.api import Dataset, Tracker
from tui.app import TrackerApp
from tui.screens.confirm import ConfirmScreen, TextScreen
from tui.screens.form import RecordForm
from tui.screens.records import detail_screen
from tui.screens.records.allocation import AllocationScreen
from tui.screens.records.blocks import RecordTable
from tui.screens.records.consortium import ConsortiumScreen
from tui.screens.records.contract import ContractScreen
from tui.screens.records.deadline import DeadlineScreen
from tui.screens.records.detail import DetailScreen, shows_record
from tui.screens.records.funding import FundingSourceScreen
from tui.screens.records.organisation import OrganisationScreen
from tui.screens.records.service import ServiceScreen
from tui.screens.records.tender import TenderScreen


def laid_out(screen: Screen[Any], ref: str) -> bool:
    """Whether ``screen`` shows ``ref`` with its view built and every section
    mounted (the tables filled)."""
    return (
        shows_record(screen, ref)
        and bool(screen.query(".facts"))
        and mounted(screen, "#detail > *")
    )


async def open_detail(pilot: Pilot[Any], ref: str) -> DetailScreen[Any]:
    """Open ``ref`` and wait for its view to be laid out."""
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await settle(pilot)
    app.open_record(ref)
    await until(pilot, lambda: laid_out(app.screen, ref))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, DetailScreen)
    return screen


def text_of(screen: DetailScreen[Any]) -> str:
    """Everything the facts and notes say, as plain text (tables aside)."""
    console = Console(width=200, record=True, color_system=None)
    for static in screen.query(Static):
        if not isinstance(static, RecordTable):
            console.print(static.content)
    return console.export_text()


def rows(screen: DetailScreen[Any], table_id: str) -> list[list[str]]:
    table = screen.query_one(f"#{table_id}", RecordTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def cursor_key(screen: DetailScreen[Any], table_id: str) -> str | None:
    table = screen.query_one(f"#{table_id}", RecordTable)
    key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
    return None if key is None else str(key)


async def test_the_lorenteggio_contract(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LOR-2019-C1")
        assert isinstance(screen, ContractScreen)
        assert screen.title == "Contract LOR-2019-C1"
        text = text_of(screen)
        assert "Contract LOR-2019-C1: Servizio di accompagnamento sociale" in text
        assert "21/06/2019 to 20/06/2022 (36 months)" in text
        assert re.search(r"Covered until +20/12/2022", text)
        assert "LOR-2019, lot LOR-2019-L1, CIG -" in text
        assert "€0.00 of €165,683.04" in text  # the quinto
        assert rows(screen, "options") == [
            [
                "LOR-2019-C1-R1",
                "renewal",
                "exercised",
                "21/06/2022 to 20/12/2022",
                "6",
                "-",
            ]
        ]
        assert rows(screen, "amounts") == [
            ["Base", "not known", "rate unknown", "not known", "€828,415.20"],
            [
                "renewal LOR-2019-C1-R1 (exercised)",
                "not known",
                "rate unknown",
                "not known",
                "€138,069.20",
            ],
            [
                "Total, base and exercised options",
                "not known",
                "",
                "not known",
                "€966,484.40",
            ],
            [
                "Total, all options included",
                "not known",
                "",
                "not known",
                "€966,484.40",
            ],
        ]
        supplier = rows(screen, "supplier")
        assert supplier[0][:2] == [
            "ATI",
            "ATI Spazio Aperto Servizi - ARS - A&I - DIKE - KCITY",
        ]
        assert [r[0] for r in supplier[1:]] == ["mandataria"] + ["mandante"] * 4
        assert rows(screen, "funding") == [
            [
                "FIN-LOR-2019-FSE",
                "POR FSE Lombardia 2014-2020",
                "this contract",
                "not stated",
                "confirmed",
            ]
        ]
        assert [r[0] for r in rows(screen, "deadlines")] == [
            "22/03/2022",
            "20/12/2022",
            "31/12/2023",
        ]
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DetailScreen))


async def test_the_contract_in_italian(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="it")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, "LOR-2019-C1")
        assert "dal 21/06/2019 al 20/06/2022 (36 mesi)" in text_of(screen)
        amounts = rows(screen, "amounts")
        assert amounts[0][4] == "828.415,20\xa0€"
        assert amounts[2][4] == "966.484,40\xa0€"
        assert amounts[0][2] == "aliquota non indicata"


async def test_enter_on_a_member_opens_the_organisation(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LOR-2019-C1")
        supplier = screen.query_one("#supplier", RecordTable)
        await focus(pilot, supplier)
        await pilot.press("down", "enter")  # the mandataria
        await until(pilot, lambda: laid_out(app.screen, "SPAZIO-APERTO"))
        organisation = app.screen
        assert isinstance(organisation, OrganisationScreen)
        assert rows(organisation, "consortia")[0][:3] == [
            "ATI-LORENTEGGIO-2019",
            "ATI Spazio Aperto Servizi - ARS - A&I - DIKE - KCITY",
            "mandataria",
        ]
        contract = rows(organisation, "contracts")[0]
        assert contract[0] == "LOR-2019-C1"
        assert contract[2:] == [
            "mandataria",
            "ATI-LORENTEGGIO-2019",
            "21/06/2019 to 20/12/2022",
            "€966,484.40",
            "ended",
        ]
        await pilot.press("escape")
        await until(pilot, lambda: shows_record(app.screen, "LOR-2019-C1"))


async def test_a_tender_with_its_lots_contracts_and_funding(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="tenders", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LOR-2019")
        assert isinstance(screen, TenderScreen)
        assert rows(screen, "lots") == [
            [
                "1 LOR-2019-L1",
                "Laboratorio Sociale Lorenteggio",
                "-",
                "not stated",
                "LSL-LORENTEGGIO",
                "LOR-2019-C1",
            ]
        ]
        assert rows(screen, "contracts") == [
            [
                "LOR-2019-C1",
                "ATI Spazio Aperto Servizi - ARS - A&I - DIKE - KCITY",
                "21/06/2019 to 20/12/2022",
                "€966,484.40",
                "ended",
            ]
        ]
        await focus(pilot, screen.query_one("#contracts", RecordTable))
        await pilot.press("enter")
        await until(pilot, lambda: shows_record(app.screen, "LOR-2019-C1"))


async def test_a_lot_opens_its_tender_on_that_lot(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="tenders", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LDQ-2016-L3")
        assert isinstance(screen, TenderScreen)
        assert screen.main_ref == "LDQ-2016"
        assert len(rows(screen, "lots")) == 5
        assert cursor_key(screen, "lots") == "LDQ-2016-L3"
        assert [r[0] for r in rows(screen, "funding")] == [
            "FIN-LDQ-2016-COMUNE",
            "FIN-LDQ-2016-MIT",
            "FIN-LDQ-2016-RL",
        ]
        assert rows(screen, "deadlines")[0][1:] == [
            "overdue by 2631 days",
            "Tender LDQ-2016: start of the procedure",
            "overdue",
        ]


async def test_an_option_opens_its_contract_on_that_option(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LOR-2019-C1-R1")
        assert isinstance(screen, ContractScreen)
        assert (screen.main_ref, cursor_key(screen, "options")) == (
            "LOR-2019-C1",
            "LOR-2019-C1-R1",
        )


async def test_the_lorenteggio_service_on_the_committee_day(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="services", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LSL-LORENTEGGIO")
        assert isinstance(screen, ServiceScreen)
        text = text_of(screen)
        assert "■ uncovered  as of 17/01/2023" in text
        assert "uncovered since 21/12/2022 (for 28 days)" in text
        assert "last covered 20/12/2022" in text
        assert "next tender LOR-2023: planned, funding awaiting confirmation" in text
        assert "21/06/2019 to 2025" in text
        assert rows(screen, "periods") == [
            [
                "LOR-2019-C1",
                "21/06/2019",
                "20/12/2022",
                "ATI Spazio Aperto Servizi - ARS - A&I - DIKE - KCITY",
                "€966,484.40",
            ]
        ]
        assert [r[:3] for r in rows(screen, "tenders")] == [
            ["LOR-2023", "LOR-2023-L1", "planned"],
            ["LOR-2019", "LOR-2019-L1", "awarded"],
            ["SCN-LOR-2025", "SCN-LOR-2025-L1", "proposed"],
        ]
        assert screen.check_action("edit", ()) is False


async def test_the_service_follows_the_as_of_day(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="services", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "LDQ-MAZZINI")
        assert "▲ at risk  as of 17/01/2023" in text_of(screen)
        app.as_of = app.as_of.replace(year=2024)
        await until(pilot, lambda: "■ uncovered  as of 17/01/2024" in text_of(screen))
        assert "uncovered since 01/07/2023 (for 201 days)" in text_of(screen)


async def test_consortium_funding_source_and_allocation(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="funding", language="en")
    # wide enough for every cell whole (narrower, the widest text is clipped)
    async with app.run_test(size=(170, 40)) as pilot:
        screen = await open_detail(pilot, "ATI-LORENTEGGIO-2019")
        assert isinstance(screen, ConsortiumScreen)
        assert [r[:2] for r in rows(screen, "members")] == [
            ["mandataria", "Spazio Aperto Servizi Società Cooperativa Sociale"],
            ["mandante", "ARS - Associazione per la Ricerca Sociale"],
            ["mandante", "A&I Società Cooperativa Sociale Onlus"],
            [
                "mandante",
                "DIKE Cooperativa per la mediazione dei conflitti Cooperativa Sociale Onlus",
            ],
            ["mandante", "KCITY S.r.l."],
        ]
        source = await open_detail(pilot, "REGIONE-LOMBARDIA")
        assert isinstance(source, FundingSourceScreen)
        assert rows(source, "allocations") == [
            [
                "FIN-LDQ-2016-RL",
                "Regione Lombardia",
                "LDQ-2016",
                "not stated",
                "planned",
            ],
            [
                "FIN-LOR-2023-RL",
                "Regione Lombardia",
                "LOR-2023",
                "not stated",
                "pending confirmation",
            ],
        ]
        await focus(pilot, source.query_one("#allocations", RecordTable))
        await pilot.press("down", "enter")
        await until(pilot, lambda: laid_out(app.screen, "FIN-LOR-2023-RL"))
        allocation = app.screen
        assert isinstance(allocation, AllocationScreen)
        assert rows(allocation, "links") == [
            ["REGIONE-LOMBARDIA", "regional", "Regione Lombardia"],
            [
                "LOR-2023",
                "tender",
                "Servizio di accompagnamento sociale - Laboratorio Sociale Lorenteggio, 36 mesi dal 2023",
            ],
        ]
        assert "pending confirmation" in text_of(allocation)


async def test_an_explicit_deadline_and_a_note(app_tracker: Tracker) -> None:
    data = json.loads(MILAN.read_text(encoding="utf-8"))
    extra = Dataset.model_validate(
        {
            "deadlines": [
                {
                    "ref": "REPORT-LOR",
                    "title": "Relazione trimestrale Lorenteggio",
                    "due": "2022-10-31",
                    "subject": "LOR-2019-C1",
                    "recurrence": "quarterly",
                    "recurrence_until": "2023-06-30",
                }
            ]
        }
    )
    assert data["format"] == "appalti-dataset"
    app_tracker.load_dataset(extra)
    app = TrackerApp(app_tracker, start="deadlines", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "REPORT-LOR")
        assert isinstance(screen, DeadlineScreen)
        assert [r[0] for r in rows(screen, "occurrences")] == [
            "31/10/2022",
            "31/01/2023",
            "30/04/2023",
        ]
        assert rows(screen, "occurrences")[0][1] == "overdue by 78 days"
        assert rows(screen, "links") == [["LOR-2019-C1", "contract"]]
        contract = await open_detail(pilot, "LOR-2019-C1")
        assert "No notes." in text_of(contract)
        app_tracker.add_note("LOR-2019-C1", "Chiedere la relazione finale.")
        app.data_changed()
        await until(
            pilot,
            lambda: (
                "Chiedere la relazione finale." in text_of(contract)
                and laid_out(contract, "LOR-2019-C1")
            ),
        )
        assert "test-rup: Chiedere la relazione finale." in text_of(contract)
        assert [r[0] for r in rows(contract, "deadlines")][:2] == [
            "22/03/2022",
            "31/10/2022",
        ]


async def test_an_unknown_reference_opens_nothing(app_tracker: Tracker) -> None:
    assert detail_screen(app_tracker, "NOTHING") is None
    seen: list[object] = []
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await settle(pilot)
        app.open_record("NOTHING")
        await until(
            pilot,
            lambda: any(
                isinstance(m, Notify) and "NOTHING" in m.notification.message
                for m in seen
            ),
        )
        assert not isinstance(app.screen, DetailScreen)


async def test_a_record_deleted_elsewhere_closes_its_screen(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, start="funding", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, "FIN-LOR-2023-RL")
        app_tracker.delete("FIN-LOR-2023-RL")
        app.data_changed()
        await until(pilot, lambda: not isinstance(app.screen, DetailScreen))


async def test_keys_open_the_forms_of_the_record(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, start="contracts", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        contract = await open_detail(pilot, "LOR-2019-C1")
        for key, kind in [
            ("n", "option"),
            ("a", "allocation"),
            ("d", "deadline"),
            ("m", "note"),
            ("x", "exercise"),
            ("e", "contract"),
        ]:
            await pilot.press(key)
            await ready(pilot, RecordForm)
            form = app.screen
            assert isinstance(form, RecordForm)
            assert form.kind == kind
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is contract)
        await pilot.press("delete")
        await ready(pilot, ConfirmScreen)
        await pilot.press("n")
        await until(pilot, lambda: app.screen is contract)
        tender = await open_detail(pilot, "LOR-2023")
        await pilot.press("n")
        await ready(pilot, RecordForm)
        assert isinstance(app.screen, RecordForm)
        assert app.screen.kind == "lot"
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is tender)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, TextScreen))


def test_every_record_a_form_edits_has_a_detail_screen() -> None:
    from tracker.api import RecordKind
    from tracker.forms import DRAFTS
    from tui.screens.records import SCREENS

    editable = {RecordKind(kind) for kind in DRAFTS}
    assert sorted(editable - SCREENS.keys()) == []
    assert SCREENS[RecordKind.LOT] is TenderScreen
    assert SCREENS[RecordKind.OPTION] is ContractScreen
