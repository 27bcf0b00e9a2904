"""Reference fields chosen by name: F4 opens a picker over the form, typing
searches, Enter chooses; a missing organisation is created from the picker and
the form keeps what was typed; Ctrl+P finds every kind of record."""

from __future__ import annotations

from typing import Any

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from tests.tui.helpers import ready, settle, until
from tests.tui.test_flows import notes, type_into
from tracker.api import RecordKind, Tracker
from tracker.drafts import OptionDraft
from tracker.forms import FieldKind, FormField
from tui.app import TrackerApp
from tui.screens.form import RecordForm, widget_id
from tui.screens.picker import PickerScreen, picker_query, with_choice
from tui.screens.records.detail import shows_record


def form_value(pilot: Pilot[Any], name: str) -> str:
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    return form.query_one("#" + widget_id(name), Input).value


def hit_lines(picker: PickerScreen) -> list[str]:
    options = picker.query_one(OptionList)
    return [
        str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
    ]


def highlighted(picker: PickerScreen) -> str:
    options = picker.query_one(OptionList)
    assert options.highlighted is not None
    return str(options.get_option_at_index(options.highlighted).prompt)


async def pick(pilot: Pilot[Any], text: str, first: str) -> PickerScreen:
    """In the open picker, type ``text`` and wait until the line highlighted (the
    one Enter chooses) starts with ``first``."""
    await ready(pilot, PickerScreen)
    picker = pilot.app.screen
    assert isinstance(picker, PickerScreen)
    await pilot.press(*text)
    await until(
        pilot,
        lambda: (
            picker.searched == picker.query_one(Input).value
            and picker.searched.endswith(text)
            and picker.query_one(OptionList).highlighted is not None
            and highlighted(picker).startswith(first)
        ),
    )
    return picker


async def open_picker_on(pilot: Pilot[Any], name: str) -> None:
    """Put the cursor in a form field and press F4."""
    await type_into(pilot, name, "")
    await pilot.press("f4")


async def find_in_palette(pilot: Pilot[Any], text: str, first: str) -> None:
    """Ctrl+P, type ``text``, and once ``first`` heads the hits, Enter."""
    await pilot.press("ctrl+p")
    await ready(pilot, CommandPalette)
    palette = pilot.app.screen
    await pilot.press(*text)
    await until(pilot, lambda: palette.query_one(CommandInput).value == text)
    hits = palette.query_one(CommandList)
    await until(
        pilot,
        lambda: (
            hits.option_count > 0
            and hits.highlighted == 0
            and str(hits.get_option_at_index(0).prompt).startswith(first)
        ),
    )
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is not palette)


