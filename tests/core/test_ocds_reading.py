"""Published OCDS data read into facts: every input format, ANAC's real releases,
merging, dates, buyers and bad input."""

from __future__ import annotations

import copy
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED
from tracker.domain.kinds import MainCategory, ProcedureType
from tracker.domain.modifications import ModificationKind
from tracker.domain.procedures import ProcedureFact
from tracker.errors import TrackerError
from tracker.ocds import (
    PublishedItem,
    PublishedPeriod,
    PublishedTender,
    PublishedValue,
    Skipped,
    read_published,
)

SAMPLES = SHARED / "ocds" / "samples"
ANAC = SAMPLES / "anac-compiled-releases.json"
RELEASE_PACKAGE = SAMPLES / "fictional-contract-release-package.json"
RECORD_PACKAGE = SAMPLES / "fictional-record-package.json"

pytestmark = pytest.mark.skipif(
    not ANAC.is_file(), reason=f"the OCDS samples are absent ({SAMPLES})"
)

REGGELLO = "ocds-hu01ve-8365650"
RAVENNA = "ocds-hu01ve-8390739"


def _anac() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(ANAC.read_text(encoding="utf-8"))
    return loaded


def _release(ocid: str) -> dict[str, Any]:
    return copy.deepcopy(next(r for r in _anac()["releases"] if r["ocid"] == ocid))


def _read(path: Path, **options: Any) -> list[PublishedItem]:
    with path.open("rb") as stream:
        return list(read_published(stream, **options))


def _read_text(text: str, **options: Any) -> list[PublishedItem]:
    return list(read_published(io.StringIO(text), **options))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _tenders(items: list[PublishedItem]) -> list[PublishedTender]:
    assert [item for item in items if isinstance(item, Skipped)] == []
    return [item for item in items if isinstance(item, PublishedTender)]


def _tender(items: list[PublishedItem], ocid: str) -> PublishedTender:
    return next(t for t in _tenders(items) if t.ocid == ocid)


# --- every format ---------------------------------------------------------------


def _formats(tmp_path: Path) -> dict[str, Path]:
    releases = _anac()["releases"]
    package = {
        "uri": "https://example.org/package.json",
        "version": "1.1",
        "publishedDate": "2025-02-15T00:00:00Z",
        "publisher": {"name": "ANAC"},
        "releases": releases,
    }
    records = {
        **{key: value for key, value in package.items() if key != "releases"},
        "records": [
            {"ocid": r["ocid"], "releases": [], "compiledRelease": r} for r in releases
        ],
    }
    return {
        "wrapped": ANAC,
        "release package": _write(tmp_path, "package.json", json.dumps(package)),
        "record package": _write(tmp_path, "records.json", json.dumps(records)),
        "bare array": _write(tmp_path, "array.json", json.dumps(releases, indent=2)),
        "lines of releases": _write(
            tmp_path, "releases.jsonl", "".join(json.dumps(r) + "\n" for r in releases)
        ),
        "lines of packages": _write(
            tmp_path,
            "packages.jsonl",
            "".join(json.dumps({**package, "releases": [r]}) + "\n" for r in releases),
        ),
    }


@pytest.mark.parametrize(
    "form",
    [
        "wrapped",
        "release package",
        "record package",
        "bare array",
        "lines of releases",
        "lines of packages",
    ],
)
def test_every_format_gives_the_same_twelve_tenders(tmp_path: Path, form: str) -> None:
    expected = _tenders(_read(ANAC))
    tenders = _tenders(_read(_formats(tmp_path)[form]))
    assert len(tenders) == 12
    assert tenders == expected


def test_a_text_stream_reads_as_the_bytes_do() -> None:
    with ANAC.open(encoding="utf-8") as stream:
        assert list(read_published(stream)) == _read(ANAC)


def test_a_single_release_on_one_line_is_a_document() -> None:
    (tender,) = _tenders(_read_text(json.dumps(_release(REGGELLO))))
    assert tender.ocid == REGGELLO


