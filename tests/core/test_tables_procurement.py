"""Tenders, lots, contracts and options as typed tables: the form's fields first,
typed values, the money in both halves, and why an empty value is empty."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import COMMITTEE_DAY
from tests.core.tables_data import HOSTILE_TITLE, milan_with_money
from tracker.api import ContractRow, Tracker
from tracker.forms import FORMS
from tracker.i18n import set_language
from tracker.present.sheets import contract_table
from tracker.present.tables import SHEET_TITLES, Cell, Table
from tracker.sheets import SHEETS, sheet_table, workbook_tables


def _rows(table: Table) -> dict[str, dict[str, Cell]]:
    keys = [column.key for column in table.columns]
    return {str(row[0]): dict(zip(keys, row, strict=True)) for row in table.rows}


@pytest.fixture
def money(tracker: Tracker) -> Tracker:
    tracker.load_dataset(milan_with_money())
    return tracker


def test_every_sheet_is_registered_in_the_workbooks_order() -> None:
    assert list(SHEETS) == list(SHEET_TITLES)


@pytest.mark.parametrize(
    ("key", "kind", "left_out"),
    [
        ("tender", "tender", ()),
        ("lot", "lot", ()),
        ("contract", "contract", ("payments",)),
        ("option", "option", ()),
    ],
)
def test_a_sheet_starts_with_its_forms_fields(
    milan: Tracker, key: str, kind: str, left_out: tuple[str, ...]
) -> None:
    table = sheet_table(milan, key, COMMITTEE_DAY)
    fields = [f for f in FORMS[kind] if f.name not in left_out]
    head = table.columns[: len(fields)]
    assert [(c.key, c.header, c.field) for c in head] == [
        (f.name, f.label, f.name) for f in fields
    ]
    assert all(c.field is None for c in table.columns[len(fields) :])
    assert table.columns[-1].key == "missing"


def test_the_lorenteggio_contract_as_typed_values(milan: Tracker) -> None:
    row = _rows(sheet_table(milan, "contract", COMMITTEE_DAY))["LOR-2019-C1"]
    assert row["amount"] == Decimal("828415.20")
    assert row["amount_basis"] == "gross"
    assert row["amount_vat_rate"] is None
    assert (row["start"], row["end"]) == (date(2019, 6, 21), date(2022, 6, 20))
    assert row["covered_until"] == date(2022, 12, 20)
    assert row["months"] == 36
    assert (row["net"], row["gross"]) == (None, Decimal("828415.20"))
    assert (row["exercised_net"], row["exercised_gross"]) == (
        None,
        Decimal("138069.20"),
    )
    assert (row["planned_net"], row["planned_gross"]) == (
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert (row["total_net"], row["total_gross"]) == (None, Decimal("966484.40"))
    assert row["tender"] == "LOR-2019"
    assert row["supplier"] == "ATI-LORENTEGGIO-2019"
    assert (
        row["supplier_name"] == "ATI Spazio Aperto Servizi - ARS - A&I - DIKE - KCITY"
    )
    assert str(row["supplier_members"]).startswith(
        "Spazio Aperto Servizi Società Cooperativa Sociale; ARS - "
    )
    assert row["services"] == "LSL-LORENTEGGIO"
    assert row["missing"] == "VAT rate not stated"


def test_an_unknown_amount_is_empty_with_its_reason_in_italian(milan: Tracker) -> None:
    set_language("it")
    row = _rows(sheet_table(milan, "contract", COMMITTEE_DAY))["PRO-2020-MAZZINI"]
    assert row["amount"] is None
    assert (row["net"], row["gross"], row["total_net"], row["total_gross"]) == (
        None,
        None,
        None,
        None,
    )
    # the source gives the start's year only: the cell holds its first day
    assert row["start"] == date(2020, 1, 1)
    assert row["missing"] == "Avvio: noto solo l'anno; importo non indicato"
    assert row["act"] == "DGC-1397-2017"
    lor = _rows(sheet_table(milan, "contract", COMMITTEE_DAY))["LOR-2019-C1"]
    assert lor["missing"] == "aliquota IVA non indicata"
    assert lor["amount_basis"] == "lordo"


def test_a_net_amount_with_its_rate_and_options(money: Tracker) -> None:
    row = _rows(sheet_table(money, "contract", COMMITTEE_DAY))["PRO-2020-MAZZINI"]
    assert row["title"] == HOSTILE_TITLE  # a table holds values: writers neutralise
    assert row["amount"] == Decimal("10000.00")
    assert row["amount_vat_rate"] == Decimal("0.22")
    assert row["amount_basis"] == "net"
    assert (row["net"], row["gross"]) == (Decimal("10000.00"), Decimal("12200.00"))
    assert (row["exercised_net"], row["exercised_gross"]) == (
        Decimal("2000.00"),
        Decimal("2440.00"),
    )
    # the planned renewal states no amount: its sum is not made up
    assert (row["planned_net"], row["planned_gross"]) == (None, None)
    assert (row["total_net"], row["total_gross"]) == (
        Decimal("12000.00"),
        Decimal("14640.00"),
    )
    assert row["missing"] == (
        "Start: only the year is known; option PRO-2020-MAZZINI-R1: amount not stated"
    )


def test_options_in_words_with_their_contract_and_act(money: Tracker) -> None:
    set_language("it")
    rows = _rows(sheet_table(money, "option", COMMITTEE_DAY))
    assert list(rows) == [
        "LOR-2019-C1-R1",
        "PRO-2020-MAZZINI-E1",
        "PRO-2020-MAZZINI-R1",
    ]
    extension = rows["PRO-2020-MAZZINI-E1"]
    assert extension["contract"] == "PRO-2020-MAZZINI"
    assert (extension["kind"], extension["state"]) == (
        "opzione di proroga",
        "esercitata",
    )
    assert (extension["start"], extension["end"]) == (
        date(2023, 7, 1),
        date(2023, 12, 31),
    )
    assert extension["decided_on"] == date(2023, 1, 10)
    assert extension["act"] == "DGC-1397-2017"
    assert (extension["net"], extension["gross"]) == (
        Decimal("2000.00"),
        Decimal("2440.00"),
    )
    assert extension["missing"] is None
    renewal = rows["PRO-2020-MAZZINI-R1"]
    assert (renewal["kind"], renewal["state"]) == ("rinnovo", "programmata")
    assert renewal["amount"] is None
    assert renewal["missing"] == "importo non indicato"
    lor = rows["LOR-2019-C1-R1"]
    assert lor["amount"] == Decimal("138069.20")
    assert lor["missing"] == "aliquota IVA non indicata"


def test_tenders_and_their_lots(milan: Tracker) -> None:
    tenders = _rows(sheet_table(milan, "tender", COMMITTEE_DAY))
    assert list(tenders) == [
        "LDQ-2016",
        "LOR-2019",
        "LOR-2023",
        "SCN-CDQ-2024",
        "SCN-LOR-2025",
        "SCN-SAN-SIRO-PINQUA",
    ]
    assert tenders["LDQ-2016"]["lots"] == 5
    assert tenders["LOR-2019"]["status"] == "awarded"
    assert tenders["LOR-2019"]["programme"] == "ADP-LORENTEGGIO"
    assert tenders["LOR-2019"]["missing"] == "amount not stated"
    assert tenders["SCN-CDQ-2024"]["planned_start"] == date(2024, 1, 1)
    assert tenders["SCN-CDQ-2024"]["missing"] == (
        "Service start (planned): only the month is known; amount not stated"
    )
    lots = _rows(sheet_table(milan, "lot", COMMITTEE_DAY))
    assert len(lots) == 10
    assert lots["LOR-2019-L1"]["tender"] == "LOR-2019"
    assert lots["LOR-2019-L1"]["contracts"] == "LOR-2019-C1"
    assert {lots[f"LDQ-2016-L{n}"]["tender"] for n in range(1, 6)} == {"LDQ-2016"}


def test_the_workbooks_tables_come_in_order(milan: Tracker) -> None:
    tables = workbook_tables(milan, COMMITTEE_DAY)
    assert [t.name for t in tables] == list(SHEET_TITLES)


def test_a_table_reads_its_pages_only_as_its_rows_are_consumed(
    milan: Tracker,
) -> None:
    read: list[int] = []
    contracts = milan.list_contracts()

    def pages() -> Iterator[Sequence[ContractRow]]:
        for index in range(0, len(contracts), 4):
            read.append(index)
            yield contracts[index : index + 4]

    table = contract_table(pages())
    assert read == []
    rows = iter(table.rows)
    next(rows)
    assert read == [0]
    assert len(list(rows)) == len(contracts) - 1
    assert read == [0, 4, 8]
