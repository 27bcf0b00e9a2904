"""``appalti plan`` on the Milan case as of the committee day: the needs of the
six services, the scenarios of the deck, the JSON and the refusals."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from scripts.write_schemas import SCHEMAS
from tests.conftest import COMMITTEE_DAY, MILAN
from tracker.api import Tracker
from tracker.cli import main
from tracker.domain.planning import EstimateSource, Need
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.planning import estimate_words
from tracker.queries.planning import PlanData

D = date
SCENARIOS = ("SCN-CDQ-2024", "SCN-SAN-SIRO-PINQUA", "SCN-LOR-2025")
CDQ = ("LDQ-GRATOSOGLIO", "LDQ-PONTE-LAMBRO", "LDQ-MOLISE-CALVAIRATE")


def _needs(needs: tuple[Need, ...]) -> dict[str, Need]:
    by_service: dict[str, Need] = {}
    for need in needs:
        assert need.service not in by_service, need.service
        by_service[need.service] = need
    return by_service


def _plan(milan: Tracker, scenarios: tuple[str, ...] = ()) -> PlanData:
    return milan.plan(2023, COMMITTEE_DAY, scenarios)


def test_the_six_services_need_a_successor(milan: Tracker) -> None:
    plan = _plan(milan)
    needs = _needs(plan.baseline.needs)
    assert sorted(needs) == sorted(
        ["LSL-LORENTEGGIO", "LDQ-MAZZINI", "LDQ-SAN-SIRO", *CDQ]
    )
    assert (plan.horizon.start, plan.horizon.end) == (D(2023, 1, 1), D(2025, 12, 31))
    assert plan.scenario is None
    assert plan.with_scenario is None


def test_lorenteggio_uncovered_since_21_december_2022_with_funds_pending(
    milan: Tracker,
) -> None:
    lor = _needs(_plan(milan).baseline.needs)["LSL-LORENTEGGIO"]
    assert (lor.start, lor.end, lor.runs_on) == (
        D(2022, 12, 21),
        D(2025, 12, 31),
        False,
    )
    assert lor.procedure_start_by == D(2022, 6, 23)
    assert lor.tender is not None
    assert (lor.tender.ref, lor.tender.status) == ("LOR-2023", "planned")
    assert [(f.source, f.status) for f in lor.funding] == [
        ("REGIONE-LOMBARDIA", "pending_confirmation")
    ]
    assert lor.funding_pending is True
    # the 2019 contract's 966,484.40 VAT included over its 1,279 days, for the
    # 1,080 days from the committee day to the end of 2025
    estimate = lor.estimate
    assert estimate.source is EstimateSource.LAST_CONTRACT
    assert estimate.ref == "LOR-2019-C1"
    assert estimate.basis_amount is not None
    assert estimate.basis_amount.value == Decimal("966484.40")
    assert (estimate.basis_days, estimate.days) == (1279, 1080)
    assert lor.cost_from == COMMITTEE_DAY
    assert estimate.amount is not None
    assert estimate.amount.value == Decimal("816108.80")
    assert estimate.amount.basis.value == "gross"
    assert lor.reference is None


@pytest.mark.parametrize(
    ("service", "start", "start_by", "tender"),
    [
        ("LDQ-MAZZINI", D(2023, 7, 1), D(2023, 1, 1), "SCN-CDQ-2024"),
        ("LDQ-SAN-SIRO", D(2023, 7, 1), D(2023, 1, 1), "SCN-SAN-SIRO-PINQUA"),
        ("LDQ-GRATOSOGLIO", D(2024, 1, 1), D(2023, 7, 4), "SCN-CDQ-2024"),
        ("LDQ-PONTE-LAMBRO", D(2024, 1, 1), D(2023, 7, 4), "SCN-CDQ-2024"),
        ("LDQ-MOLISE-CALVAIRATE", D(2024, 1, 1), D(2023, 7, 4), "SCN-CDQ-2024"),
    ],
)
def test_the_laboratories_run_out_with_their_value_unknown(
    milan: Tracker, service: str, start: date, start_by: date, tender: str
) -> None:
    need = _needs(_plan(milan).baseline.needs)[service]
    assert (need.start, need.end, need.runs_on) == (start, D(2025, 12, 31), True)
    assert need.procedure_start_by == start_by
    assert need.tender is not None
    assert need.tender.ref == tender
    # the sources give no amount for the 2020-2023 professional contracts
    assert need.estimate.source is EstimateSource.UNKNOWN
    assert need.estimate.amount is None
    assert need.last_contract == service.replace("LDQ-", "PRO-2020-")
    assert need.funding == ()


def test_the_deck_scenarios_close_the_gaps_they_cover(milan: Tracker) -> None:
    baseline = _plan(milan)
    plan = _plan(milan, SCENARIOS)
    assert plan.baseline == baseline.baseline, "the baseline is unchanged"
    assert plan.scenario is not None
    assert plan.with_scenario is not None
    assert plan.scenario.tenders == SCENARIOS
    # Mazzini joins the four-neighbourhood tender only from January 2024
    (left,) = plan.with_scenario.needs
    assert (left.service, left.start, left.end) == (
        "LDQ-MAZZINI",
        D(2023, 7, 1),
        D(2023, 12, 31),
    )
    assert left.tender is None
    covers = {(c.tender, c.service): c for c in plan.scenario.covers}
    san_siro = covers[("SCN-SAN-SIRO-PINQUA", "LDQ-SAN-SIRO")]
    assert (san_siro.start, san_siro.end) == (D(2023, 7, 1), D(2026, 12, 31))
    assert (san_siro.start_assumed, san_siro.to_programme_end) == (True, True)
    lor = covers[("SCN-LOR-2025", "LSL-LORENTEGGIO")]
    assert (lor.start, lor.end) == (COMMITTEE_DAY, D(2025, 12, 31))
    cdq = covers[("SCN-CDQ-2024", "LDQ-GRATOSOGLIO")]
    assert (cdq.start, cdq.end, cdq.start_assumed, cdq.start_precision) == (
        D(2024, 1, 1),
        D(2025, 12, 31),
        False,
        "month",
    )


def test_one_scenario_changes_only_what_it_covers(milan: Tracker) -> None:
    plan = _plan(milan, ("SCN-SAN-SIRO-PINQUA",))
    assert plan.with_scenario is not None
    before = _needs(plan.baseline.needs)
    after = _needs(plan.with_scenario.needs)
    assert "LDQ-SAN-SIRO" not in after
    del before["LDQ-SAN-SIRO"]
    assert after == before


def test_a_scenario_writes_nothing(milan: Tracker) -> None:
    before = milan.continuity(COMMITTEE_DAY)
    _plan(milan, SCENARIOS)
    assert milan.continuity(COMMITTEE_DAY) == before


def test_an_earlier_tenders_value_is_offered_as_a_reference(
    tracker: Tracker, tmp_path: Path
) -> None:
    """Were the 2016 tender's million entered, each laboratory would be offered
    its lot's share per day, said as a reference and never as the estimate."""
    data = json.loads(MILAN.read_text(encoding="utf-8"))
    (ldq,) = [t for t in data["tenders"] if t["ref"] == "LDQ-2016"]
    ldq["estimated_value"] = {"gross": "1000000.00", "vat_rate": "unknown"}
    changed = tmp_path / "milan.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    tracker.load_file(changed)
    need = _needs(tracker.plan(2023, COMMITTEE_DAY).baseline.needs)["LDQ-MAZZINI"]
    assert need.estimate.source is EstimateSource.UNKNOWN
    reference = need.reference
    assert reference is not None
    assert (reference.tender, reference.lots, reference.months) == ("LDQ-2016", 5, 36)
    # 1,000,000 / 5 lots over the 1,095 days from 02/05/2016, for 915 days
    assert reference.scaled is not None
    assert reference.scaled.value == Decimal("167123.29")