def test_the_standards_fictional_packages_read_with_nothing_skipped() -> None:
    (from_releases,) = _tenders(_read(RELEASE_PACKAGE))
    (from_records,) = _tenders(_read(RECORD_PACKAGE))
    assert from_releases.ocid == from_records.ocid == "ocds-213czf-000-00001"
    assert from_releases.warnings == from_records.warnings == ()
    (contract,) = from_records.contracts
    # Non-EUR amounts are kept as published.
    assert contract.value == PublishedValue(Decimal("11000000"), "GBP")
    # "2011-06-30T23:59:00Z" is the last minute of 30 June, as Barnet means it
    assert contract.period == PublishedPeriod(
        date(2010, 7, 1), date(2011, 6, 30), date(2011, 12, 31)
    )
    assert [(p.date, p.value, p.reference) for p in contract.payments] == [
        (
            date(2010, 8, 1),
            PublishedValue(Decimal("50000"), "GBP"),
            "https://openspending.org/uk-barnet-spending/transaction/asd9235qaghvs1059620ywhgai",
        ),
        (
            date(2010, 10, 1),
            PublishedValue(Decimal("10000"), "GBP"),
            "https://openspending.org/uk-barnet-spending/transaction/asd9235qaghvs105962as0012",
        ),
    ]
    assert from_records.tender_period == PublishedPeriod(
        date(2010, 3, 1), date(2010, 4, 8)
    )
    assert from_records.cpv == ("45233130.0", "45233162-2")
    assert from_records.cups == ()  # "SP001" is no CUP
    assert from_records.buyer == "GB-LAC-E09000003"


def test_a_record_with_embedded_releases_only_merges_them() -> None:
    package = json.loads(RELEASE_PACKAGE.read_text(encoding="utf-8"))
    (release,) = package["releases"]
    earlier = {
        "ocid": release["ocid"],
        "id": "ocds-213czf-000-00001-00-tender",
        "date": "2010-03-01T09:00:00Z",
        "tag": ["tender"],
        "tender": {
            "id": "t1",
            "title": "Cycle lanes",
            "value": {"amount": 1, "currency": "GBP"},
        },
    }
    record = {"ocid": release["ocid"], "releases": [release, earlier]}
    (tender,) = _tenders(_read_text(json.dumps({"records": [record]})))
    assert tender.title == "Cycle lanes"
    assert tender.release_id == release["id"]  # the later release's, merged last
    assert len(tender.contracts) == 1


def test_a_record_without_any_release_is_skipped() -> None:
    record = {
        "ocid": "ocds-213czf-1",
        "releases": [{"url": "https://x", "date": "2010"}],
    }
    (skipped,) = _read_text(json.dumps({"records": [record]}))
    assert isinstance(skipped, Skipped)
    assert skipped.position == 1
    assert skipped.reason.params == {"ocid": "ocds-213czf-1"}


# --- ANAC's facts -------------------------------------------------------------


def test_the_rti_of_reggello_as_published() -> None:
    tender = _tender(_read(ANAC), REGGELLO)
    assert tender.date == date(2025, 1, 3)
    assert tender.buyer == "01421240480"
    assert tender.main_category is MainCategory.SERVICES
    assert tender.procedure == ProcedureFact(
        1, "PROCEDURA APERTA", ProcedureType.APERTA
    )
    assert tender.cpv == ("55322000-3",)
    assert tender.value == PublishedValue(Decimal("6928247.86"), "EUR")
    assert tender.tender_period == PublishedPeriod(date(2022, 2, 14), date(2022, 3, 21))
    (lot,) = tender.lots
    assert (lot.id, lot.cig, lot.value) == (
        "8998391B27",
        "8998391B27",
        PublishedValue(Decimal("6928247.86"), "EUR"),
    )
    (award,) = tender.awards
    assert award.value == PublishedValue(Decimal("6359227.39"), "EUR")
    assert str(award.value.amount) == "6359227.39"  # exact, never through a float
    assert award.date == date(2022, 7, 18)
    assert award.lots == ("8998391B27",)
    assert [tender.parties[key].name for key in award.suppliers] == [
        "C.A.M.S.T. COOPERATIVA ALBERGO MENSA SPETTACOLO E TURISMO S.C.R.L.",
        "BETADUE COOPERATIVA SOCIALE DI TIPO B ONLUS",
    ]
    (contract,) = tender.contracts
    assert contract.award_id == "2754824"
    assert contract.lots == ("8998391B27",)
    assert contract.period == PublishedPeriod(date(2023, 3, 7), date(2031, 7, 31))
    assert contract.date_signed == date(2023, 3, 7)
    assert contract.value is None
    comune = tender.parties["01421240480"]
    assert (comune.codice_fiscale, comune.ausa, comune.roles) == (
        "01421240480",
        "0000180455",
        ("buyer",),
    )
    assert comune.address == "PIAZZA ROOSEVELT N 1, 50066 REGGELLO, ITALY"
    payer = tender.parties["85C41C1C-5385-4AC9-B97A-7A10D8F744E4"]
    assert (payer.scheme, payer.codice_fiscale) == ("internal", None)