async def test_regione_in_the_allocation_source_finds_regione_lombardia(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it", start="tenders")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await settle(pilot)
        app.create(RecordKind.ALLOCATION, parent="LOR-2023")
        await ready(pilot, RecordForm)
        await type_into(pilot, "ref", "FIN-LOR-2023-RL2")
        await open_picker_on(pilot, "source")
        picker = await pick(pilot, "regione", "REGIONE-LOMBARDIA · Regione Lombardia")
        # Only funding sources, each as "REF · name"; POR FSE's funder is the Region.
        assert hit_lines(picker) == [
            "REGIONE-LOMBARDIA · Regione Lombardia",
            "POR-FSE-2014-2020 · POR FSE Lombardia 2014-2020",
        ]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        assert form_value(pilot, "source") == "REGIONE-LOMBARDIA"
        assert form_value(pilot, "ref") == "FIN-LOR-2023-RL2"
        assert form_value(pilot, "funds") == "LOR-2023"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Salvato: FIN-LOR-2023-RL2" in notes(seen))
    hits = app_tracker.search("FIN-LOR-2023-RL2")
    assert [(h.kind, h.name, h.detail) for h in hits] == [
        ("allocation", "Regione Lombardia", "LOR-2023")
    ]


async def test_escape_in_the_picker_leaves_the_field_as_it_was(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en", start="tenders")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.create(RecordKind.ALLOCATION, parent="LOR-2023")
        await ready(pilot, RecordForm)
        await type_into(pilot, "source", "MIT")
        await pilot.press("f4")
        # The picker starts from what the field holds.
        picker = await pick(pilot, "", "MIT · Ministero")
        assert picker.query_one(Input).value == "MIT"
        await pilot.press("backspace", "down", "escape")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        assert form_value(pilot, "source") == "MIT"


async def test_an_organisation_created_from_the_supplier_picker_lands_in_the_contract(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en", start="contracts")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await ready(pilot, RecordForm)
        contract_form = app.screen
        await type_into(pilot, "ref", "LOR-2024-C9")
        await type_into(pilot, "title", "Laboratorio Sociale Lorenteggio 2024")
        await open_picker_on(pilot, "supplier")
        picker = await pick(pilot, "Coop Nuova", "+ New organisation…")
        assert hit_lines(picker) == [
            "Nothing found for what you typed",
            "+ New organisation…",
            "+ New consortium (ATI/RTI)…",
        ]
        await pilot.press("enter")
        # The organisation's form opens over the contract's, its name as searched.
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordForm) and app.screen is not contract_form
            ),
        )
        assert form_value(pilot, "name") == "Coop Nuova"
        await type_into(pilot, "ref", "COOP-NUOVA")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Saved: COOP-NUOVA" in notes(seen))
        await until(
            pilot,
            lambda: (
                app.screen is contract_form
                and form_value(pilot, "supplier") == "COOP-NUOVA"
            ),
        )
        assert form_value(pilot, "title") == "Laboratorio Sociale Lorenteggio 2024"
        assert form_value(pilot, "ref") == "LOR-2024-C9"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Saved: LOR-2024-C9" in notes(seen))
    contract = app_tracker.get_record("LOR-2024-C9").contract  # type: ignore[union-attr]
    assert contract.supplier is not None
    assert contract.supplier.ref == "COOP-NUOVA"


async def test_a_three_member_ati_built_with_pickers_only(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en", start="contracts")
    seen: list[object] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await settle(pilot)
        app.create(RecordKind.CONSORTIUM)
        await ready(pilot, RecordForm)
        await type_into(pilot, "ref", "ATI-LOR-2024")
        await type_into(pilot, "name", "ATI Lorenteggio 2024")
        for index, (typed, chosen, share) in enumerate(
            [
                ("dike", "DIKE", "45"),
                ("a&i", "A-I", "30"),
                ("spazio", "SPAZIO-APERTO", "25"),
            ]
        ):
            await open_picker_on(pilot, f"member.{index}.organisation")
            await pick(pilot, typed, chosen + " · ")
            await pilot.press("enter")
            await until(
                pilot,
                lambda i=index, c=chosen: (  # type: ignore[misc]
                    isinstance(app.screen, RecordForm)
                    and form_value(pilot, f"member.{i}.organisation") == c
                ),
            )
            await type_into(pilot, f"member.{index}.share", share)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Saved: ATI-LOR-2024" in notes(seen))
    draft = app_tracker.edit_of("ATI-LOR-2024").draft
    assert [
        (m.organisation, m.role, str(m.share))
        for m in draft.members  # type: ignore[union-attr]
    ] == [
        ("DIKE", "mandataria", "45"),
        ("A-I", "mandante", "30"),
        ("SPAZIO-APERTO", "mandante", "25"),
    ]


async def test_the_act_of_an_exercise_is_chosen_by_its_subject(
    app_tracker: Tracker,
) -> None:
    app_tracker.save_option(
        "LOR-2019-C1",
        OptionDraft.model_validate(
            {
                "ref": "LOR-2019-C1-R2",
                "kind": "renewal",
                "state": "planned",
                "months": 6,
            }
        ),
    )
    app = TrackerApp(app_tracker, language="en", start="contracts")
    seen: list[object] = []
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await settle(pilot)
        app.exercise_option("LOR-2019-C1-R2")
        await ready(pilot, RecordForm)
        await type_into(pilot, "decided_on", "15/12/2022")
        await open_picker_on(pilot, "act")
        picker = await pick(pilot, "strategie presidio", "DGC-1397-2017 · ")
        assert hit_lines(picker) == [
            "DGC-1397-2017 · Nuove strategie di presidio locale dei contesti ERP",
            "+ New act…",  # an act can be made from the picker
        ]
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordForm)
                and form_value(pilot, "act") == "DGC-1397-2017"
            ),
        )
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Saved: LOR-2019-C1-R2" in notes(seen))
    option = app_tracker.edit_of("LOR-2019-C1-R2").draft
    assert option.act == "DGC-1397-2017"  # type: ignore[union-attr]


