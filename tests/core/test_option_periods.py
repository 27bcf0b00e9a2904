"""Saving options and modifications whose periods lie where the law places them
(``tracker.domain.option_periods``), on the Milan case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tracker.api import Tracker
from tracker.dataset import dataset_json
from tracker.drafts import ContractDraft, OptionDraft
from tracker.errors import ValidationError
from tracker.i18n import set_language

CONTRACT = "LOR-2023-C1"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def lorenteggio(milan: Tracker) -> Tracker:
    """A contract from 01/01/2023 to 31/12/2025."""
    milan.save_contract(
        ContractDraft(
            ref=CONTRACT,
            title="Laboratorio Sociale Lorenteggio 2023-2025",
            supplier="KCITY",
            services=["LSL-LORENTEGGIO"],
            start=date(2023, 1, 1),
            end=date(2025, 12, 31),
        )
    )
    return milan


def _option(ref: str, kind: str, **days: date | int) -> OptionDraft:
    return OptionDraft.model_validate(
        {"ref": ref, "kind": kind, "state": "planned", **days}
    )


def _periods(tracker: Tracker) -> list[tuple[str, str, date | None, date | None]]:
    draft = tracker.draft_of(CONTRACT)
    assert isinstance(draft, ContractDraft)
    return [(o.ref, o.kind.value, o.start, o.end) for o in draft.options]


def test_a_quinto_variation_inside_the_contract_saves(lorenteggio: Tracker) -> None:
    lorenteggio.save_option(
        CONTRACT,
        _option(
            "LOR-2023-Q1",
            "quinto_variation",
            start=date(2023, 9, 1),
            end=date(2025, 5, 31),
        ),
    )
    assert _periods(lorenteggio) == [
        ("LOR-2023-Q1", "quinto_variation", date(2023, 9, 1), date(2025, 5, 31))
    ]


def test_a_price_revision_past_the_contract_is_refused_and_nothing_written(
    lorenteggio: Tracker,
) -> None:
    before = dataset_json(lorenteggio.dump_dataset())
    with pytest.raises(ValidationError) as raised:
        lorenteggio.save_option(
            CONTRACT,
            _option(
                "LOR-2023-P1",
                "revisione_prezzi",
                start=date(2025, 9, 1),
                end=date(2026, 5, 31),
            ),
        )
    assert raised.value.field == "period.end"
    assert str(raised.value) == (
        "Period → End: the price revision ends by the end of the contract and of the "
        "options extending it (31/12/2025) (value: 31/05/2026)"
    )
    assert dataset_json(lorenteggio.dump_dataset()) == before


def test_a_quinto_variation_carries_the_service_on_but_leaves_no_gap(
    lorenteggio: Tracker,
) -> None:
    """More of the same service may run past the end, from the day after it; a
    quinto starting later would leave the contract and start anew."""
    with pytest.raises(ValidationError) as raised:
        lorenteggio.save_option(
            CONTRACT,
            _option(
                "LOR-2023-Q1", "quinto_variation", start=date(2026, 2, 1), months=4
            ),
        )
    assert (raised.value.field, raised.value.value) == (
        "period.start",
        date(2026, 2, 1),
    )
    lorenteggio.save_option(
        CONTRACT,
        _option("LOR-2023-Q1", "quinto_variation", start=date(2026, 1, 1), months=4),
    )
    # a renewal decided afterwards follows the time the quinto added
    lorenteggio.save_option(CONTRACT, _option("LOR-2023-R1", "renewal", months=12))
    assert _periods(lorenteggio) == [
        ("LOR-2023-Q1", "quinto_variation", date(2026, 1, 1), date(2026, 4, 30)),
        ("LOR-2023-R1", "renewal", date(2026, 5, 1), date(2027, 4, 30)),
    ]


def test_a_variation_may_lie_within_a_renewal_that_extends_the_contract(
    lorenteggio: Tracker,
) -> None:
    lorenteggio.save_option(CONTRACT, _option("LOR-2023-R1", "renewal", months=12))
    lorenteggio.save_option(
        CONTRACT,
        _option(
            "LOR-2023-P1",
            "revisione_prezzi",
            start=date(2025, 1, 1),
            end=date(2026, 12, 31),
        ),
    )
    # a proroga follows the renewal, not the price revision listed after it
    lorenteggio.save_option(
        CONTRACT, _option("LOR-2023-T1", "proroga_tecnica", months=3)
    )
    assert _periods(lorenteggio) == [
        ("LOR-2023-R1", "renewal", date(2026, 1, 1), date(2026, 12, 31)),
        ("LOR-2023-P1", "revisione_prezzi", date(2025, 1, 1), date(2026, 12, 31)),
        ("LOR-2023-T1", "proroga_tecnica", date(2027, 1, 1), date(2027, 3, 31)),
    ]


def test_a_variante_may_move_the_end_and_a_renewal_follows_it(
    lorenteggio: Tracker,
) -> None:
    lorenteggio.save_option(
        CONTRACT,
        _option(
            "LOR-2023-V1", "variante", start=date(2025, 6, 1), end=date(2026, 2, 28)
        ),
    )
    lorenteggio.save_option(CONTRACT, _option("LOR-2023-R1", "renewal", months=12))
    assert _periods(lorenteggio)[1] == (
        "LOR-2023-R1",
        "renewal",
        date(2026, 3, 1),
        date(2027, 2, 28),
    )


def test_a_price_revision_needs_its_start(lorenteggio: Tracker) -> None:
    with pytest.raises(ValidationError) as raised:
        lorenteggio.save_option(
            CONTRACT, _option("LOR-2023-P1", "revisione_prezzi", months=6)
        )
    assert raised.value.field == "start"
    assert str(raised.value) == (
        "Start: give the start of the price revision: it does not follow the "
        "contract's end"
    )


def test_a_quinto_in_months_alone_carries_the_service_on(
    lorenteggio: Tracker,
) -> None:
    lorenteggio.save_option(
        CONTRACT, _option("LOR-2023-Q1", "quinto_variation", months=3)
    )
    assert _periods(lorenteggio) == [
        ("LOR-2023-Q1", "quinto_variation", date(2026, 1, 1), date(2026, 3, 31))
    ]


def test_shortening_the_contract_under_its_price_revision_is_refused(
    lorenteggio: Tracker,
) -> None:
    lorenteggio.save_option(
        CONTRACT,
        _option(
            "LOR-2023-P1",
            "revisione_prezzi",
            start=date(2023, 9, 1),
            end=date(2025, 5, 31),
        ),
    )
    draft = lorenteggio.draft_of(CONTRACT)
    assert isinstance(draft, ContractDraft)
    with pytest.raises(ValidationError) as raised:
        lorenteggio.save_contract(
            draft.model_copy(update={"end": date(2024, 12, 31), "options": []}),
            original=CONTRACT,
        )
    assert raised.value.field == "options[LOR-2023-P1].end"
    assert raised.value.value == date(2025, 5, 31)


def test_a_contract_added_with_a_price_revision_inside_a_later_renewal_loads(
    milan: Tracker,
) -> None:
    """Added together, each option is measured against all the others: a revision
    listed before the renewal it lies within is in its place."""
    milan.save_contract(
        ContractDraft(
            ref=CONTRACT,
            title="Laboratorio Sociale Lorenteggio 2023-2025",
            start=date(2023, 1, 1),
            end=date(2025, 12, 31),
            options=[
                _option(
                    "LOR-2023-P1",
                    "revisione_prezzi",
                    start=date(2026, 3, 1),
                    end=date(2026, 6, 30),
                ),
                _option("LOR-2023-R1", "renewal", months=12),
            ],
        )
    )
    assert _periods(milan) == [
        ("LOR-2023-P1", "revisione_prezzi", date(2026, 3, 1), date(2026, 6, 30)),
        ("LOR-2023-R1", "renewal", date(2026, 1, 1), date(2026, 12, 31)),
    ]
