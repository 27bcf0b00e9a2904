"""A tender's published facts (buyer, main category, CPV codes, ANAC procedure,
ocid), lots without a number and with several CUPs, and a buyer's AUSA code: saved
through ``Tracker.save``, shown, dumped and loaded again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from tests.conftest import fixed_clock
from tracker.api import Tracker
from tracker.cli import main
from tracker.dataset import dataset_json, parse_dataset
from tracker.domain.anac import check_ausa
from tracker.domain.kinds import MainCategory, ProcedureType, TenderStatus
from tracker.drafts import LotDraft, OrganisationDraft, TenderDraft
from tracker.errors import TrackerError, ValidationError

# --- the shapes of ANAC's codes ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("0000244392", "0000244392"),  # Comune di Bergamo
        (" 0000157238 ", "0000157238"),
        ("0000 244 392", "0000244392"),
    ],
)
def test_an_ausa_code_is_ten_digits(value: str, stored: str) -> None:
    assert check_ausa(value) == stored


@pytest.mark.parametrize(
    "value", ["", "000024439", "00002443921", "000024439X", "AUSA000024"]
)
def test_an_ausa_code_of_another_shape_is_refused(value: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_ausa(value, field="organisations[X].ausa")
    assert (error.value.field, error.value.value, error.value.reason) == (
        "organisations[X].ausa",
        value,
        "an AUSA code has 10 digits",
    )


# --- saved, shown, dumped and loaded ----------------------------------------------

BUYER = OrganisationDraft(
    ref="COMUNE-BG",
    name="Comune di Bergamo",
    kind="public_body",
    codice_fiscale="80034840167",
    ausa="0000244392",
)


def tender(**changes: object) -> TenderDraft:
    draft = TenderDraft(
        ref="BG-2024",
        ocid="ocds-hu01ve-8395181",
        title="Manutenzione del verde",
        buyer="COMUNE-BG",
        main_category=MainCategory.SERVICES,
        cpv=["77310000-6", "77311000-3"],
        procedure_type=ProcedureType.ADESIONE_ACCORDO_QUADRO,
        procedure_code="27",
        procedure_title="AFFIDAMENTO DIRETTO IN ADESIONE AD ACCORDO QUADRO/CONVENZIONE",
        status=TenderStatus.AWARDED,
        cup="I81C11000040006",
        lots=[
            LotDraft(
                ref="BG-2024-A",
                title="Parchi del centro",
                cig="8949845DB9",
                cups=["I81C11000040006", "H81J09002660007"],
            ),
            LotDraft(ref="BG-2024-B", title="Parchi di periferia"),
        ],
    )
    return draft.model_copy(update=changes)


@pytest.fixture
def bergamo(tracker: Tracker) -> Tracker:
    tracker.save(BUYER)
    tracker.save(tender())
    return tracker


def test_the_published_facts_are_kept(bergamo: Tracker) -> None:
    t = bergamo.tender_view("BG-2024", date(2024, 6, 1)).detail.tender
    assert t.buyer is not None
    assert (t.buyer.name, t.buyer.codice_fiscale, t.buyer.ausa) == (
        "Comune di Bergamo",
        "80034840167",
        "0000244392",
    )
    assert (t.ocid, t.main_category, t.cpv, t.procedure_code, t.cup) == (
        "ocds-hu01ve-8395181",
        "services",
        ("77310000-6", "77311000-3"),
        "27",
        "I81C11000040006",
    )
    assert [(lot.ref, lot.number, lot.cups) for lot in t.lots] == [
        ("BG-2024-A", None, ("I81C11000040006", "H81J09002660007")),
        ("BG-2024-B", None, ()),
    ]
    organisation = bergamo.organisation_view("COMUNE-BG", date(2024, 6, 1))
    assert organisation.organisation.ausa == "0000244392"


def test_show_names_the_buyer_the_category_the_cpv_and_the_procedure(
    bergamo: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del bergamo
    assert main(["--db", db_url, "--lang", "it", "show", "BG-2024"]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert (
        "Stazione appaltante: Comune di Bergamo (C.F. 80034840167, AUSA 0000244392)"
        in lines
    )
    assert "Categoria principale: servizi" in lines
    assert "Codici CPV: 77310000-6, 77311000-3" in lines
    assert (
        "Procedura ANAC: 27: AFFIDAMENTO DIRETTO IN ADESIONE AD ACCORDO "
        "QUADRO/CONVENZIONE"
    ) in lines
    assert "Codici CUP: I81C11000040006, H81J09002660007" in lines
    assert any(
        line.startswith("Lotto senza numero: Parchi di periferia") for line in lines
    )


def test_the_facts_go_through_a_dump_and_a_load(
    bergamo: Tracker, db_url_factory: Callable[[], str]
) -> None:
    first = dataset_json(bergamo.dump_dataset())
    other = Tracker.open(db_url_factory(), clock=fixed_clock)
    try:
        other.load_dataset(parse_dataset(first))
        dumped = other.dump_dataset()
        [t] = dumped.tenders
        assert t == tender()
        [o] = dumped.organisations
        assert o.ausa == "0000244392"
        assert dataset_json(dumped) == first
    finally:
        other.close()


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        (
            {"cpv": ["77310000-6", "7731000-3"]},
            "cpv[1]",
            "not a CPV code: expected 8 digits, a dash and a check digit "
            "(e.g. 45233162-2)",
        ),
        ({"cpv": ["77310000-6", "77310000-6"]}, "cpv[1]", "the code is listed twice"),
        ({"buyer": "NESSUNO"}, "buyer", None),
        (
            {
                "lots": [
                    LotDraft(ref="BG-2025-A", title="A", cups=["I81C1100004000"]),
                ]
            },
            "lots[BG-2025-A].cups[0]",
            None,
        ),
    ],
)
def test_bad_facts_are_refused_naming_the_field(
    bergamo: Tracker, changes: dict[str, object], field: str, reason: str | None
) -> None:
    with pytest.raises(ValidationError) as error:
        bergamo.save(tender(ref="BG-2025", ocid=None, **changes))
    assert error.value.field == field
    if reason is not None:
        assert error.value.reason == reason
    assert bergamo.record_kind("BG-2025") is None


def test_an_ocid_names_one_tender(bergamo: Tracker) -> None:
    with pytest.raises(ValidationError) as error:
        bergamo.save(tender(ref="BG-2025", lots=[]))
    assert (error.value.field, error.value.reason) == (
        "ocid",
        "tender BG-2024 has this ocid",
    )


def test_a_bad_ausa_is_refused(tracker: Tracker) -> None:
    with pytest.raises(ValidationError) as error:
        tracker.save(BUYER.model_copy(update={"ausa": "244392"}))
    assert (error.value.field, error.value.value) == ("ausa", "244392")


def test_a_buyer_is_not_deleted_from_under_its_tender(bergamo: Tracker) -> None:
    with pytest.raises(TrackerError) as error:
        bergamo.delete("COMUNE-BG")
    assert str(error.value) == (
        "COMUNE-BG: it is the buyer of tender BG-2024; change the tender first"
    )
    assert bergamo.record_kind("COMUNE-BG") is not None


def test_the_dossier_names_the_buyer_the_cpv_and_the_cups(bergamo: Tracker) -> None:
    import io

    from pypdf import PdfReader

    from tracker.export.dossier import write_dossier
    from tracker.formatting import Formatter

    out = io.BytesIO()
    write_dossier(
        bergamo.dossier("BG-2024", date(2024, 6, 1)), out, Formatter("en"), author="RUP"
    )
    pages = PdfReader(io.BytesIO(out.getvalue())).pages
    text = " ".join(" ".join(p.extract_text() or "" for p in pages).split())
    assert "Comune di Bergamo (C.F. 80034840167, AUSA 0000244392)" in text
    assert "77310000-6, 77311000-3" in text
    assert "BG-2024-A: 8949845DB9; BG-2024-B: not stated" in text
    assert "Parchi del centro (CUP I81C11000040006, H81J09002660007)" in text
    assert "27: AFFIDAMENTO DIRETTO IN ADESIONE AD ACCORDO" in text


def test_the_forms_show_and_read_the_facts() -> None:
    from tracker.forms import draft_from_values, values_from_draft

    draft = tender(lots=[])
    values = values_from_draft("tender", draft)
    assert (
        values["buyer"],
        values["main_category"],
        values["cpv"],
        values["procedure_code"],
        values["ocid"],
    ) == (
        "COMUNE-BG",
        "services",
        "77310000-6, 77311000-3",
        "27",
        "ocds-hu01ve-8395181",
    )
    values["cpv"] = "77310000-6 45244200-1"
    read = draft_from_values("tender", values, base=draft)
    assert isinstance(read, TenderDraft)
    assert read.cpv == ["77310000-6", "45244200-1"]
    assert read.buyer == "COMUNE-BG"

    lot = draft_from_values(
        "lot", {"ref": "BG-2024-C", "title": "Viali", "cups": "i81c11000040006"}
    )
    assert isinstance(lot, LotDraft)
    assert (lot.number, lot.cups) == (None, ["I81C11000040006"])

    organisation = values_from_draft("organisation", BUYER)
    assert organisation["ausa"] == "0000244392"
