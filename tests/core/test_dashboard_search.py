"""The dashboard's figures and the search behind the command palette."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tracker.api import Dataset, Tracker
from tracker.domain.continuity import ContinuityStatus

COMMITTEE_DAY = date(2023, 1, 17)


def test_dashboard_on_the_committee_day(milan: Tracker) -> None:
    board = milan.dashboard(COMMITTEE_DAY)
    assert dict(board.services) == {
        ContinuityStatus.GAP: 1,
        ContinuityStatus.AT_RISK: 2,
        ContinuityStatus.OK: 3,
        ContinuityStatus.NOT_REQUIRED: 0,
    }
    six, twelve = board.ending
    assert six[0] == 6
    assert [(e.ref, e.covered_until, e.days) for e in six[1]] == [
        ("PRO-2020-MAZZINI", date(2023, 6, 30), 164),
        ("PRO-2020-SAN-SIRO", date(2023, 6, 30), 164),
    ]
    assert twelve[0] == 12
    assert len(twelve[1]) == 5
    # The five incarichi in force state no amount: counted, never valued at zero.
    assert board.value.contracts == 5
    assert board.value.unvalued == 5
    assert board.value.gross == Decimal("0.00")
    assert [(p.ref, p.status) for p in board.pending] == [
        ("FIN-LDQ-2016-COMUNE", "planned"),
        ("FIN-LDQ-2016-MIT", "planned"),
        ("FIN-LDQ-2016-RL", "planned"),
        ("FIN-LOR-2023-RL", "pending_confirmation"),
    ]
    assert board.pending_unstated == 4


def test_value_under_contract_sums_base_and_exercised_options(milan: Tracker) -> None:
    # On 01/09/2022 Lorenteggio runs on its exercised renewal.
    value = milan.dashboard(date(2022, 9, 1)).value
    assert value.contracts == 6
    assert value.unvalued == 5
    lor = milan.get_record("LOR-2019-C1")
    total = lor.contract.total_base_and_exercised  # type: ignore[union-attr]
    assert total is not None
    assert value.gross == total.gross
    assert value.gross_only_total + (value.net + value.vat) == value.gross


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("LOR-2019-C1", ("contract", "LOR-2019-C1")),
        ("lor-2019-c1", ("contract", "LOR-2019-C1")),
        # the neighbourhood's reference is exactly what was typed
        ("lorenteggio", ("neighbourhood", "LORENTEGGIO")),
        ("ati spazio", ("consortium", "ATI-LORENTEGGIO-2019")),
        ("cooperativa", ("organisation", "A-I")),
    ],
)
def test_search_finds_records_by_reference_or_name(
    milan: Tracker, text: str, first: tuple[str, str]
) -> None:
    hits = milan.search(text)
    assert (hits[0].kind, hits[0].ref) == first


def test_search_treats_wildcards_as_plain_text(milan: Tracker) -> None:
    assert milan.search("%") == []
    assert milan.search("_") == []
    assert milan.search("   ") == []


def test_search_by_partita_iva(tracker: Tracker) -> None:
    from stdnum import luhn

    number = "1234567015" + luhn.calc_check_digit("1234567015")
    tracker.load_dataset(
        Dataset.model_validate(
            {
                "organisations": [
                    {"ref": "COOP-X", "name": "Cooperativa X", "partita_iva": number}
                ]
            }
        )
    )
    hits = tracker.search(number[-6:])
    assert [(h.kind, h.ref, h.detail) for h in hits] == [
        ("organisation", "COOP-X", number)
    ]


def test_owner_of_a_lot_and_of_an_option(milan: Tracker) -> None:
    assert milan.owner_of("LOR-2019-L1") == "LOR-2019"
    assert milan.owner_of("LOR-2019-C1-R1") == "LOR-2019-C1"
    assert milan.owner_of("LOR-2019") is None


def test_timeline_rows_carry_the_coverage_periods(milan: Tracker) -> None:
    rows = {r.continuity.service: r for r in milan.timeline(COMMITTEE_DAY)}
    lor = rows["LSL-LORENTEGGIO"]
    assert [(c.ref, c.part, c.start, c.end) for c in lor.coverage] == [
        ("LOR-2019-C1", "base", date(2019, 6, 21), date(2022, 6, 20)),
        ("LOR-2019-C1", "LOR-2019-C1-R1", date(2022, 6, 21), date(2022, 12, 20)),
    ]
    assert [t.ref for t in lor.tenders] == ["LOR-2023", "SCN-LOR-2025"]
    assert lor.continuity.status is ContinuityStatus.GAP
