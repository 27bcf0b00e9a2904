"""Creating, changing and deleting records through the Tracker, on the Milan case.

Every rule that holds when a dataset is loaded holds when a person edits a record; a
refused edit leaves the database exactly as it was; every accepted one is in the
change history with its old and new values.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from sqlmodel import Session, select

from tests.conftest import COMMITTEE_DAY, NOW, fixed_clock
from tracker import models
from tracker.api import ServiceContinuity, Tracker
from tracker.dataset import dataset_json, parse_dataset
from tracker.domain.alerts import AlertKind
from tracker.drafts import (
    AllocationDraft,
    ConsortiumDraft,
    ContractDraft,
    DeadlineDraft,
    FundingSourceDraft,
    LotDraft,
    MemberDraft,
    OptionDraft,
    OrganisationDraft,
    StaffDraft,
    TenderDraft,
)
from tracker.errors import NotFoundError, Term, TrackerError, ValidationError

LORENTEGGIO = "LSL-LORENTEGGIO"


def _continuity(tracker: Tracker, service: str) -> ServiceContinuity:
    return {s.service: s for s in tracker.continuity(COMMITTEE_DAY)}[service]


def _alert_keys(tracker: Tracker, as_of: date = COMMITTEE_DAY) -> set[str]:
    return {a.key for a in tracker.alerts(as_of)}


def _snapshot(tracker: Tracker) -> str:
    return dataset_json(tracker.dump_dataset())


def _tender(tracker: Tracker, ref: str) -> TenderDraft:
    draft = tracker.draft_of(ref)
    assert isinstance(draft, TenderDraft)
    return draft


def _contract(tracker: Tracker, ref: str) -> ContractDraft:
    draft = tracker.draft_of(ref)
    assert isinstance(draft, ContractDraft)
    return draft


def _updates(tracker: Tracker, ref: str) -> list[dict[str, list[object]]]:
    detail = tracker.get_record(ref)
    return [json.loads(c.changes) for c in detail.history if c.action == "update"]


# -- options: the Lorenteggio gap closed by a renewal --


def test_exercising_a_planned_renewal_closes_the_lorenteggio_gap(
    milan: Tracker,
) -> None:
    assert _continuity(milan, LORENTEGGIO).status == "gap"
    ref = milan.save_option(
        "LOR-2019-C1",
        OptionDraft(ref="LOR-2019-C1-R2", kind="renewal", state="planned", months=12),
    )
    assert ref == "LOR-2019-C1-R2"
    option = milan.draft_of(ref)
    assert isinstance(option, OptionDraft)
    # It follows the first renewal, which ended on 20/12/2022
    assert (option.start, option.end) == (date(2022, 12, 21), date(2023, 12, 20))

    # Planned is not coverage: the gap is still open, and the decision is overdue
    planned = _continuity(milan, LORENTEGGIO)
    assert planned.status == "gap"
    assert planned.covered_until == date(2022, 12, 20)
    keys = _alert_keys(milan)
    assert f"{LORENTEGGIO}/continuity_gap" in keys
    assert "LOR-2019-C1-R2/decision" in keys

    milan.exercise_option(ref, decided_on=date(2023, 1, 16), act="DGC-1397-2017")

    covered = _continuity(milan, LORENTEGGIO)
    assert covered.status == "ok"
    assert covered.covered_until == date(2023, 12, 20)
    assert covered.gaps == ()
    keys = _alert_keys(milan)
    assert not any(k.startswith(f"{LORENTEGGIO}/") for k in keys)
    assert "LOR-2019-C1-R2/decision" not in keys
    [row] = [c for c in milan.list_contracts() if c.ref == "LOR-2019-C1"]
    assert row.covered_until == date(2023, 12, 20)
    exercised = milan.draft_of(ref)
    assert isinstance(exercised, OptionDraft)
    assert exercised.state == "exercised"
    assert exercised.decided_on == date(2023, 1, 16)
    assert exercised.act == "DGC-1397-2017"
    assert {
        "state": ["planned", "exercised"],
        "decided_on": [None, "2023-01-16"],
    }.items() <= (_updates(milan, "LOR-2019-C1")[-1].items())


@pytest.mark.parametrize("state", ["exercised", "lapsed"])
def test_only_a_planned_option_can_be_exercised(milan: Tracker, state: str) -> None:
    if state == "lapsed":
        milan.save_option(
            "LOR-2019-C1",
            OptionDraft(ref="LOR-2019-C1-R2", kind="renewal", state=state, months=6),
        )
        ref = "LOR-2019-C1-R2"
    else:
        ref = "LOR-2019-C1-R1"
    before = _snapshot(milan)
    with pytest.raises(ValidationError) as error:
        milan.exercise_option(ref, decided_on=COMMITTEE_DAY)
    assert error.value.field == "state"
    assert error.value.value == Term(state)
    assert _snapshot(milan) == before


def test_an_option_must_follow_the_contract_and_the_options_before_it(
    milan: Tracker,
) -> None:
    before = _snapshot(milan)
    with pytest.raises(ValidationError) as error:
        milan.save_option(
            "LOR-2019-C1",
            OptionDraft(
                ref="LOR-2019-C1-P1",
                kind="proroga_tecnica",
                state="planned",
                start=date(2022, 12, 1),
                months=3,
            ),
        )
    assert error.value.field == "period.start"
    assert "20/12/2022" in error.value.reason
    assert _snapshot(milan) == before

    # Editing R1 is checked against the contract only, not against itself
    r1 = milan.draft_of("LOR-2019-C1-R1")
    assert isinstance(r1, OptionDraft)
    milan.save_option(
        "LOR-2019-C1",
        r1.model_copy(update={"end": date(2022, 12, 31), "months": None}),
        original="LOR-2019-C1-R1",
    )
    assert _continuity(milan, LORENTEGGIO).covered_until == date(2022, 12, 31)

    # An option after R1, then R1 stretched over it: the later option is named
    milan.save_option(
        "LOR-2019-C1",
        OptionDraft(ref="LOR-2019-C1-R2", kind="renewal", state="planned", months=6),
    )
    before = _snapshot(milan)
    with pytest.raises(ValidationError) as error:
        milan.save_option(
            "LOR-2019-C1",
            r1.model_copy(update={"end": date(2023, 3, 31), "months": None}),
            original="LOR-2019-C1-R1",
        )
    assert error.value.field == "options[LOR-2019-C1-R2].start"
    assert _snapshot(milan) == before


def test_an_option_is_edited_under_its_own_contract(milan: Tracker) -> None:
    r1 = milan.draft_of("LOR-2019-C1-R1")
    assert isinstance(r1, OptionDraft)
    with pytest.raises(ValidationError) as error:
        milan.save_option("PRO-2020-MAZZINI", r1, original="LOR-2019-C1-R1")
    assert error.value.field == "contract"
    with pytest.raises(NotFoundError):
        milan.save_option("NO-SUCH-CONTRACT", r1)


# -- contracts --


def test_moving_a_contracts_end_moves_its_coverage_and_is_in_the_history(
    milan: Tracker,
) -> None:
    assert _continuity(milan, "LDQ-MAZZINI").status == "at_risk"
    draft = _contract(milan, "PRO-2020-MAZZINI")
    assert draft.staffing == [
        StaffDraft(role="Professionista esperto esterno", count=1)
    ]
    milan.save_contract(
        draft.model_copy(update={"end": date(2023, 12, 31)}),
        original="PRO-2020-MAZZINI",
    )
    mazzini = _continuity(milan, "LDQ-MAZZINI")
    assert mazzini.covered_until == date(2023, 12, 31)
    assert mazzini.status == "ok"
    assert "LDQ-MAZZINI/continuity_risk" not in _alert_keys(milan)
    # Only what changed is recorded, with the old and the new value
    history = [
        c
        for c in milan.get_record("PRO-2020-MAZZINI").history
        if c.entity == "contract"
    ]
    assert [c.action for c in history] == ["create", "update"]
    assert history[-1].actor == "test-rup"
    assert history[-1].at == NOW
    assert json.loads(history[-1].changes) == {"end": ["2023-06-30", "2023-12-31"]}
    # Staffing and services were kept
    assert _contract(milan, "PRO-2020-MAZZINI").staffing == draft.staffing
    assert _contract(milan, "PRO-2020-MAZZINI").services == ["LDQ-MAZZINI"]


def test_saving_a_record_unchanged_writes_nothing(milan: Tracker) -> None:
    milan.save_contract(
        _contract(milan, "LOR-2019-C1").model_copy(update={"options": []}),
        original="LOR-2019-C1",
    )
    milan.save_tender(
        _tender(milan, "LOR-2019").model_copy(update={"lots": []}),
        original="LOR-2019",
    )
    assert _updates(milan, "LOR-2019-C1") == []
    assert _updates(milan, "LOR-2019") == []


def test_a_contracts_end_cannot_pass_its_options(milan: Tracker) -> None:
    before = _snapshot(milan)
    draft = _contract(milan, "LOR-2019-C1").model_copy(
        update={"options": [], "months": None, "end": date(2022, 8, 31)}
    )
    with pytest.raises(ValidationError) as error:
        milan.save_contract(draft, original="LOR-2019-C1")
    assert error.value.field == "options[LOR-2019-C1-R1].start"
    assert error.value.value == date(2022, 6, 21)
    assert _snapshot(milan) == before
    assert _updates(milan, "LOR-2019-C1") == []


def test_options_are_not_saved_with_a_contract_change(milan: Tracker) -> None:
    with pytest.raises(ValidationError) as error:
        milan.save_contract(_contract(milan, "LOR-2019-C1"), original="LOR-2019-C1")
    assert error.value.field == "options"


def test_a_new_contract_with_options_and_staffing_covers_its_service(
    milan: Tracker,
) -> None:
    milan.save_tender(
        _tender(milan, "LOR-2023").model_copy(
            update={"lots": [], "status": "awarded", "award_date": date(2023, 1, 10)}
        ),
        original="LOR-2023",
    )
    ref = milan.save_contract(
        ContractDraft(
            ref="LOR-2023-C1",
            title="Laboratorio Sociale Lorenteggio 2023-2025",
            lot="LOR-2023-L1",
            supplier="ATI-LORENTEGGIO-2019",
            start=date(2023, 2, 1),
            months=24,
            amount={"gross": "560000.00", "vat_rate": "22"},
            options=[
                OptionDraft(
                    ref="LOR-2023-C1-R1", kind="renewal", state="planned", months=11
                )
            ],
            staffing=[StaffDraft(role="Operatori", count=8)],
        )
    )
    draft = _contract(milan, ref)
    assert draft.services == [LORENTEGGIO], "a contract on a lot covers its services"
    assert draft.end == date(2025, 1, 31)
    assert [(o.ref, o.start, o.end) for o in draft.options] == [
        ("LOR-2023-C1-R1", date(2025, 2, 1), date(2025, 12, 31))
    ]
    assert draft.staffing == [StaffDraft(role="Operatori", count=8)]
    lor = _continuity(milan, LORENTEGGIO)
    assert lor.status == "gap"
    assert lor.successor is not None
    assert (lor.successor.ref, lor.successor.start) == ("LOR-2023-C1", date(2023, 2, 1))


def test_a_contract_on_a_lot_needs_a_published_or_awarded_tender(
    milan: Tracker,
) -> None:
    before = _snapshot(milan)
    with pytest.raises(ValidationError) as error:
        milan.save_contract(
            ContractDraft(
                ref="LOR-2023-C1",
                title="Lorenteggio",
                lot="LOR-2023-L1",
                start=date(2023, 2, 1),
                months=24,
            )
        )
    assert error.value.field == "lot"
    assert "LOR-2023 is planned" in error.value.reason
    # ... and an awarded tender with a contract cannot go back to planned
    with pytest.raises(ValidationError) as error:
        milan.save_tender(
            _tender(milan, "LOR-2019").model_copy(
                update={"lots": [], "status": "planned"}
            ),
            original="LOR-2019",
        )
    assert error.value.field == "status"
    assert "LOR-2019-C1" in error.value.reason
    assert _snapshot(milan) == before


# -- tenders and lots --


def test_tender_rules_hold_on_update(milan: Tracker) -> None:
    before = _snapshot(milan)
    draft = _tender(milan, "LOR-2023").model_copy(update={"lots": []})
    with pytest.raises(ValidationError) as error:
        milan.save_tender(
            draft.model_copy(update={"cup": "B41B2200"}), original="LOR-2023"
        )
    assert (error.value.field, error.value.value) == ("cup", "B41B2200")
    with pytest.raises(ValidationError) as error:
        milan.save_tender(
            draft.model_copy(
                update={
                    "publication_date": date(2023, 3, 1),
                    "offer_deadline": date(2023, 2, 1),
                }
            ),
            original="LOR-2023",
        )
    assert (error.value.field, error.value.value) == (
        "offer_deadline",
        date(2023, 2, 1),
    )
    with pytest.raises(ValidationError) as error:
        milan.save_tender(_tender(milan, "LOR-2023"), original="LOR-2023")
    assert error.value.field == "lots"
    assert _snapshot(milan) == before

    milan.save_tender(
        draft.model_copy(update={"cup": "b41b22000110006", "planned_months": 30}),
        original="LOR-2023",
    )
    saved = _tender(milan, "LOR-2023")
    assert (saved.cup, saved.planned_months) == ("B41B22000110006", 30)
    assert [lot.ref for lot in saved.lots] == ["LOR-2023-L1"], "lots are kept"


def test_a_new_tender_with_lots_and_a_lot_added_later(milan: Tracker) -> None:
    ref = milan.save_tender(
        TenderDraft(
            ref="SCN-MAZZINI-2024",
            title="Laboratorio di Quartiere Mazzini 2024",
            status="planned",
            planned_start=date(2024, 1, 1),
            planned_months=24,
            lots=[
                LotDraft(
                    ref="SCN-MAZZINI-2024-L1",
                    number=1,
                    title="Mazzini",
                    services=["LDQ-MAZZINI"],
                )
            ],
        )
    )
    with pytest.raises(ValidationError) as error:
        milan.save_lot(
            ref, LotDraft(ref="SCN-MAZZINI-2024-L2", number=1, title="San Siro")
        )
    assert (error.value.field, error.value.value) == ("number", 1)
    with pytest.raises(ValidationError) as error:
        milan.save_lot(
            ref, LotDraft(ref="SCN-MAZZINI-2024-L2", number=2, title="X", cig="123")
        )
    assert error.value.field == "cig"
    milan.save_lot(
        ref,
        LotDraft(
            ref="SCN-MAZZINI-2024-L2",
            number=2,
            title="San Siro",
            services=["LDQ-SAN-SIRO"],
        ),
    )
    # A lot changes its services; its number may stay its own
    milan.save_lot(
        ref,
        LotDraft(
            ref="SCN-MAZZINI-2024-L1",
            number=1,
            title="Mazzini e Molise-Calvairate",
            services=["LDQ-MAZZINI", "LDQ-MOLISE-CALVAIRATE"],
        ),
        original="SCN-MAZZINI-2024-L1",
    )
    lots = _tender(milan, ref).lots
    assert [(lot.ref, lot.number, lot.services) for lot in lots] == [
        ("SCN-MAZZINI-2024-L1", 1, ["LDQ-MAZZINI", "LDQ-MOLISE-CALVAIRATE"]),
        ("SCN-MAZZINI-2024-L2", 2, ["LDQ-SAN-SIRO"]),
    ]
    lot = milan.draft_of("SCN-MAZZINI-2024-L2")
    assert isinstance(lot, LotDraft)
    assert lot.title == "San Siro"
    with pytest.raises(ValidationError) as error:
        milan.save_lot("LOR-2019", lot, original="SCN-MAZZINI-2024-L2")
    assert error.value.field == "tender"


# -- renaming --


def test_a_renamed_record_takes_its_notes_and_acknowledgements_along(
    milan: Tracker,
) -> None:
    note_id = milan.add_note("LDQ-2016", "Bando mai pubblicato.")
    milan.acknowledge_deadline("LDQ-2016/start")
    assert "LDQ-2016/start" not in _alert_keys(milan)

    milan.save_tender(
        _tender(milan, "LDQ-2016").model_copy(
            update={"ref": "LDQ-2016-BANDO", "lots": []}
        ),
        original="LDQ-2016",
    )

    with pytest.raises(NotFoundError):
        milan.draft_of("LDQ-2016")
    with pytest.raises(NotFoundError):
        milan.get_record("LDQ-2016")
    renamed = _tender(milan, "LDQ-2016-BANDO")
    assert len(renamed.lots) == 5
    assert [(n.id, n.text) for n in milan.notes_of("LDQ-2016-BANDO")] == [
        (note_id, "Bando mai pubblicato.")
    ]
    # Its allocations follow it (they hold its id), the acknowledgement its key
    dumped = milan.dump_dataset()
    assert {a.funds for a in dumped.allocations if a.ref.startswith("FIN-LDQ")} == {
        "LDQ-2016-BANDO"
    }
    assert [a.key for a in dumped.acknowledgements] == ["LDQ-2016-BANDO/start"]
    keys = _alert_keys(milan)
    assert "LDQ-2016-BANDO/start" not in keys
    assert "LDQ-2016/start" not in keys
    # Its history is found under its new ref, from its creation on
    history = [
        (c.action, json.loads(c.changes).get("ref"))
        for c in milan.get_record("LDQ-2016-BANDO").history
        if c.entity == "tender"
    ]
    assert history == [
        ("create", "LDQ-2016"),
        ("update", ["LDQ-2016", "LDQ-2016-BANDO"]),
    ]


def test_a_ref_in_use_cannot_be_taken(milan: Tracker) -> None:
    before = _snapshot(milan)
    draft = _contract(milan, "PRO-2020-MAZZINI").model_copy(
        update={"ref": "PRO-2020-SAN-SIRO"}
    )
    with pytest.raises(ValidationError) as error:
        milan.save_contract(draft, original="PRO-2020-MAZZINI")
    assert (error.value.field, error.value.value) == ("ref", "PRO-2020-SAN-SIRO")
    assert "already used by a contract" in error.value.reason
    assert _snapshot(milan) == before


def test_a_renamed_contract_is_found_by_its_new_ref_only(milan: Tracker) -> None:
    draft = _contract(milan, "LOR-2019-C1").model_copy(
        update={"ref": "LOR-2019-C1-ATI", "options": []}
    )
    assert milan.save_contract(draft, original="LOR-2019-C1") == "LOR-2019-C1-ATI"
    assert _contract(milan, "LOR-2019-C1-ATI").options[0].ref == "LOR-2019-C1-R1"
    with pytest.raises(NotFoundError):
        milan.get_record("LOR-2019-C1")
    lor = _continuity(milan, LORENTEGGIO)
    assert lor.covered_until == date(2022, 12, 20)
    allocation = milan.draft_of("FIN-LOR-2019-FSE")
    assert isinstance(allocation, AllocationDraft)
    assert allocation.funds == "LOR-2019-C1-ATI"


# -- consortia and organisations --


def _ati(shares: tuple[str, str, str]) -> ConsortiumDraft:
    return ConsortiumDraft(
        ref="ATI-MAZZINI-2024",
        name="ATI Spazio Aperto - ARS - A&I",
        kind="ATI",
        members=[
            MemberDraft(
                organisation="SPAZIO-APERTO", role="mandataria", share=shares[0]
            ),
            MemberDraft(organisation="ARS", role="mandante", share=shares[1]),
            MemberDraft(organisation="A-I", role="mandante", share=shares[2]),
        ],
    )


def test_a_consortiums_shares_must_add_up_to_100(milan: Tracker) -> None:
    before = _snapshot(milan)
    with pytest.raises(ValidationError) as error:
        milan.save_consortium(_ati(("40", "30", "25")))
    assert error.value.field == "members.share"
    assert error.value.value == "95"
    assert error.value.reason == "the shares must add up to 100"
    assert _snapshot(milan) == before

    assert milan.save_consortium(_ati(("45", "30", "25"))) == "ATI-MAZZINI-2024"
    saved = milan.draft_of("ATI-MAZZINI-2024")
    assert isinstance(saved, ConsortiumDraft)
    assert [(m.organisation, m.role, m.share) for m in saved.members] == [
        ("SPAZIO-APERTO", "mandataria", "45"),
        ("ARS", "mandante", "30"),
        ("A-I", "mandante", "25"),
    ]


def test_a_consortiums_members_are_replaced(milan: Tracker) -> None:
    draft = milan.draft_of("ATI-LORENTEGGIO-2019")
    assert isinstance(draft, ConsortiumDraft)
    assert len(draft.members) == 5
    with pytest.raises(ValidationError) as error:
        milan.save_consortium(
            draft.model_copy(update={"members": [*draft.members, draft.members[1]]}),
            original="ATI-LORENTEGGIO-2019",
        )
    assert error.value.field == "members", "a member listed twice"
    shares = ["40", "15", "15", "15", "15"]
    milan.save_consortium(
        draft.model_copy(
            update={
                "members": [
                    m.model_copy(update={"share": s})
                    for m, s in zip(draft.members, shares, strict=True)
                ]
            }
        ),
        original="ATI-LORENTEGGIO-2019",
    )
    saved = milan.draft_of("ATI-LORENTEGGIO-2019")
    assert isinstance(saved, ConsortiumDraft)
    assert [m.share for m in saved.members] == shares
    assert [m.organisation for m in saved.members] == [
        m.organisation for m in draft.members
    ]
    [row] = [c for c in milan.list_contracts() if c.ref == "LOR-2019-C1"]
    assert row.supplier is not None
    assert [m.share for m in row.supplier.members] == [int(s) for s in shares]


def test_an_organisation_is_checked_and_renamed(milan: Tracker) -> None:
    with pytest.raises(ValidationError) as error:
        milan.save_organisation(
            OrganisationDraft(ref="COOP-X", name="Coop X", partita_iva="01199250159")
        )
    assert error.value.field == "partita_iva"
    milan.save_organisation(
        OrganisationDraft(ref="COOP-X", name="Coop X", partita_iva="01199250158")
    )
    milan.save_organisation(
        OrganisationDraft(ref="COOP-Y", name="Coop Y", kind="social_cooperative"),
        original="COOP-X",
    )
    saved = milan.draft_of("COOP-Y")
    assert saved == OrganisationDraft(
        ref="COOP-Y", name="Coop Y", kind="social_cooperative"
    )
    assert {o.ref for o in milan.list_organisations()} >= {"COOP-Y"}
    assert "COOP-X" not in {o.ref for o in milan.list_organisations()}


def test_a_foreign_operator_is_saved_with_its_eu_vat_number(milan: Tracker) -> None:
    with pytest.raises(ValidationError) as error:
        milan.save_organisation(
            OrganisationDraft(ref="GOOGLE-IE", name="Google", partita_iva="IE6388047W")
        )
    assert error.value.reason == (
        "not a valid EU VAT number: the check character is wrong"
    )
    milan.save_organisation(
        OrganisationDraft(ref="GOOGLE-IE", name="Google", partita_iva="ie 6388047v")
    )
    saved = milan.draft_of("GOOGLE-IE")
    assert isinstance(saved, OrganisationDraft)
    assert saved.partita_iva == "IE6388047V"


# -- funding and deadlines --


def test_funding_sources_and_allocations_are_saved_with_their_rules(
    milan: Tracker,
) -> None:
    with pytest.raises(ValidationError) as error:
        milan.save_funding_source(
            FundingSourceDraft(
                ref="PNRR-M5C2",
                name="PNRR",
                kind="eu",
                eligible_from=date(2026, 1, 1),
                eligible_until=date(2025, 12, 31),
            )
        )
    assert error.value.field == "eligible.end"
    milan.save_funding_source(
        FundingSourceDraft(
            ref="PNRR-M5C2", name="PNRR", kind="eu", eligible_until=date(2026, 6, 30)
        )
    )
    with pytest.raises(ValidationError) as error:
        milan.save_allocation(
            AllocationDraft(
                ref="FIN-X", source="PNRR-M5C2", funds="LDQ-MAZZINI", status="planned"
            )
        )
    assert (error.value.field, error.value.value) == ("funds", "LDQ-MAZZINI")
    milan.save_allocation(
        AllocationDraft(
            ref="FIN-LOR-2023-PNRR",
            source="PNRR-M5C2",
            funds="LOR-2023",
            amount="300000.00",
            status="pending_confirmation",
        )
    )
    milan.save_allocation(
        AllocationDraft(
            ref="FIN-LOR-2023-PNRR",
            source="PNRR-M5C2",
            funds="LOR-2023",
            amount="300000.00",
            status="confirmed",
        ),
        original="FIN-LOR-2023-PNRR",
    )
    saved = milan.draft_of("FIN-LOR-2023-PNRR")
    assert isinstance(saved, AllocationDraft)
    assert (saved.amount, saved.status) == ("300000.00", "confirmed")


def test_an_explicit_deadline_moves_its_alert(milan: Tracker) -> None:
    with pytest.raises(ValidationError) as error:
        milan.save_deadline(
            DeadlineDraft(
                ref="ANAC-2023",
                title="Relazione ANAC",
                due=date(2023, 1, 31),
                subject="NOPE",
            )
        )
    assert error.value.field == "subject"
    milan.save_deadline(
        DeadlineDraft(
            ref="ANAC-2023",
            title="Relazione ANAC",
            due=date(2023, 1, 31),
            subject="LOR-2023",
        )
    )
    [alert] = [a for a in milan.alerts(COMMITTEE_DAY) if a.key == "ANAC-2023"]
    assert alert.kind is AlertKind.DEADLINE_UPCOMING
    assert alert.due == date(2023, 1, 31)
    milan.save_deadline(
        DeadlineDraft(
            ref="ANAC-2023",
            title="Relazione ANAC",
            due=date(2023, 1, 10),
            subject="LOR-2023",
        ),
        original="ANAC-2023",
    )
    [alert] = [a for a in milan.alerts(COMMITTEE_DAY) if a.key == "ANAC-2023"]
    assert alert.kind is AlertKind.DEADLINE_OVERDUE
    assert alert.due == date(2023, 1, 10)


# -- notes --


def test_notes_are_written_edited_and_deleted(milan: Tracker) -> None:
    first = milan.add_note("LOR-2019-C1", "Chiesto il rinnovo al RUP.")
    second = milan.add_note("LOR-2019-C1", "Nessuna risposta.")
    notes = milan.notes_of("LOR-2019-C1")
    assert [(n.id, n.author, n.written_at, n.text) for n in notes] == [
        (first, "test-rup", NOW, "Chiesto il rinnovo al RUP."),
        (second, "test-rup", NOW, "Nessuna risposta."),
    ]
    assert [n.text for n in milan.get_record("LOR-2019-C1").notes] == [
        "Chiesto il rinnovo al RUP.",
        "Nessuna risposta.",
    ]
    milan.update_note(second, "Risposta attesa entro fine mese.")
    milan.delete_note(first)
    assert [(n.id, n.text) for n in milan.notes_of("LOR-2019-C1")] == [
        (second, "Risposta attesa entro fine mese.")
    ]
    with pytest.raises(ValidationError) as error:
        milan.update_note(second, "   ")
    assert error.value.field == "text"
    with pytest.raises(ValidationError) as error:
        milan.add_note("NO-SUCH-REF", "x")
    assert error.value.field == "subject"
    with pytest.raises(NotFoundError):
        milan.delete_note(first)


# -- deleting --


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (
            "LOR-2019",
            "LOR-2019: contract LOR-2019-C1 is on its lot LOR-2019-L1; delete the "
            "contract first",
        ),
        (
            "LOR-2019-L1",
            "LOR-2019-L1: contract LOR-2019-C1 is on this lot; delete the contract first",
        ),
        (
            "LOR-2019-C1",
            "LOR-2019-C1: allocation FIN-LOR-2019-FSE funds it; delete the allocation "
            "first",
        ),
        (
            "LOR-2023",
            "LOR-2023: allocation FIN-LOR-2023-RL funds it; delete the allocation first",
        ),
        (
            "ATI-LORENTEGGIO-2019",
            "ATI-LORENTEGGIO-2019: it is the supplier of contract LOR-2019-C1; change "
            "the contract's supplier or delete the contract first",
        ),
        (
            "ARS",
            "ARS: it is a member of consortium ATI-LORENTEGGIO-2019; change the "
            "consortium's members or delete the consortium first",
        ),
        (
            "REGIONE-LOMBARDIA",
            "REGIONE-LOMBARDIA: allocation FIN-LDQ-2016-RL draws on it; delete the "
            "allocation first",
        ),
    ],
)
def test_a_record_others_depend_on_is_not_deleted(
    milan: Tracker, ref: str, message: str
) -> None:
    before = _snapshot(milan)
    with pytest.raises(TrackerError) as error:
        milan.delete(ref)
    assert str(error.value) == message
    assert _snapshot(milan) == before


def test_a_record_a_deadline_is_about_is_not_deleted(milan: Tracker) -> None:
    milan.save_deadline(
        DeadlineDraft(
            ref="LOR-2019-C1-R1-VERIFICA",
            title="Verifica del rinnovo",
            due=date(2023, 2, 1),
            subject="LOR-2019-C1-R1",
        )
    )
    before = _snapshot(milan)
    with pytest.raises(TrackerError, match="deadline LOR-2019-C1-R1-VERIFICA"):
        milan.delete("LOR-2019-C1-R1")
    milan.delete("FIN-LOR-2019-FSE")
    with pytest.raises(TrackerError, match="deadline LOR-2019-C1-R1-VERIFICA"):
        milan.delete("LOR-2019-C1")
    milan.delete("LOR-2019-C1-R1-VERIFICA")
    milan.delete("LOR-2019-C1-R1")
    assert _contract(milan, "LOR-2019-C1").options == []
    assert before != _snapshot(milan)


def test_deleting_takes_what_the_record_owns_and_leaves_no_trace_behind(
    milan: Tracker, db_url_factory: Callable[[], str]
) -> None:
    milan.add_note("LOR-2019-C1", "Contratto concluso.")
    milan.add_note("LOR-2019-L1", "Lotto unico.")
    milan.delete("FIN-LOR-2019-FSE")
    milan.delete("LOR-2019-C1")
    with pytest.raises(NotFoundError):
        milan.get_record("LOR-2019-C1")
    with pytest.raises(NotFoundError):
        milan.draft_of("LOR-2019-C1-R1")
    milan.delete("LOR-2019")
    with pytest.raises(NotFoundError):
        milan.draft_of("LOR-2019-L1")
    milan.delete("ATI-LORENTEGGIO-2019")
    milan.delete("KCITY")
    dumped = milan.dump_dataset()
    assert "LOR-2019" not in {t.ref for t in dumped.tenders}
    assert "ATI-LORENTEGGIO-2019" not in {c.ref for c in dumped.consortia}
    assert "KCITY" not in {o.ref for o in dumped.organisations}
    assert dumped.notes == []
    # Lorenteggio has now never been covered: nothing else changed in the engine
    lor = _continuity(milan, LORENTEGGIO)
    assert lor.status == "gap"
    assert [(g.start, g.end) for g in lor.gaps] == [(date(2019, 6, 21), None)]
    assert _continuity(milan, "LDQ-MAZZINI").covered_until == date(2023, 6, 30)
    # The deletions are in the history, and what is left loads elsewhere as it is
    with pytest.raises(NotFoundError):
        milan.get_record("LOR-2019")
    other = Tracker.open(db_url_factory(), clock=fixed_clock)
    try:
        other.load_dataset(parse_dataset(dataset_json(dumped)))
        assert dataset_json(other.dump_dataset()) == dataset_json(dumped)
    finally:
        other.close()


def test_deletions_are_in_the_change_history(milan: Tracker) -> None:
    milan.delete("FIN-LOR-2019-FSE")
    milan.delete("LOR-2019-C1")
    with Session(milan.engine) as session:
        deleted = {
            (c.entity, c.ref)
            for c in session.exec(
                select(models.Change).where(models.Change.action == "delete")
            )
        }
    assert {
        ("funding_allocation", "FIN-LOR-2019-FSE"),
        ("contract", "LOR-2019-C1"),
        ("contract_option", "LOR-2019-C1-R1"),
        ("staffing", None),
        ("contract_service", None),
    } <= deleted


def test_only_editable_records_are_deleted_or_drafted(milan: Tracker) -> None:
    with pytest.raises(TrackerError, match="is a service"):
        milan.delete(LORENTEGGIO)
    with pytest.raises(TrackerError, match="is a service"):
        milan.draft_of(LORENTEGGIO)
    with pytest.raises(NotFoundError):
        milan.delete("NO-SUCH-REF")


# -- drafts --


def test_a_records_draft_is_its_entry_in_the_dataset(milan: Tracker) -> None:
    dumped = milan.dump_dataset()
    for collection in (
        "tenders",
        "contracts",
        "organisations",
        "consortia",
        "funding_sources",
        "allocations",
        "deadlines",
    ):
        for record in getattr(dumped, collection):
            assert milan.draft_of(record.ref) == record, record.ref
    lor = next(t for t in dumped.tenders if t.ref == "LOR-2019")
    assert milan.draft_of("LOR-2019-L1") == lor.lots[0]
    contract = next(c for c in dumped.contracts if c.ref == "LOR-2019-C1")
    assert milan.draft_of("LOR-2019-C1-R1") == contract.options[0]
    assert len(contract.staffing) == 2


def test_a_draft_changed_without_checks_is_checked_when_saved(milan: Tracker) -> None:
    """``model_copy(update=...)`` skips pydantic: the save checks the draft again."""
    before = _snapshot(milan)
    draft = _tender(milan, "LOR-2023").model_copy(
        update={"lots": [], "status": "signed-off"}
    )
    with pytest.raises(ValidationError) as error:
        milan.save_tender(draft, original="LOR-2023")
    assert (error.value.field, error.value.value) == ("status", "signed-off")
    assert _snapshot(milan) == before
