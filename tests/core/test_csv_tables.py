"""Tables as CSV: plain for scripts, or as Excel in Italian opens it; parsed back
with the csv module, formula-looking text neutralised in both."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import COMMITTEE_DAY
from tests.core.tables_data import HOSTILE_TITLE, milan_with_money
from tracker.api import Tracker
from tracker.cli import EXIT_ALERTS, EXIT_ERROR, main
from tracker.export.csv_tables import write_csv
from tracker.i18n import set_language
from tracker.present.tables import Cell, Column, Table
from tracker.sheets import sheet_table

DAY = COMMITTEE_DAY.isoformat()
HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]


@pytest.fixture
def money(tracker: Tracker) -> Tracker:
    tracker.load_dataset(milan_with_money())
    return tracker


def _written(table: Table, *, excel: bool) -> str:
    out = io.StringIO(newline="")
    write_csv(table, out, excel=excel)
    return out.getvalue()


def _parsed(text: str, *, excel: bool = False) -> list[dict[str, str]]:
    if excel:
        assert text.startswith("\ufeff")
        text = text.removeprefix("\ufeff")
    return list(
        csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if excel else ",")
    )


def _typed_table() -> Table:
    return Table(
        "sample",
        "Contracts",
        (
            Column("ref", "Reference"),
            Column("day", "Due", "date"),
            Column("amount", "Amount", "money"),
            Column("rate", "VAT rate (%)", "percent"),
            Column("share", "Share", "percent"),
            Column("days", "Days", "integer"),
        ),
        iter(
            [
                (
                    "A",
                    date(2022, 12, 20),
                    Decimal("828415.2"),
                    Decimal("0.22"),
                    Decimal("0.6000"),
                    -3,
                ),
                ("B", None, None, None, Decimal("0.33335"), 0),
            ]
        ),
    )


def test_plain_csv_is_iso_dates_and_decimal_points() -> None:
    text = _written(_typed_table(), excel=False)
    assert text.splitlines()[0] == "ref,day,amount,rate,share,days"
    assert _parsed(text) == [
        {
            "ref": "A",
            "day": "2022-12-20",
            "amount": "828415.20",
            "rate": "0.22",
            "share": "0.6",
            "days": "-3",
        },
        {
            "ref": "B",
            "day": "",
            "amount": "",
            "rate": "",
            "share": "0.33335",
            "days": "0",
        },
    ]


def test_excel_csv_is_the_italian_convention() -> None:
    set_language("it")
    text = _written(_typed_table(), excel=True)
    assert text.startswith("\ufeffRiferimento;Scadenza;Importo;Aliquota IVA (%);")
    rows = _parsed(text, excel=True)
    assert [list(row.values()) for row in rows] == [
        ["A", "20/12/2022", "828415,20", "22%", "60%", "-3"],
        ["B", "", "", "", "33,335%", "0"],
    ]


@pytest.mark.parametrize("excel", [False, True])
def test_formula_looking_text_is_neutralised(excel: bool) -> None:
    table = Table(
        "hostile",
        "Contracts",
        (Column("name", "Name"), Column("days", "Days", "integer")),
        [(text, -2) for text in HOSTILE],
    )
    rows = _parsed(_written(table, excel=excel), excel=excel)
    names = [row["Name" if excel else "name"] for row in rows]
    assert names == ["'" + text for text in HOSTILE]
    assert {row["Days" if excel else "days"] for row in rows} == {"-2"}


def test_list_contracts_as_plain_csv(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    assert (
        main(["--db", db_url, "list", "contracts", "--format", "csv", "--as-of", DAY])
        == 0
    )
    rows = {row["ref"]: row for row in _parsed(capsys.readouterr().out)}
    assert len(rows) == 11
    lor = rows["LOR-2019-C1"]
    assert lor["amount"] == "828415.20"
    assert lor["gross"] == "828415.20"
    assert lor["net"] == ""
    assert lor["amount_vat_rate"] == ""
    assert lor["start"] == "2019-06-21"
    assert lor["covered_until"] == "2022-12-20"
    assert lor["total_gross"] == "966484.40"
    assert lor["missing"] == "VAT rate not stated"
    assert rows["PRO-2020-MAZZINI"]["amount"] == ""
    assert rows["PRO-2020-MAZZINI"]["start"] == "2020-01-01"
    assert rows["PRO-2020-MAZZINI"]["missing"] == (
        "Start: only the year is known; amount not stated"
    )


def test_list_contracts_for_excel_in_italian(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    argv = ["--db", db_url, "--lang", "it", "list", "contracts", "--excel"]
    assert main([*argv, "--as-of", DAY]) == 0
    rows = {
        row["Riferimento"]: row for row in _parsed(capsys.readouterr().out, excel=True)
    }
    lor = rows["LOR-2019-C1"]
    assert lor["Importo (periodo base)"] == "828415,20"
    assert lor["L'importo è"] == "lordo"
    assert lor["Avvio"] == "21/06/2019"
    assert lor["Copertura fino al"] == "20/12/2022"
    assert lor["Totale con opzioni esercitate, IVA inclusa"] == "966484,40"
    assert lor["Valori mancanti"] == "aliquota IVA non indicata"
    assert rows["PRO-2020-MAZZINI"]["Importo (periodo base)"] == ""


def test_a_hostile_title_is_neutralised_from_the_database(
    money: Tracker,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    del money
    for excel in (False, True):
        argv = ["--db", db_url, "list", "contracts", "--as-of", DAY]
        assert main([*argv, "--excel" if excel else "--format=csv"]) == 0
        rows = _parsed(capsys.readouterr().out, excel=excel)
        titles = {row["Title" if excel else "title"] for row in rows}
        assert "'" + HOSTILE_TITLE in titles
        net = {row["Net (VAT excluded)" if excel else "net"] for row in rows}
        assert ("12200,00" if excel else "12200.00") not in net
        assert ("10000,00" if excel else "10000.00") in net


def test_alerts_as_csv_keep_their_exit_status(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    argv = ["--db", db_url, "alerts", "--format", "csv", "--as-of", DAY]
    assert main([*argv, "--fail-on", "critical"]) == EXIT_ALERTS
    rows = _parsed(capsys.readouterr().out)
    assert rows[0]["severity"] == "critical"
    assert rows[0]["record"] == "LSL-LORENTEGGIO"
    assert rows[0]["days"] == "-28"
    assert rows[0]["due"] == "2022-12-21"


def test_continuity_as_csv_is_a_row_per_service(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    argv = ["--db", db_url, "--lang", "it", "continuity", "--excel", "--as-of", DAY]
    assert main(argv) == 0
    rows = {
        row["Riferimento"]: row for row in _parsed(capsys.readouterr().out, excel=True)
    }
    assert len(rows) == 6
    assert rows["LSL-LORENTEGGIO"]["Copertura fino al"] == "20/12/2022"


def test_excel_with_json_is_refused_in_the_users_language(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    argv = [
        "--db",
        db_url,
        "--lang",
        "it",
        "list",
        "acts",
        "--format",
        "json",
        "--excel",
    ]
    assert main(argv) == EXIT_ERROR
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "appalti: --excel scrive un CSV: togliere --format json\n"


def test_each_row_is_written_before_the_next_is_read() -> None:
    out = io.StringIO(newline="")
    seen: list[str] = []

    def rows() -> Iterator[tuple[Cell, ...]]:
        for ref in ("A", "B", "C"):
            seen.append(out.getvalue())
            yield (ref,)

    table = Table("sample", "Contracts", (Column("ref", "Reference"),), rows())
    assert write_csv(table, out) == 3
    assert seen == ["ref\r\n", "ref\r\nA\r\n", "ref\r\nA\r\nB\r\n"]


@pytest.mark.parametrize(
    ("kind", "sheet", "rows"),
    [
        ("tenders", "tender", 6),
        ("contracts", "contract", 11),
        ("services", "service", 6),
        ("organisations", "organisation", 5),
        ("consortia", "consortium", 5),  # a row per member
        ("acts", "act", 2),
    ],
)
def test_every_list_writes_its_sheet(
    milan: Tracker,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    sheet: str,
    rows: int,
) -> None:
    assert main(["--db", db_url, "list", kind, "--format", "csv", "--as-of", DAY]) == 0
    text = capsys.readouterr().out
    keys = [c.key for c in sheet_table(milan, sheet, COMMITTEE_DAY).columns]
    assert text.splitlines()[0] == ",".join(keys)
    assert len(_parsed(text)) == rows