@pytest.mark.usefixtures("milan")
def test_plan_text_in_italian(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--db", db_url, "--lang", "it", "plan", "--from", "2023"]
    assert main([*args, "--as-of", "17/01/2023"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Programmazione degli acquisti 2023-2025, situazione al 17/01/2023\n\n"
        "6 fabbisogni: valore stimato per 1, non ancora per 5\n"
        "Fondi in attesa di conferma: Regione Lombardia per LOR-2023\n"
    )
    lor = out.split("LSL-LORENTEGGIO\n")[1].split("\n\n")[0].splitlines()
    assert lor == [
        "  Scoperto                    21/12/2022 – 31/12/2025 (1.107 giorni)",
        "  Avviare la procedura entro  23/06/2022 (termine scaduto da 208 giorni;"
        " anticipo 180 giorni)",
        "  Valore stimato              816.108,80\xa0€ IVA inclusa: dall'ultimo contratto"
        " LOR-2019-C1 (966.484,40\xa0€ IVA inclusa in 1.279 giorni, circa 755,66\xa0€ al"
        " giorno) per i 1.080 giorni dal 17/01/2023",
        "  Gara                        LOR-2023 (programmata, avvio 2023, 36 mesi)",
        "  Finanziamento               Regione Lombardia: in attesa di conferma",
    ]
    assert (
        "  Valore stimato              non stimato: l'ultimo contratto"
        " (PRO-2020-MAZZINI) non indica l'importo" in out
    )
    assert "01/07/2023 – 31/12/2025 e oltre (915 giorni)" in out
    assert "pending_confirmation" not in out


@pytest.mark.usefixtures("milan")
def test_plan_text_with_scenarios_in_english(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", db_url, "--lang", "en", "plan", "--from", "2023"]
    assert main([*args, "--as-of", "2023-01-17", "--scenario", *SCENARIOS]) == 0
    out = capsys.readouterr().out
    assert (
        "Scenario: SCN-CDQ-2024, SCN-SAN-SIRO-PINQUA, SCN-LOR-2025 counted as"
        " awarded (nothing was saved)\n" in out
    )
    assert (
        "  SCN-SAN-SIRO-PINQUA covers LDQ-SAN-SIRO from 01/07/2023 (assumed: no"
        " planned start, from the first day needed) to 31/12/2026 (assumed: no"
        " planned duration, to its programme's end)\n" in out
    )
    table = out.split("\n\nService ")[1].split("\n\n")[0].splitlines()
    assert [line.split("  ")[0].strip() for line in table[1:]] == [
        "LDQ-GRATOSOGLIO",
        "LDQ-MAZZINI",
        "LDQ-MOLISE-CALVAIRATE",
        "LDQ-PONTE-LAMBRO",
        "LDQ-SAN-SIRO",
        "LSL-LORENTEGGIO",
    ]
    assert table[2].split()[-3:] == ["01/07/2023", "–", "31/12/2023"]
    assert table[6].endswith("  covered in the three years")
    assert "With the scenario: 1 need, with no estimated value yet\n" in out


@pytest.mark.usefixtures("milan")
def test_plan_json_follows_its_schema(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", db_url, "plan", "--from", "2023", "--as-of", "2023-01-17"]
    assert main([*args, "--format", "json", "--scenario", "SCN-LOR-2025"]) == 0
    report = json.loads(capsys.readouterr().out)
    schema = json.loads((SCHEMAS / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(report)
    (lor,) = [
        n for n in report["baseline"]["needs"] if n["service"] == "LSL-LORENTEGGIO"
    ]
    assert lor["start"] == "2022-12-21"
    assert lor["estimate"]["amount"] == {
        "value": "816108.80",
        "basis": "gross",
        "vat_rate": "unknown",
    }
    assert lor["tender"]["funding"][0]["status"] == "pending_confirmation"
    assert report["scenario"]["tenders"] == ["SCN-LOR-2025"]
    services = [n["service"] for n in report["with_scenario"]["needs"]]
    assert "LSL-LORENTEGGIO" not in services
    assert len(services) == 5


@pytest.mark.parametrize(
    ("lang", "extra", "message"),
    [
        (
            "it",
            ["--scenario", "NOPE"],
            "appalti: --scenario: non esiste una gara con questo riferimento"
            " (valore: 'NOPE')\n",
        ),
        (
            "en",
            ["--scenario", "NOPE"],
            "appalti: --scenario: there is no tender with this reference"
            " (value: 'NOPE')\n",
        ),
        (
            "it",
            ["--scenario", "SCN-LOR-2025", "LOR-2023"],
            "appalti: --scenario: uno scenario considera solo gare proposte; questa"
            " è programmata (valore: 'LOR-2023')\n",
        ),
        (
            "en",
            ["--scenario", "LOR-2023"],
            "appalti: --scenario: a scenario counts proposed tenders only; this one"
            " is planned (value: 'LOR-2023')\n",
        ),
        (
            "it",
            ["-o", "piano.txt"],
            "appalti: -o: la programmazione si scrive in un file .pdf o .xlsx"
            " (valore: 'piano.txt')\n",
        ),
    ],
)
@pytest.mark.usefixtures("milan")
def test_refusals_name_the_option_and_the_value(
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    extra: list[str],
    message: str,
) -> None:
    args = ["--db", db_url, "--lang", lang, "plan", "--from", "2023", *extra]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.err == message
    assert captured.out == ""


@pytest.mark.parametrize(
    ("lang", "year", "message"),
    [
        ("it", "20x3", "argomento --from: non è un anno come 2023: '20x3'"),
        ("en", "23", "argument --from: not a year such as 2023: '23'"),
    ],
)
def test_a_bad_year_is_refused_naming_from(
    db_url: str, capsys: pytest.CaptureFixture[str], lang: str, year: str, message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db_url, "--lang", lang, "plan", "--from", year])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.strip().endswith(message)


def test_a_year_out_of_range_is_refused(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db_url, "--lang", "it", "plan", "--from", "0999"]) == 1
    assert capsys.readouterr().err == (
        "appalti: --from: il primo anno della programmazione deve essere tra 1900"
        " e 2197 (valore: 999)\n"
    )


WRITTEN: list[tuple[PlanData, Path, str]] = []


def fake_writer(plan: PlanData, target: Path, fmt: Formatter, *, author: str) -> None:
    """A document writer as ``-o`` finds it by the file's suffix."""
    assert fmt.language == "en"
    WRITTEN.append((plan, target, author))
    target.write_bytes(b"plan")


@pytest.mark.usefixtures("milan")
def test_o_hands_the_plan_to_the_writer_of_the_suffix(
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tracker import cli_plan

    writers = {".pdf": ("tests.core.test_plan", "fake_writer")}
    monkeypatch.setattr(cli_plan, "WRITERS", writers)
    WRITTEN.clear()
    target = tmp_path / "Piano.PDF"
    args = ["--db", db_url, "plan", "--from", "2023", "--as-of", "2023-01-17"]
    assert main([*args, "-o", str(target), "--scenario", "SCN-LOR-2025"]) == 0
    assert capsys.readouterr().out == f"Written {target}\n"
    ((plan, written_to, author),) = WRITTEN
    assert written_to == target
    assert author
    assert plan.scenario is not None
    assert plan.scenario.tenders == ("SCN-LOR-2025",)
    # an existing file is kept unless --force
    assert main([*args, "-o", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"appalti: {target} already exists: nothing was written (--force "
        "overwrites it)\n"
    )
    assert len(WRITTEN) == 1
    assert main([*args, "-o", str(target), "--force"]) == 0
    assert len(WRITTEN) == 2
    # -o writes a document: --format json is refused before anything is read
    assert main([*args, "-o", str(target), "--format", "json", "--force"]) == 1
    assert "--format json" in capsys.readouterr().err
    assert len(WRITTEN) == 2


@pytest.mark.usefixtures("milan")
def test_three_years_already_past_leave_nothing_to_buy(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", db_url, "--lang", "it", "plan", "--from", "2023"]
    assert main([*args, "--as-of", "02/01/2026"]) == 0
    assert capsys.readouterr().out == (
        "Programmazione degli acquisti 2023-2025, situazione al 02/01/2026\n\n"
        "Nessun fabbisogno: il triennio si è concluso prima del 02/01/2026 e non "
        "resta nulla da acquistare.\n"
    )


def test_a_proposed_tender_serving_no_service_covers_nothing(
    tracker: Tracker, tmp_path: Path
) -> None:
    data = json.loads(MILAN.read_text(encoding="utf-8"))
    data["tenders"].append(
        {"ref": "SCN-ALTRO", "title": "Scenario senza lotti", "status": "proposed"}
    )
    changed = tmp_path / "milan.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    tracker.load_file(changed)
    plan = tracker.plan(2023, COMMITTEE_DAY, ["SCN-ALTRO", "SCN-ALTRO"])
    assert plan.scenario is not None
    assert plan.with_scenario is not None
    assert (plan.scenario.tenders, plan.scenario.covers) == (("SCN-ALTRO",), ())
    assert plan.with_scenario.needs == plan.baseline.needs


def test_a_value_entered_on_the_linked_tender_is_the_estimate(
    tracker: Tracker, tmp_path: Path
) -> None:
    data = json.loads(MILAN.read_text(encoding="utf-8"))
    (lor,) = [t for t in data["tenders"] if t["ref"] == "LOR-2023"]
    lor["estimated_value"] = {"net": "750000.00", "vat_rate": "22"}
    changed = tmp_path / "milan.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    tracker.load_file(changed)
    need = _needs(tracker.plan(2023, COMMITTEE_DAY).baseline.needs)["LSL-LORENTEGGIO"]
    assert need.estimate.source is EstimateSource.TENDER
    assert need.estimate.ref == "LOR-2023"
    assert need.estimate.amount is not None
    assert (need.estimate.amount.value, need.estimate.amount.basis.value) == (
        Decimal("750000.00"),
        "net",
    )
    set_language("it")
    words = estimate_words(need.estimate, need, Formatter("it"))
    assert words == "750.000,00\xa0€ IVA esclusa, come inserito nella gara LOR-2023"
