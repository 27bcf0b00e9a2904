"""``appalti template xlsx``: the workbook an office fills in, in its language."""

from __future__ import annotations

import stat
from pathlib import Path

import openpyxl
import pytest

from tracker.cli import main
from tracker.i18n import set_language
from tracker.sheets_layout import RECORD_SHEETS, choice_code
from tracker.vocabulary import term


def _template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, *extra: str
) -> tuple[int, str, str, Path]:
    target = tmp_path / "modello.xlsx"
    capsys.readouterr()
    status = main(["--lang", lang, "template", "xlsx", "-o", str(target), *extra])
    out, err = capsys.readouterr()
    return status, out, err, target


def _list_values(book: openpyxl.Workbook, sheet: str, header: str) -> list[str]:
    """The values the drop-down of a column offers."""
    page = book[sheet]
    letter = next(c.column_letter for c in page[1] if c.value == header)
    [rule] = [
        r
        for r in page.data_validations.dataValidation
        if any(str(cells).startswith(f"{letter}2:") for cells in r.sqref.ranges)
    ]
    assert rule.type == "list"
    source, cells = rule.formula1.split("!")
    first, last = cells.replace("$", "").split(":")
    lists = book[source.strip("'")]
    assert lists.sheet_state == "hidden"
    return [str(row[0].value) for row in lists[f"{first}:{last}"]]


def test_the_italian_template_has_a_sheet_per_record_with_its_form_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err, target = _template(tmp_path, capsys, "it")
    assert (status, err) == (0, "")
    assert out == f"Scritto {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [
        "Guida",
        "Operatori",
        "Raggruppamenti",
        "Atti",
        "Fonti di finanziamento",
        "Programmi",
        "Servizi",
        "Gare",
        "Lotti",
        "Contratti",
        "Opzioni",
        "Stanziamenti",
        "Scadenze",
        "Elenchi",
    ]
    contracts = book["Contratti"]
    assert [cell.value for cell in contracts[1]] == [
        "Riferimento *",
        "Titolo *",
        "Lotto",
        "CIG",
        "Affidatario (operatore o ATI)",
        "Servizi (riferimenti)",
        "Data di stipula",
        "Avvio",
        "Fine",
        "Mesi",
        "Importo (periodo base)",
        "Aliquota IVA (%)",
        "L'importo è",
        "Atto",
        "Nota",
    ]
    assert contracts.freeze_panes == "A2"
    assert contracts["H2"].number_format == "DD/MM/YYYY"
    assert contracts["K2"].number_format == '#,##0.00 "€"'
    assert contracts["J2"].number_format == "0"
    assert contracts["A1"].comment is not None
    assert "maiuscole, cifre" in contracts["A1"].comment.text
    assert _list_values(book, "Contratti", "Aliquota IVA (%)") == [
        "22",
        "10",
        "5",
        "4",
        "esente",
        "non indicata",
    ]
    assert _list_values(book, "Opzioni", "Tipo *")[:3] == [
        "rinnovo",
        "opzione di proroga",
        "proroga tecnica",
    ]
    assert [c.value for c in book["Raggruppamenti"][1]] == [
        "Riferimento *",
        "Denominazione *",
        "Tipo *",
        "Componente (operatore) *",
        "Ruolo del componente",
        "Quota del componente (%)",
        "Nota",
    ]
    assert book["Lotti"]["A1"].value == "Gara (riferimento) *"
    # a reference to one sheet suggests its references, and refuses no other
    [lot] = [
        rule
        for rule in contracts.data_validations.dataValidation
        if str(rule.sqref) == "C2:C501"
    ]
    assert (lot.formula1, lot.showErrorMessage) == ("'Lotti'!$B$2:$B$501", False)


def test_the_guide_explains_every_column_and_the_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _template(tmp_path, capsys, "it")
    guide = openpyxl.load_workbook(tmp_path / "modello.xlsx")["Guida"]
    rows = [tuple(cell.value for cell in row) for row in guide.iter_rows()]
    assert rows[2][0] == (
        "Compilare i fogli in quest'ordine: Operatori, Raggruppamenti, Atti, Fonti "
        "di finanziamento, Programmi, Servizi, Gare, Lotti, Contratti, Opzioni, "
        "Stanziamenti, Scadenze. Un riferimento indica un record di un foglio "
        "precedente, o uno già presente nel database."
    )
    header = rows.index(
        (
            "Foglio",
            "Colonna",
            "Obbligatoria (*)",
            "Formato",
            "Valori ammessi",
            "Significato",
        )
    )
    described = rows[header + 1 :]
    assert len(described) == sum(
        column.in_template for sheet in RECORD_SHEETS for column in sheet.columns
    )
    assert ("Contratti", "Avvio", None, "data (gg/mm/aaaa)", None, None) in described
    assert (
        "Contratti",
        "Affidatario (operatore o ATI)",
        None,
        "un riferimento",
        "riferimenti di: foglio Operatori; foglio Raggruppamenti",
        None,
    ) in described
    assert (
        "Gare",
        "Programma",
        None,
        "un riferimento",
        "riferimenti di: foglio Programmi",
        None,
    ) in described
    [start] = [
        row for row in described if row[:2] == ("Gare", "Avvio del servizio (previsto)")
    ]
    assert str(start[5]).startswith("Il giorno in cui deve iniziare il servizio.")