async def test_services_are_added_to_a_list_of_references(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="en", start="contracts")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await ready(pilot, RecordForm)
        await type_into(pilot, "services", "LDQ-MAZZINI")
        await pilot.press("f4")
        await pick(pilot, "san siro", "LDQ-SAN-SIRO · ")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, RecordForm)
                and form_value(pilot, "services") == "LDQ-MAZZINI, LDQ-SAN-SIRO"
            ),
        )


async def test_the_palette_finds_a_funding_source_an_allocation_and_an_act(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it", start="dashboard")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await find_in_palette(
            pilot,
            "regione lombardia",
            "REGIONE-LOMBARDIA — Regione Lombardia\nFonte di finanziamento",
        )
        await until(pilot, lambda: shows_record(app.screen, "REGIONE-LOMBARDIA"))
        await pilot.press("escape")
        await find_in_palette(
            pilot,
            "FIN-LOR-2023-RL",
            "FIN-LOR-2023-RL — Regione Lombardia\nStanziamento · LOR-2023",
        )
        await until(pilot, lambda: shows_record(app.screen, "FIN-LOR-2023-RL"))
        await pilot.press("escape")
        # An act by a word of its subject: its own page, else what it authorised.
        await find_in_palette(
            pilot,
            "presidio locale",
            "DGC-1397-2017 — Nuove strategie di presidio locale dei contesti ERP\n"
            "Atto · 1397",
        )
        await until(
            pilot,
            lambda: (
                shows_record(app.screen, "DGC-1397-2017")
                or shows_record(app.screen, "PRO-2020-GRATOSOGLIO")
            ),
        )
        await pilot.press("escape")
        # A neighbourhood has no page: the palette says which one it opens.
        await find_in_palette(
            pilot,
            "mazzini",
            "MAZZINI — Mazzini\nQuartiere · apre LDQ-MAZZINI",
        )
        await until(pilot, lambda: shows_record(app.screen, "LDQ-MAZZINI"))


def test_only_a_field_naming_some_kinds_offers_to_create_one() -> None:
    assert PickerScreen((RecordKind.FUNDING_SOURCE,), "").creatable == []
    assert PickerScreen(
        (RecordKind.ORGANISATION, RecordKind.CONSORTIUM), ""
    ).creatable == [RecordKind.ORGANISATION, RecordKind.CONSORTIUM]
    # what a deadline is about exists already
    assert PickerScreen(tuple(RecordKind), "").creatable == []


@pytest.mark.parametrize(
    ("kind", "value", "query", "chosen", "after"),
    [
        ("ref", "", "", "MIT", "MIT"),
        ("ref", "regione", "regione", "REGIONE-LOMBARDIA", "REGIONE-LOMBARDIA"),
        ("ref", "MIT", "MIT", "COMUNE-MILANO", "COMUNE-MILANO"),
        # a list: a reference already there stays, the choice is added
        ("refs", "", "", "LDQ-MAZZINI", "LDQ-MAZZINI"),
        ("refs", "LDQ-MAZZINI", "", "LDQ-SAN-SIRO", "LDQ-MAZZINI, LDQ-SAN-SIRO"),
        ("refs", "LDQ-MAZZINI,", "", "LDQ-SAN-SIRO", "LDQ-MAZZINI, LDQ-SAN-SIRO"),
        # words after the last comma are what is searched, and the choice takes
        # their place
        (
            "refs",
            "LDQ-MAZZINI, san siro",
            "san siro",
            "LDQ-SAN-SIRO",
            "LDQ-MAZZINI, LDQ-SAN-SIRO",
        ),
        # chosen twice, listed once
        ("refs", "LDQ-MAZZINI", "", "LDQ-MAZZINI", "LDQ-MAZZINI"),
    ],
)
def test_what_a_choice_does_to_the_field(
    kind: FieldKind, value: str, query: str, chosen: str, after: str
) -> None:
    field = FormField("f", "F", kind, targets=(RecordKind.SERVICE,))
    assert picker_query(field, value)[0] == query
    assert with_choice(field, value, chosen) == after
