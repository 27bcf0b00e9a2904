"""The published facts where a person looks for them: the tender's buyer, category,
CPV codes, ANAC procedure and its lots' CUPs; a modification's basis; a buyer's
AUSA code."""

from __future__ import annotations

from datetime import date

from tests.tui.test_details import open_detail, rows, text_of
from tracker.api import Tracker
from tracker.domain.kinds import MainCategory, OptionKind, OptionState, TenderStatus
from tracker.drafts import LotDraft, OptionDraft, OrganisationDraft, TenderDraft
from tui.app import TrackerApp


def published(tracker: Tracker) -> Tracker:
    tracker.save(
        OrganisationDraft(
            ref="COMUNE-BG",
            name="Comune di Bergamo",
            codice_fiscale="80034840167",
            ausa="0000244392",
        )
    )
    tracker.save(
        TenderDraft(
            ref="BG-2024",
            title="Manutenzione del verde",
            buyer="COMUNE-BG",
            main_category=MainCategory.SERVICES,
            cpv=["77310000-6"],
            procedure_code="1",
            procedure_title="PROCEDURA APERTA",
            status=TenderStatus.PUBLISHED,
            lots=[
                LotDraft(
                    ref="BG-2024-A",
                    title="Parchi",
                    cups=["I81C11000040006", "H81J09002660007"],
                )
            ],
        )
    )
    tracker.save(
        OptionDraft(
            ref="LOR-2019-C1-P1",
            kind=OptionKind.PROROGA_TECNICA,
            state=OptionState.EXERCISED,
            decided_on=date(2022, 12, 15),
            basis="PROROGA",
        ),
        owner="LOR-2019-C1",
    )
    return tracker


async def test_a_published_tender_shows_its_facts(app_tracker: Tracker) -> None:
    app = TrackerApp(published(app_tracker), start="tenders", language="en")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_detail(pilot, "BG-2024")
        text = text_of(screen)
        assert "Comune di Bergamo (C.F. 80034840167, AUSA 0000244392)" in text
        assert "services" in text
        assert "77310000-6" in text
        assert "1: PROCEDURA APERTA" in text
        assert rows(screen, "lots") == [
            [
                "- BG-2024-A",
                "Parchi",
                "-",
                "I81C11000040006, H81J09002660007",
                "not stated",
                "-",
                "-",
            ]
        ]


async def test_a_buyer_shows_its_ausa_code(app_tracker: Tracker) -> None:
    app = TrackerApp(published(app_tracker), start="organisations", language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, "COMUNE-BG")
        assert "0000244392" in text_of(screen)


async def test_a_modification_shows_its_basis(app_tracker: Tracker) -> None:
    app = TrackerApp(published(app_tracker), start="contracts", language="en")
    async with app.run_test(size=(140, 50)) as pilot:
        screen = await open_detail(pilot, "LOR-2019-C1")
        assert rows(screen, "option-facts") == [
            [
                "LOR-2019-C1-P1",
                "End",
                "not stated: it extends nothing until it is known",
            ],
            ["LOR-2019-C1-P1", "Basis", "PROROGA"],
        ]


async def test_the_tender_form_takes_the_buyer_and_the_cpv_codes(
    app_tracker: Tracker,
) -> None:
    from tests.tui.helpers import settle, until
    from tests.tui.test_flows import type_into
    from tui.screens.form import RecordForm
    from tui.screens.records.detail import shows_record

    app_tracker.save(
        OrganisationDraft(ref="COMUNE-MI", name="Comune di Milano", ausa="0000244392")
    )
    app = TrackerApp(app_tracker, language="en", start="tenders")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_record("LOR-2019")
        await until(pilot, lambda: shows_record(app.screen, "LOR-2019"))
        await settle(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, RecordForm))
        await type_into(pilot, "buyer", "comune-mi")
        await type_into(pilot, "cpv", "85311000-2, 85312000-9")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, RecordForm))
        await settle(pilot)
    draft = app_tracker.draft_of("LOR-2019")
    assert isinstance(draft, TenderDraft)
    assert (draft.buyer, draft.cpv) == ("COMUNE-MI", ["85311000-2", "85312000-9"])
