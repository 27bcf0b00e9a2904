"""Contracts published with one end of their period only (ANAC: an end and no
start; L.190: a start and no end), saved, listed, shown, worded and drawn as they
are: nothing invented, the days they may cover uncertain, neither covered nor gap."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from tracker.api import Tracker
from tracker.cli import main
from tracker.domain.continuity import ContinuityStatus, Gap, GapState, Uncertain
from tracker.drafts import (
    ContractDraft,
    Dataset,
    LotDraft,
    NeighbourhoodDraft,
    OptionDraft,
    ServiceDraft,
    TenderDraft,
)
from tracker.errors import ValidationError
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.queries.paging import BrowseQuery

D = date
AS_OF = D(2023, 6, 1)


def _services(tracker: Tracker) -> None:
    tracker.load_dataset(
        Dataset(
            neighbourhoods=[NeighbourhoodDraft(ref="GIAMBELLINO", name="Giambellino")],
            services=[
                ServiceDraft(
                    ref=ref,
                    name=name,
                    neighbourhood="GIAMBELLINO",
                    required_from=D(2023, 1, 1),
                )
                for ref, name in (
                    ("SRV-A", "Laboratorio A"),
                    ("SRV-B", "Laboratorio B"),
                )
            ],
        )
    )


@pytest.fixture
def half_known(tracker: Tracker) -> Tracker:
    """SRV-A served by a contract known by its end and its signature (as ANAC
    publishes), SRV-B by one known by its start only (as L.190 does)."""
    _services(tracker)
    tracker.save(
        TenderDraft(
            ref="ANAC-T",
            title="Accompagnamento sociale",
            status="awarded",
            lots=[LotDraft(ref="ANAC-T-L1", title="Lotto unico", services=["SRV-A"])],
        )
    )
    tracker.save(
        ContractDraft(
            ref="ANAC-END",
            title="Contratto con la sola fine",
            lot="ANAC-T-L1",
            signed_on=D(2023, 3, 1),
            end=D(2023, 12, 31),
        )
    )
    tracker.save(
        ContractDraft(
            ref="L190-START",
            title="Contratto con il solo inizio",
            services=["SRV-B"],
            start=D(2023, 3, 1),
        )
    )
    return tracker


def test_a_contract_is_saved_with_the_end_it_has_and_no_other(
    half_known: Tracker,
) -> None:
    end_only = half_known.edit_of("ANAC-END").draft
    start_only = half_known.edit_of("L190-START").draft
    assert isinstance(end_only, ContractDraft)
    assert isinstance(start_only, ContractDraft)
    assert (end_only.start, end_only.end) == (None, D(2023, 12, 31))
    assert (start_only.start, start_only.end) == (D(2023, 3, 1), None)


def test_a_contract_known_by_its_signature_alone_is_saved(tracker: Tracker) -> None:
    _services(tracker)
    tracker.save(
        ContractDraft(
            ref="SIGNED", title="Solo firma", services=["SRV-A"], signed_on=AS_OF
        )
    )
    saved = tracker.edit_of("SIGNED").draft
    assert isinstance(saved, ContractDraft)
    assert (saved.signed_on, saved.start, saved.end) == (AS_OF, None, None)


def test_a_duration_without_a_start_gives_no_end(tracker: Tracker) -> None:
    _services(tracker)
    tracker.save(ContractDraft(ref="MONTHS", title="Trentasei mesi", months=36))
    saved = tracker.edit_of("MONTHS").draft
    assert isinstance(saved, ContractDraft)
    assert (saved.start, saved.end, saved.months) == (None, None, 36)


def test_a_duration_with_a_start_still_gives_the_end(tracker: Tracker) -> None:
    tracker.save(
        ContractDraft(ref="TERM", title="Termine", start=D(2019, 6, 21), months=36)
    )
    saved = tracker.edit_of("TERM").draft
    assert isinstance(saved, ContractDraft)
    assert saved.end == D(2022, 6, 20)


def test_an_end_before_the_start_is_still_refused(tracker: Tracker) -> None:
    with pytest.raises(ValidationError) as error:
        tracker.save(
            ContractDraft(
                ref="BACKWARDS", title="Al contrario", start=AS_OF, end=D(2023, 1, 1)
            )
        )
    assert error.value.field == "period.end"


def test_an_option_after_an_unknown_end_must_give_its_start(
    half_known: Tracker,
) -> None:
    option = OptionDraft(
        ref="L190-START-R1", kind="renewal", state="planned", months=12
    )
    with pytest.raises(ValidationError) as error:
        half_known.save(option, owner="L190-START")
    assert error.value.field == "start"
    assert "the contract has no end" in str(error.value)
    half_known.save(
        option.model_copy(update={"start": D(2024, 3, 1)}), owner="L190-START"
    )
    saved = half_known.edit_of("L190-START-R1").draft
    assert isinstance(saved, OptionDraft)
    assert (saved.start, saved.end) == (D(2024, 3, 1), D(2025, 2, 28))


def test_continuity_marks_exactly_the_days_the_contracts_may_cover_as_uncertain(
    half_known: Tracker,
) -> None:
    by_service = {c.service: c for c in half_known.continuity(AS_OF)}
    a, b = by_service["SRV-A"], by_service["SRV-B"]
    before_signature = (Gap(D(2023, 1, 1), D(2023, 2, 28), 59, GapState.PAST),)
    assert a.status is ContinuityStatus.UNCERTAIN
    assert a.uncertain == (Uncertain(D(2023, 3, 1), D(2023, 12, 31), ("ANAC-END",)),)
    assert a.gaps == before_signature
    assert a.covered_until is None
    assert a.act_by == D(2024, 1, 1) - timedelta(days=181)
    assert b.status is ContinuityStatus.UNCERTAIN
    assert b.uncertain == (Uncertain(D(2023, 3, 1), None, ("L190-START",)),)
    assert b.gaps == before_signature
    assert b.act_by is None
    # once the known end has passed the service is uncovered, from the next day
    later = {c.service: c for c in half_known.continuity(D(2024, 1, 10))}
    assert later["SRV-A"].status is ContinuityStatus.GAP
    assert later["SRV-A"].open_gap == Gap(D(2024, 1, 1), None, 10, GapState.CURRENT)
    assert later["SRV-B"].status is ContinuityStatus.UNCERTAIN


def test_the_list_of_contracts_says_the_state_and_the_missing_end(
    half_known: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del half_known
    args = ["--db", db_url, "--as-of", "2023-06-01", "list", "contracts"]
    assert main([*args, "--format", "json"]) == 0
    rows = {r["ref"]: r for r in json.loads(capsys.readouterr().out)["contracts"]}
    assert (
        rows["ANAC-END"]["start"],
        rows["ANAC-END"]["end"],
        rows["ANAC-END"]["covered_until"],
    ) == (None, "2023-12-31", "2023-12-31")
    assert (
        rows["L190-START"]["start"],
        rows["L190-START"]["end"],
        rows["L190-START"]["covered_until"],
    ) == ("2023-03-01", None, None)
    assert main(["--lang", "it", *args]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: " ".join(line.split()) for line in out.splitlines()}
    assert lines["ANAC-END"] == "ANAC-END n.d. n.d.–31/12/2023 n.d."
    assert lines["L190-START"] == "L190-START n.d. 01/03/2023–n.d. n.d."
    assert main(["--lang", "en", *args]) == 0
    out = capsys.readouterr().out
    assert "not stated–31/12/2023" in out
    assert "01/03/2023–not stated" in out


def test_the_list_pages_half_known_contracts_by_state_and_puts_unknown_ends_last(
    half_known: Tracker,
) -> None:
    half_known.save(
        ContractDraft(ref="KNOWN", title="Noto", start=D(2023, 1, 1), end=D(2024, 1, 1))
    )
    states = {
        D(2023, 2, 1): {"ANAC-END": "uncertain", "L190-START": "upcoming"},
        D(2024, 1, 1): {"ANAC-END": "ended", "L190-START": "uncertain"},
    }
    for day, expected in states.items():
        rows = half_known.browse_contracts(BrowseQuery(as_of=day)).rows
        assert {r.ref: r.state for r in rows if r.ref != "KNOWN"} == expected
    by_end = half_known.browse_contracts(BrowseQuery(as_of=AS_OF, sort="covered_until"))
    assert [r.ref for r in by_end.rows] == ["ANAC-END", "KNOWN", "L190-START"]
    backwards = half_known.browse_contracts(
        BrowseQuery(as_of=AS_OF, sort="covered_until", descending=True)
    )
    assert [r.ref for r in backwards.rows] == ["KNOWN", "ANAC-END", "L190-START"]
    uncertain = half_known.browse_contracts(
        BrowseQuery(as_of=AS_OF, sort="start", status="uncertain")
    )
    assert [r.ref for r in uncertain.rows] == ["L190-START", "ANAC-END"]
    assert uncertain.total == 2


def test_show_says_which_end_is_not_stated(
    half_known: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del half_known
    assert main(["--db", db_url, "--lang", "it", "show", "ANAC-END"]) == 0
    out = capsys.readouterr().out
    assert "inizio non indicato – 31/12/2023" in out
    assert main(["--db", db_url, "--lang", "en", "show", "L190-START"]) == 0
    out = capsys.readouterr().out
    assert "01/03/2023 – end not stated" in out
    assert "Covered until: end not stated" in out


def test_the_continuity_command_says_uncertain(
    half_known: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del half_known
    args = ["--db", db_url, "--as-of", "2023-06-01", "continuity"]
    assert main(["--lang", "it", *args]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "INCERTO Laboratorio A [SRV-A]" in out
    assert "copertura incerta (contratto con una sola data nota)" in out
    assert "01/03/2023–31/12/2023 (ANAC-END)" in out
    assert "dal 01/03/2023 (L190-START)" in out
    assert main([*args, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    services = {s["service"]: s for s in report["services"]}
    assert services["SRV-B"]["status"] == "uncertain"
    assert services["SRV-B"]["uncertain"] == [
        {"start": "2023-03-01", "end": None, "refs": ["L190-START"]}
    ]


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(
        " ".join(
            (p.extract_text() or "").replace("\xa0", " ") for p in reader.pages
        ).split()
    )


def test_the_dossier_and_the_committee_report_word_the_missing_ends(
    half_known: Tracker,
) -> None:
    from tracker.export.committee import write_committee_report
    from tracker.export.dossier import write_dossier

    set_language("it")
    out = io.BytesIO()
    write_dossier(
        half_known.dossier("ANAC-T", AS_OF), out, Formatter("it"), author="RUP"
    )
    dossier = _pdf_text(out.getvalue())
    assert "inizio non indicato al 31/12/2023" in dossier
    assert (
        "Laboratorio A: incerto; copertura incerta: 01/03/2023–31/12/2023 (ANAC-END)."
        in dossier
    )
    assert "incerto" in dossier
    out = io.BytesIO()
    write_committee_report(
        half_known.committee_report(AS_OF), out, Formatter("it"), author="RUP"
    )
    committee = _pdf_text(out.getvalue())
    assert "01/03/2023 – fine non indicata" in committee
    assert "inizio non indicato – 31/12/2023" in committee
    assert "Nulla di contrattualizzato con certezza" in committee


def test_alerts_warn_of_the_successor_after_a_known_end_and_invent_no_other(
    half_known: Tracker,
) -> None:
    alerts = half_known.alerts(AS_OF, within=60)
    about = {(a.ref, a.kind.value): a for a in alerts if a.ref in ("SRV-A", "SRV-B")}
    risk = about[("SRV-A", "continuity_risk")]
    assert risk.severity.value == "warning"
    assert risk.due == D(2023, 7, 4)
    assert risk.message.startswith(
        "Laboratorio A: perhaps covered until 31/12/2023 (in 213 days; a contract "
        "known by one end only), no contract after."
    )
    # a contract with no known end asks for no successor yet, and is no gap
    assert not [key for key in about if key[0] == "SRV-B"]
    # an end nobody stated is no deadline; a stated one is
    keys = {d.key: d.due for d in half_known.deadlines(D(2030, 1, 1))}
    assert keys["ANAC-END/end"] == D(2023, 12, 31)
    assert "L190-START/end" not in keys
