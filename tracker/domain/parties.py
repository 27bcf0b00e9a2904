"""Findings about organisations and consortia: a partita IVA that does not check
out, shares that do not add up to 100 or are partly unknown, a group with no lead
or two, a mandataria with less than a mandante."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tracker.domain.alerts import AlertKind, Finding, Severity
from tracker.domain.consortium import (
    HUNDRED,
    ConsortiumKind,
    GroupIssue,
    MemberRole,
    MemberShare,
    group_issues,
    leads,
    mandataria_holds_largest_share,
)
from tracker.domain.identifiers import check_vat_number
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.kept_findings import (
    DECIMAL,
    PLAIN,
    Conv,
    enum_of,
    finding_fact,
    findings_of,
    held_on,
    nested,
    register,
    register_as,
)
from tracker.errors import N_, ValidationError


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
    kind: ConsortiumKind | None = None


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
class SharesUnknown:
    """Some shares stated, others not: ``total`` is what the stated ones add up to."""

    name: str
    unknown: tuple[str, ...]
    total: Decimal


@dataclass(frozen=True)
class NoLead:
    """A group with no member stated as mandataria or capogruppo."""

    name: str


@dataclass(frozen=True)
class SeveralLeads:
    name: str
    leads: tuple[str, ...]


@dataclass(frozen=True)
class SmallMandataria:
    name: str
    lead: MemberShare
    larger: MemberShare


def party_findings(
    parties: Sequence[Party], groupings: Sequence[Grouping]
) -> list[Finding]:
    """Warnings and notices only: the data may be right and the rule bent (a tender
    may allow a smaller mandataria), or the source silent (a lead or shares not
    published), so none of these stops a record being saved."""
    # the facts the database keeps, here kept nowhere: no record id is needed
    facts = [f for p in parties for f in organisation_facts(p, 0)]
    facts += [f for g in groupings for f in consortium_facts(g, 0)]
    return parties_on(facts)


def parties_on(facts: Iterable[Fact]) -> list[Finding]:
    """The findings of the parties' kept facts (any day: none depends on it), the
    organisations' first, then each consortium's."""
    return parties_of(held_on(facts, date.min))


def parties_of(payloads: Iterable[Mapping[str, Any]]) -> list[Finding]:
    """``parties_on`` from the facts' payloads."""
    return findings_of(payloads, date.min)


def organisation_facts(party: Party, scope_id: int) -> list[Fact]:
    """An organisation's partita IVA that does not check out."""
    finding = _partita_iva(party)
    if finding is None:
        return []
    return [
        finding_fact(
            finding,
            family=FamilyName.PARTIES,
            scope=ScopeKind.ORGANISATION,
            scope_id=scope_id,
            key=finding.kind.value,
            order=(0, party.ref),
        )
    ]


def consortium_facts(grouping: Grouping, scope_id: int) -> list[Fact]:
    """A consortium's lead and shares that do not add up (its members' names are
    in the facts: renaming an organisation rebuilds its consortia's)."""
    return [
        finding_fact(
            finding,
            family=FamilyName.PARTIES,
            scope=ScopeKind.CONSORTIUM,
            scope_id=scope_id,
            key=f"{finding.kind.value}/{n}",
            order=(1, grouping.ref, n),
        )
        for n, finding in enumerate(_grouping_findings(grouping))
    ]


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
    members = grouping.members
    known = [m.share for m in members if m.share is not None]
    total = sum(known, Decimal(0))
    issues = group_issues(members, grouping.kind)

    def found(severity: Severity, kind: AlertKind, detail: object) -> Finding:
        return Finding(severity, kind, None, grouping.name, grouping.ref, detail)

    if GroupIssue.NO_LEAD in issues:
        yield found(Severity.WARNING, AlertKind.CONSORTIUM_LEAD, NoLead(grouping.name))
    if GroupIssue.SEVERAL_LEADS in issues:
        names = tuple(m.organisation for m in leads(members))
        yield found(
            Severity.WARNING,
            AlertKind.CONSORTIUM_LEAD,
            SeveralLeads(grouping.name, names),
        )
    if GroupIssue.SHARES_UNKNOWN in issues:
        # the stated shares may well be right: the others are missing, not wrong
        unknown = tuple(m.organisation for m in members if m.share is None)
        yield found(
            Severity.INFO,
            AlertKind.CONSORTIUM_SHARES,
            SharesUnknown(grouping.name, unknown, total),
        )
    elif known and total != HUNDRED:
        # saving refuses this; a record changed behind the tracker's back still shows
        yield found(
            Severity.WARNING,
            AlertKind.CONSORTIUM_SHARES,
            SharesOff(grouping.name, total),
        )
    if not mandataria_holds_largest_share(members):
        [lead] = leads(members)
        larger = max(
            (m for m in members if m.share is not None),
            key=lambda m: m.share or Decimal(0),
        )
        yield found(
            Severity.WARNING,
            AlertKind.MANDATARIA_SHARE,
            SmallMandataria(grouping.name, lead, larger),
        )


def _invalid_read(values: Sequence[str]) -> InvalidPartitaIva:
    # the error is the check's own: it words why in the reader's language
    name, value = values
    try:
        check_vat_number(value)
    except ValidationError as error:
        return InvalidPartitaIva(name, value, error)
    # a check that has since come to accept it still reports what was found
    reason = N_("not a valid {what}")
    return InvalidPartitaIva(
        name, value, ValidationError("partita_iva", value, reason, what="partita IVA")
    )


register_as(InvalidPartitaIva, Conv(lambda d: [d.name, d.value], _invalid_read))
register(MemberShare, PLAIN, enum_of(MemberRole), DECIMAL.optional)
register(SharesOff, PLAIN, DECIMAL)
register(SharesUnknown, PLAIN, PLAIN.many, DECIMAL)
register(NoLead, PLAIN)
register(SeveralLeads, PLAIN, PLAIN.many)
register(SmallMandataria, PLAIN, nested(MemberShare), nested(MemberShare))
