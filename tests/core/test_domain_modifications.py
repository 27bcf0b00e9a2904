"""Kinds of modification named by ANAC's amendment rationales."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED
from tracker.domain.kinds import OptionKind, OptionState
from tracker.domain.modifications import (
    LEGAL_BASIS,
    ModificationKind,
    decided_before_the_end,
    kind_of_rationale,
    needs_period,
    weighs_on_quinto,
)
from tracker.domain.rules import counts_towards_quinto
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


K = OptionKind

# kind: (needs a period, decided before the end, weighs on the quinto)
KINDS = {
    K.RENEWAL: (True, True, False),
    K.EXTENSION_OPTION: (True, True, False),
    K.PROROGA_TECNICA: (False, True, False),
    K.QUINTO_VARIATION: (False, False, True),
    K.VARIANTE: (False, False, False),
    K.REVISIONE_PREZZI: (False, False, False),
    K.ADEGUAMENTO_CCNL: (False, False, False),
    K.OTHER_MODIFICATION: (False, False, False),
}


def test_every_kind_is_in_the_table() -> None:
    assert set(KINDS) == set(OptionKind)


@pytest.mark.parametrize(("kind", "expected"), KINDS.items(), ids=list(KINDS))
def test_what_each_kind_needs(kind: OptionKind, expected: tuple[bool, ...]) -> None:
    assert (
        needs_period(kind),
        decided_before_the_end(kind),
        weighs_on_quinto(kind),
    ) == expected


@pytest.mark.parametrize(
    ("kind", "state", "with_planned", "counts"),
    [
        (K.QUINTO_VARIATION, OptionState.EXERCISED, False, True),
        (K.QUINTO_VARIATION, OptionState.PLANNED, True, True),
        (K.QUINTO_VARIATION, OptionState.PLANNED, False, False),
        (K.QUINTO_VARIATION, OptionState.LAPSED, True, False),
        (K.VARIANTE, OptionState.EXERCISED, True, False),
        (K.REVISIONE_PREZZI, OptionState.EXERCISED, True, False),
        (K.ADEGUAMENTO_CCNL, OptionState.EXERCISED, True, False),
        (K.OTHER_MODIFICATION, OptionState.EXERCISED, True, False),
        (K.RENEWAL, OptionState.EXERCISED, True, False),
        (K.PROROGA_TECNICA, OptionState.EXERCISED, True, False),
    ],
)
def test_only_the_quinto_variation_counts_towards_the_quinto(
    kind: OptionKind, state: OptionState, with_planned: bool, counts: bool
) -> None:
    assert counts_towards_quinto(kind, state, with_planned=with_planned) is counts