def test_the_programmes_have_their_sheet_before_the_services_that_name_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _template(tmp_path, capsys, "it")
    book = openpyxl.load_workbook(tmp_path / "modello.xlsx")
    programmes = book["Programmi"]
    assert [c.value for c in programmes[1]] == [
        "Riferimento *",
        "Denominazione *",
        "Avvio",
        "Fine",
        "Nota",
    ]
    assert programmes["C2"].number_format == "DD/MM/YYYY"
    assert programmes["D2"].number_format == "DD/MM/YYYY"
    rows = [tuple(cell.value for cell in row) for row in book["Guida"].iter_rows()]
    assert [row for row in rows if row[0] == "Programmi"] == [
        (
            "Programmi",
            "Riferimento",
            "sì",
            "un riferimento",
            None,
            "Il riferimento del record: maiuscole, cifre e . _ / - (al massimo 40), "
            "non usato da nessun altro record.",
        ),
        ("Programmi", "Denominazione", "sì", "testo", None, None),
        ("Programmi", "Avvio", None, "data (gg/mm/aaaa)", None, None),
        (
            "Programmi",
            "Fine",
            None,
            "data (gg/mm/aaaa)",
            None,
            "L'ultimo giorno del programma: le scadenze si contano fino a questo "
            "giorno. Se è indicato solo l'anno, scrivere l'ultimo giorno dell'anno "
            "e dirlo nella nota.",
        ),
        ("Programmi", "Nota", None, "testo, lungo quanto serve", None, None),
    ]
    assert (
        "Servizi",
        "Programma",
        None,
        "un riferimento",
        "riferimenti di: foglio Programmi",
        None,
    ) in rows
    # a service's programme offers the references of the sheet of programmes
    services = book["Servizi"]
    letter = next(c.column_letter for c in services[1] if c.value == "Programma")
    [suggested] = [
        rule
        for rule in services.data_validations.dataValidation
        if str(rule.sqref) == f"{letter}2:{letter}501"
    ]
    assert suggested.formula1 == "'Programmi'!$A$2:$A$501"


def test_the_english_template_speaks_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _err, target = _template(tmp_path, capsys, "en")
    assert (status, out) == (0, f"Written {target}\n")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:3] == ["Guide", "Organisations", "Consortia"]
    assert book.sheetnames[-1] == "Lists"
    assert [c.value for c in book["Allocations"][1]] == [
        "Reference *",
        "Funding source *",
        "Funds (tender or contract) *",
        "Amount",
        "Status *",
        "Note",
    ]
    assert _list_values(book, "Allocations", "Status *") == [
        "planned",
        "pending confirmation",
        "confirmed",
    ]


def test_every_choice_label_names_one_stored_value_in_each_language() -> None:
    for language in ("it", "en"):
        set_language(language)
        for sheet in RECORD_SHEETS:
            for column in sheet.columns:
                for code in column.field.choices:
                    assert choice_code(column.field, term(code)) == code


def test_an_existing_file_is_kept_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "modello.xlsx"
    target.write_text("mine")
    status, out, err, _target = _template(tmp_path, capsys, "it")
    assert (status, out) == (1, "")
    assert err == (
        f"appalti: {target} esiste già: non è stato scritto nulla (--force lo "
        "sovrascrive)\n"
    )
    assert target.read_text() == "mine"
    status, _out, _err, _target = _template(tmp_path, capsys, "it", "--force")
    assert status == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "Guida"


def test_a_missing_folder_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "template.xlsx"
    status = main(["--lang", "en", "template", "xlsx", "-o", str(target)])
    assert status == 1
    assert capsys.readouterr().err == (
        f"appalti: cannot write {target}: the folder does not exist\n"
    )
    assert not target.parent.exists()
