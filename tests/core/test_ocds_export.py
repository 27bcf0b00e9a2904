"""appalti export ocds: the Milan dataset as an OCDS 1.1 release package, valid
against the official schema patched with the lots, options, budget breakdown and
local extensions, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from sqlmodel import Session, col, select

from tests.conftest import SHARED, fixed_clock
from tracker import models
from tracker.api import Tracker
from tracker.cli import main
from tracker.cli_ocds import export_ocds
from tracker.domain.consortium import ConsortiumKind, MemberRole
from tracker.domain.kinds import (
    FundingKind,
    FundingStatus,
    OptionKind,
    OptionState,
    ProcedureType,
)
from tracker.errors import TrackerError
from tracker.ocds import extension as ext

OCDS = SHARED / "ocds" / "schema-1.1"
SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
PATCHES = (
    SCHEMAS / "ocds-extensions" / "lots" / "release-schema.json",
    SCHEMAS / "ocds-extensions" / "options" / "release-schema.json",
    SCHEMAS / "ocds-extensions" / "budget_breakdown" / "release-schema.json",
    SCHEMAS / "ocds-appalti-extension" / "release-schema.json",
)
COMUNE_CF = "01199250158"
needs_schema = pytest.mark.skipif(
    not OCDS.is_dir(), reason=f"the OCDS 1.1 schema is not in {OCDS}"
)


def merged(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch, as the extension registry applies extensions."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merged(result.get(key), value)
    return result


def validator() -> Draft4Validator:
    release = json.loads((OCDS / "release-schema.json").read_text(encoding="utf-8"))
    for path in PATCHES:
        release = merged(release, json.loads(path.read_text(encoding="utf-8")))
    package = json.loads(
        (OCDS / "release-package-schema.json").read_text(encoding="utf-8")
    )
    registry: Registry[Any] = Registry().with_resource(
        RELEASE_URL, Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(
        package, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


def exported(tracker: Tracker, buyer: str | None = None) -> tuple[str, Any]:
    out = io.BytesIO()
    export_ocds(tracker, out, buyer=buyer)
    text = out.getvalue().decode("utf-8")
    return text, json.loads(text, parse_float=Decimal)


def by_ocid(package: Any) -> dict[str, Any]:
    return {release["ocid"]: release for release in package["releases"]}


def published_facts(tracker: Tracker) -> None:
    """What the forms cannot enter yet, written as a later import would: a buyer
    with its AUSA code, CPV, ANAC's procedure code, a CIG with two CUPs, a net
    estimate with its VAT rate, a contract with a payment and a planned option, and
    the RTI's shares."""
    with Session(tracker.engine) as session:
        comune = models.Organisation(
            ref="COMUNE-MI",
            name="Comune di Milano",
            codice_fiscale=COMUNE_CF,
            partita_iva=COMUNE_CF,
            ausa="0000000001",
        )
        session.add(comune)
        session.flush()
        tender = session.exec(
            select(models.Tender).where(models.Tender.ref == "LOR-2023")
        ).one()
        tender.buyer_organisation_id = comune.id
        tender.cpv_codes = "85320000-8 85312000-9"
        tender.main_category = "services"
        tender.procedure_type = "aperta"
        tender.procedure_code = "1"
        tender.procedure_title = "PROCEDURA APERTA"
        tender.estimate_cents, tender.estimate_basis = 45000000, "net"
        tender.estimate_vat_rate = "5"
        scenario = session.exec(
            select(models.Tender).where(models.Tender.ref == "SCN-LOR-2025")
        ).one()
        scenario.ocid = "ocds-hu01ve-8365650"
        lot = session.exec(
            select(models.Lot).where(models.Lot.ref == "LOR-2023-L1")
        ).one()
        lot.cig, lot.cups = "9543210A3C", "I81C11000040006 H81J09002660007"
        contract = session.exec(
            select(models.Contract).where(models.Contract.ref == "LOR-2019-C1")
        ).one()
        assert contract.id is not None
        session.add(
            models.Payment(
                contract_id=contract.id,
                position=1,
                paid_on=date(2020, 3, 31),
                amount_cents=6903460,
                reference="mandato 1234/2020",
            )
        )
        members = session.exec(
            select(models.ConsortiumMember).order_by(
                col(models.ConsortiumMember.position)
            )
        ).all()
        for member, share in zip(members, (4000, 1500, 1500, 1500, 1500), strict=True):
            member.share_hundredths = share
        session.add(
            models.ContractOption(
                ref="LOR-2019-C1-Q",
                contract_id=contract.id,
                kind="quinto_variation",
                state="planned",
                basis="art. 120 c. 9 D.Lgs. 36/2023",
            )
        )
        session.commit()


