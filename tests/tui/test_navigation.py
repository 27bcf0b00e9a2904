"""Moving around at 80x24 and 120x40: number keys open a section's list, Escape
goes back one step, the footer keeps a record's main keys, lists keep the columns
that matter (and the one they are sorted by), status words stay whole, the as-of
dialog is never cut."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rich.text import Text
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import DataTable, Label
from textual.widgets._footer import FooterKey

from tests.tui.helpers import ready, settle, until
from tracker.api import RecordKind, Tracker
from tracker.i18n import set_language
from tui.app import TrackerApp
from tui.columns import Fit, fit_columns
from tui.screens.as_of import AsOfScreen
from tui.screens.browse import ListScreen
from tui.screens.digest import DigestScreen
from tui.screens.form import RecordForm
from tui.screens.records.blocks import RecordTable
from tui.screens.records.contract import ContractScreen
from tui.screens.records.detail import shows_record
from tui.screens.records.tender import TenderScreen
from tui.widgets.footer import ShownKey, fitted

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def footer_keys(app: TrackerApp) -> list[str]:
    """The keys the footer shows, as "key Description", the palette's last."""
    return [
        f"{key.key_display} {key.description}"
        for key in app.screen.query(FooterKey)
        if key.is_mounted
    ]


def headers(app: TrackerApp) -> list[str]:
    table = app.screen.query_one("#list", DataTable)
    return [
        c.label.plain if isinstance(c.label, Text) else str(c.label)
        for c in table.columns.values()
    ]


def column(app: TrackerApp, label: str) -> list[str]:
    """The cells of the column headed ``label`` (its header without the arrow)."""
    table = app.screen.query_one("#list", DataTable)
    index = [h.removesuffix(" ▲").removesuffix(" ▼") for h in headers(app)].index(label)
    return [
        str(row[index]) for row in (table.get_row_at(i) for i in range(table.row_count))
    ]


def width_of(app: TrackerApp, label: str) -> int:
    table = app.screen.query_one("#list", DataTable)
    for c in table.columns.values():
        if str(c.label).removesuffix(" ▲").removesuffix(" ▼") == label:
            return c.get_render_width(table) - 2
    raise AssertionError(f"no column {label}")


async def list_shown(pilot: Pilot[Any], kind: str, count: int) -> None:
    app = pilot.app
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, ListScreen)
            and kind == app.screen.KIND
            and app.screen._source is not None
            and not app.screen._loading
            and app.screen.query_one("#list", DataTable).row_count == count
        ),
    )
    await settle(pilot)


async def footer_settled(pilot: Pilot[Any], first: str) -> None:
    """Wait for the footer of the screen on top to show ``first`` first."""
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await until(pilot, lambda: footer_keys(app)[:1] == [first])


async def open_tender_from_its_list(pilot: Pilot[Any], ref: str) -> TenderScreen:
    app = pilot.app
    assert isinstance(app, TrackerApp)
    await pilot.press("4")
    await list_shown(pilot, "tenders", 6)
    table = app.screen.query_one("#list", DataTable)
    table.move_cursor(row=table.get_row_index(ref), animate=False)
    await until(pilot, lambda: table.cursor_row == table.get_row_index(ref))
    await pilot.press("enter")
    await until(pilot, lambda: shows_record(app.screen, ref))
    screen = app.screen
    assert isinstance(screen, TenderScreen)
    await ready(pilot, TenderScreen)
    return screen


# Number keys and Escape


@pytest.mark.parametrize("size", SIZES)
async def test_the_sections_number_on_a_record_brings_back_its_list(
    app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, language="it")
    async with app.run_test(size=size) as pilot:
        await ready(pilot, DigestScreen)
        await open_tender_from_its_list(pilot, "LDQ-2016")
        # the trial's "4 did nothing, then n made a lot for LDQ-2016"
        await pilot.press("4", "n")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.kind == RecordKind.TENDER
        assert form.heading == "Inserimento gara"
        await pilot.press("escape")
        await list_shown(pilot, "tenders", 6)
        assert len(app.screen_stack) == 1


@pytest.mark.parametrize("size", SIZES)
async def test_a_number_key_from_a_record_opens_the_other_sections_list(
    app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, language="en", start="contracts")
    async with app.run_test(size=size) as pilot:
        await list_shown(pilot, "contracts", 11)
        await pilot.press("enter")  # CDQ-2006-GRATOSOGLIO
        await until(pilot, lambda: shows_record(app.screen, "CDQ-2006-GRATOSOGLIO"))
        await ready(pilot, ContractScreen)
        await pilot.press("4")
        await list_shown(pilot, "tenders", 6)
        await open_tender_from_its_list(pilot, "LOR-2019")
        # "1" showed a contract: now the contracts' key shows their list
        await pilot.press("5")
        await list_shown(pilot, "contracts", 11)
        assert len(app.screen_stack) == 1
        await pilot.press("4")
        await list_shown(pilot, "tenders", 6)
        assert len(app.screen_stack) == 1


