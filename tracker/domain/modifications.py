"""Kinds of modification of a contract in force, and how ANAC's amendment
rationales name them.

ANAC publishes ``contracts[].amendments[].rationale`` as free text in capitals
("PROROGA", "QUINTO D''OBBLIGO", "REVISIONE DEI PREZZI", "PERIZIA TECNICA ..."),
with its apostrophes doubled or lost ("DELL?INTERVENTO", "NELLU2019APPALTO"). A
contract stores its modifications among its options (``OptionKind``); the kinds here
are those values, the ones a published amendment can name.

Which kinds must state a period, are decided before the end they extend, and weigh
against the quinto d'obbligo: published modifications often state only a rationale
and a day, so a variante, a price revision, a CCNL adjustment or a proroga tecnica
is kept without dates or amount, and extends nothing until its end is known.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from tracker.domain.kinds import OptionKind


class ModificationKind(StrEnum):
    """What a modification of a contract in force does."""

    PROROGA_TECNICA = OptionKind.PROROGA_TECNICA.value
    QUINTO_VARIATION = OptionKind.QUINTO_VARIATION.value
    VARIANTE = OptionKind.VARIANTE.value
    REVISIONE_PREZZI = OptionKind.REVISIONE_PREZZI.value
    ADEGUAMENTO_CCNL = OptionKind.ADEGUAMENTO_CCNL.value
    OTHER = OptionKind.OTHER_MODIFICATION.value


LEGAL_BASIS: dict[ModificationKind, str | None] = {
    ModificationKind.PROROGA_TECNICA: "art. 120 c.11 D.Lgs. 36/2023",
    ModificationKind.QUINTO_VARIATION: "art. 120 c.9 D.Lgs. 36/2023",
    # A variante may rest on several letters of art. 120 c.1 (clauses, supplementary
    # works, unforeseeable circumstances) or on c.3: the text does not say which.
    ModificationKind.VARIANTE: "art. 120 D.Lgs. 36/2023",
    ModificationKind.REVISIONE_PREZZI: "art. 60 D.Lgs. 36/2023",
    # Adjustments to a labour agreement are argued under several articles; none is
    # named here rather than a wrong one.
    ModificationKind.ADEGUAMENTO_CCNL: None,
    ModificationKind.OTHER: None,
}
"""The provision of D.Lgs. 36/2023 a kind rests on, when one provision does."""


def _plain(text: str) -> str:
    """Capitals without accents: "È" and "E'" read alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def kind_of_rationale(text: str) -> ModificationKind:
    """The kind of modification an amendment's rationale names; other_modification
    when it names none of them (the rationale itself is kept by the caller)."""
    plain = _plain(text)
    if "PROROGA" in plain:
        return ModificationKind.PROROGA_TECNICA
    if "QUINTO" in plain:
        return ModificationKind.QUINTO_VARIATION
    if "REVISIONE" in plain and "PREZZI" in plain:
        return ModificationKind.REVISIONE_PREZZI
    if "CCNL" in plain:
        return ModificationKind.ADEGUAMENTO_CCNL
    if "VARIANTE" in plain or "PERIZIA" in plain:
        return ModificationKind.VARIANTE
    return ModificationKind.OTHER


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
