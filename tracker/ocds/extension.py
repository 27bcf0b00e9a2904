"""The names of every JSON field ``appalti export ocds`` writes, in one place, for
the exporter and for the importer of its own packages.

Standard OCDS 1.1 fields keep their names; the fields of the local extension
(``schemas/ocds-appalti-extension``, documented in its README) are below, each with
the object it sits on. The registry extensions used are lots, options and budget
breakdown. Whatever the tracker stores and a package carries sits in exactly one
place: an importer reading these fields restores what was exported.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")
OCDS_VERSION = "1.1"
CURRENCY = "EUR"

EXTENSIONS = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_options_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_budget_breakdown_extension/master/extension.json",
    "urn:appalti:ocds-appalti-extension:1.0",
)
"""``package.extensions``: the three registry extensions, then the local one (it
has no public address: its files are in ``schemas/ocds-appalti-extension``)."""

# -- On every object the tracker names (Tender, Lot, Award, Contract, Organization,
# BudgetBreakdown, and the options below): the tracker's own reference.
REF = "appaltiRef"

# -- Value: the half of the amount the source states, and the VAT rate.
# ``amount`` is the stated value; exactly one of amountNet / amountGross repeats
# it and says which half it is; the other half is never computed into the file.
AMOUNT = "amount"
AMOUNT_NET = "amountNet"
AMOUNT_GROSS = "amountGross"
VAT_RATE = "vatRate"
VAT_RATES = ("22", "10", "5", "4", "exempt", "unknown")

# -- Period: how precisely the ends are known (written only when not to the day),
# and a duration in months as stated.
START_PRECISION = "startPrecision"
END_PRECISION = "endPrecision"
PRECISIONS = ("month", "year")
DURATION_IN_MONTHS = "durationInMonths"

# -- Tender: the tracker's procedure type (procurementMethod is coarser).
PROCEDURE_TYPE = "procedureType"

# -- Lot: the lot's number in its tender (absent when unnumbered). The lot's id is
# its CIG when it has one, else its ref. Its CUPs are additionalClassifications
# with scheme CUP on the tender item whose relatedLot is the lot's id.
LOT_NUMBER = "number"
CUP_SCHEME = "CUP"
CPV_SCHEME = "CPV"

# -- Award: the consortium that won, when the supplier is one (every member is
# also listed in suppliers and in parties).
CONSORTIUM = "consortium"
CONSORTIUM_NAME = "name"
CONSORTIUM_KIND = "kind"
MEMBERS = "members"
MEMBER_PARTY = "id"
MEMBER_NAME = "name"
MEMBER_ROLE = "role"
MEMBER_SHARE = "share"
MEMBER_ROLES = (
    "mandataria",
    "mandante",
    "associata",
    "capogruppo",
    "consorziata",
    "unstated",
)
LEAD_ROLES = ("mandataria", "capogruppo")
LEAD_TENDERER = "leadTenderer"
"""The EU profile's party role, given to a consortium's lead beside ``supplier``."""

# -- Contract: its own CIG, and every option and modification as the tracker holds
# it. ``amendments`` (exercised ones) and ``options`` (planned ones) are derived
# from this list for other readers; an importer of appalti packages reads this.
CIG = "cig"
CONTRACT_OPTIONS = "appaltiOptions"
OPTION_KIND = "kind"
OPTION_STATE = "state"
OPTION_PERIOD = "period"
OPTION_VALUE = "value"
OPTION_DECIDED = "date"
OPTION_CIG = "cig"
OPTION_BASIS = "rationale"

# -- Transaction (a payment): the reference as written (an invoice, a mandate).
PAYMENT_REFERENCE = "reference"

# -- Organization: the partita IVA beside the IT-CF identifier; the funding source
# a funder party stands for (one party per source).
PARTITA_IVA = "partitaIva"
IDENTIFIER_SCHEME = "IT-CF"
AUSA_SCHEME = "AUSA"
FUNDING_SOURCE = "fundingSource"
FUNDING_NAME = "name"
FUNDING_KIND = "kind"
FUNDING_FUNDER = "funder"
FUNDING_ELIGIBILITY = "eligibility"
FUNDING_PAID_BY = "paidBy"

# -- BudgetBreakdown (an allocation): its status, and the contract it funds when it
# funds a contract rather than the tender.
ALLOCATION_STATUS = "status"
ALLOCATION_CONTRACT = "contract"

TENDER_STATUS = MappingProxyType(
    {
        "proposed": "planning",
        "planned": "planned",
        "published": "active",
        "awarded": "complete",
        "unsuccessful": "unsuccessful",
        "cancelled": "cancelled",
    }
)
"""The tracker's tender status -> OCDS tenderStatus (one to one)."""
STATUS_OF_TENDER = MappingProxyType({v: k for k, v in TENDER_STATUS.items()})