MOMENTS = {"date", "publishedDate", "startDate", "endDate", "dateSigned", "paidBy"}


def moments(value: Any) -> list[str]:
    """Every date-time of a document (jsonschema checks no date-time format
    without rfc3339-validator, so they are checked here)."""
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k in MOMENTS and isinstance(v, str)]
        return found + [m for v in value.values() for m in moments(v)]
    if isinstance(value, list):
        return [m for v in value for m in moments(v)]
    return []


@needs_schema
def test_the_milan_package_is_valid_ocds_1_1(milan: Tracker) -> None:
    published_facts(milan)
    _, package = exported(milan)
    found = moments(package)
    assert len(found) == 47
    assert all(datetime.fromisoformat(m).tzinfo is not None for m in found)
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in validator().iter_errors(json.loads(json.dumps(package, default=float)))
    ]
    assert errors == []


@needs_schema
def test_a_broken_package_is_refused_by_the_same_validation(milan: Tracker) -> None:
    _, package = exported(milan)
    award = by_ocid(package)["ocds-appalti-LOR-2019"]["awards"][0]
    award["consortium"]["members"][0]["role"] = "leader"
    award["value"]["vatRate"] = "21"
    package = json.loads(json.dumps(package, default=float))
    messages = sorted(e.message for e in validator().iter_errors(package))
    assert messages == [
        "'21' is not one of ['22', '10', '5', '4', 'exempt', 'unknown', None]",
        "'leader' is not one of "
        "['mandataria', 'mandante', 'associata', 'capogruppo', 'consorziata', 'unstated']",
    ]


def test_milan_gives_a_release_per_tender_and_per_contract_without_one(
    milan: Tracker,
) -> None:
    _, package = exported(milan)
    releases = package["releases"]
    assert len(releases) == 16
    assert sum(len(r.get("awards", [])) for r in releases) == 11
    assert sum(len(r.get("contracts", [])) for r in releases) == 11
    assert [r["ocid"] for r in releases[:6]] == [
        "ocds-appalti-LDQ-2016",
        "ocds-appalti-LOR-2019",
        "ocds-appalti-LOR-2023",
        "ocds-appalti-SCN-CDQ-2024",
        "ocds-appalti-SCN-LOR-2025",
        "ocds-appalti-SCN-SAN-SIRO-PINQUA",
    ]
    lor = by_ocid(package)["ocds-appalti-LOR-2019"]
    assert lor["tag"] == ["tender", "award", "contract"]
    assert lor["date"] == package["publishedDate"] == "2023-01-17T08:30:00+00:00"
    assert by_ocid(package)["ocds-appalti-LDQ-2016"]["tag"] == ["planning"]
    assert (
        by_ocid(package)["ocds-appalti-SCN-LOR-2025"]["tender"]["procurementMethod"]
        == "open"
    )
    lone = by_ocid(package)["ocds-appalti-PRO-2020-MAZZINI"]
    assert lone["tag"] == ["award", "contract"]
    assert "tender" not in lone
    assert lone["contracts"][0]["period"] == {
        "startDate": "2020-01-01T00:00:00+01:00",
        "startPrecision": "year",
        "endDate": "2023-06-30T23:59:59+02:00",
    }


