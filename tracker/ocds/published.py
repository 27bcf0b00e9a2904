"""The facts a published OCDS release states, as plain typed values.

Nothing here is computed or invented: a field the release leaves out is None (or an
empty tuple), a date that cannot be read is None with a warning. Amounts are as
published: ANAC's are net of VAT with the rate unknown, and a currency other than
the euro is kept for the importer to decide about. Dates are calendar days (a
date-time is read as the day its date part names).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from tracker.domain.kinds import MainCategory
from tracker.domain.modifications import ModificationKind
from tracker.domain.procedures import ProcedureFact
from tracker.errors import Message


@dataclass(frozen=True)
class PublishedValue:
    """An amount as published (net of VAT in ANAC's data; VAT rate unknown)."""

    amount: Decimal
    currency: str


@dataclass(frozen=True)
class PublishedPeriod:
    """A period whose every end may be missing; nothing is derived from the others."""

    start: date | None = None
    end: date | None = None
    max_extent: date | None = None


@dataclass(frozen=True)
class PublishedParty:
    """An organisation of the release, under the key its other blocks use."""

    key: str
    name: str | None
    scheme: str | None
    identifier: str | None
    codice_fiscale: str | None
    ausa: str | None
    roles: tuple[str, ...]
    address: str | None


@dataclass(frozen=True)
class PublishedLot:
    """A lot; ANAC's lot id is the CIG (``cig`` when the id has a CIG's shape)."""

    id: str
    cig: str | None
    title: str | None
    description: str | None
    value: PublishedValue | None
    cups: tuple[str, ...]
    number: str | None


@dataclass(frozen=True)
class PublishedAward:
    """An award; its suppliers are party keys (an RTI lists every member, no lead)."""

    id: str
    status: str | None
    date: date | None
    value: PublishedValue | None
    suppliers: tuple[str, ...]
    lots: tuple[str, ...]


@dataclass(frozen=True)
class PublishedAmendment:
    """A modification of a contract; ``id`` is the published one, or
    ``<contract id>/amendment-<n>`` (``derived_id``) when none is published."""

    id: str
    derived_id: bool
    date: date | None
    rationale: str | None
    description: str | None
    kind: ModificationKind


@dataclass(frozen=True)
class PublishedPayment:
    """A transaction of the contract's implementation; ``reference`` is the
    transaction's uri, else its id."""

    id: str | None
    date: date | None
    value: PublishedValue | None
    reference: str | None


@dataclass(frozen=True)
class PublishedContract:
    """A contract; ``lots`` from its items' relatedLot, else from its award's."""

    id: str
    award_id: str | None
    lots: tuple[str, ...]
    title: str | None
    description: str | None
    period: PublishedPeriod
    value: PublishedValue | None
    date_signed: date | None
    status: str | None
    amendments: tuple[PublishedAmendment, ...]
    payments: tuple[PublishedPayment, ...]


@dataclass(frozen=True)
class PublishedTender:
    """One contracting process (one ocid), merged from its releases in the input."""

    ocid: str
    release_id: str | None
    date: date | None
    title: str | None
    description: str | None
    buyer: str | None
    main_category: MainCategory | None
    procedure: ProcedureFact | None
    cpv: tuple[str, ...]
    value: PublishedValue | None
    tender_period: PublishedPeriod
    cups: tuple[str, ...]
    lots: tuple[PublishedLot, ...]
    parties: Mapping[str, PublishedParty] = field(
        default_factory=lambda: MappingProxyType({})
    )
    awards: tuple[PublishedAward, ...] = ()
    contracts: tuple[PublishedContract, ...] = ()
    warnings: tuple[Message, ...] = ()
    own: Mapping[str, Any] | None = None
    """The release as written, when appalti wrote it (its own references and
    extension fields restore every record exactly); None for others' data."""


@dataclass(frozen=True)
class Skipped:
    """A release that could not be read as a tender: where it sat in the input
    (its line in JSON Lines, else its place among the releases, from 1), its ocid
    when known, and why."""

    position: int
    ocid: str | None
    reason: Message


PublishedItem = PublishedTender | Skipped