def test_the_four_lots_of_ravenna_as_published() -> None:
    tender = _tender(_read(ANAC), RAVENNA)
    assert [lot.cig for lot in tender.lots] == [
        "9030406EC3",
        "9030388FE8",
        "903035330A",
        "903037338B",
    ]
    assert [len(award.suppliers) for award in tender.awards] == [3, 3, 3, 3]
    assert {award.lots for award in tender.awards} == {(lot.id,) for lot in tender.lots}
    assert sum((a.value.amount for a in tender.awards if a.value), Decimal(0)) == (
        Decimal("38742864.08")
    )
    assert [(c.id, c.period.end, len(c.amendments)) for c in tender.contracts] == [
        ("2258523", date(2024, 9, 17), 2),
        ("2258545", date(2026, 1, 4), 1),
        ("2258390", date(2025, 1, 3), 1),
        ("2257652", date(2024, 11, 11), 1),
    ]
    assert all(c.period.start is None for c in tender.contracts)
    amendments = [a for c in tender.contracts for a in c.amendments]
    assert [(a.id, a.date, a.kind) for a in amendments] == [
        ("337700", date(2023, 12, 28), ModificationKind.OTHER),
        ("355163", date(2024, 7, 16), ModificationKind.OTHER),
        ("355157", date(2024, 7, 3), ModificationKind.VARIANTE),
        ("322749", date(2023, 10, 9), ModificationKind.OTHER),
        ("322745", date(2023, 9, 18), ModificationKind.OTHER),
    ]
    assert len(tender.parties) == 8


def test_counts_over_the_whole_anac_file() -> None:
    tenders = _tenders(_read(ANAC))
    assert len(tenders) == 12
    assert sum(len(t.lots) for t in tenders) == 15
    assert sum(len(t.awards) for t in tenders) == 13
    assert sum(len(t.contracts) for t in tenders) == 13
    assert sum(len(c.amendments) for t in tenders for c in t.contracts) == 10
    assert sum(len(t.parties) for t in tenders) == 40
    assert sum(len(t.warnings) for t in tenders) == 12  # one malformed date each
    kinds = [a.kind for t in tenders for c in t.contracts for a in c.amendments]
    assert kinds.count(ModificationKind.OTHER) == 6
    assert kinds.count(ModificationKind.PROROGA_TECNICA) == 1
    assert kinds.count(ModificationKind.QUINTO_VARIATION) == 1
    assert kinds.count(ModificationKind.REVISIONE_PREZZI) == 1
    assert kinds.count(ModificationKind.VARIANTE) == 1
    assert [t.procedure.code for t in tenders if t.procedure] == [
        34, 4, 1, 34, 1, 24, 24, 27, 34, 34, 34, 4,
    ]  # fmt: skip


# --- dates ----------------------------------------------------------------------


def test_the_malformed_anac_date_reads_as_its_day_with_a_warning() -> None:
    tender = _tender(_read(ANAC), REGGELLO)
    (warning,) = tender.warnings
    assert warning.params == {
        "field": "date",
        "value": "2025-01-03 17:30:33.550T12:00:00Z",
        "day": date(2025, 1, 3),
    }
    assert "malformed" in str(warning)


