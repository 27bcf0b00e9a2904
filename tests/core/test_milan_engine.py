"""The Milan case as the engine tells it: on the committee day and today."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import COMMITTEE_DAY
from tracker.api import ServiceContinuity, Tracker
from tracker.cli import main
from tracker.domain.alerts import AlertKind, Severity

TODAY = date(2026, 11, 21)


def _by_service(results: list[ServiceContinuity]) -> dict[str, ServiceContinuity]:
    return {r.service: r for r in results}


def test_lorenteggio_has_had_no_service_since_21_december_2022(milan: Tracker) -> None:
    lor = _by_service(milan.continuity(COMMITTEE_DAY))["LSL-LORENTEGGIO"]
    assert lor.status == "gap"
    assert lor.covered_until == date(2022, 12, 20)
    assert [(g.start, g.end, g.days) for g in lor.gaps] == [
        (date(2022, 12, 21), None, 28)
    ]
    assert lor.current is None
    assert lor.successor is None
    assert lor.next_tender is not None
    assert (lor.next_tender.ref, lor.next_tender.status) == ("LOR-2023", "planned")
    assert lor.next_tender.funding_pending is True


@pytest.mark.parametrize("service", ["LDQ-MAZZINI", "LDQ-SAN-SIRO"])
def test_mazzini_and_san_siro_run_out_on_30_june_2023(
    milan: Tracker, service: str
) -> None:
    result = _by_service(milan.continuity(COMMITTEE_DAY))[service]
    assert result.status == "at_risk"
    assert result.covered_until == date(2023, 6, 30)
    assert result.act_by == date(2023, 1, 1)
    assert result.current is not None
    assert result.current.ref.startswith("PRO-2020-")
    assert result.successor is None


@pytest.mark.parametrize(
    "service", ["LDQ-GRATOSOGLIO", "LDQ-PONTE-LAMBRO", "LDQ-MOLISE-CALVAIRATE"]
)
def test_three_laboratories_run_out_on_31_december_2023(
    milan: Tracker, service: str
) -> None:
    result = _by_service(milan.continuity(COMMITTEE_DAY))[service]
    assert result.covered_until == date(2023, 12, 31)
    assert result.act_by == date(2023, 7, 4)
    assert result.status == "ok"
    assert result.successor is None
    assert result.next_tender is not None
    assert result.next_tender.ref == "SCN-CDQ-2024"


def test_the_2016_to_2017_gap_of_the_laboratori_is_on_record(milan: Tracker) -> None:
    """The 2016 tender's outcome is unknown, so nothing covers May 2016 to 2017."""
    mazzini = _by_service(milan.continuity(COMMITTEE_DAY))["LDQ-MAZZINI"]
    assert [(g.start, g.end, g.days, g.state) for g in mazzini.gaps] == [
        (date(2016, 5, 1), date(2017, 12, 31), 610, "past")
    ]


def test_the_committee_alerts(milan: Tracker) -> None:
    alerts = milan.alerts(COMMITTEE_DAY, within=60)
    critical = [(a.kind, a.ref) for a in alerts if a.severity is Severity.CRITICAL]
    assert critical == [
        (AlertKind.CONTINUITY_GAP, "LSL-LORENTEGGIO"),
        (AlertKind.CONTINUITY_RISK, "LDQ-MAZZINI"),
        (AlertKind.CONTINUITY_RISK, "LDQ-SAN-SIRO"),
    ]
    pending = [a for a in alerts if a.kind is AlertKind.FUNDING_PENDING]
    assert [(a.ref, a.severity) for a in pending] == [("LOR-2023", Severity.WARNING)]
    assert "Regione Lombardia" in pending[0].message
    assert not [a for a in alerts if a.kind is AlertKind.RENEWAL_NOT_PRO_RATA]
    assert not [a for a in alerts if a.kind is AlertKind.FUNDING_ELIGIBILITY]


