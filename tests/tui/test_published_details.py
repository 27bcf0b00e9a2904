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
