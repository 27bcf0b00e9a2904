"""Published OCDS data imported as it is: ANAC's real releases and the standard's
fictional example, again and again, with local edits kept."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from tests.conftest import SHARED
from tracker import models
from tracker.api import Tracker
from tracker.cli import main
from tracker.drafts import ContractDraft, OrganisationDraft
from tracker.errors import TrackerError
from tracker.i18n import set_language
from tracker.ocds.importing import ImportSummary
from tracker.present.imports import summary_lines

SAMPLES = SHARED / "ocds" / "samples"
ANAC = SAMPLES / "anac-compiled-releases.json"
RECORD_PACKAGE = SAMPLES / "fictional-record-package.json"
RELEASE_PACKAGE = SAMPLES / "fictional-contract-release-package.json"

pytestmark = pytest.mark.skipif(
    not ANAC.is_file(), reason="../shared/ocds/samples is not beside the repo"
)

CAMST = "00311310379"
BETADUE = "01587640515"
REGGELLO = "01421240480"
DUE_PI = "00851630707"


def _import(tracker: Tracker, data: bytes | Path, **options: Any) -> ImportSummary:
    raw = data.read_bytes() if isinstance(data, Path) else data
    return tracker.import_ocds(io.BytesIO(raw), **options)


def _count(tracker: Tracker, model: type[SQLModel]) -> int:
    with Session(tracker.engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def _counts(tracker: Tracker) -> dict[str, int]:
    return {
        "tenders": _count(tracker, models.Tender),
        "lots": _count(tracker, models.Lot),
        "contracts": _count(tracker, models.Contract),
        "consortia": _count(tracker, models.Consortium),
        "members": _count(tracker, models.ConsortiumMember),
        "modifications": _count(tracker, models.ContractOption),
        "organisations": _count(tracker, models.Organisation),
        "payments": _count(tracker, models.Payment),
    }


def _field(tracker: Tracker, ref: str, name: str) -> Any:
    return getattr(tracker.draft_of(ref), name)


def _contract(tracker: Tracker, ref: str) -> ContractDraft:
    draft = tracker.draft_of(ref)
    assert isinstance(draft, ContractDraft)
    return draft


def _anac() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(ANAC.read_text(encoding="utf-8"))
    return loaded


def _release(data: dict[str, Any], ocid: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in data["releases"] if r["ocid"] == ocid)
    return found


ANAC_COUNTS = {
    "tenders": 12,
    "lots": 15,
    "contracts": 13,
    "consortia": 3,
    "members": 8,
    "modifications": 10,
    "organisations": 28,
}


def test_anacs_real_releases_import_with_no_refusal(tracker: Tracker) -> None:
    summary = _import(tracker, ANAC)
    assert summary.skipped == []
    assert (summary.created, summary.updated, summary.unchanged) == (12, 0, 0)
    counts = _counts(tracker)
    assert {k: counts[k] for k in ANAC_COUNTS} == ANAC_COUNTS
    assert summary.records == {
        "organisation": 28,
        "consortium": 3,
        "tender": 12,
        "lot": 15,
        "contract": 13,
        "contract option": 10,
    }
    # every release has a malformed compiled date, read with a warning
    malformed = [w for _o, w in summary.warnings if "malformed" in w.id]
    assert len(malformed) == 12


def test_the_camst_group_becomes_one_consortium_with_roles_unstated(
    tracker: Tracker,
) -> None:
    _import(tracker, ANAC)
    with Session(tracker.engine) as session:
        contract = session.exec(
            select(models.Contract).where(
                models.Contract.ref == "ANAC-8365650/C2754824"
            )
        ).one()
        assert contract.supplier_organisation_id is None
        group = session.get(models.Consortium, contract.supplier_consortium_id)
        assert group is not None
        members = session.exec(
            select(models.Organisation.codice_fiscale, models.ConsortiumMember.role)
            .join(
                models.ConsortiumMember,
                col(models.ConsortiumMember.organisation_id)
                == col(models.Organisation.id),
            )
            .where(models.ConsortiumMember.consortium_id == group.id)
            .order_by(col(models.ConsortiumMember.position))
        ).all()
        assert sorted(members) == [(CAMST, "unstated"), (BETADUE, "unstated")]
        assert (contract.signed_on, contract.start, contract.end) == (
            date(2023, 3, 7),
            date(2023, 3, 7),
            date(2031, 7, 31),
        )
        assert contract.amount_cents == 635922739
        assert (contract.amount_basis, contract.amount_vat_rate) == ("net", "unknown")
        tender = session.exec(
            select(models.Tender).where(models.Tender.ocid == "ocds-hu01ve-8365650")
        ).one()
        assert tender.ref == "ANAC-8365650"
        assert tender.procedure_type == "aperta"
        assert (tender.procedure_code, tender.procedure_title) == (
            "1",
            "PROCEDURA APERTA",
        )
        assert tender.main_category == "services"
        assert tender.cpv_codes == "55322000-3"
        buyer = session.get(models.Organisation, tender.buyer_organisation_id)
        assert buyer is not None
        assert (buyer.name, buyer.codice_fiscale, buyer.ausa) == (
            "COMUNE DI REGGELLO",
            REGGELLO,
            "0000180455",
        )


def test_one_group_winning_three_lots_is_one_consortium(tracker: Tracker) -> None:
    _import(tracker, ANAC)
    with Session(tracker.engine) as session:
        suppliers = session.exec(
            select(models.Contract.supplier_consortium_id)
            .join(models.Lot, col(models.Lot.id) == col(models.Contract.lot_id))
            .join(models.Tender, col(models.Tender.id) == col(models.Lot.tender_id))
            .where(models.Tender.ocid == "ocds-hu01ve-8390739")
        ).all()
    assert len(suppliers) == 4
    assert len(set(suppliers)) == 2
    assert None not in suppliers


def test_importing_the_same_data_again_changes_nothing(tracker: Tracker) -> None:
    _import(tracker, ANAC)
    before = _counts(tracker)
    history = _count(tracker, models.Change)
    again = _import(tracker, ANAC)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 12)
    assert again.records == {}
    assert again.conflicts == []
    assert _counts(tracker) == before
    assert _count(tracker, models.Change) == history


def test_newer_data_updates_in_place(tracker: Tracker) -> None:
    _import(tracker, ANAC)
    data = _anac()
    release = _release(data, "ocds-hu01ve-8398353")
    release["date"] = "2025-03-01T12:00:00Z"
    release["contracts"][0]["period"]["endDate"] = "2024-06-30T12:00:00Z"
    summary = _import(tracker, json.dumps(data).encode())
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 11)
    assert summary.conflicts == []
    contract = _contract(tracker, "ANAC-8398353/C2342650")
    assert str(contract.end) == "2024-06-30"
    assert _counts(tracker)["contracts"] == 13


def test_a_local_edit_is_kept_and_reported_unless_told_otherwise(
    tracker: Tracker,
) -> None:
    _import(tracker, ANAC)
    ref = "ANAC-8398353/C2342650"
    editable = tracker.edit_of(ref)
    mine = editable.draft.model_copy(update={"title": "Servizio, titolo nostro"})
    tracker.save(mine, original=ref, base_version=editable.version)
    data = _anac()
    release = _release(data, "ocds-hu01ve-8398353")
    release["date"] = "2025-03-01T12:00:00Z"
    release["contracts"][0]["title"] = "TITOLO PUBBLICATO NUOVO"
    kept = _import(tracker, json.dumps(data).encode())
    assert [(c.ref, c.conflict.field) for c in kept.conflicts] == [(ref, "title")]
    assert kept.conflicts[0].conflict.local == "Servizio, titolo nostro"
    assert kept.conflicts[0].conflict.published == "TITOLO PUBBLICATO NUOVO"
    assert _field(tracker, ref, "title") == "Servizio, titolo nostro"
    set_language("it")
    lines = summary_lines(kept, "anac.json")
    assert any(
        "modificato qui e nel dato pubblicato" in line and ref in line for line in lines
    ), lines
    # the publisher changes it again; told to prefer the published values
    release["date"] = "2025-04-01T12:00:00Z"
    release["contracts"][0]["title"] = "TITOLO PUBBLICATO ANCORA"
    taken = _import(tracker, json.dumps(data).encode(), overwrite_local=True)
    assert [c.conflict.field for c in taken.conflicts] == ["title"]
    assert _field(tracker, ref, "title") == "TITOLO PUBBLICATO ANCORA"


def test_an_older_release_is_skipped_with_its_reason(tracker: Tracker) -> None:
    _import(tracker, ANAC)
    data = _anac()
    release = _release(data, "ocds-hu01ve-8398353")
    release["date"] = "2024-01-01T12:00:00Z"
    release["contracts"][0]["period"]["endDate"] = "2020-06-30T12:00:00Z"
    summary = _import(tracker, json.dumps(data).encode())
    assert [ocid for ocid, _r in summary.skipped] == ["ocds-hu01ve-8398353"]
    assert str(_field(tracker, "ANAC-8398353/C2342650", "end")) == ("2023-12-31")


def test_a_release_refused_by_a_rule_is_skipped_whole(tracker: Tracker) -> None:
    data = _anac()
    release = _release(data, "ocds-hu01ve-8395181")
    release["contracts"][0]["period"] = {
        "startDate": "2023-07-21T12:00:00Z",
        "endDate": "2023-02-15T12:00:00Z",
    }
    summary = _import(tracker, json.dumps(data).encode())
    assert [ocid for ocid, _r in summary.skipped] == ["ocds-hu01ve-8395181"]
    assert summary.created == 11
    with Session(tracker.engine) as session:
        left = session.exec(
            select(models.Tender).where(models.Tender.ocid == "ocds-hu01ve-8395181")
        ).first()
        assert left is None
        supplier = session.exec(
            select(models.Organisation).where(
                models.Organisation.name == "ARCHEOS S.A.S."
            )
        ).first()
        assert supplier is None


def test_only_one_buyers_tenders_are_kept(tracker: Tracker) -> None:
    summary = _import(tracker, ANAC, buyer=REGGELLO)
    assert summary.created == 1
    assert _counts(tracker)["tenders"] == 1


def test_organisations_already_recorded_are_matched_not_duplicated(
    milan: Tracker,
) -> None:
    # the office recorded the supplier by its partita IVA, under its own name
    milan.save(
        OrganisationDraft(ref="DUE-PI", name="Due Pì s.n.c.", partita_iva=DUE_PI)
    )
    before = _count(milan, models.Organisation)
    data = _anac()
    release = _release(data, "ocds-hu01ve-8398353")
    summary = _import(milan, json.dumps({"releases": [release]}).encode())
    assert summary.created == 1
    # the buyer is new; the supplier is the organisation already recorded
    assert _count(milan, models.Organisation) == before + 1
    contract = _contract(milan, "ANAC-8398353/C2342650")
    assert contract.supplier == "DUE-PI"
    assert _field(milan, "DUE-PI", "name") == "Due Pì s.n.c."
    again = _import(milan, json.dumps({"releases": [release]}).encode())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_the_standards_fictional_example_imports(tracker: Tracker) -> None:
    summary = _import(tracker, RELEASE_PACKAGE)
    assert summary.skipped == []
    assert summary.created == 1
    counts = _counts(tracker)
    assert (counts["tenders"], counts["contracts"], counts["organisations"]) == (
        1,
        1,
        2,
    )
    # amounts in pounds are not recorded as euro; the import says so
    assert any("GBP" in str(w.params) for _o, w in summary.warnings)
    contract = _contract(tracker, "OCDS-213CZF-000-00001/CONTRACT-01")
    assert contract.amount is None
    assert (str(contract.start), str(contract.end)) == ("2010-07-01", "2011-06-30")
    # the compiled record is newer: it completes the same tender in place
    newer = _import(tracker, RECORD_PACKAGE)
    assert newer.skipped == []
    assert (newer.created, newer.updated) == (0, 1)
    assert _counts(tracker)["contracts"] == 1
    # and the older release, read again, cannot undo it
    older = _import(tracker, RELEASE_PACKAGE)
    assert [ocid for ocid, _r in older.skipped] == ["ocds-213czf-000-00001"]


def test_the_compiled_record_alone_imports(tracker: Tracker) -> None:
    summary = _import(tracker, RECORD_PACKAGE)
    assert summary.skipped == []
    assert summary.created == 1


def test_bad_json_is_refused_in_words_with_nothing_written(tracker: Tracker) -> None:
    with pytest.raises(TrackerError) as refused:
        _import(tracker, b'{"releases": [ {"ocid": ')
    assert "line 1" in str(refused.value) or "riga" in str(refused.value)
    assert _counts(tracker)["tenders"] == 0


def test_the_command_imports_and_summarises_in_italian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "import.db"
    code = main(["--db", str(db), "--lang", "it", "import", "ocds", str(ANAC)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "12 gare lette (nuove: 12, aggiornate: 0, invariate: 0, saltate: 0)" in out
    assert "raggruppamenti: 3" in out
    code = main(["--db", str(db), "--lang", "it", "import", "ocds", str(ANAC)])
    out = capsys.readouterr().out
    assert "(nuove: 0, aggiornate: 0, invariate: 12, saltate: 0)" in out


def test_anacs_data_exported_and_imported_elsewhere_gives_the_same_package(
    tracker: Tracker, db_url_factory: Any
) -> None:
    from tests.core.test_ocds_export import exported, validator

    _import(tracker, ANAC)
    first, package = exported(tracker)
    plain = json.loads(json.dumps(package, default=float))
    assert [e.message for e in validator().iter_errors(plain)] == []
    # published facts kept as published: net with the rate not stated, one end
    contract = next(
        c
        for r in package["releases"]
        if r["ocid"] == "ocds-hu01ve-8398353"
        for c in r["contracts"]
    )
    assert contract["value"]["amountNet"] == contract["value"]["amount"]
    assert contract["value"]["vatRate"] == "unknown"
    assert "amountGross" not in contract["value"]
    assert set(contract["period"]) == {"endDate"}
    elsewhere = Tracker.open(db_url_factory(), clock=tracker.clock, actor="test-rup")
    try:
        summary = _import(elsewhere, first.encode("utf-8"))
        assert summary.skipped == []
        second, _ = exported(elsewhere)
    finally:
        elsewhere.close()
    assert second == first


@pytest.mark.parametrize("scheme", ["IT-CF", "IE-VAT"])
def test_a_foreign_operator_is_kept_with_its_eu_vat_number(
    tracker: Tracker, scheme: str
) -> None:
    data = _anac()
    release = _release(data, "ocds-hu01ve-8398353")
    for party in release["parties"]:
        if party["id"] == DUE_PI:
            party["identifier"] = {"scheme": scheme, "id": "IE6388047V"}
            party["id"] = "IE6388047V"
    release["awards"][0]["suppliers"][0]["id"] = "IE6388047V"
    summary = _import(tracker, json.dumps({"releases": [release]}).encode())
    assert summary.skipped == []
    assert [w for _o, w in summary.warnings if "malformed" not in w.id] == []
    supplier = _contract(tracker, "ANAC-8398353/C2342650").supplier
    assert supplier == "VAT-IE6388047V"
    assert _field(tracker, "VAT-IE6388047V", "partita_iva") == "IE6388047V"
    assert _field(tracker, "VAT-IE6388047V", "codice_fiscale") is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ocds-hu01ve-8365650", ("tender", "ANAC-8365650")),
        ("55322000-3", ("tender", "ANAC-8365650")),
        ("0000180455", ("organisation", "CF-01421240480")),
        ("8998391B27", ("lot", "ANAC-8365650/8998391B27")),
    ],
)
def test_imported_records_are_found_by_what_anac_names_them(
    tracker: Tracker, text: str, found: tuple[str, str]
) -> None:
    _import(tracker, ANAC)
    hits = [(hit.kind, hit.ref) for hit in tracker.search(text)]
    assert found in hits


def test_a_package_read_back_where_it_was_exported_adds_nothing(milan: Tracker) -> None:
    from tests.core.test_ocds_export import exported

    text, package = exported(milan)
    before = _counts(milan)
    summary = _import(milan, text.encode("utf-8"))
    releases = len(package["releases"])
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, releases)
    assert summary.records == {}
    assert _counts(milan) == before
    again = _import(milan, text.encode("utf-8"))
    assert again.unchanged == releases


def test_a_record_deleted_here_stays_deleted_unless_told_otherwise(
    tracker: Tracker,
) -> None:
    _import(tracker, ANAC)
    ref = "ANAC-8398353/C2342650"
    tracker.delete(ref)
    kept = _import(tracker, ANAC)
    assert [ocid for ocid, _r in kept.skipped] == ["ocds-hu01ve-8398353"]
    set_language("it")
    assert any("eliminato qui" in line for line in summary_lines(kept, "anac.json"))
    assert _counts(tracker)["contracts"] == 12
    back = _import(tracker, ANAC, overwrite_local=True)
    assert back.skipped == []
    assert _counts(tracker)["contracts"] == 13
    assert _contract(tracker, ref).supplier == "CF-00851630707"


def test_the_dossier_of_an_imported_tender_never_calls_a_net_total_gross(
    tracker: Tracker,
) -> None:
    from datetime import date as day

    from pypdf import PdfReader

    from tracker.export.dossier import write_dossier
    from tracker.formatting import Formatter

    _import(tracker, ANAC)
    set_language("it")
    out = io.BytesIO()
    data = tracker.dossier("ANAC-8390739", day(2024, 1, 1))
    write_dossier(data, out, Formatter("it"), author="test")
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(out).pages
    )
    assert "ANAC-8390739/C2257652: base e opzioni esercitate imponibile" in text
    assert "C2257652: base e opzioni esercitate, IVA inclusa" not in text
