"""Kinds of modification named by ANAC's amendment rationales."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED
from tracker.domain.modifications import (
    LEGAL_BASIS,
    ModificationKind,
    kind_of_rationale,
)
from tracker.vocabulary import VOCABULARY

ANAC = SHARED / "ocds" / "samples" / "anac-compiled-releases.json"

# Every rationale of the ANAC sample, as published, with the kind it names.
ANAC_RATIONALES = {
    "A SEGUITO ADOZIONE DELLA PROPOSTA DADEGUAMENTO TECNICO FUNZIONALE DEL PIANO "
    "REGOLATORE PORTUALE DEL PORTO DI RAVENNA, NELLE MORE DEL PARERE DEL CONSIGLIO "
    "SUPERIORE DEI LAVORI PUBBLICI, SI È RITENUTO NECESSARIO SUDDIVIDIRE IN DUE "
    "STRALCI LE OPERE - AUMENTO PARI AL 6,36%": ModificationKind.OTHER,
    "ASPETTI TECNICI-FUNZIONALI PER LA REALIZZAZIONE DELL?INTERVENTO DI "
    "RISTRUTTURAZIONE ATTINENTI PRINCIPALMENTE ALL?ADEGUAMENTO DELL?INFRASTRUTTURA "
    "ALL?ATF APPROVATA DAL CONSIGLIO SUPERIORE DEI LAVORI PUBBLICI": ModificationKind.OTHER,
    "PERIZIA TECNICA MIGLIORATIVA E PERIZIA PER OPERE NECESSARIE PER IL TERMINALISTA": (
        ModificationKind.VARIANTE
    ),
    "ALTRE MODIFICHE DI IMPORTO INFERIORE ALLA SOGLIA COMUNITARIA E AL 10% DEL VALORE "
    "CONTRATTUALE PER SERVIZI E FORNITURE O AL 15% PER LAVORI": ModificationKind.OTHER,
    "REVISIONE DEI PREZZI": ModificationKind.REVISIONE_PREZZI,
    "LAVORI, SERVIZI O FORNITURE SUPPLEMENTARI NON INCLUSI NELLU2019APPALTO INIZIALE": (
        ModificationKind.OTHER
    ),
    "QUINTO D''OBBLIGO ": ModificationKind.QUINTO_VARIATION,
    "PROROGA": ModificationKind.PROROGA_TECNICA,
    "LAVORI AGGIUNTIVI": ModificationKind.OTHER,
}


@pytest.mark.parametrize(("rationale", "kind"), list(ANAC_RATIONALES.items()))
def test_anac_rationales(rationale: str, kind: ModificationKind) -> None:
    assert kind_of_rationale(rationale) == kind


@pytest.mark.parametrize(
    ("rationale", "kind"),
    [
        ("proroga tecnica nelle more della gara", ModificationKind.PROROGA_TECNICA),
        ("Quinto d\u2019obbligo", ModificationKind.QUINTO_VARIATION),
        ("QUINTO D'OBBLIGO", ModificationKind.QUINTO_VARIATION),
        ("Revisione prezzi art. 60", ModificationKind.REVISIONE_PREZZI),
        ("REVISIONE PROGETTUALE", ModificationKind.OTHER),
        ("Adeguamento CCNL cooperative sociali", ModificationKind.ADEGUAMENTO_CCNL),
        ("Variante in corso d'opera", ModificationKind.VARIANTE),
        ("perizia di variante", ModificationKind.VARIANTE),
        ("VARIANTE È NECESSARIA", ModificationKind.VARIANTE),
        # Proroga wins over a variante named with it: the end date is what moves.
        ("PROROGA E VARIANTE", ModificationKind.PROROGA_TECNICA),
        ("", ModificationKind.OTHER),
    ],
)
def test_written_by_people(rationale: str, kind: ModificationKind) -> None:
    assert kind_of_rationale(rationale) == kind


def test_kinds_are_stored_values_with_a_legal_basis_entry() -> None:
    assert set(LEGAL_BASIS) == set(ModificationKind)
    assert (
        LEGAL_BASIS[ModificationKind.PROROGA_TECNICA] == "art. 120 c.11 D.Lgs. 36/2023"
    )
    assert (
        LEGAL_BASIS[ModificationKind.QUINTO_VARIATION] == "art. 120 c.9 D.Lgs. 36/2023"
    )
    assert {kind.value for kind in ModificationKind} <= set(VOCABULARY)


@pytest.mark.skipif(not ANAC.is_file(), reason=f"{ANAC} is absent (../shared/ocds)")
def test_the_table_holds_every_rationale_of_the_anac_sample() -> None:
    releases = json.loads(ANAC.read_text(encoding="utf-8"))["releases"]
    published = {
        amendment["rationale"]
        for release in releases
        for contract in release.get("contracts", [])
        for amendment in contract.get("amendments", [])
    }
    assert published == set(ANAC_RATIONALES)
