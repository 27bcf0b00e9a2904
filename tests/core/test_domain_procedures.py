"""ANAC's codes for the choice of the contractor as the project's procedure types."""

from __future__ import annotations

import pytest

from tracker.domain.kinds import ProcedureType
from tracker.domain.procedures import PROCEDURE_CODES, ProcedureFact, procedure_of
from tracker.vocabulary import VOCABULARY


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        (
            "COD:1 ; TITLE:PROCEDURA APERTA",
            ProcedureFact(1, "PROCEDURA APERTA", ProcedureType.APERTA),
        ),
        (
            "COD:4 ; TITLE:PROCEDURA NEGOZIATA SENZA PREVIA PUBBLICAZIONE",
            ProcedureFact(
                4,
                "PROCEDURA NEGOZIATA SENZA PREVIA PUBBLICAZIONE",
                ProcedureType.NEGOZIATA,
            ),
        ),
        (
            "COD:24 ; TITLE:AFFIDAMENTO DIRETTO",
            ProcedureFact(24, "AFFIDAMENTO DIRETTO", ProcedureType.AFFIDAMENTO_DIRETTO),
        ),
        (
            "COD:34 ; TITLE:PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA",
            ProcedureFact(
                34,
                "PROCEDURA NEGOZIATA PER AFFIDAMENTI SOTTO SOGLIA",
                ProcedureType.NEGOZIATA,
            ),
        ),
        # Framework agreement or convention: ANAC's code does not say which.
        (
            "COD:27 ; TITLE:AFFIDAMENTO DIRETTO IN ADESIONE AD ACCORDO QUADRO/CONVENZIONE",
            ProcedureFact(
                27,
                "AFFIDAMENTO DIRETTO IN ADESIONE AD ACCORDO QUADRO/CONVENZIONE",
                None,
            ),
        ),
        # An unknown code keeps its published title.
        (
            "COD:99 ; TITLE:PROCEDURA DI PROVA",
            ProcedureFact(99, "PROCEDURA DI PROVA", None),
        ),
        # A known code without a title takes ANAC's.
        (
            "COD:38",
            ProcedureFact(
                38,
                "PROCEDURA COMPETITIVA CON NEGOZIAZIONE",
                ProcedureType.COMPETITIVA_NEGOZIAZIONE,
            ),
        ),
        (
            "  cod : 2 ;title: RISTRETTA  ",
            ProcedureFact(2, "RISTRETTA", ProcedureType.RISTRETTA),
        ),
        ("Open procedure", ProcedureFact(None, "Open procedure", None)),
        ("", ProcedureFact(None, "", None)),
    ],
)
def test_procedure_of_reads_anac_details(details: str, expected: ProcedureFact) -> None:
    assert procedure_of(details) == expected


def test_the_table_is_declarative_and_complete() -> None:
    codes = [row.code for row in PROCEDURE_CODES]
    assert codes == sorted(set(codes))
    assert all(row.title and row.source for row in PROCEDURE_CODES)
    assert {row.code for row in PROCEDURE_CODES if row.type is None} == {25, 27, 28}


def test_adhesions_are_stored_procedure_types() -> None:
    assert ProcedureType("adesione_accordo_quadro") in ProcedureType
    assert {"adesione_accordo_quadro", "adesione_convenzione"} <= set(VOCABULARY)