async def test_escape_goes_back_one_step(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, DigestScreen)
        await open_tender_from_its_list(pilot, "LOR-2019")
        await pilot.press("5")
        await list_shown(pilot, "contracts", 11)
        await pilot.press("escape")  # the section shown before, as it was left
        await until(pilot, lambda: shows_record(app.screen, "LOR-2019"))
        await ready(pilot, TenderScreen)
        await pilot.press("escape")  # the record, back to its list
        await list_shown(pilot, "tenders", 6)
        await pilot.press("escape")  # the list, back to the section before
        await until(pilot, lambda: isinstance(app.screen, DigestScreen))


# The footer


@pytest.mark.parametrize(
    ("size", "keys"),
    [
        (
            (80, 24),
            [
                "n Nuovo lotto",
                "a Aggiungi fondi",
                "p Fascicolo",
                "e Modifica",
                "? Tasti",
                "^p palette",
            ],
        ),
        (
            (120, 40),
            [
                "n Nuovo lotto",
                "a Aggiungi fondi",
                "p Fascicolo",
                "e Modifica",
                "del Elimina",
                "d Nuova scadenza",
                "? Tasti",  # "m Nuova nota" does not fit: nor what comes after
                "^p palette",
            ],
        ),
    ],
)
async def test_a_tenders_footer_shows_its_own_keys_first(
    app_tracker: Tracker, size: tuple[int, int], keys: list[str]
) -> None:
    app = TrackerApp(app_tracker, language="it")
    async with app.run_test(size=size) as pilot:
        await ready(pilot, DigestScreen)
        await open_tender_from_its_list(pilot, "LOR-2019")
        await footer_settled(pilot, "n Nuovo lotto")
        assert footer_keys(app) == keys


@pytest.mark.parametrize(
    ("size", "keys"),
    [
        (
            (80, 24),
            [
                "a Presa visione",
                "s Rimanda",
                "v Rimandati, visti",
                "p PDF",
                "? Tasti",
                "^p palette",
            ],
        ),
        (
            (120, 40),
            [
                "a Presa visione",
                "s Rimanda",
                "v Rimandati, visti",
                "p PDF",
                "e Esporta",
                "? Tasti",
                "f2 Data rif.",
                "f3 Lingua",
                "q Esci",
                "^p palette",
            ],
        ),
    ],
)
async def test_the_digests_footer_drops_quit_first(
    app_tracker: Tracker, size: tuple[int, int], keys: list[str]
) -> None:
    app = TrackerApp(app_tracker, language="it")
    async with app.run_test(size=size) as pilot:
        await ready(pilot, DigestScreen)
        await footer_settled(pilot, "a Presa visione")
        assert footer_keys(app) == keys


def shown_key(key: str, description: str, rank: tuple[int, int]) -> ShownKey:
    binding = Binding(key, "help" if key == "?" else key, description, key_display=key)
    return ShownKey(binding, description, True, "", rank)


@pytest.mark.parametrize(
    ("room", "shown"),
    [
        (200, ["n", "p", "e", "?", "q"]),
        (40, ["n", "p", "e", "?"]),  # "q Quit" no longer fits
        (30, ["n", "p", "?"]),
        (10, ["?"]),  # "?" stays, even alone
    ],
)
def test_the_footer_keeps_the_most_specific_keys(room: int, shown: list[str]) -> None:
    # each takes its key, its description and 3 blanks: 11, 11, 8, 8, 8 cells
    keys = [
        shown_key("q", "Quit", (1000, 4)),
        shown_key("?", "Keys", (1000, 1)),
        shown_key("e", "Edit", (101, 0)),
        shown_key("n", "Add lot", (100, 0)),
        shown_key("p", "Dossier", (100, 2)),
    ]
    assert [k.binding.key for k in fitted(keys, room)] == shown


# Lists


@pytest.mark.parametrize(
    ("size", "columns"),
    [
        (
            (80, 24),
            ["Rif. ▲", "Affidatario", "Copertura fino al", "Lordo"],
        ),
        (
            (120, 40),
            [
                "Rif. ▲",
                "Titolo",
                "Affidatario",
                "Copertura fino al",
                "Lordo",
                "Stato",  # the start and the CIG do not fit
            ],
        ),
    ],
)
async def test_contracts_keep_cover_and_gross_at_80_columns(
    app_tracker: Tracker, size: tuple[int, int], columns: list[str]
) -> None:
    app = TrackerApp(app_tracker, language="it", start="contracts")
    async with app.run_test(size=size) as pilot:
        await list_shown(pilot, "contracts", 11)
        assert headers(app) == columns
        assert column(app, "Copertura fino al")[5] == "20/12/2022"  # LOR-2019-C1
        assert column(app, "Lordo")[5] == "966.484,40\xa0€"


@pytest.mark.parametrize(
    ("size", "columns"),
    [
        ((80, 24), ["Rif.", "Denominazione", "Stato ▲", "Copertura fino al"]),
        (
            (120, 40),
            [
                "Rif.",
                "Denominazione",
                "Stato ▲",
                "Copertura fino al",
                "Agire entro",  # the next tender does not fit
            ],
        ),
    ],
)
async def test_services_show_the_column_they_are_sorted_by(
    app_tracker: Tracker, size: tuple[int, int], columns: list[str]
) -> None:
    app = TrackerApp(app_tracker, language="it", start="services")
    async with app.run_test(size=size) as pilot:
        await list_shown(pilot, "services", 6)
        assert headers(app) == columns
        assert column(app, "Stato")[:2] == ["■ scoperto", "▲ a rischio"]