def test_the_committee_story_in_italian(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    assert (
        main(["--db", db_url, "--lang", "it", "alerts", "--as-of", "2023-01-17"]) == 0
    )
    text = capsys.readouterr().out
    flat = " ".join(text.split())
    assert (
        "Laboratorio Sociale Lorenteggio: senza servizio dal 21/12/2022 (da 28 giorni)"
        in flat
    )
    assert "Il finanziamento è in attesa di conferma" in flat
    assert (
        "Laboratorio di Quartiere Mazzini: coperto fino al 30/06/2023 (tra 164 giorni)"
        in flat
    )
    assert "(termine scaduto da 16 giorni)" in flat
    assert max(len(line) for line in text.splitlines()) <= 80
    assert (
        main(["--db", db_url, "--lang", "it", "continuity", "--as-of", "2023-01-17"])
        == 0
    )
    continuity = capsys.readouterr().out
    order = [
        continuity.index(ref)
        for ref in ("LSL-LORENTEGGIO", "LDQ-MAZZINI", "LDQ-GRATOSOGLIO")
    ]
    assert order == sorted(order), "gaps first, then risks, then the rest"
    assert "SCOPERTO" in continuity
    assert "A RISCHIO" in continuity
    assert max(len(line) for line in continuity.splitlines()) <= 80


def test_as_of_today_nothing_was_contracted_since(milan: Tracker) -> None:
    results = _by_service(milan.continuity(TODAY))
    for ref in ("LDQ-MAZZINI", "LDQ-SAN-SIRO"):
        assert results[ref].status == "gap"
        gap = results[ref].open_gap
        assert gap is not None
        assert gap.start == date(2023, 7, 1)
    for ref in ("LDQ-GRATOSOGLIO", "LDQ-PONTE-LAMBRO", "LDQ-MOLISE-CALVAIRATE"):
        assert results[ref].status == "gap"
        gap = results[ref].open_gap
        assert gap is not None
        assert gap.start == date(2024, 1, 1)
    lor = results["LSL-LORENTEGGIO"]
    assert lor.status == "not_required"
    assert [(g.start, g.end, g.days) for g in lor.gaps] == [
        (date(2022, 12, 21), date(2025, 12, 31), 1107)
    ]
    today = milan.alerts(TODAY)
    assert not [a for a in today if a.ref == "LSL-LORENTEGGIO"], (
        "no longer required: neither a gap nor a risk"
    )
    gaps = [a.ref for a in today if a.kind is AlertKind.CONTINUITY_GAP]
    assert sorted(gaps) == sorted(
        [
            "LDQ-MAZZINI",
            "LDQ-SAN-SIRO",
            "LDQ-GRATOSOGLIO",
            "LDQ-PONTE-LAMBRO",
            "LDQ-MOLISE-CALVAIRATE",
        ]
    )


def test_fail_on_critical_for_login_scripts(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del milan
    args = ["--db", db_url, "alerts", "--as-of", "2023-01-17", "--format", "json"]
    assert main([*args, "--fail-on", "critical"]) == 3
    report = json.loads(capsys.readouterr().out)
    assert report["as_of"] == "2023-01-17"
    assert report["alerts"][0]["severity"] == "critical"
    early = ["--db", db_url, "alerts", "--as-of", "2016-01-01"]
    assert main([*early, "--fail-on", "critical"]) == 0, (
        "no critical alert before the gap"
    )
    assert main([*early, "--fail-on", "warning"]) == 3, "the coming 2016-2017 gap warns"


def test_the_2016_tender_is_asked_about_once_and_can_be_acknowledged(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Still planned seven years after its service was to start: a question, not a
    start of the procedure overdue by thousands of days; a person answers it."""

    def about_2016() -> list[str]:
        return [a.key for a in milan.alerts(COMMITTEE_DAY) if a.ref == "LDQ-2016"]

    assert about_2016() == ["LDQ-2016/tender_stale"]
    assert main(["--db", db_url, "alerts", "--as-of", "2023-01-17"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Is tender LDQ-2016 still planned? Planned service start: 02/05/2016." in out
    assert "LDQ-2016/start" not in out
    assert main(["--db", db_url, "deadline", "ack", "LDQ-2016/tender_stale"]) == 0
    assert about_2016() == []
    [ack] = milan.dump_dataset().acknowledgements
    assert (ack.key, ack.through) == ("LDQ-2016/tender_stale", None)
    assert main(["--db", db_url, "deadline", "ack", "LDQ-2099/start"]) == 1
    assert "no deadline has this reference or key" in capsys.readouterr().err
