"""Where the period of each kind of option or modification may lie, relative to
the contract it belongs to (D.Lgs. 36/2023).

- A renewal (rinnovo, an option the tender provided for a new period), an extension
  option (opzione di proroga, art. 120 c.10) and a proroga tecnica (art. 120 c.11,
  the bridge while the next procedure ends) add time: each starts after what it
  extends ends, the contract and the time added before it.
- A variation within the fifth (quinto d'obbligo, art. 120 c.9), a variante (art.
  120 c.1-c.8) and any other modification are decided while the contract is carried
  out ("in corso di esecuzione"): each starts within the contract's term, as the
  options that add time extend it, or on the day after that term ends when it
  carries the service on; it may end after the term (more of the same service, over
  the same months or beyond them; a variante of works grants the time its work
  needs).
- A price revision (art. 60) and a labour agreement (CCNL) adjustment change what is
  paid for the services of the term: their period lies within it.

Options still planned count in the term: a price revision may be planned for a
renewal not yet decided. An option that states no period is not checked; a contract
known by one end only is checked against the end it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from tracker.domain.kinds import OptionKind
from tracker.errors import N_, Term, ValidationError


class Placement(StrEnum):
    """Where an option's period may lie relative to its contract's term."""

    AFTER = "after"
    """Starts after what it extends ends: it adds time."""
    WITHIN = "within"
    """Starts and ends within the term (as extended)."""
    STARTS_WITHIN = "starts_within"
    """Starts within the term (as extended) or on the day after it, and may end
    after it."""


PLACEMENT: dict[OptionKind, Placement] = {
    OptionKind.RENEWAL: Placement.AFTER,
    OptionKind.EXTENSION_OPTION: Placement.AFTER,
    OptionKind.PROROGA_TECNICA: Placement.AFTER,
    OptionKind.QUINTO_VARIATION: Placement.STARTS_WITHIN,
    OptionKind.VARIANTE: Placement.STARTS_WITHIN,
    OptionKind.OTHER_MODIFICATION: Placement.STARTS_WITHIN,
    OptionKind.REVISIONE_PREZZI: Placement.WITHIN,
    OptionKind.ADEGUAMENTO_CCNL: Placement.WITHIN,
}
"""Each kind's placement; see the module's docstring for the provisions."""


def placement(kind: str) -> Placement:
    return PLACEMENT[OptionKind(kind)]


def adds_time(kind: str) -> bool:
    """Whether an option of this kind may carry the contract past its end: its end
    is part of the term the others are measured against, and given in months alone
    it starts the day after what it extends ends."""
    return placement(kind) is not Placement.WITHIN


@dataclass(frozen=True)
class ContractTerm:
    """What an option is measured against.

    ``start``: the contract's first day. ``follows``: the last day of the contract
    and of the options adding time listed before this one (what a renewal or a
    proroga extends). ``end``: the last day of the contract and of every other
    option adding time (the term a variation lies within). A day not known is None.
    """

    start: date | None
    follows: date | None
    end: date | None


def check_option_period(kind: str, start: date, end: date, term: ContractTerm) -> None:
    """Raise a ValidationError naming the field (``period.start`` or
    ``period.end``), its value and the bound it breaks when the period of an option
    of ``kind`` lies where the law does not place it."""
    where = placement(kind)
    label = Term(kind)
    if where is Placement.AFTER:
        if term.follows is not None and start <= term.follows:
            raise ValidationError(
                "period.start",
                start,
                N_("the {kind} starts after what it extends ends ({end})"),
                kind=label,
                end=term.follows,
            )
        return
    if term.start is not None and start < term.start:
        raise ValidationError(
            "period.start",
            start,
            N_("the {kind} starts no earlier than the contract ({start})"),
            kind=label,
            start=term.start,
        )
    if term.end is None:
        return
    latest = term.end + timedelta(days=1)
    if where is Placement.STARTS_WITHIN and start > latest:
        raise ValidationError(
            "period.start",
            start,
            N_(
                "the {kind} starts while the contract is in force or on the day "
                "after it ends ({day} at the latest)"
            ),
            kind=label,
            day=latest,
        )
    if where is Placement.WITHIN and end > term.end:
        raise ValidationError(
            "period.end",
            end,
            N_(
                "the {kind} ends by the end of the contract and of the options "
                "extending it ({end})"
            ),
            kind=label,
            end=term.end,
        )