def test_the_milan_rti_is_exported_with_its_members_and_roles(milan: Tracker) -> None:
    text, package = exported(milan)
    lor = by_ocid(package)["ocds-appalti-LOR-2019"]
    [award] = lor["awards"]
    consortium = award["consortium"]
    assert consortium["appaltiRef"] == "ATI-LORENTEGGIO-2019"
    assert consortium["kind"] == "ATI"
    # The source states no shares: none is written.
    assert [(m["id"], m["role"], m.get("share")) for m in consortium["members"]] == [
        ("appalti-org-SPAZIO-APERTO", "mandataria", None),
        ("appalti-org-ARS", "mandante", None),
        ("appalti-org-A-I", "mandante", None),
        ("appalti-org-DIKE", "mandante", None),
        ("appalti-org-KCITY", "mandante", None),
    ]
    assert [s["id"] for s in award["suppliers"]] == [
        m["id"] for m in consortium["members"]
    ]
    roles = {p["id"]: p["roles"] for p in lor["parties"]}
    assert roles["appalti-org-SPAZIO-APERTO"] == ["supplier", "leadTenderer"]
    assert roles["appalti-org-KCITY"] == ["supplier"]
    assert award["relatedLots"] == ["LOR-2019-L1"]
    [contract] = lor["contracts"]
    assert contract["value"] == {
        "amount": Decimal("828415.20"),
        "currency": "EUR",
        "amountGross": Decimal("828415.20"),
        "vatRate": "unknown",
    }
    assert '"amount":828415.20,' in text
    assert contract["amendments"] == [
        {
            "id": "LOR-2019-C1-R1",
            "date": "2022-06-21T00:00:00+02:00",
            "rationale": "RINNOVO",
        }
    ]
    assert contract["period"]["endDate"] == "2022-06-20T23:59:59+02:00"
    assert lor["planning"]["budget"]["budgetBreakdown"] == [
        {
            "id": "FIN-LOR-2019-FSE",
            "sourceParty": {
                "id": "appalti-fund-POR-FSE-2014-2020",
                "name": "Regione Lombardia (Fondo Sociale Europeo)",
            },
            "status": "confirmed",
            "contract": "LOR-2019-C1",
        }
    ]


def test_shares_are_exported_when_stated(milan: Tracker) -> None:
    with Session(milan.engine) as session:
        members = session.exec(
            select(models.ConsortiumMember).order_by(
                col(models.ConsortiumMember.position)
            )
        ).all()
        for member, share in zip(members, (4000, 1500, 1500, 1500, 1500), strict=True):
            member.share_hundredths = share
        session.commit()
    _, package = exported(milan)
    [award] = by_ocid(package)["ocds-appalti-LOR-2019"]["awards"]
    assert [m["share"] for m in award["consortium"]["members"]] == [
        Decimal("40.00"),
        Decimal("15.00"),
        Decimal("15.00"),
        Decimal("15.00"),
        Decimal("15.00"),
    ]


def test_published_facts_are_exported(milan: Tracker) -> None:
    published_facts(milan)
    _, package = exported(milan)
    lor23 = by_ocid(package)["ocds-appalti-LOR-2023"]
    published = by_ocid(package)["ocds-hu01ve-8365650"]
    assert published["tender"]["appaltiRef"] == "SCN-LOR-2025"
    assert published["id"].startswith("ocds-hu01ve-8365650-")
    tender = lor23["tender"]
    assert tender["value"] == {
        "amount": Decimal("450000.00"),
        "currency": "EUR",
        "amountNet": Decimal("450000.00"),
        "vatRate": "5",
    }
    assert tender["procurementMethodDetails"] == "COD:1 ; TITLE:PROCEDURA APERTA"
    assert tender["procedureType"] == "aperta"
    assert tender["lots"][0]["id"] == "9543210A3C"
    assert tender["items"] == [
        {
            "id": "9543210A3C",
            "classification": {"scheme": "CPV", "id": "85320000-8"},
            "additionalClassifications": [
                {"scheme": "CPV", "id": "85312000-9"},
                {"scheme": "CUP", "id": "I81C11000040006"},
                {"scheme": "CUP", "id": "H81J09002660007"},
            ],
            "relatedLot": "9543210A3C",
        }
    ]
    assert lor23["buyer"] == {"id": "IT-CF-01199250158", "name": "Comune di Milano"}
    [buyer] = [p for p in lor23["parties"] if "buyer" in p["roles"]]
    assert buyer["identifier"] == {
        "scheme": "IT-CF",
        "id": COMUNE_CF,
        "legalName": "Comune di Milano",
    }
    assert buyer["additionalIdentifiers"] == [{"scheme": "AUSA", "id": "0000000001"}]
    [contract] = by_ocid(package)["ocds-appalti-LOR-2019"]["contracts"]
    assert contract["implementation"]["transactions"] == [
        {
            "id": "LOR-2019-C1-1",
            "date": "2020-03-31T00:00:00+02:00",
            "value": {"amount": Decimal("69034.60"), "currency": "EUR"},
            "reference": "mandato 1234/2020",
        }
    ]
    assert contract["hasOptions"] is True
    assert contract["options"] == {"description": "art. 120 c. 9 D.Lgs. 36/2023"}
    assert [o["appaltiRef"] for o in contract["appaltiOptions"]] == [
        "LOR-2019-C1-R1",
        "LOR-2019-C1-Q",
    ]