@pytest.mark.parametrize(
    ("published", "day", "warned"),
    [
        ("2023-03-07T12:00:00Z", date(2023, 3, 7), False),
        # the day the publisher wrote, not the day it already is in Rome
        ("2023-03-06T23:30:00Z", date(2023, 3, 6), False),
        ("2011-06-30T23:59:00Z", date(2011, 6, 30), False),
        ("2023-03-07", date(2023, 3, 7), False),
        ("2023-03-07T09:00:00", date(2023, 3, 7), False),
        ("07/03/2023", None, True),
        ("2023-02-30", None, True),
        (20230307, None, True),
    ],
)
def test_dates(published: Any, day: date | None, warned: bool) -> None:
    release = _release(REGGELLO)
    release["date"] = "2025-01-03T12:00:00Z"
    release["contracts"][0]["dateSigned"] = published
    (tender,) = _tenders(_read_text(json.dumps(release)))
    assert tender.contracts[0].date_signed == day
    assert [w.params["field"] for w in tender.warnings] == (
        ["contracts.1.dateSigned"] if warned else []
    )


# --- ocids, merging, buyers ------------------------------------------------------


def test_a_missing_ocid_is_derived_from_the_release_id() -> None:
    release = _release(REGGELLO)
    del release["ocid"]
    release["id"] = "ocds-hu01ve-8365650-01"
    (tender,) = _tenders(_read_text(json.dumps([release])))
    assert tender.ocid == REGGELLO
    assert tender.warnings[0].params == {
        "ocid": REGGELLO,
        "id": "ocds-hu01ve-8365650-01",
    }


def test_a_release_whose_ocid_cannot_be_found_is_skipped() -> None:
    release = _release(REGGELLO)
    del release["ocid"]
    release["id"] = "8365650"
    items = _read_text(json.dumps([_release(RAVENNA), release, "not a release"]))
    assert [type(item).__name__ for item in items] == [
        "PublishedTender",
        "Skipped",
        "Skipped",
    ]
    assert [(s.position, s.ocid) for s in items if isinstance(s, Skipped)] == [
        (2, None),
        (3, None),
    ]


def _two_releases() -> tuple[dict[str, Any], dict[str, Any]]:
    later = _release(REGGELLO)
    later["date"] = "2025-02-01T12:00:00Z"
    later["awards"][0]["value"]["amount"] = 1000
    later["contracts"][0]["amendments"] = [
        {"date": "2025-01-20", "rationale": "PROROGA"}
    ]
    del later["parties"]
    earlier = _release(REGGELLO)
    earlier["date"] = "2024-01-01T12:00:00Z"
    earlier["awards"].append({"id": "other", "status": "pending"})
    earlier["tender"]["title"] = "REFEZIONE SCOLASTICA"
    return earlier, later


def test_releases_of_one_ocid_merge_in_date_order() -> None:
    earlier, later = _two_releases()
    for given in ([later, earlier], [earlier, later]):
        (tender,) = _tenders(_read_text(json.dumps(given)))
        assert tender.date == date(2025, 2, 1)
        assert tender.title == "REFEZIONE SCOLASTICA"  # kept from the earlier one
        assert [(a.id, a.value) for a in tender.awards] == [
            ("2754824", PublishedValue(Decimal("1000"), "EUR")),  # merged by id
            ("other", None),
        ]
        assert len(tender.parties) == 4
        (amendment,) = tender.contracts[0].amendments
        assert (amendment.id, amendment.derived_id, amendment.kind) == (
            "2754824/amendment-1",
            True,
            ModificationKind.PROROGA_TECNICA,
        )


def test_json_lines_merge_consecutive_releases_of_one_ocid() -> None:
    earlier, later = _two_releases()
    lines = [earlier, later, _release(RAVENNA)]
    items = _read_text("".join(json.dumps(r) + "\n" for r in lines))
    assert [t.ocid for t in _tenders(items)] == [REGGELLO, RAVENNA]


def test_the_buyer_keeps_its_own_tenders_only(tmp_path: Path) -> None:
    for form in ("wrapped", "lines of releases"):
        path = _formats(tmp_path)[form]
        assert [t.ocid for t in _tenders(_read(path, buyer="01421240480"))] == [
            REGGELLO
        ]
        assert _read(path, buyer="00000000000") == []


