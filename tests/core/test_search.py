"""The one search behind the palette and the pickers: every kind of record, any
case, accents or not, each word anywhere, only the kinds a field may name."""

from __future__ import annotations

import pytest

from tracker.api import Dataset, RecordKind, Tracker
from tracker.domain.text import folded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Città", "citta"),
        ("CITTÀ", "citta"),
        ("perché", "perche"),
        ("Sant\u2019Ambrogio", "sant'ambrogio"),
        ("Łódź", "łodz"),  # Ł is a letter of its own, not an accented L
        ("REGIONE-LOMBARDIA", "regione-lombardia"),
    ],
)
def test_folded_text(text: str, expected: str) -> None:
    assert folded(text) == expected


@pytest.mark.parametrize(
    ("text", "kinds", "found"),
    [
        # what a picker of funding sources shows for "regione": the Region first
        # (its reference starts so), then POR FSE (funded by the Region)
        (
            "regione",
            {RecordKind.FUNDING_SOURCE},
            [
                ("funding_source", "REGIONE-LOMBARDIA"),
                ("funding_source", "POR-FSE-2014-2020"),
            ],
        ),
        # an allocation by its source's name, a tender or a contract by title
        (
            "por fse",
            {RecordKind.ALLOCATION},
            [("allocation", "FIN-LOR-2019-FSE")],
        ),
        ("presidio locale", None, [("act", "DGC-1397-2017")]),
        ("molise", {RecordKind.SITE}, [("site", "SEDE-MOLISE-CALVAIRATE")]),
        ("accordo lorenteggio", None, [("programme", "ADP-LORENTEGGIO")]),
        ("int-2018", None, [("in_house_period", "INT-2018")]),
        # the supplier picker: organisations and consortia, nothing else
        (
            "spazio aperto",
            {RecordKind.ORGANISATION, RecordKind.CONSORTIUM},
            [
                ("organisation", "SPAZIO-APERTO"),
                ("consortium", "ATI-LORENTEGGIO-2019"),
            ],
        ),
        # each word anywhere, in any order
        (
            "lorenteggio laboratorio",
            {RecordKind.SERVICE},
            [("service", "LSL-LORENTEGGIO")],
        ),
        # accents typed or not, either way
        ("societa cooperativa sociale onlus", None, [("organisation", "A-I")]),
        ("SOCIETÀ COOPERATIVA SOCIALE ONLUS", None, [("organisation", "A-I")]),
        ("mazzini", {RecordKind.FUNDING_SOURCE}, []),
    ],
)
def test_search_by_kind(
    milan: Tracker,
    text: str,
    kinds: set[RecordKind] | None,
    found: list[tuple[str, str]],
) -> None:
    assert [(h.kind, h.ref) for h in milan.search(text, kinds=kinds)] == found


def test_records_without_a_page_name_one_that_shows_them(milan: Tracker) -> None:
    shown = {
        hit.ref: hit.opens
        for text in ("mazzini", "presidio", "int-2018", "contratti di quartiere")
        for hit in milan.search(text)
        if hit.kind in ("neighbourhood", "site", "act", "in_house_period", "programme")
    }
    assert shown == {
        "MAZZINI": "LDQ-MAZZINI",
        "SEDE-MAZZINI": "LDQ-MAZZINI",
        "DGC-1397-2017": "PRO-2020-GRATOSOGLIO",
        "INT-2018": "LDQ-GRATOSOGLIO",
        "CDQ2": "LDQ-GRATOSOGLIO",
    }


def test_an_accented_name_is_found_without_its_accents(tracker: Tracker) -> None:
    tracker.load_dataset(
        Dataset.model_validate(
            {
                "organisations": [
                    {"ref": "CITTA-APERTA", "name": "Città Aperta Società Cooperativa"},
                    {"ref": "PERCHE-NO", "name": "PERCHÉ NO S.R.L."},
                ]
            }
        )
    )
    assert [h.ref for h in tracker.search("citta aperta")] == ["CITTA-APERTA"]
    assert [h.ref for h in tracker.search("perche")] == ["PERCHE-NO"]
    assert [h.ref for h in tracker.search("perché")] == ["PERCHE-NO"]


def test_nothing_typed_lists_the_kinds_a_picker_asks_for(milan: Tracker) -> None:
    assert [h.ref for h in milan.search("", kinds={RecordKind.FUNDING_SOURCE})] == [
        "COMUNE-MILANO",
        "MIT",
        "POR-FSE-2014-2020",
        "REGIONE-LOMBARDIA",
    ]
    assert milan.search("  ") == []