def test_buyer_keeps_only_that_buyers_tenders(milan: Tracker) -> None:
    published_facts(milan)
    _, package = exported(milan, buyer=COMUNE_CF)
    assert [r["ocid"] for r in package["releases"]] == ["ocds-appalti-LOR-2023"]
    assert package["publisher"] == {"name": "Comune di Milano"}
    with pytest.raises(TrackerError, match="no tender of the buying body"):
        exported(milan, buyer="80012345678")


def test_the_same_records_give_the_same_package(milan: Tracker) -> None:
    assert exported(milan)[0] == exported(milan)[0]


def test_the_ocid_prefix_comes_from_the_settings(db_url: str) -> None:
    from tests.conftest import MILAN
    from tracker.config import settings_from_mapping

    settings = settings_from_mapping({"ocds_prefix": "ocds-abc123"})
    tracker = Tracker.open(db_url, clock=fixed_clock, settings=settings)
    try:
        tracker.load_file(MILAN)
        _, package = exported(tracker)
    finally:
        tracker.close()
    assert package["releases"][1]["ocid"] == "ocds-abc123-LOR-2019"
    with pytest.raises(TrackerError, match="ocds_prefix"):
        settings_from_mapping({"ocds_prefix": "ocds-A#1"})


def _without_moments(text: str) -> Any:
    package = json.loads(text)
    for release in package["releases"]:
        release.pop("date")
    package.pop("publishedDate")
    package.pop("uri")
    return package