def test_the_buyer_is_found_through_its_party_identifier() -> None:
    release = _release(REGGELLO)
    release["buyer"]["id"] = "IT-CF-01421240480"
    release["parties"][0]["id"] = "IT-CF-01421240480"
    (tender,) = _tenders(_read_text(json.dumps(release), buyer="01421240480"))
    assert tender.buyer == "IT-CF-01421240480"


# --- lots, CUPs, amounts --------------------------------------------------------


def test_cups_and_lot_shapes() -> None:
    release = _release(REGGELLO)
    release["planning"] = {"budget": {"projectID": "I81C11000040006"}}
    release["tender"]["items"][0]["additionalClassifications"] = [
        {"scheme": "CUP", "id": "H81J09002660007"},
        {"scheme": "CUP", "id": "H81J09002660007"},
    ]
    release["tender"]["lots"].append({"id": "1", "title": "Lotto 1", "number": 1})
    (tender,) = _tenders(_read_text(json.dumps(release)))
    assert tender.cups == ("I81C11000040006",)
    assert [(lot.id, lot.cig, lot.cups, lot.number) for lot in tender.lots] == [
        ("8998391B27", "8998391B27", ("H81J09002660007",), None),
        ("1", None, (), "1"),
    ]


def test_an_amount_without_currency_or_number_is_absent_with_a_warning() -> None:
    release = _release(REGGELLO)
    release["date"] = "2025-01-03"
    release["tender"]["value"] = {"amount": 10}
    release["tender"]["mainProcurementCategory"] = "consultingServices"
    release["awards"][0]["value"] = {"amount": "6.359.227,39", "currency": "EUR"}
    (tender,) = _tenders(_read_text(json.dumps(release)))
    assert (tender.value, tender.awards[0].value) == (None, None)
    assert tender.main_category is None
    assert [w.params["field"] for w in tender.warnings] == [
        "awards.1.value",
        "tender.mainProcurementCategory",
        "tender.value",
    ]


# --- bad input --------------------------------------------------------------------


def test_bad_json_names_its_line() -> None:
    with pytest.raises(TrackerError) as raised:
        _read_text('\n{\n\n  "releases": [\n    {"ocid": }\n  ]\n}\n')
    assert raised.value.params["line"] == 5


def test_json_lines_stream_and_name_the_bad_line() -> None:
    lines = [json.dumps(_release(REGGELLO)), json.dumps(_release(RAVENNA)), "{oops"]
    items = read_published(io.StringIO("\n".join(lines) + "\n"))
    assert isinstance(next(items), PublishedTender)  # read before the bad line is
    with pytest.raises(TrackerError) as raised:
        list(items)
    assert raised.value.params["line"] == 3


def test_a_document_that_is_no_ocds_is_refused() -> None:
    with pytest.raises(TrackerError):
        _read_text('{"tenders": []}')


def test_text_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(TrackerError):
        list(read_published(io.BytesIO(b'{"releases": ["\xff"]}')))


def test_an_empty_input_has_no_tender() -> None:
    assert _read_text("\n\n") == []


def test_a_stray_line_of_json_lines_is_skipped_not_fatal() -> None:
    lines = [json.dumps(_release(REGGELLO)), '{"hello": "world"}', "[]"]
    items = _read_text("\n".join(lines))
    assert [type(item).__name__ for item in items] == ["PublishedTender", "Skipped"]
    (skipped,) = [item for item in items if isinstance(item, Skipped)]
    assert (skipped.position, skipped.ocid) == (2, None)


def test_json_nested_too_deep_is_refused_in_words() -> None:
    with pytest.raises(TrackerError) as raised:
        _read_text("[" * 100_000 + "]" * 100_000)
    assert raised.value.message == "not valid JSON: arrays and objects nest too deep"


def test_a_skipped_release_of_another_buyer_is_left_out() -> None:
    release = _release(REGGELLO)
    del release["ocid"]
    release["id"] = "no-ocid"
    items = _read_text(json.dumps([release]))
    assert [type(item).__name__ for item in items] == ["Skipped"]
    assert _read_text(json.dumps([release]), buyer="80015010723") == []
    assert len(_read_text(json.dumps([release]), buyer="01421240480")) == 1
