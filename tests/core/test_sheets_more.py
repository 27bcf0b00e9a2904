"""The typed tables of services, continuity, alerts, deadlines, parties, acts and
funding: exact values of the Milan dataset on the committee day, in English and
in Italian, read through the app's own readers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tracker import sheets_day, sheets_records
from tracker.api import Tracker
from tracker.drafts import ConsortiumDraft, DeadlineDraft, OrganisationDraft
from tracker.forms import FORMS
from tracker.i18n import _, set_language
from tracker.present.tables import SHEET_TITLES, Table
from tracker.vocabulary import VOCABULARY

D = date
COMMITTEE_DAY = D(2023, 1, 17)
SHEETS: dict[str, Callable[[Tracker, date], Table]] = {
    **sheets_day.SHEETS,
    **sheets_records.SHEETS,
}


def rows(table: Table) -> list[dict[str, Any]]:
    keys = [c.key for c in table.columns]
    found = []
    for row in table.rows:
        assert len(row) == len(keys), row
        found.append(dict(zip(keys, row, strict=True)))
    return found


def sheet(tracker: Tracker, key: str) -> list[dict[str, Any]]:
    return rows(SHEETS[key](tracker, COMMITTEE_DAY))


def by(found: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    [row] = [r for r in found if all(r[k] == v for k, v in match.items())]
    return row


def test_the_lorenteggio_service_is_uncovered_since_21_december(
    milan: Tracker,
) -> None:
    row = by(sheet(milan, "service"), ref="LSL-LORENTEGGIO")
    assert row["neighbourhood"] == "LORENTEGGIO"
    assert row["required_from"] == D(2019, 6, 21)
    assert row["required_until"] == D(2025, 12, 31)
    assert row["status"] == "uncovered"
    assert row["covered_until"] == D(2022, 12, 20)
    assert row["covered_by"] is None
    assert row["uncovered_from"] == D(2022, 12, 21)
    assert row["uncovered_days"] == 28
    assert row["act_by"] is None  # in a gap, no day to act by is worth telling
    assert row["next_tender"] == "LOR-2023"
    assert row["next_tender_status"] == "planned, funding awaiting confirmation"
    assert row["missing"] == (
        "Required until: only the year is known; still open on 17/01/2023: days so far"
    )


def test_a_service_at_risk_says_when_its_cover_ends_and_that_nothing_follows(
    milan: Tracker,
) -> None:
    set_language("it")
    row = by(sheet(milan, "service"), ref="LDQ-MAZZINI")
    assert row["status"] == "a rischio"
    assert row["covered_until"] == D(2023, 6, 30)
    assert row["covered_by"] == "PRO-2020-MAZZINI"
    assert row["act_by"] == D(2023, 1, 1)
    assert row["uncovered_from"] == D(2023, 7, 1)
    assert row["uncovered_days"] is None  # never a made-up length
    assert row["missing"] == (
        "Necessario dal: noto solo l'anno; necessario senza termine fissato; "
        "nulla di contrattualizzato dopo il 30/06/2023: la scopertura non ha "
        "ancora una fine"
    )


def test_the_continuity_sheet_has_every_stretch_with_its_length(
    milan: Tracker,
) -> None:
    found = [r for r in sheet(milan, "continuity") if r["service"] == "LSL-LORENTEGGIO"]
    assert [
        (r["kind"], r["start"], r["end"], r["contract"], r["option"], r["days"])
        for r in found
    ] == [
        ("contract", D(2019, 6, 21), D(2022, 6, 20), "LOR-2019-C1", None, 1096),
        (
            "exercised option",
            D(2022, 6, 21),
            D(2022, 12, 20),
            "LOR-2019-C1",
            "LOR-2019-C1-R1",
            183,
        ),
        ("gap", D(2022, 12, 21), None, None, None, 28),
    ]
    assert found[-1]["missing"] == "still open on 17/01/2023: days so far"
    set_language("it")
    mazzini = [r for r in sheet(milan, "continuity") if r["service"] == "LDQ-MAZZINI"]
    assert [(r["kind"], r["in_house"], r["days"]) for r in mazzini] == [
        ("contratto", None, 3773),
        ("scopertura", None, 610),
        ("gestione interna", "INT-2018", 730),
        ("contratto", None, 1277),
    ]


def test_the_alerts_are_the_digest_most_urgent_first(milan: Tracker) -> None:
    set_language("it")
    found = sheet(milan, "alert")
    alerts = milan.alerts(COMMITTEE_DAY)
    assert [r["record"] for r in found] == [a.ref for a in alerts]
    assert [r["message"] for r in found] == [a.message for a in alerts]
    first = found[0]
    assert (first["severity"], first["days"], first["when"], first["due"]) == (
        "critico",
        -28,
        "da 28 giorni",
        D(2022, 12, 21),
    )
    assert first["about"] == "servizio scoperto"
    assert first["message"].startswith(
        "Laboratorio Sociale Lorenteggio: senza servizio dal 21/12/2022"
    )
    risk = by(found, record="LDQ-MAZZINI")
    assert (risk["days"], risk["when"]) == (-16, "termine scaduto da 16 giorni")
    funds = by(found, record="LOR-2023")
    assert (funds["severity"], funds["days"], funds["when"]) == (
        "attenzione",
        168,
        "tra 168 giorni",
    )
    stale = by(found, record="LDQ-2016")
    assert (stale["severity"], stale["days"], stale["when"]) == ("nota", None, None)
    assert stale["missing"] == "una domanda posta una volta: nessun conto alla rovescia"


def test_the_deadlines_are_the_open_ones_derived_and_entered_by_hand(
    milan: Tracker,
) -> None:
    milan.save_deadline(
        DeadlineDraft(
            ref="DURC-LOR",
            title="Check the DURC",
            due=D(2022, 10, 31),
            recurrence="monthly",
            recurrence_until=D(2023, 12, 31),
            owner="Ufficio gare",
            subject="LOR-2019-C1",
        )
    )
    milan.mark_deadline_done("DURC-LOR", through=D(2022, 10, 31))
    set_language("it")
    found = sheet(milan, "deadline")
    entered = [r for r in found if r["ref"] == "DURC-LOR"]
    assert len(entered) == 1  # a recurring deadline once, at its first open day
    [durc] = entered
    assert (durc["due"], durc["recurrence"], durc["recurrence_until"]) == (
        D(2022, 10, 31),  # the record's own first day, for the import
        "mensile",
        D(2023, 12, 31),
    )
    assert durc["next_due"] == D(2022, 11, 30)  # the first one not yet done
    assert (durc["origin"], durc["state"], durc["days"], durc["when"]) == (
        "inserita a mano",
        "scaduta",
        -48,
        "termine scaduto da 48 giorni",
    )
    assert durc["missing"] is None
    end = by(found, subject="PRO-2020-MAZZINI")
    assert end["ref"] is None  # derived: it follows its record
    assert (end["due"], end["origin"], end["days"], end["lead_days"]) == (
        D(2023, 6, 30),
        "fine del contratto",
        164,
        180,
    )
    assert end["missing"] == "ricavata dal suo elemento: cambia con l'elemento"
    # the day to start the successor, as the alerts count it
    successor = by(found, subject="LDQ-MAZZINI")
    assert (successor["next_due"], successor["state"], successor["days"]) == (
        D(2023, 1, 1),
        "scaduta",
        -16,
    )
    assert [r["next_due"] for r in found] == sorted(r["next_due"] for r in found)


def test_consortium_members_with_roles_in_words_and_shares_as_fractions(
    milan: Tracker,
) -> None:
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
    set_language("it")
    found = sheet(milan, "consortium")
    lorenteggio = [r for r in found if r["ref"] == "ATI-LORENTEGGIO-2019"]
    assert [(r["member"], r["role"], r["share"]) for r in lorenteggio] == [
        ("SPAZIO-APERTO", "mandataria", None),
        ("ARS", "mandante", None),
        ("A-I", "mandante", None),
        ("DIKE", "mandante", None),
        ("KCITY", "mandante", None),
    ]
    assert {r["missing"] for r in lorenteggio} == {"quota non indicata"}
    assert {r["note"] for r in lorenteggio} == {
        "ATI costituita da 5 imprese; Spazio Aperto Servizi è capogruppo. "
        "Le quote di partecipazione non sono indicate nella fonte."
    }
    rti = [r for r in found if r["ref"] == "RTI-AB"]
    assert [(r["member"], r["role"], r["share"], r["missing"]) for r in rti] == [
        ("COOP-A", "capogruppo", Decimal("0.625"), None),
        ("ARS", "mandante", Decimal("0.375"), None),
    ]
    organisations = sheet(milan, "organisation")
    assert by(organisations, ref="ARS")["consortia"] == "ATI-LORENTEGGIO-2019, RTI-AB"
    assert by(organisations, ref="COOP-A")["kind"] is None


def test_allocations_and_sources_say_an_unstated_amount_instead_of_zero(
    milan: Tracker,
) -> None:
    set_language("it")
    pending = by(sheet(milan, "allocation"), ref="FIN-LOR-2023-RL")
    assert (pending["source"], pending["funds"], pending["status"]) == (
        "REGIONE-LOMBARDIA",
        "LOR-2023",
        "in attesa di conferma",
    )
    assert pending["amount"] is None
    assert pending["missing"] == "importo non indicato"
    region = by(sheet(milan, "funding_source"), ref="REGIONE-LOMBARDIA")
    assert (region["kind"], region["allocations"]) == ("fondi regionali", 2)
    assert (region["allocated"], region["confirmed"], region["pending"]) == (
        None,
        None,
        None,
    )
    assert region["missing"] == "2 stanziamenti senza importo, esclusi dai totali"
    fse = by(sheet(milan, "funding_source"), ref="POR-FSE-2014-2020")
    assert fse["eligible_until"] == D(2023, 12, 31)


def test_acts_say_what_their_source_does_not_state(milan: Tracker) -> None:
    found = sheet(milan, "act")
    assert by(found, ref="DGC-1397-2017")["cited"] == 6
    undated = by(found, ref="DGC-2016-LDQ")
    assert (undated["kind"], undated["number"], undated["adopted_on"]) == (
        "Giunta resolution (delibera)",
        None,
        None,
    )
    assert undated["missing"] == "number not stated; date not stated"


@pytest.mark.parametrize("key", list(SHEETS))
def test_a_record_sheet_starts_with_its_form_in_the_forms_order(
    milan: Tracker, key: str
) -> None:
    table = SHEETS[key](milan, COMMITTEE_DAY)
    assert table.name == key
    assert table.title == SHEET_TITLES[key]
    form = "new_service" if key == "service" else key
    if form not in FORMS:
        assert all(c.field is None for c in table.columns)
        return
    fields = [c.field for c in table.columns if c.field is not None]
    leading = [c.field for c in table.columns[: len(fields)]]
    assert leading == fields  # the form's columns come first, together
    names = [f.name for f in FORMS[form]]
    assert [f for f in fields if "." not in f] == [n for n in names if n in fields]
    for column in table.columns:
        if column.field in names:
            [field] = [f for f in FORMS[form] if f.name == column.field]
            assert column.header == field.label


@pytest.mark.parametrize("language", ["en", "it"])
def test_every_header_is_unique_and_no_cell_is_a_raw_code(
    milan: Tracker, language: str
) -> None:
    set_language(language)
    codes = {v for v in VOCABULARY if "_" in v}
    for key, build in SHEETS.items():
        table = build(milan, COMMITTEE_DAY)
        headers = [_(c.header) for c in table.columns]
        assert len(set(headers)) == len(headers), (key, headers)
        for row in rows(table):
            for value in row.values():
                assert value not in codes, (key, row)


def test_hostile_text_is_kept_as_data(milan: Tracker) -> None:
    # the writers neutralise a formula; the table holds what was recorded
    milan.save_organisation(
        OrganisationDraft(ref="EVIL", name='=HYPERLINK("http://x","y")', note="+1")
    )
    row = by(sheet(milan, "organisation"), ref="EVIL")
    assert (row["name"], row["note"]) == ('=HYPERLINK("http://x","y")', "+1")


def test_the_rows_are_read_as_they_are_written(milan: Tracker) -> None:
    # a table reads its pages when its rows are consumed, not before
    table = SHEETS["organisation"](milan, COMMITTEE_DAY)
    milan.save_organisation(OrganisationDraft(ref="LATE", name="Added later"))
    assert "LATE" in [r["ref"] for r in rows(table)]


def test_appalti_alerts_and_continuity_write_these_tables_as_csv(
    milan: Tracker, db_url: str, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    from tracker.cli import main

    del milan  # the database of db_url, loaded with the Milan dataset
    day = ["--as-of", "17/01/2023"]
    assert main(["--db", db_url, "--lang", "it", "alerts", *day, "--excel"]) == 0
    alerts = capfdbinary.readouterr().out.decode("utf-8-sig").splitlines()
    assert alerts[0].startswith("Gravità;Giorni (negativi: trascorsi);Quando;")
    assert alerts[1].startswith(
        "critico;-28;da 28 giorni;21/12/2022;LSL-LORENTEGGIO;"
        "Laboratorio Sociale Lorenteggio;servizio scoperto;"
    )
    assert main(["--db", db_url, "continuity", *day, "--format", "csv"]) == 0
    services = capfdbinary.readouterr().out.decode("utf-8")
    found = list(csv.DictReader(io.StringIO(services, newline="")))
    [lorenteggio] = [r for r in found if r["ref"] == "LSL-LORENTEGGIO"]
    assert (lorenteggio["status"], lorenteggio["uncovered_from"]) == (
        "uncovered",
        "2022-12-21",
    )
    assert lorenteggio["uncovered_days"] == "28"


def test_days_a_contract_known_by_one_end_may_cover_are_uncertain(
    tracker: Tracker,
) -> None:
    from tracker.drafts import ContractDraft, Dataset, NeighbourhoodDraft, ServiceDraft

    tracker.load_dataset(
        Dataset(
            neighbourhoods=[NeighbourhoodDraft(ref="GIAMBELLINO", name="Giambellino")],
            services=[
                ServiceDraft(
                    ref="SRV-B",
                    name="Laboratorio B",
                    neighbourhood="GIAMBELLINO",
                    required_from=D(2023, 1, 1),
                )
            ],
        )
    )
    tracker.save(
        ContractDraft(
            ref="L190-START",
            title="Solo inizio",
            services=["SRV-B"],
            start=D(2023, 3, 1),
        )
    )
    day = D(2023, 6, 1)
    stretches = rows(SHEETS["continuity"](tracker, day))
    assert [
        (r["kind"], r["start"], r["end"], r["contract"], r["days"]) for r in stretches
    ] == [
        ("gap", D(2023, 1, 1), D(2023, 2, 28), None, 59),
        ("uncertain cover", D(2023, 3, 1), None, "L190-START", None),
    ]
    assert stretches[1]["missing"] == (
        "a contract known by one end only may cover these days; no end known"
    )
    [service] = rows(SHEETS["service"](tracker, day))
    assert (service["status"], service["covered_until"], service["uncovered_from"]) == (
        "uncertain",
        None,
        None,
    )
    assert service["missing"] == (
        "required with no end set; no coverage known for sure; coverage uncertain "
        "(a contract known by one end only): from 01/03/2023 (L190-START)"
    )


@pytest.mark.parametrize("excel", [False, True])
def test_a_name_that_looks_like_a_formula_stays_text_in_the_csv(
    milan: Tracker,
    db_url: str,
    capfdbinary: pytest.CaptureFixture[bytes],
    excel: bool,
) -> None:
    from sqlalchemy import create_engine, text

    from tracker.cli import main

    del milan  # the database of db_url, loaded with the Milan dataset
    hostile = '=HYPERLINK("http://x","y")'
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE service SET name = :v WHERE ref = 'LSL-LORENTEGGIO'"),
            {"v": hostile},
        )
    engine.dispose()
    # a hand edit behind the services' back: the kept facts are built again as
    # the check tells a person to
    assert main(["--db", db_url, "check", "--repair"]) == 0
    capfdbinary.readouterr()
    options = ["--excel"] if excel else ["--format", "csv"]
    day = ["--as-of", "17/01/2023"]
    assert main(["--db", db_url, "alerts", *day, *options]) == 0
    out = capfdbinary.readouterr().out.decode("utf-8-sig")
    found = list(
        csv.reader(io.StringIO(out, newline=""), delimiter=";" if excel else ",")
    )
    first = found[1]
    assert "'" + hostile in first  # the record's name, as text
    assert any(cell.startswith("'" + hostile + ":") for cell in first)  # what to do
    assert not any(cell.startswith("=") for row in found for cell in row)