def test_the_command_writes_a_file_or_standard_output(
    milan: Tracker, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan  # the database the command opens holds the Milan dataset
    target = tmp_path / "milano.json"
    assert main(["--db", db_url, "export", "ocds", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"Written {target}: 16 releases\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert main(["--db", db_url, "export", "ocds", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert _without_moments(out) == _without_moments(target.read_text("utf-8"))
    assert len(json.loads(out)["releases"]) == 16


def test_an_unwritable_path_is_refused_in_italian_and_leaves_nothing(
    milan: Tracker, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    folder = tmp_path / "out"
    folder.mkdir()
    blocker = folder / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "milano.json"
    assert (
        main(["--db", db_url, "--lang", "it", "export", "ocds", "-o", str(target)]) == 1
    )
    err = capsys.readouterr().err
    assert err == (
        f"appalti: impossibile scrivere {target}: una parte del percorso non è una cartella\n"
    )
    assert [p.name for p in folder.iterdir()] == ["not-a-folder"]
    kept = folder / "kept.json"
    kept.write_text("before", encoding="utf-8")
    code = main(
        [
            "--db",
            db_url,
            "--lang",
            "it",
            "export",
            "ocds",
            "--buyer",
            "80012345678",
            "-o",
            str(kept),
        ]
    )
    assert code == 1
    assert (
        "nessuna gara della stazione appaltante '80012345678'"
        in capsys.readouterr().err
    )
    assert kept.read_text(encoding="utf-8") == "before"
    assert sorted(p.name for p in folder.iterdir()) == ["kept.json", "not-a-folder"]


def test_the_local_extension_names_the_tracker_vocabularies() -> None:
    patch = json.loads(
        (SCHEMAS / "ocds-appalti-extension" / "release-schema.json").read_text("utf-8")
    )
    defs = patch["definitions"]

    def values(schema: Any) -> list[str]:
        return [v for v in schema["enum"] if v is not None]

    assert values(defs["Value"]["properties"]["vatRate"]) == list(ext.VAT_RATES)
    assert values(defs["Tender"]["properties"]["procedureType"]) == [
        p.value for p in ProcedureType
    ]
    assert set(ext.PROCUREMENT_METHOD) == {p.value for p in ProcedureType}
    assert values(defs["ConsortiumMember"]["properties"]["role"]) == [
        r.value for r in MemberRole
    ]
    assert list(ext.MEMBER_ROLES) == [r.value for r in MemberRole]
    assert values(defs["Consortium"]["properties"]["kind"]) == [
        k.value for k in ConsortiumKind
    ]
    option = defs["ContractOption"]["properties"]
    assert values(option["kind"]) == [k.value for k in OptionKind]
    assert set(ext.OPTION_WORDS) == {k.value for k in OptionKind}
    assert values(option["state"]) == [s.value for s in OptionState]
    assert values(defs["FundingSource"]["properties"]["kind"]) == [
        k.value for k in FundingKind
    ]
    assert values(defs["BudgetBreakdown"]["properties"]["status"]) == [
        s.value for s in FundingStatus
    ]


def test_export_import_export_gives_the_same_package(
    milan: Tracker, db_url_factory: Any
) -> None:
    first, _ = exported(milan)
    empty = Tracker.open(db_url_factory(), clock=fixed_clock, actor="test-rup")
    try:
        empty.import_ocds(io.BytesIO(first.encode("utf-8")))
        second, _ = exported(empty)
    finally:
        empty.close()
    assert second == first


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {
                "amount": Decimal("828415.20"),
                "amountGross": Decimal("828415.20"),
                "vatRate": "unknown",
            },
            (Decimal("828415.20"), "gross", "unknown"),
        ),
        (
            {
                "amount": Decimal("450000.00"),
                "amountNet": Decimal("450000.00"),
                "vatRate": "5",
            },
            (Decimal("450000.00"), "net", "5"),
        ),
        (
            {"amount": 100, "amountNet": 100, "vatRate": "22"},
            (Decimal(100), "net", "22"),
        ),
        ({"amount": Decimal("100.00"), "currency": "EUR"}, None),
        ({"amount": 1, "amountNet": 1, "vatRate": "21"}, None),
        ({"amountNet": True, "vatRate": "22"}, None),
    ],
)
def test_a_value_says_which_half_it_states(value: Any, expected: Any) -> None:
    assert ext.stated_amount(value) == expected


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2022, 6, 21), "2022-06-21T00:00:00+02:00", "2022-06-21T23:59:59+02:00"),
        (date(2022, 12, 20), "2022-12-20T00:00:00+01:00", "2022-12-20T23:59:59+01:00"),
        # The days the clocks change keep their own offset at each end.
        (date(2023, 3, 26), "2023-03-26T00:00:00+01:00", "2023-03-26T23:59:59+02:00"),
        (date(2023, 10, 29), "2023-10-29T00:00:00+02:00", "2023-10-29T23:59:59+01:00"),
    ],
)
def test_days_become_rome_moments_and_back(day: date, start: str, end: str) -> None:
    assert ext.start_moment(day) == start
    assert ext.end_moment(day) == end
    assert ext.day_of(start) == ext.day_of(end) == day


def test_pages_of_two_give_the_same_package(
    milan: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.queries.ocds as reads

    published_facts(milan)
    whole, _ = exported(milan)
    monkeypatch.setattr(reads, "PAGE", 2)
    assert exported(milan)[0] == whole


def test_an_empty_database_exports_nothing_and_says_so(tracker: Tracker) -> None:
    with pytest.raises(TrackerError, match="holds no tender or contract"):
        exported(tracker)
