"""Options a tender provided and modifications made to a contract (art. 120
D.Lgs. 36/2023): which must state a period, which are decided before the end they
extend, which weigh against the quinto d'obbligo.

Published modifications (ANAC's amendments) often state only a rationale and a
day: a variante, a price revision, a CCNL adjustment or a proroga tecnica is kept
without dates or amount, and extends nothing until its end is known.
"""

from __future__ import annotations

from tracker.domain.kinds import OptionKind

PERIOD_REQUIRED = frozenset({OptionKind.RENEWAL, OptionKind.EXTENSION_OPTION})
"""Options the tender provided for a stated time: a renewal or an extension option
without its end or its months is a slip of the form, not a fact left unpublished."""

DECIDED_BEFORE_THE_END = frozenset(
    {OptionKind.RENEWAL, OptionKind.EXTENSION_OPTION, OptionKind.PROROGA_TECNICA}
)
"""Kinds an office decides on before the end they extend (an option decision
deadline); modifications of price or content are decided when they arise."""

QUINTO = frozenset({OptionKind.QUINTO_VARIATION})
"""Art. 120 c.9: only the variation up to a fifth the tender provided weighs on the
quinto; a variante (c.1-c.8), a price revision or a CCNL adjustment has its own
limits and does not use up the fifth."""


def needs_period(kind: str) -> bool:
    """Whether an option of this kind must state its end or months."""
    return kind in PERIOD_REQUIRED


def decided_before_the_end(kind: str) -> bool:
    return kind in DECIDED_BEFORE_THE_END


def weighs_on_quinto(kind: str) -> bool:
    return kind in QUINTO
