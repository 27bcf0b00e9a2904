"""A filled template read back through the forms' checks: every refused cell
named at once in the user's language, nothing written then; corrected, the
records read back as they were typed."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.core.sheet_filling import Rows, filled_template, lorenteggio
from tracker.api import Tracker
from tracker.cli import main
from tracker.domain.consortium import ConsortiumKind, MemberRole
from tracker.domain.kinds import OptionKind, OptionState, Recurrence
from tracker.domain.money import VatRate
from tracker.drafts import (
    AmountDraft,
    ConsortiumDraft,
    ContractDraft,
    DeadlineDraft,
    MemberDraft,
    NeighbourhoodDraft,
    OptionDraft,
    ServiceDraft,
)
from tracker.i18n import set_language


def _import(
    capsys: pytest.CaptureFixture[str], workbook: Path, db: Path | str, lang: str
) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["--lang", lang, "import", "xlsx", str(workbook), "--db", str(db)])
    out, err = capsys.readouterr()
    return status, out, err


def _with_three_mistakes() -> Rows:
    rows = lorenteggio()
    rows["contract"][0]["start"] = "32/13/2023"
    rows["tender"][0]["status"] = "boh"
    rows["allocation"][0]["amount"] = "mille euro"
    return rows


REFUSED = {
    "it": [
        "appalti: {file}: non è stato importato nulla",
        "  - Gare!I2 'boh': non è tra le scelte possibili: proposta, programmata, "
        "pubblicata, aggiudicata, deserta, annullata",
        "  - Contratti!H2 '32/13/2023': data non valida: scrivere gg/mm/aaaa, ad es. "
        "17/01/2023",
        "  - Stanziamenti!D2 'mille euro': importo non valido: scrivere 1.234,56",
    ],
    "en": [
        "appalti: {file}: nothing was imported",
        "  - Tenders!I2 'boh': not one of the choices: proposed, planned, published, "
        "awarded, unsuccessful, cancelled",
        "  - Contracts!H2 '32/13/2023': not a date: write it as dd/mm/yyyy, e.g. "
        "17/01/2023",
        "  - Allocations!D2 'mille euro': not an amount: write it as 1.234,56",
    ],
}


@pytest.mark.parametrize("lang", ["it", "en"])
def test_three_mistakes_are_named_by_their_cells_and_nothing_is_written(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language(lang)
    workbook = filled_template(tmp_path / "lorenteggio.xlsx", _with_three_mistakes())
    db = tmp_path / "office.db"
    status, out, err = _import(capsys, workbook, db, lang)
    assert status == 1
    assert out == ""
    assert err.splitlines() == [line.format(file=workbook) for line in REFUSED[lang]]
    assert not db.exists()


SUMMARY = {
    "it": "Importato {file}: Operatori: 3, Raggruppamenti: 1, Atti: 1, Fonti di "
    "finanziamento: 1, Quartieri: 1, Servizi: 1, Gare: 1, Lotti: 1, Contratti: 1, "
    "Opzioni: 1, Stanziamenti: 1, Scadenze: 1",
    "en": "Imported {file}: Organisations: 3, Consortia: 1, Acts: 1, Funding "
    "sources: 1, Neighbourhoods: 1, Services: 1, Tenders: 1, Lots: 1, Contracts: 1, "
    "Options: 1, Allocations: 1, Deadlines: 1",
}


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_corrected_template_loads_and_reads_back_as_typed(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    set_language(lang)
    workbook = filled_template(tmp_path / "lorenteggio.xlsx", lorenteggio())
    status, out, err = _import(capsys, workbook, db_url, lang)
    assert (status, err) == (0, "")
    assert out == SUMMARY[lang].format(file=workbook) + "\n"
    tracker = Tracker.open(db_url)
    try:
        data = tracker.dump_dataset()
    finally:
        tracker.close()
    assert data.contracts == [
        ContractDraft(
            ref="LOR-2019-C1",
            title="Laboratorio Sociale Lorenteggio 2019",
            lot="LOR-2019-L1",
            supplier="ATI-LOR-2019",
            services=["LSL-LORENTEGGIO"],
            start=date(2019, 6, 21),
            end=date(2022, 6, 20),
            months=36,
            amount=AmountDraft(gross="828415.20", vat_rate=VatRate.UNKNOWN),
            options=[
                OptionDraft(
                    ref="LOR-2019-C1-R1",
                    kind=OptionKind.RENEWAL,
                    state=OptionState.EXERCISED,
                    start=date(2022, 6, 21),
                    end=date(2022, 12, 20),
                    amount=AmountDraft(gross="138069.20", vat_rate=VatRate.UNKNOWN),
                )
            ],
        )
    ]
    assert data.consortia == [
        ConsortiumDraft(
            ref="ATI-LOR-2019",
            name="ATI Spazio Aperto - ARS",
            kind=ConsortiumKind.ATI,
            members=[
                MemberDraft(
                    organisation="SPAZIO-APERTO", role=MemberRole.MANDATARIA, share="60"
                ),
                MemberDraft(organisation="ARS", role=MemberRole.MANDANTE, share="40"),
            ],
        )
    ]
    assert data.neighbourhoods == [
        NeighbourhoodDraft(ref="LORENTEGGIO", name="Lorenteggio", municipio=6)
    ]
    assert data.services == [
        ServiceDraft(
            ref="LSL-LORENTEGGIO",
            name="Laboratorio Sociale Lorenteggio",
            neighbourhood="LORENTEGGIO",
            required_from=date(2019, 6, 21),
            required_until=date(2025, 12, 31),
        )
    ]
    assert data.deadlines == [
        DeadlineDraft(
            ref="RELAZIONE-LOR",
            title="Relazione trimestrale Lorenteggio",
            due=date(2023, 3, 31),
            lead_days=15,
            subject="LOR-2019-C1",
            recurrence=Recurrence.QUARTERLY,
        )
    ]
    [tender] = data.tenders
    assert (tender.buyer, tender.status, tender.procedure_type) == (
        "COMUNE-MI",
        "awarded",
        "aperta",
    )
    assert [(lot.ref, lot.number, lot.services) for lot in tender.lots] == [
        ("LOR-2019-L1", 1, ["LSL-LORENTEGGIO"])
    ]
    assert [(s.ref, s.eligible_until, s.paid_by) for s in data.funding_sources] == [
        ("POR-FSE", date(2023, 12, 31), date(2023, 12, 31))
    ]
    assert [(o.ref, o.partita_iva) for o in data.organisations] == [
        ("ARS", None),
        ("COMUNE-MI", None),
        ("SPAZIO-APERTO", "11208890159"),
    ]


def test_choices_are_read_as_labels_in_either_language_or_as_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("it")
    rows = lorenteggio()
    rows["tender"][0]["status"] = "Awarded"  # English label in an Italian template
    rows["option"][0]["kind"] = "rinnovo"
    rows["option"][0]["state"] = "esercitata"
    rows["contract"][0]["amount_vat_rate"] = "non indicata"
    rows["contract"][0]["amount_basis"] = "lordo"
    rows["organisation"][0]["kind"] = "Cooperativa sociale"
    workbook = filled_template(tmp_path / "labels.xlsx", rows)
    status, _out, err = _import(capsys, workbook, tmp_path / "office.db", "it")
    assert (status, err) == (0, "")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda rows: rows["contract"][0].update(supplier="ATI-NOPE"),
            "  - Contratti!E2 'ATI-NOPE': nessun operatore o raggruppamento ha questo "
            "riferimento",
        ),
        (
            lambda rows: rows["organisation"][1].update(ref="SPAZIO-APERTO"),
            "  - Operatori!A3 'SPAZIO-APERTO': questo riferimento è già usato "
            "(tipo: operatore)",
        ),
        (
            lambda rows: rows["consortium"][1].update(**{"member.share": "30"}),
            "  - Raggruppamenti!A2 'ATI-LOR-2019': le quote devono sommare a 100",
        ),
        (
            lambda rows: rows["lot"][0].update(tender="LOR-2020"),
            "  - Lotti!A2 'LOR-2020': nessuna riga del foglio Gare ha questo "
            "riferimento",
        ),
    ],
)
def test_a_refusal_of_the_load_is_named_by_the_cell_of_its_record(
    change: object,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    set_language("it")
    rows = lorenteggio()
    change(rows)  # type: ignore[operator]
    workbook = filled_template(tmp_path / "wrong.xlsx", rows)
    db = tmp_path / "office.db"
    status, _out, err = _import(capsys, workbook, db, "it")
    assert status == 1
    assert err.splitlines()[1:] == [expected]
    assert not db.exists()


def test_an_existing_database_is_left_as_it_was_when_a_cell_is_refused(
    milan: Tracker, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = milan.dump_dataset()
    rows = lorenteggio()
    del rows["organisation"]  # the Milan data has them, and Lorenteggio
    rows["consortium"][0]["ref"] = rows["consortium"][1]["ref"] = "ATI-NEW"
    workbook = filled_template(tmp_path / "again.xlsx", rows)
    status, _out, err = _import(capsys, workbook, db_url, "en")
    assert status == 1
    assert err.splitlines()[1:] == [
        "  - Services!C2 'LORENTEGGIO': this reference is already used by a "
        "neighbourhood"
    ]
    assert milan.dump_dataset() == before


def _damaged(path: Path) -> Path:
    whole = filled_template(path.with_name("whole.xlsx"), lorenteggio())
    path.write_bytes(whole.read_bytes()[:3000])
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda path: path.write_text("ref;name\nA;B\n") and path,
            "appalti: {file} non è un file Excel (.xlsx)",
        ),
        (
            _damaged,
            "appalti: {file} non si può leggere come file Excel: è "
            "danneggiato o incompleto (salvarlo di nuovo dal foglio di calcolo)",
        ),
        (
            lambda path: (
                path.write_bytes(
                    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                    + b"\0" * 512
                    + "EncryptionInfo".encode("utf-16-le")
                )
                and path
            ),
            "appalti: {file} è protetto da password: salvarlo senza password (File, "
            "Informazioni, Proteggi) e importarlo di nuovo",
        ),
        (
            lambda path: path,
            "appalti: il file {file} non esiste",
        ),
    ],
)
def test_a_file_that_is_no_workbook_is_named_with_the_reason(
    make: object, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("it")
    path = make(tmp_path / "uffici.xlsx")  # type: ignore[operator]
    db = tmp_path / "office.db"
    status, out, err = _import(capsys, tmp_path / "uffici.xlsx", db, "it")
    assert (status, out) == (1, "")
    assert err == expected.format(file=path or tmp_path / "uffici.xlsx") + "\n"
    assert not db.exists()


def test_an_empty_zip_is_not_a_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    status, _out, err = _import(capsys, path, tmp_path / "office.db", "en")
    assert status == 1
    assert err == (
        f"appalti: {path} cannot be read as a workbook: it is damaged or incomplete "
        "(save it again from the spreadsheet)\n"
    )


def test_an_italian_workbook_imports_in_english_and_speaks_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("it")
    rows = lorenteggio()
    rows["contract"][0]["end"] = "31/02/2022"
    workbook = filled_template(tmp_path / "italiano.xlsx", rows)
    status, _out, err = _import(capsys, workbook, tmp_path / "office.db", "en")
    assert status == 1
    assert err.splitlines()[1:] == [
        "  - Contratti!I2 '31/02/2022': not a date: write it as dd/mm/yyyy, e.g. "
        "17/01/2023"
    ]
    rows["contract"][0]["end"] = date(2022, 6, 20)
    filled_template(workbook, rows)
    status, out, err = _import(capsys, workbook, tmp_path / "office.db", "en")
    assert (status, err) == (0, "")
    assert out.startswith(f"Imported {workbook}: Organisations: 3, Consortia: 1,")


def test_a_tender_typed_twice_is_refused_at_its_second_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = lorenteggio()
    rows["tender"].append({**rows["tender"][0], "title": "Copia"})
    workbook = filled_template(tmp_path / "twice.xlsx", rows)
    status, _out, err = _import(capsys, workbook, tmp_path / "office.db", "en")
    assert status == 1
    assert err.splitlines()[1:] == [
        "  - Tenders!A3 'LOR-2019': this reference is already used by a tender"
    ]


def test_a_consortium_of_more_members_than_the_form_holds_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = lorenteggio()
    rows["organisation"] += [{"ref": f"ORG-{n}", "name": f"Org {n}"} for n in range(8)]
    rows["consortium"] += [
        {"ref": "ATI-LOR-2019", "member.organisation": f"ORG-{n}"} for n in range(8)
    ]
    workbook = filled_template(tmp_path / "many.xlsx", rows)
    status, _out, err = _import(capsys, workbook, tmp_path / "office.db", "en")
    assert status == 1
    assert err.splitlines()[1:] == [
        "  - Consortia!D10 'ORG-6': a consortium has at most 8 members"
    ]


def test_an_empty_template_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = filled_template(tmp_path / "empty.xlsx", {})
    status, out, err = _import(capsys, workbook, tmp_path / "office.db", "en")
    assert (status, err) == (0, "")
    assert out == f"Imported {workbook}: nothing\n"


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (
            {"member.organisation": "NOPE"},
            "  - Raggruppamenti!D4 'NOPE': nessun record di tipo operatore ha questo "
            "riferimento",
        ),
        (
            {"member.share": "quaranta"},
            "  - Raggruppamenti!F4 'quaranta': percentuale non valida",
        ),
    ],
)
def test_a_member_is_named_by_its_own_row(
    member: dict[str, str],
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    set_language("it")
    rows = lorenteggio()
    # the consortium on a row of its own, its members on the rows below
    first = {"ref": "ATI-LOR-2019", "name": "ATI Spazio Aperto - ARS", "kind": "ATI"}
    rows["consortium"][0] = {
        key: value for key, value in rows["consortium"][0].items() if key not in first
    } | {"ref": "ATI-LOR-2019"}
    rows["consortium"].insert(0, first)
    rows["consortium"][2].update(member)
    workbook = filled_template(tmp_path / "members.xlsx", rows)
    status, _out, err = _import(capsys, workbook, tmp_path / "office.db", "it")
    assert status == 1
    assert err.splitlines()[1:] == [expected]


def test_a_record_sheet_without_its_headers_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Contratti"
    sheet.append(["Codice", "Descrizione"])
    sheet.append(["LOR-2019-C1", "Lorenteggio"])
    workbook = tmp_path / "altro.xlsx"
    book.save(workbook)
    status, _out, err = _import(capsys, workbook, tmp_path / "office.db", "it")
    assert status == 1
    assert err.splitlines()[1:] == [
        "  - Contratti: manca la colonna Riferimento",
        "  - Contratti: manca la colonna Titolo",
    ]


def test_a_workbook_with_no_record_sheet_says_which_it_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    workbook = tmp_path / "sheet1.xlsx"
    book.save(workbook)
    status, _out, err = _import(capsys, workbook, tmp_path / "office.db", "en")
    assert status == 1
    assert err == (
        f"appalti: {workbook} has no sheet of records (sheets such as Organisations, "
        "Consortia, Acts, Funding sources, Programmes, Services, Tenders, Lots, "
        "Contracts, Options, Allocations, Deadlines)\n"
    )


def test_a_long_or_hostile_value_is_cut_and_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = lorenteggio()
    rows["contract"][0]["start"] = "1" * 200
    rows["deadline"][0]["due"] = "\u202edomani"
    workbook = filled_template(tmp_path / "hostile.xlsx", rows)
    status, _out, err = _import(capsys, workbook, tmp_path / "office.db", "en")
    assert status == 1
    assert err.splitlines()[1:] == [
        "  - Contracts!H2 '" + "1" * 60 + "'… (200 characters): not a date: write it "
        "as dd/mm/yyyy, e.g. 17/01/2023",
        "  - Deadlines!C2 '\\u202edomani': holds a control that changes the direction "
        "of the text (U+202E at character 1)",
    ]
