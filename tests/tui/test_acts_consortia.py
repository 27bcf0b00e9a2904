"""Acts and consortia in the app: their lists, their detail screens, creating,
editing and deleting an act, and ``n`` on the operators asking what to create."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from tests.tui.helpers import ready, settle, until
from tests.tui.test_details import laid_out, rows, text_of
from tests.tui.test_flows import notes, type_into
from tests.tui.test_lists import WIDE, keys, row_text, shown, status_line
from tracker.api import Tracker
from tui.app import TrackerApp
from tui.screens.choice import ChoiceScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.form import RecordForm
from tui.screens.lists import ActList, ConsortiumList, OrganisationList
from tui.screens.records.act import ActScreen
from tui.screens.records.consortium import ConsortiumScreen
from tui.screens.records.detail import DetailScreen, shows_record


def detail_rows(app: TrackerApp, table_id: str) -> list[list[str]]:
    screen = app.screen
    assert isinstance(screen, DetailScreen)
    return rows(screen, table_id)


def screen_text(app: TrackerApp) -> str:
    screen = app.screen
    assert isinstance(screen, DetailScreen)
    return text_of(screen)


def form_title(app: TrackerApp) -> str:
    return str(app.screen.query_one("#form-title", Static).render())


async def test_create_an_act_and_see_it_in_the_list_and_its_detail(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await settle(pilot)
        await pilot.press("0")  # the register of acts
        await until(pilot, lambda: isinstance(app.screen, ActList))
        await shown(pilot, 2)
        assert app.screen.title == "Atti"
        # newest first; the act the press release names, with no date, last
        assert keys(app) == ["DGC-1397-2017", "DGC-2016-LDQ"]
        assert status_line(app) == "2 atti · ordinamento per Data ▼"
        assert row_text(app, "DGC-1397-2017") == [
            "04/08/2017",
            "Delibera di Giunta Comu…",
            "1397",
            "6",
            "Nuove strategie di presidio locale dei …",
            "DGC-1397-2017",
        ]
        assert row_text(app, "DGC-2016-LDQ")[:4] == [
            "n.d.",
            "Delibera di Giunta Comu…",
            "n.d.",
            "1",
        ]

        await pilot.press("n")
        await ready(pilot, RecordForm)
        assert form_title(app) == "Inserimento atto (delibera, determina)"
        await type_into(pilot, "ref", "DD-45-2023")
        await type_into(pilot, "number", "45")
        await type_into(pilot, "adopted_on", "10/01/2023")
        await type_into(pilot, "body", "Direzione Casa")
        await type_into(pilot, "subject", "Affidamento del Laboratorio Lorenteggio")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await until(pilot, lambda: "Salvato: DD-45-2023" in notes(seen))
        await shown(pilot, 3)
        assert keys(app) == ["DD-45-2023", "DGC-1397-2017", "DGC-2016-LDQ"]
        # the kind is the form's default, in Italian; nothing cites it yet
        assert row_text(app, "DD-45-2023")[:5] == [
            "10/01/2023",
            "Determina dirigenziale",
            "45",
            "0",
            "Affidamento del Laboratorio Lorenteggio",
        ]

        listed = app.screen.query_one("#list", DataTable)
        listed.move_cursor(row=listed.get_row_index("DD-45-2023"))
        await until(pilot, lambda: listed.has_focus and listed.cursor_row == 0)
        await pilot.press("enter")
        await until(pilot, lambda: laid_out(app.screen, "DD-45-2023"))
        assert isinstance(app.screen, ActScreen)
        assert app.screen.title == "Atto DD-45-2023"
        text = screen_text(app)
        assert "Determina dirigenziale n. 45" in text  # its title
        for fact in (
            "Tipo         Determina dirigenziale",
            "Numero       45",
            "Adottato il  10/01/2023",
            "Organo       Direzione Casa",
            "Oggetto      Affidamento del Laboratorio Lorenteggio",
            "Elementi che citano questo atto",
            "Nessun elemento cita questo atto.",
        ):
            assert fact in text
    draft = app_tracker.draft_of("DD-45-2023")
    assert draft.model_dump(exclude_none=True) == {
        "ref": "DD-45-2023",
        "kind": "determina_dirigenziale",
        "number": "45",
        "adopted_on": draft.adopted_on,  # type: ignore[union-attr]
        "body": "Direzione Casa",
        "subject": "Affidamento del Laboratorio Lorenteggio",
    }
    assert str(draft.adopted_on) == "2023-01-10"  # type: ignore[union-attr]


async def test_an_act_shows_what_cites_it_and_opens_each(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, language="it")
    # wide enough for whole titles: narrower, the title column is cut first
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.open_record("DGC-1397-2017")
        await until(pilot, lambda: laid_out(app.screen, "DGC-1397-2017"))
        assert detail_rows(app, "cited-by") == [
            [
                "Contratto",
                f"PRO-2020-{place}",
                app_tracker.get_record(f"PRO-2020-{place}").contract.title,  # type: ignore[union-attr]
            ]
            for place in (
                "GRATOSOGLIO",
                "MAZZINI",
                "MOLISE-CALVAIRATE",
                "PONTE-LAMBRO",
                "SAN-SIRO",
            )
        ] + [["Gestione diretta", "INT-2018", detail_rows(app, "cited-by")[5][2]]]
        app.screen.query_one("#cited-by", DataTable).focus()
        await pilot.press("enter")
        await until(pilot, lambda: shows_record(app.screen, "PRO-2020-GRATOSOGLIO"))


async def test_edit_and_delete_an_act_with_e_and_delete(app_tracker: Tracker) -> None:
    app = TrackerApp(app_tracker, language="it")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await settle(pilot)
        app.open_record("DGC-2016-LDQ")
        await until(pilot, lambda: laid_out(app.screen, "DGC-2016-LDQ"))
        # cited by the 2016 tender: not deleted, and told why
        await pilot.press("delete")
        await ready(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(
            pilot,
            lambda: any(
                n == "DGC-2016-LDQ: è citato da LDQ-2016; modifica prima LDQ-2016"
                for n in notes(seen)
            ),
        )
        assert app_tracker.record_kind("DGC-2016-LDQ") == "act"

        await pilot.press("e")
        await ready(pilot, RecordForm)
        assert form_title(app) == "Modifica atto (delibera, determina) DGC-2016-LDQ"
        await type_into(pilot, "number", "1234")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Salvato: DGC-2016-LDQ" in notes(seen))
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, ActScreen)
                and "Delibera di Giunta Comunale n. 1234" in screen_text(app)
            ),
        )
    assert app_tracker.draft_of("DGC-2016-LDQ").number == "1234"  # type: ignore[union-attr]

    # An act nothing cites goes when asked.
    app = TrackerApp(app_tracker, language="en")
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await settle(pilot)
        app_tracker.save(
            app_tracker.draft_of("DGC-2016-LDQ").model_copy(
                update={"ref": "DGC-SPARE", "number": "1"}
            )
        )
        app.open_record("DGC-SPARE")
        await until(pilot, lambda: laid_out(app.screen, "DGC-SPARE"))
        await pilot.press("delete")
        await ready(pilot, ConfirmScreen)
        await pilot.press("y")
        await until(pilot, lambda: "Deleted: DGC-SPARE" in notes(seen))
    assert app_tracker.record_kind("DGC-SPARE") is None


@pytest.mark.parametrize(
    ("language", "title", "lead", "members", "shares", "roles"),
    [
        (
            "it",
            "Raggruppamenti",
            "Spazio Aperto S…",
            "5",
            "quote non indicate",
            ["mandataria", "mandante", "mandante", "mandante", "mandante"],
        ),
        (
            "en",
            "Consortia",
            "Spazio Aperto S…",
            "5",
            "shares not stated",
            ["mandataria", "mandante", "mandante", "mandante", "mandante"],
        ),
    ],
)
async def test_the_consortia_list_shows_the_milan_ati_with_its_members(
    app_tracker: Tracker,
    language: str,
    title: str,
    lead: str,
    members: str,
    shares: str,
    roles: list[str],
) -> None:
    app = TrackerApp(app_tracker, language=language)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await until(pilot, lambda: isinstance(app.screen, OrganisationList))
        await shown(pilot, 5)
        await pilot.press("t")  # the other tab: the groupings
        await until(pilot, lambda: isinstance(app.screen, ConsortiumList))
        await shown(pilot, 1)
        assert app.screen.title == title
        tabs = str(app.screen.query_one("#tabs", Static).render())
        assert tabs.startswith(
            " Operatori   Raggruppamenti "
            if language == "it"
            else " Organisations   Consortia "
        )
        assert row_text(app, "ATI-LORENTEGGIO-2019") == [
            "ATI-LORENTEGGIO-2019",
            "ATI",
            lead,
            members,
            shares,
            "1",
            "ATI Spazio Aperto Servizi - ARS…",
        ]
        await pilot.press("enter")
        await until(pilot, lambda: bool(app.screen.query("#members")))
        assert isinstance(app.screen, ConsortiumScreen)
        await until(pilot, lambda: laid_out(app.screen, "ATI-LORENTEGGIO-2019"))
        text = screen_text(app)
        label = "Mandataria" if language == "it" else "Lead member"
        assert f"{label}  Spazio Aperto Servizi Società Cooperativa Sociale" in text
        assert shares in text
        rows = detail_rows(app, "members")
        assert [row[0] for row in rows] == roles
        assert [row[1] for row in rows][:2] == [
            "Spazio Aperto Servizi Società Cooperativa Sociale",
            "ARS - Associazione per la Ricerca Sociale",
        ]
        assert [row[3] for row in rows] == [
            "n.d." if language == "it" else "not stated"
        ] * 5
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConsortiumList))
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, OrganisationList))


async def test_n_on_the_operators_asks_organisation_or_consortium(
    app_tracker: Tracker,
) -> None:
    app = TrackerApp(app_tracker, language="it", start="organisations")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot, 5)
        await pilot.press("n")
        await ready(pilot, ChoiceScreen)
        await pilot.press("r")
        await ready(pilot, RecordForm)
        assert form_title(app) == "Inserimento raggruppamento (ATI/RTI)"
        assert app.screen.kind == "consortium"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, OrganisationList))
        await pilot.press("n")
        await ready(pilot, ChoiceScreen)
        await pilot.press("enter")  # the first choice, highlighted
        await ready(pilot, RecordForm)
        assert form_title(app) == "Inserimento operatore"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, OrganisationList))
        await pilot.press("n")
        await ready(pilot, ChoiceScreen)
        await pilot.press("escape")  # neither
        await until(pilot, lambda: isinstance(app.screen, OrganisationList))
