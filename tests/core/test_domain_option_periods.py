"""Where each kind of option or modification may place its period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tracker.domain.kinds import OptionKind
from tracker.domain.option_periods import (
    PLACEMENT,
    ContractTerm,
    Placement,
    adds_time,
    check_option_period,
)
from tracker.errors import ValidationError
from tracker.i18n import set_language

D = date


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


# A contract from 01/01/2023 to 31/12/2024, extended by a renewal to 31/12/2025: a
# new time option follows 31/12/2025, a variation lies within 01/01/2023-31/12/2025.
TERM = ContractTerm(start=D(2023, 1, 1), follows=D(2025, 12, 31), end=D(2025, 12, 31))

AFTER_KINDS = ("renewal", "extension_option", "proroga_tecnica")
WITHIN_KINDS = ("revisione_prezzi", "adeguamento_ccnl")
STARTS_WITHIN_KINDS = ("quinto_variation", "variante", "other_modification")

ACCEPTED = [
    *[(kind, D(2026, 1, 1), D(2026, 6, 30)) for kind in AFTER_KINDS],
    *[(kind, D(2027, 1, 1), D(2027, 3, 31)) for kind in AFTER_KINDS],
    *[(kind, D(2023, 9, 1), D(2025, 5, 31)) for kind in WITHIN_KINDS],
    *[(kind, D(2023, 1, 1), D(2025, 12, 31)) for kind in WITHIN_KINDS],
    *[(kind, D(2025, 12, 31), D(2025, 12, 31)) for kind in WITHIN_KINDS],
    *[(kind, D(2023, 9, 1), D(2025, 5, 31)) for kind in STARTS_WITHIN_KINDS],
    *[(kind, D(2025, 12, 31), D(2026, 4, 30)) for kind in STARTS_WITHIN_KINDS],
    # carrying the service on from the day after the term ends
    *[(kind, D(2026, 1, 1), D(2026, 4, 30)) for kind in STARTS_WITHIN_KINDS],
]


@pytest.mark.parametrize(("kind", "start", "end"), ACCEPTED)
def test_a_period_where_the_law_places_it_is_accepted(
    kind: str, start: date, end: date
) -> None:
    check_option_period(kind, start, end, TERM)


REFUSED = [
    # kind, start, end, field refused, English message
    *[
        (
            kind,
            D(2025, 12, 31),
            D(2026, 6, 30),
            "start",
            f"the {label} starts after what it extends ends (31/12/2025)",
        )
        for kind, label in (
            ("renewal", "renewal"),
            ("extension_option", "extension option"),
            ("proroga_tecnica", "technical extension (proroga tecnica)"),
        )
    ],
    (
        "renewal",
        D(2023, 9, 1),
        D(2025, 5, 31),
        "start",
        "the renewal starts after what it extends ends (31/12/2025)",
    ),
    *[
        (
            kind,
            D(2022, 12, 31),
            D(2023, 6, 30),
            "start",
            f"the {label} starts no earlier than the contract (01/01/2023)",
        )
        for kind, label in (
            ("quinto_variation", "variation within one fifth (quinto d'obbligo)"),
            ("revisione_prezzi", "price revision"),
            ("adeguamento_ccnl", "labour agreement (CCNL) adjustment"),
            ("variante", "variation (variante)"),
            ("other_modification", "other modification"),
        )
    ],
    *[
        (
            kind,
            D(2025, 6, 1),
            D(2026, 1, 1),
            "end",
            f"the {label} ends by the end of the contract and of the options "
            "extending it (31/12/2025)",
        )
        for kind, label in (
            ("revisione_prezzi", "price revision"),
            ("adeguamento_ccnl", "labour agreement (CCNL) adjustment"),
        )
    ],
    *[
        (
            kind,
            D(2026, 1, 2),
            D(2026, 3, 31),
            "start",
            f"the {label} starts while the contract is in force or on the day after "
            "it ends (01/01/2026 at the latest)",
        )
        for kind, label in (
            ("quinto_variation", "variation within one fifth (quinto d'obbligo)"),
            ("variante", "variation (variante)"),
            ("other_modification", "other modification"),
        )
    ],
]


@pytest.mark.parametrize(("kind", "start", "end", "field", "reason"), REFUSED)
def test_a_period_where_the_law_does_not_place_it_is_refused(
    kind: str, start: date, end: date, field: str, reason: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        check_option_period(kind, start, end, TERM)
    assert raised.value.field == f"period.{field}"
    assert raised.value.value == (start if field == "start" else end)
    assert str(raised.value.reason) == reason


def test_the_refusal_reads_in_italian() -> None:
    set_language("it")
    with pytest.raises(ValidationError) as raised:
        check_option_period("quinto_variation", D(2026, 3, 1), D(2026, 5, 31), TERM)
    assert str(raised.value) == (
        "Periodo → Avvio: il periodo di variazione entro il quinto d'obbligo inizia "
        "mentre il contratto è in corso o il giorno dopo la sua fine (al più tardi il "
        "01/01/2026) (valore: 01/03/2026)"
    )


@pytest.mark.parametrize(
    ("term", "kind", "start", "end"),
    [
        # a contract known by its end only: a revision is checked against the end
        (ContractTerm(None, D(2024, 12, 31), D(2024, 12, 31)), "revisione_prezzi",
         D(2020, 1, 1), D(2024, 12, 31)),
        # known by its start only: nothing bounds the end of a revision
        (ContractTerm(D(2023, 1, 1), None, None), "revisione_prezzi",
         D(2023, 9, 1), D(2030, 1, 1)),
        # a renewal of a contract whose end is not known
        (ContractTerm(D(2023, 1, 1), None, None), "renewal",
         D(2023, 9, 1), D(2024, 8, 31)),
    ],
)  # fmt: skip
def test_a_bound_not_known_is_not_checked(
    term: ContractTerm, kind: str, start: date, end: date
) -> None:
    check_option_period(kind, start, end, term)


@pytest.mark.parametrize(
    ("kind", "placement", "adds"),
    [
        (OptionKind.RENEWAL, Placement.AFTER, True),
        (OptionKind.EXTENSION_OPTION, Placement.AFTER, True),
        (OptionKind.PROROGA_TECNICA, Placement.AFTER, True),
        (OptionKind.QUINTO_VARIATION, Placement.STARTS_WITHIN, True),
        (OptionKind.REVISIONE_PREZZI, Placement.WITHIN, False),
        (OptionKind.ADEGUAMENTO_CCNL, Placement.WITHIN, False),
        (OptionKind.VARIANTE, Placement.STARTS_WITHIN, True),
        (OptionKind.OTHER_MODIFICATION, Placement.STARTS_WITHIN, True),
    ],
)
def test_every_kind_has_its_placement(
    kind: OptionKind, placement: Placement, adds: bool
) -> None:
    assert PLACEMENT[kind] is placement
    assert adds_time(kind) is adds


def test_the_table_names_every_kind() -> None:
    assert set(PLACEMENT) == set(OptionKind)
