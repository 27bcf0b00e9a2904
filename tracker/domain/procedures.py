"""ANAC's codes for the choice of the contractor, as the project's procedure types.

ANAC publishes ``tender.procurementMethodDetails`` as ``"COD:n ; TITLE:..."``, where
``n`` is the code of the BDNCP table *scelta del contraente* (the ``id_scelta_contraente``
of its open data) and the title is ANAC's wording of that code.

Sources, read on 30 November 2026:

- the 12 compiled releases of ``../shared/ocds/samples/anac-compiled-releases.json``
  (captured 2025 from publication 117) give codes 1, 4, 24, 27 and 34 with their titles;
- ANAC's L.190/2012 list (``NN-TITLE``, revised 4 Nov 2019, as carried by AVCP XML
  tools) gives the same titles, numbered one less from 23 up: there 23 is AFFIDAMENTO
  DIRETTO, 26 the direct adhesion, 27 CONFRONTO COMPETITIVO IN ADESIONE AD ACCORDO
  QUADRO/CONVENZIONE, 33 the negotiated below-threshold procedure, 37 PROCEDURA
  COMPETITIVA CON NEGOZIAZIONE. Codes 2, 5, 25, 28 and 38 below come from that shift and
  are marked so in their source.

Codes 27 and 28 both name "ACCORDO QUADRO/CONVENZIONE": ANAC does not say whether the
adhesion is to a framework agreement or to a convention, so neither code has a type of
its own here (the importer or the person chooses ``adesione_accordo_quadro`` or
``adesione_convenzione``); their title is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.domain.kinds import ProcedureType

SAMPLES = "ANAC OCDS publication 117 (sample of 12 compiled releases, 2025)"
L190_SHIFT = "ANAC L.190/2012 list, code one more than there (not seen in OCDS yet)"


@dataclass(frozen=True)
class ProcedureCode:
    """One row of ANAC's table: its code, the project's type (None when the code
    maps to none), ANAC's title and where the row was read."""

    code: int
    type: ProcedureType | None
    title: str
    source: str


PROCEDURE_CODES: tuple[ProcedureCode, ...] = (
    ProcedureCode(1, ProcedureType.APERTA, "PROCEDURA APERTA", SAMPLES),
    ProcedureCode(2, ProcedureType.RISTRETTA, "PROCEDURA RISTRETTA", L190_SHIFT),
    ProcedureCode(
        4,
        ProcedureType.NEGOZIATA,
        "PROCEDURA NEGOZIATA SENZA PREVIA PUBBLICAZIONE",
        SAMPLES,
    ),
    ProcedureCode(
        5, ProcedureType.DIALOGO_COMPETITIVO, "DIALOGO COMPETITIVO", L190_SHIFT
    ),
    ProcedureCode(
        24, ProcedureType.AFFIDAMENTO_DIRETTO, "AFFIDAMENTO DIRETTO", SAMPLES
    ),
    # An in-house entrustment is no procedure with a contractor chosen on the market.
    ProcedureCode(25, None, "AFFIDAMENTO DIRETTO A SOCIETA' IN HOUSE", L190_SHIFT),
    ProcedureCode(
        27,
        None,
        "AFFIDAMENTO DIRETTO IN ADESIONE AD ACCORDO QUADRO/CONVENZIONE",
        SAMPLES,
    ),
    ProcedureCode(
        28,
        None,
        "CONFRONTO COMPETITIVO IN ADESIONE AD ACCORDO QUADRO/CONVENZIONE",
        L190_SHIFT,
    ),
    ProcedureCode(
        34,
        ProcedureType.NEGOZIATA,
        "PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA",
        SAMPLES,
    ),
    ProcedureCode(
        38,
        ProcedureType.COMPETITIVA_NEGOZIAZIONE,
        "PROCEDURA COMPETITIVA CON NEGOZIAZIONE",
        L190_SHIFT,
    ),
)

BY_CODE = {row.code: row for row in PROCEDURE_CODES}

_DETAILS = re.compile(
    r"^\s*COD\s*:\s*(\d+)\s*(?:;\s*TITLE\s*:\s*(.*?))?\s*$", re.S | re.I
)


@dataclass(frozen=True)
class ProcedureFact:
    """What a published procedure says: ANAC's code (None when the text has none),
    its title as published, and the project's type (None when unknown)."""

    code: int | None
    title: str
    type: ProcedureType | None


def procedure_of(details: str) -> ProcedureFact:
    """The procedure a ``procurementMethodDetails`` text names: a known code gives
    its type; an unknown code, or a text without one, keeps the text as the title."""
    match = _DETAILS.match(details)
    if match is None:
        return ProcedureFact(None, details.strip(), None)
    code = int(match.group(1))
    published = (match.group(2) or "").strip()
    row = BY_CODE.get(code)
    if row is None:
        return ProcedureFact(code, published, None)
    return ProcedureFact(code, published or row.title, row.type)
