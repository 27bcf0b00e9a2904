"""Findings about organisations and consortia: a partita IVA that does not check
out, shares that do not add up to 100, a mandataria with less than a mandante."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from tracker.domain.alerts import AlertKind, Finding, Severity
from tracker.domain.consortium import (
    HUNDRED,
    MemberRole,
    MemberShare,
    mandataria_holds_largest_share,
)
from tracker.domain.identifiers import check_vat_number
from tracker.errors import ValidationError


@dataclass(frozen=True)
class Party:
    ref: str
    name: str
    partita_iva: str | None


@dataclass(frozen=True)
class Grouping:
    """A consortium with its members in their order."""

    ref: str
    name: str
    members: tuple[MemberShare, ...]


@dataclass(frozen=True)
class InvalidPartitaIva:
    name: str
    value: str
    error: ValidationError


@dataclass(frozen=True)
class SharesOff:
    """Member shares, some stated, that do not add up to 100."""

    name: str
    total: Decimal


@dataclass(frozen=True)
class SmallMandataria:
    name: str
    lead: MemberShare
    larger: MemberShare


def party_findings(
    parties: Sequence[Party], groupings: Sequence[Grouping]
) -> list[Finding]:
    """Warnings only: the data may be right and the rule bent (a tender may allow a
    smaller mandataria), so none of these stops a record being saved."""
    findings = [f for p in parties if (f := _partita_iva(p)) is not None]
    for grouping in groupings:
        findings += _grouping_findings(grouping)
    return findings


def _partita_iva(party: Party) -> Finding | None:
    if not party.partita_iva:
        return None
    try:
        check_vat_number(party.partita_iva)
    except ValidationError as error:
        return Finding(
            Severity.WARNING,
            AlertKind.INVALID_PARTITA_IVA,
            None,
            party.name,
            party.ref,
            InvalidPartitaIva(party.name, party.partita_iva, error),
        )
    return None


def _grouping_findings(grouping: Grouping) -> Iterator[Finding]:
    shares = grouping.members
    known = [m.share for m in shares if m.share is not None]
    # shares all unknown are a gap in the source, not an error in the data
    if known and (len(known) != len(shares) or sum(known) != HUNDRED):
        yield Finding(
            Severity.WARNING,
            AlertKind.CONSORTIUM_SHARES,
            None,
            grouping.name,
            grouping.ref,
            SharesOff(grouping.name, sum(known, Decimal(0))),
        )
    if not mandataria_holds_largest_share(shares):
        lead = next(m for m in shares if m.role is MemberRole.MANDATARIA)
        larger = max(
            (m for m in shares if m.share is not None),
            key=lambda m: m.share or Decimal(0),
        )
        yield Finding(
            Severity.WARNING,
            AlertKind.MANDATARIA_SHARE,
            None,
            grouping.name,
            grouping.ref,
            SmallMandataria(grouping.name, lead, larger),
        )
