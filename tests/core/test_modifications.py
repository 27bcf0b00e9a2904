"""Modifications as ANAC publishes them: a rationale and a day, often no period and
no amount; a proroga tecnica whose new end is not stated."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import fixed_clock
from tracker.api import Tracker
from tracker.cli import main
from tracker.dataset import dataset_json, parse_dataset
from tracker.domain.alerts import AlertKind
from tracker.domain.kinds import OptionKind, OptionState
from tracker.drafts import AmountDraft, OptionDraft

CONTRACT = "LOR-2019-C1"


def modifications() -> list[OptionDraft]:
    return [
        OptionDraft(
            ref="LOR-2019-C1-P1",
            kind=OptionKind.PROROGA_TECNICA,
            state=OptionState.EXERCISED,
            decided_on=date(2022, 12, 15),
            basis="PROROGA",
        ),
        OptionDraft(
            ref="LOR-2019-C1-V1",
            kind=OptionKind.VARIANTE,
            state=OptionState.EXERCISED,
            decided_on=date(2022, 3, 1),
            # above a fifth of the base: a variante does not use up the quinto
            amount=AmountDraft(gross="200000.00", vat_rate="unknown"),
            basis="VARIANTE art. 106 c.1 lett. c) D.Lgs. 50/2016",
        ),
        OptionDraft(
            ref="LOR-2019-C1-RP1",
            kind=OptionKind.REVISIONE_PREZZI,
            state=OptionState.PLANNED,
            basis="REVISIONE PREZZI",
        ),
    ]


@pytest.fixture
def modified(milan: Tracker) -> Tracker:
    for draft in modifications():
        milan.save(draft, owner=CONTRACT)
    return milan


def test_modifications_are_kept_as_stated(modified: Tracker) -> None:
    view = modified.contract_view(CONTRACT, date(2023, 1, 17))
    c = view.detail.contract
    assert [(o.ref, o.kind, o.start, o.end, o.decided_on, o.basis) for o in c.options][
        1:
    ] == [
        (
            "LOR-2019-C1-P1",
            "proroga_tecnica",
            None,
            None,
            date(2022, 12, 15),
            "PROROGA",
        ),
        (
            "LOR-2019-C1-V1",
            "variante",
            None,
            None,
            date(2022, 3, 1),
            "VARIANTE art. 106 c.1 lett. c) D.Lgs. 50/2016",
        ),
        ("LOR-2019-C1-RP1", "revisione_prezzi", None, None, None, "REVISIONE PREZZI"),
    ]
    # a proroga with no end extends nothing: the contract still ends on 20/12/2022
    assert c.covered_until == date(2022, 12, 20)
    # the exercised variante adds to the value; the quinto is untouched by it
    assert c.total_base_and_exercised is not None
    # 828.415,20 base + 138.069,20 renewal + 200.000,00 variante
    assert c.total_base_and_exercised.gross == Decimal("1166484.40")
    # the exercised proroga states no amount: the total is a floor
    assert c.total_base_and_exercised.missing == ("LOR-2019-C1-P1",)
    assert view.quinto is None or view.quinto.used == Decimal("0.00")


def test_the_committee_story_is_unchanged_by_a_proroga_without_end(
    modified: Tracker,
) -> None:
    lor = {s.service: s for s in modified.continuity(date(2023, 1, 17))}[
        "LSL-LORENTEGGIO"
    ]
    assert lor.status == "gap"
    assert lor.open_gap is not None
    assert lor.open_gap.start == date(2022, 12, 21)
    alerts = modified.alerts(date(2023, 1, 17), within=60)
    assert [a for a in alerts if a.kind is AlertKind.QUINTO_EXCEEDED] == []
    assert [a.key for a in alerts if a.ref.startswith("LOR-2019-C1-")] == []


def test_a_renewal_still_needs_its_end(milan: Tracker) -> None:
    from tracker.errors import ValidationError

    with pytest.raises(ValidationError) as error:
        milan.save(
            OptionDraft(
                ref="LOR-2019-C1-R2",
                kind=OptionKind.RENEWAL,
                state=OptionState.PLANNED,
            ),
            owner=CONTRACT,
        )
    assert (
        error.value.reason == "an extension needs an end date or a duration in months"
    )


def test_the_basis_goes_through_a_dump_and_a_load(
    modified: Tracker, db_url_factory: Callable[[], str]
) -> None:
    first = dataset_json(modified.dump_dataset())
    other = Tracker.open(db_url_factory(), clock=fixed_clock)
    try:
        other.load_dataset(parse_dataset(first))
        [contract] = [c for c in other.dump_dataset().contracts if c.ref == CONTRACT]
        assert [(o.ref, o.basis, o.decided_on) for o in contract.options] == [
            ("LOR-2019-C1-R1", None, None),
            ("LOR-2019-C1-P1", "PROROGA", date(2022, 12, 15)),
            (
                "LOR-2019-C1-V1",
                "VARIANTE art. 106 c.1 lett. c) D.Lgs. 50/2016",
                date(2022, 3, 1),
            ),
            ("LOR-2019-C1-RP1", "REVISIONE PREZZI", None),
        ]
        assert dataset_json(other.dump_dataset()) == first
    finally:
        other.close()


def test_show_says_the_basis_and_the_end_not_stated(
    modified: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    del modified
    assert main(["--db", db_url, "--lang", "it", "show", CONTRACT]) == 0
    text = capsys.readouterr().out
    assert "Motivazione e base giuridica: PROROGA" in text
    assert "Fine: non indicata: non proroga nulla finché non è nota" in text
    assert "Data della decisione: 01/03/2022" in text


def test_the_dossier_gives_the_basis(modified: Tracker) -> None:
    import io

    from pypdf import PdfReader

    from tracker.export.dossier import write_dossier
    from tracker.formatting import Formatter

    out = io.BytesIO()
    write_dossier(
        modified.dossier("LOR-2019", date(2023, 1, 17)),
        out,
        Formatter("en"),
        author="R",
    )
    pages = PdfReader(io.BytesIO(out.getvalue())).pages
    text = " ".join(" ".join(p.extract_text() or "" for p in pages).split())
    assert "LOR-2019-C1-P1 Basis PROROGA" in text
    assert "LOR-2019-C1-V1 Decided on 01/03/2022" in text
