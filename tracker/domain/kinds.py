"""Closed vocabularies of the domain (stored as their string values)."""

from __future__ import annotations

from enum import StrEnum


class ProcedureType(StrEnum):
    """Procurement procedures (D.Lgs. 36/2023) and co-design agreements."""

    APERTA = "aperta"
    RISTRETTA = "ristretta"
    NEGOZIATA = "negoziata"
    COMPETITIVA_NEGOZIAZIONE = "competitiva_con_negoziazione"
    DIALOGO_COMPETITIVO = "dialogo_competitivo"
    AFFIDAMENTO_DIRETTO = "affidamento_diretto"
    CO_PROGETTAZIONE = "co_progettazione"
    ADESIONE_ACCORDO_QUADRO = "adesione_accordo_quadro"
    ADESIONE_CONVENZIONE = "adesione_convenzione"


class MainCategory(StrEnum):
    """What a procedure mainly buys (OCDS ``mainProcurementCategory``)."""

    WORKS = "works"
    SERVICES = "services"
    GOODS = "goods"


class TenderStatus(StrEnum):
    """Where a procedure stands. Proposed and planned tenders cover nothing."""

    PROPOSED = "proposed"
    PLANNED = "planned"
    PUBLISHED = "published"
    AWARDED = "awarded"
    UNSUCCESSFUL = "unsuccessful"
    CANCELLED = "cancelled"


TENDER_PROGRESS = {
    TenderStatus.PROPOSED.value: 0,
    TenderStatus.PLANNED.value: 1,
    TenderStatus.PUBLISHED.value: 2,
    TenderStatus.AWARDED.value: 3,
}
"""How far a live procedure has gone; cancelled and unsuccessful ones are not here."""


class OptionKind(StrEnum):
    """Ways a contract grows beyond its base period or amount: the options the
    tender provided, and the modifications made to the contract (art. 120)."""

    RENEWAL = "renewal"
    EXTENSION_OPTION = "extension_option"
    PROROGA_TECNICA = "proroga_tecnica"
    QUINTO_VARIATION = "quinto_variation"
    VARIANTE = "variante"
    REVISIONE_PREZZI = "revisione_prezzi"
    ADEGUAMENTO_CCNL = "adeguamento_ccnl"
    OTHER_MODIFICATION = "other_modification"


class OptionState(StrEnum):
    """Only exercised options extend coverage and count in totals."""

    PLANNED = "planned"
    EXERCISED = "exercised"
    LAPSED = "lapsed"


class FundingStatus(StrEnum):
    """Confirmation state of an allocation of funds."""

    PLANNED = "planned"
    PENDING_CONFIRMATION = "pending_confirmation"
    CONFIRMED = "confirmed"


class FundingKind(StrEnum):
    """Who ultimately pays."""

    EU = "eu"
    NATIONAL = "national"
    REGIONAL = "regional"
    MUNICIPAL = "municipal"
    OTHER = "other"


class ActKind(StrEnum):
    """Administrative acts that authorise procedures and spending."""

    DELIBERA_GC = "delibera_gc"
    DELIBERA_CC = "delibera_cc"
    DETERMINA = "determina_dirigenziale"
    DECRETO = "decreto"
    OTHER = "other"


class SiteOwner(StrEnum):
    """Owner of the premises a service runs in."""

    ALER = "aler"
    COMUNE = "comune"
    OTHER = "other"


class OrganisationKind(StrEnum):
    """Legal nature of an organisation."""

    COMPANY = "company"
    SOCIAL_COOPERATIVE = "social_cooperative"
    COOPERATIVE = "cooperative"
    ASSOCIATION = "association"
    PUBLIC_BODY = "public_body"
    INDIVIDUAL = "individual"
    OTHER = "other"


class InHouseKind(StrEnum):
    """How the department covered a service without a service contract."""

    INTERNAL_STAFF = "internal_staff"
    INDIVIDUAL_PROFESSIONALS = "individual_professionals"


class DeadlineState(StrEnum):
    """An explicit deadline is open until done; acknowledged ones stop nagging."""

    OPEN = "open"
    DONE = "done"
    ACKNOWLEDGED = "acknowledged"


class Recurrence(StrEnum):
    """Repetition of an explicit deadline."""

    NONE = "none"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