async def test_sorting_by_a_dropped_column_brings_it_back(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, language="it", start="services")
    async with app.run_test(size=(80, 24)) as pilot:
        await list_shown(pilot, "services", 6)
        screen = app.screen
        assert isinstance(screen, ListScreen)
        screen.sort_by("neighbourhood")
        await until(pilot, lambda: "Quartiere ▲" in headers(app))
        assert headers(app) == ["Rif.", "Quartiere ▲", "Stato", "Copertura fino al"]
        assert column(app, "Quartiere")[0] == "Gratosoglio"


@pytest.mark.parametrize("size", SIZES)
async def test_deadline_states_are_never_cut(
    app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, language="it", start="deadlines")
    async with app.run_test(size=size) as pilot:
        # LDQ-2016's stale start of the procedure is asked about on the alerts
        await list_shown(pilot, "deadlines", 10)
        states = column(app, "Stato")
        assert set(states) == {"aperto"}
        # as wide as the longest state in Italian, whichever rows are shown
        assert width_of(app, "Stato") == len("presa visione")


def fit(priority: int, natural: int, least: int | None = None) -> Fit:
    return Fit(priority, natural, natural if least is None else least)


@pytest.mark.parametrize(
    ("room", "keep", "shown"),
    [
        # ref 10, title 30 (clips to 12), cover 10, state 8, cig 10; 2 blanks each
        (100, None, ((0, 10), (1, 30), (2, 10), (3, 8), (4, 10))),
        (60, None, ((0, 10), (1, 12), (2, 10), (3, 8), (4, 10))),  # title clipped
        (55, None, ((0, 10), (1, 19), (2, 10), (3, 8))),  # the cig goes first
        (40, None, ((0, 10), (1, 14), (2, 10))),  # then the state
        (30, None, ((0, 10), (2, 10))),  # priority 1 only
        (30, 4, ((0, 10), (2, 10), (4, 10))),  # the sort column stays, over the room
    ],
)
def test_columns_give_way_by_priority(
    room: int, keep: int | None, shown: tuple[tuple[int, int], ...]
) -> None:
    fits = [fit(1, 10), fit(2, 30, 12), fit(1, 10), fit(3, 8), fit(4, 10)]
    assert fit_columns(fits, room, keep) == shown


# The as-of dialog


@pytest.mark.parametrize("size", SIZES)
async def test_the_as_of_dialog_is_never_cut(
    app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, language="it")
    async with app.run_test(size=size) as pilot:
        await ready(pilot, DigestScreen)
        await pilot.press("f2")
        await ready(pilot, AsOfScreen)
        dialog = app.screen
        await until(
            pilot, lambda: all(label.size.width for label in dialog.query(Label))
        )
        box = dialog.query_one("Vertical").content_region
        hint = dialog.query(Label)[-1]
        assert "Svuotare il campo e scrivere una data" in str(hint.render())
        assert hint.region.right <= box.right
        assert hint.size.height == 2  # wrapped, the whole sentence shown


@pytest.mark.parametrize("size", SIZES)
async def test_organisation_kinds_are_never_cut(
    app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, language="it", start="organisations")
    async with app.run_test(size=size) as pilot:
        await list_shown(pilot, "organisations", 5)
        assert "cooperativa sociale" in column(app, "Tipo")
        assert all("…" not in kind for kind in column(app, "Tipo"))


async def test_a_list_fits_again_when_the_terminal_narrows(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it", start="contracts")
    async with app.run_test(size=(120, 40)) as pilot:
        await list_shown(pilot, "contracts", 11)
        assert "Titolo" in headers(app)
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: "Titolo" not in headers(app))
        assert headers(app) == ["Rif. ▲", "Affidatario", "Copertura fino al", "Lordo"]


@pytest.mark.parametrize("size", SIZES)
async def test_a_records_deadline_states_read_whole(
    app_tracker: Tracker, size: tuple[int, int]
) -> None:
    app = TrackerApp(app_tracker, language="it", start="contracts")
    async with app.run_test(size=size) as pilot:
        await list_shown(pilot, "contracts", 11)
        app.open_record("LOR-2019-C1")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, ContractScreen)
                and bool(app.screen.query("#deadlines"))
            ),
        )
        table = app.screen.query_one("#deadlines", RecordTable)
        await until(pilot, lambda: table.row_count == 3)
        states = [str(table.get_row_at(i)[3]) for i in range(3)]
        assert states == ["adempiuta", "trascorsa", "aperto"]
        # the table fits the screen: the widest text gave way, not the state
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= (
            size[0] - 4
        )
        what = str(table.get_row_at(0)[2])
        assert what.startswith("Decidere sull'opzione LOR-2019-C")
        assert what.endswith("…")
