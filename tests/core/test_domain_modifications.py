"""Which options and modifications must state a period, are decided before the end
they extend, and weigh on the quinto d'obbligo (art. 120 c.9)."""

from __future__ import annotations

import pytest

from tracker.domain.kinds import OptionKind, OptionState
from tracker.domain.modifications import (
    decided_before_the_end,
    needs_period,
    weighs_on_quinto,
)
from tracker.domain.rules import counts_towards_quinto

K = OptionKind

# kind: (needs a period, decided before the end, weighs on the quinto)
KINDS = {
    K.RENEWAL: (True, True, False),
    K.EXTENSION_OPTION: (True, True, False),
    K.PROROGA_TECNICA: (False, True, False),
    K.QUINTO_VARIATION: (False, False, True),
    K.VARIANTE: (False, False, False),
    K.REVISIONE_PREZZI: (False, False, False),
    K.ADEGUAMENTO_CCNL: (False, False, False),
    K.OTHER_MODIFICATION: (False, False, False),
}


def test_every_kind_is_in_the_table() -> None:
    assert set(KINDS) == set(OptionKind)


@pytest.mark.parametrize(("kind", "expected"), KINDS.items(), ids=list(KINDS))
def test_what_each_kind_needs(kind: OptionKind, expected: tuple[bool, ...]) -> None:
    assert (
        needs_period(kind),
        decided_before_the_end(kind),
        weighs_on_quinto(kind),
    ) == expected


@pytest.mark.parametrize(
    ("kind", "state", "with_planned", "counts"),
    [
        (K.QUINTO_VARIATION, OptionState.EXERCISED, False, True),
        (K.QUINTO_VARIATION, OptionState.PLANNED, True, True),
        (K.QUINTO_VARIATION, OptionState.PLANNED, False, False),
        (K.QUINTO_VARIATION, OptionState.LAPSED, True, False),
        (K.VARIANTE, OptionState.EXERCISED, True, False),
        (K.REVISIONE_PREZZI, OptionState.EXERCISED, True, False),
        (K.ADEGUAMENTO_CCNL, OptionState.EXERCISED, True, False),
        (K.OTHER_MODIFICATION, OptionState.EXERCISED, True, False),
        (K.RENEWAL, OptionState.EXERCISED, True, False),
        (K.PROROGA_TECNICA, OptionState.EXERCISED, True, False),
    ],
)
def test_only_the_quinto_variation_counts_towards_the_quinto(
    kind: OptionKind, state: OptionState, with_planned: bool, counts: bool
) -> None:
    assert counts_towards_quinto(kind, state, with_planned=with_planned) is counts