PROCUREMENT_METHOD = MappingProxyType(
    {
        "aperta": "open",
        "ristretta": "selective",
        # Invitation of chosen operators without a prior notice: OCDS "limited".
        "negoziata": "limited",
        # A notice first, then negotiation with the candidates admitted.
        "competitiva_con_negoziazione": "selective",
        "dialogo_competitivo": "selective",
        "affidamento_diretto": "direct",
        # An avviso open to every third-sector body, then a selection.
        "co_progettazione": "selective",
        # A call-off among the framework's parties (possibly a mini-competition).
        "adesione_accordo_quadro": "limited",
        # An order placed under a convention's fixed terms: no competition.
        "adesione_convenzione": "direct",
    }
)
"""Procedure type -> OCDS procurementMethod (many to one: ``procedureType`` keeps
the type)."""

OPTION_WORDS = MappingProxyType(
    {
        "renewal": "RINNOVO",
        "extension_option": "OPZIONE DI PROROGA",
        "proroga_tecnica": "PROROGA TECNICA",
        "quinto_variation": "QUINTO D'OBBLIGO",
        "variante": "VARIANTE",
        "revisione_prezzi": "REVISIONE DEI PREZZI",
        "adeguamento_ccnl": "ADEGUAMENTO CCNL",
        "other_modification": "ALTRA MODIFICA",
    }
)
"""An amendment's rationale when the option states no basis: ANAC's words."""


def procedure_details(code: str | None, title: str | None) -> str | None:
    """ANAC's ``procurementMethodDetails``: ``COD:1 ; TITLE:PROCEDURA APERTA``."""
    parts = []
    if code:
        parts.append(f"COD:{code}")
    if title:
        parts.append(f"TITLE:{title}")
    return " ; ".join(parts) or None


def start_moment(day: date) -> str:
    """A period's first day as OCDS writes it: midnight in Rome, with its offset."""
    return datetime.combine(day, time(0, 0, 0), ROME).isoformat()


def end_moment(day: date) -> str:
    """A period's last day: its last second in Rome, with its offset."""
    return datetime.combine(day, time(23, 59, 59), ROME).isoformat()


def party_id(scheme_id: str | None, ref: str, *, kind: str = "org") -> str:
    """A party's id in the release: ``IT-CF-<codice fiscale>`` when known, else
    ``appalti-<kind>-<ref>``."""
    if scheme_id:
        return f"{IDENTIFIER_SCHEME}-{scheme_id}"
    return f"appalti-{kind}-{ref}"


def day_of(moment: str) -> date:
    """The Rome day of a moment this exporter wrote (the inverse of
    ``start_moment`` and ``end_moment``)."""
    return datetime.fromisoformat(moment).astimezone(ROME).date()


def stated_amount(value: Mapping[str, Any]) -> tuple[Decimal, str, str] | None:
    """(the stated value, ``net`` or ``gross``, the VAT rate) of a Value carrying
    this extension's fields; None when it does not say which half it states."""
    rate = value.get(VAT_RATE)
    if rate not in VAT_RATES:
        return None
    for field, basis in ((AMOUNT_NET, "net"), (AMOUNT_GROSS, "gross")):
        stated = value.get(field)
        if isinstance(stated, int | Decimal) and not isinstance(stated, bool):
            return Decimal(stated), basis, str(rate)
    return None
