"""``appalti export xlsx``: the Milan workbook with its cells typed, in either
language, and every refusal a clear message that writes nothing."""

from __future__ import annotations

import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tracker.api import Tracker
from tracker.cli import main
from tracker.drafts import ConsortiumDraft, OrganisationDraft

AS_OF = ["--as-of", "17/01/2023"]


def row_of(sheet: Worksheet, ref: str) -> dict[str, Cell]:
    """The cells of the row whose first cell is ``ref``, by their header."""
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == ref:
            return {
                str(header): cell
                for header, cell in zip(headers, row, strict=True)
                if isinstance(cell, Cell)
            }
    raise AssertionError(f"no row {ref} in {sheet.title}")


def export(db_url: str, *more: str, language: str = "it") -> int:
    return main(["--db", db_url, "--lang", language, "export", "xlsx", *more])


@pytest.mark.usefixtures("milan")
def test_the_milan_workbook_holds_numbers_days_and_shares(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "milano.xlsx"
    assert export(db_url, "-o", str(target), *AS_OF) == 0
    out = capsys.readouterr().out
    book = openpyxl.load_workbook(target)
    rows = sum(sheet.max_row - 1 for sheet in book)
    assert rows < 1000  # no thousands separator to write
    assert out == f"Scritto {target}: {len(book.sheetnames)} fogli, {rows} righe\n"
    assert book.sheetnames[:4] == ["Gare", "Lotti", "Contratti", "Opzioni"]
    assert book.properties.title == "Elenchi di appalti al 17/01/2023"
    assert book.properties.creator == "appalti"

    contracts = book["Contratti"]
    assert contracts.freeze_panes == "A2"
    last = get_column_letter(contracts.max_column)
    # 11 contracts under the header
    assert contracts.auto_filter.ref == f"A1:{last}12"
    lorenteggio = row_of(contracts, "LOR-2019-C1")
    amount = lorenteggio["Importo (periodo base)"]
    assert (amount.data_type, Decimal(str(amount.value))) == ("n", Decimal("828415.20"))
    assert amount.number_format == '#,##0.00 "€"'
    covered = lorenteggio["Copertura fino al"]
    assert covered.is_date
    assert covered.value == datetime(2022, 12, 20)  # noqa: DTZ001 (a day)
    assert covered.number_format == "DD/MM/YYYY"


def test_consortium_shares_are_percentages_and_unknown_ones_empty(
    milan: Tracker, db_url: str, tmp_path: Path
) -> None:
    # Milan's sources state no shares: a consortium that states them beside it
    milan.save_organisation(OrganisationDraft(ref="COOP-A", name="Coop A"))
    milan.save_consortium(
        ConsortiumDraft(
            ref="RTI-AB",
            name="RTI Coop A - ARS",
            kind="RTI",
            members=[
                {"organisation": "COOP-A", "role": "capogruppo", "share": "62.5"},
                {"organisation": "ARS", "role": "mandante", "share": "37.5"},
            ],
        )
    )
    target = tmp_path / "milano.xlsx"
    assert export(db_url, "-o", str(target), *AS_OF) == 0
    sheet = openpyxl.load_workbook(target)["Raggruppamenti"]
    headers = [cell.value for cell in sheet[1]]
    share, missing = headers.index("Quota"), headers.index("Valori mancanti")
    found = [
        (row[0].value, row[share].value, row[share].number_format, row[missing].value)
        for row in sheet.iter_rows(min_row=2)
    ]
    assert [f for f in found if f[0] == "RTI-AB"] == [
        ("RTI-AB", 0.625, "0.00%", None),
        ("RTI-AB", 0.375, "0.00%", None),
    ]
    lorenteggio = [f for f in found if f[0] == "ATI-LORENTEGGIO-2019"]
    assert len(lorenteggio) == 5
    assert {f[1:] for f in lorenteggio} == {(None, "General", "quota non indicata")}


@pytest.mark.usefixtures("milan")
def test_in_english_the_sheets_and_the_summary_are_english(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "milan.xlsx"
    assert export(db_url, "-o", str(target), *AS_OF, language="en") == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:4] == ["Tenders", "Lots", "Contracts", "Options"]
    amount = row_of(book["Contracts"], "LOR-2019-C1")["Amount (base period)"]
    assert amount.number_format == '"€"#,##0.00'
    assert capsys.readouterr().out.startswith(
        f"Written {target}: {len(book.sheetnames)} sheets, "
    )


@pytest.mark.usefixtures("milan")
def test_without_output_the_workbook_goes_to_the_documents_folder(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "documenti"
    folder.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f'documents = "{folder}"\n', encoding="utf-8")
    monkeypatch.setenv("APPALTI_CONFIG", str(config))
    assert export(db_url, *AS_OF) == 0
    assert [p.name for p in folder.iterdir()] == ["appalti-2023-01-17.xlsx"]
    # a folder named with -o gets the same name
    other = tmp_path / "altrove"
    other.mkdir()
    assert export(db_url, "-o", str(other), *AS_OF) == 0
    assert (other / "appalti-2023-01-17.xlsx").is_file()


@pytest.mark.usefixtures("milan")
def test_an_existing_file_is_overwritten_only_with_force(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "milano.xlsx"
    target.write_bytes(b"the officer's own workbook")
    assert export(db_url, "-o", str(target), *AS_OF) == 1
    assert target.read_bytes() == b"the officer's own workbook"
    assert capsys.readouterr().err == (
        f"appalti: {target} esiste già: non è stato scritto nulla "
        "(--force lo sovrascrive)\n"
    )
    assert export(db_url, "-o", str(target), "--force", *AS_OF) == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "Gare"


@pytest.mark.usefixtures("milan")
def test_a_missing_folder_is_named_and_nothing_is_written(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "manca" / "milano.xlsx"
    assert export(db_url, "-o", str(target), language="en") == 1
    out, err = capsys.readouterr()
    assert (out, err) == (
        "",
        f"appalti: cannot write {target}: the folder does not exist\n",
    )
    assert not target.parent.exists()


@pytest.mark.usefixtures("milan")
def test_standard_output_is_refused(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(db_url, "-o", "-") == 1
    assert capsys.readouterr().err == (
        "appalti: un file Excel non si può scrivere sullo standard output: "
        "indica un file con -o\n"
    )


def test_an_empty_database_gives_the_sheets_with_their_headers(
    db_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "vuoto.xlsx"
    assert export(db_url, "-o", str(target), *AS_OF) == 0
    book = openpyxl.load_workbook(target)
    assert book["Contratti"].max_row == 1
    assert book["Contratti"]["A1"].value == "Riferimento"


FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-2+3"]


@pytest.mark.parametrize("name", FORMULAS)
def test_a_name_that_looks_like_a_formula_stays_text(
    milan: Tracker, db_url: str, tmp_path: Path, name: str
) -> None:
    milan.save_organisation(OrganisationDraft(ref="COOP-X", name=name))
    target = tmp_path / "milano.xlsx"
    assert export(db_url, "-o", str(target), *AS_OF) == 0
    cell = row_of(openpyxl.load_workbook(target)["Operatori"], "COOP-X")[
        "Denominazione"
    ]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (name, "s", True)
    with zipfile.ZipFile(target) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)
