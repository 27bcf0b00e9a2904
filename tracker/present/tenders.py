"""A tender's published facts in words: the buyer by name and codes, the main
category, the CPV codes, ANAC's procedure code and title, a lot's number and CUPs.

Each is said only when stated, so a tender without them reads as it always did.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tracker.i18n import _
from tracker.vocabulary import term


class Buyer(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def codice_fiscale(self) -> str | None: ...

    @property
    def partita_iva(self) -> str | None: ...

    @property
    def ausa(self) -> str | None: ...


class PublishedTender(Protocol):
    @property
    def ocid(self) -> str | None: ...

    @property
    def buyer(self) -> Buyer | None: ...

    @property
    def main_category(self) -> str | None: ...

    @property
    def cpv(self) -> Sequence[str]: ...

    @property
    def procedure_code(self) -> str | None: ...

    @property
    def procedure_title(self) -> str | None: ...


def buyer_text(buyer: Buyer) -> str:
    """ "Comune di Bergamo (C.F. 80034840167, AUSA 0000244392)": the codice fiscale,
    else the partita IVA, and the AUSA code, when known."""
    codes = []
    if buyer.codice_fiscale:
        codes.append(_("C.F. {code}").format(code=buyer.codice_fiscale))
    elif buyer.partita_iva:
        codes.append(_("P.IVA {code}").format(code=buyer.partita_iva))
    if buyer.ausa:
        codes.append(_("AUSA {code}").format(code=buyer.ausa))
    return f"{buyer.name} ({', '.join(codes)})" if codes else buyer.name


def anac_procedure(code: str | None, title: str | None) -> str | None:
    """ANAC's code and title as published ("1: PROCEDURA APERTA"), or None."""
    if code and title:
        return f"{code}: {title}"
    return code or title or None


def published_facts(tender: PublishedTender) -> list[tuple[str, str]]:
    """(label, value) of each published fact the tender states, in reading order."""
    facts: list[tuple[str, str]] = []
    if tender.buyer is not None:
        facts.append((_("Buyer"), buyer_text(tender.buyer)))
    if tender.main_category:
        facts.append((_("Main category"), term(tender.main_category)))
    if tender.cpv:
        facts.append((_("CPV codes"), ", ".join(tender.cpv)))
    procedure = anac_procedure(tender.procedure_code, tender.procedure_title)
    if procedure:
        facts.append((_("ANAC procedure"), procedure))
    if tender.ocid:
        facts.append((_("OCDS identifier (ocid)"), tender.ocid))
    return facts


def lot_number(number: int | None) -> str:
    """A lot's number, or "-" for a lot published without one."""
    return "-" if number is None else str(number)


def lot_name(number: int | None) -> str:
    return (
        _("Lot {number}").format(number=number)
        if number is not None
        else _("Lot without a number")
    )
