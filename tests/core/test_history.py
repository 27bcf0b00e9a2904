"""A complete history: every write against the record it belongs to, renames and
recreations kept apart, nothing editable, and carried whole by dump and load."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from tests.conftest import fixed_clock
from tracker import models
from tracker.api import ChangeRow, Tracker
from tracker.dataset import dataset_json, parse_dataset
from tracker.drafts import (
    ConsortiumDraft,
    ContractDraft,
    LotDraft,
    MemberDraft,
    OrganisationDraft,
    StaffDraft,
    TenderDraft,
)

CONTRACT = "LOR-2019-C1"
CONSORTIUM = "ATI-LORENTEGGIO-2019"
TENDER = "LOR-2019"
LOT = "LOR-2019-L1"


def _entities(history: tuple[ChangeRow, ...]) -> set[tuple[str, str]]:
    return {(c.entity, c.action) for c in history}


def _contract(tracker: Tracker) -> ContractDraft:
    draft = tracker.draft_of(CONTRACT)
    assert isinstance(draft, ContractDraft)
    return draft.model_copy(update={"options": []})


def test_a_members_share_belongs_to_its_consortium(milan: Tracker) -> None:
    draft = milan.draft_of(CONSORTIUM)
    assert isinstance(draft, ConsortiumDraft)
    shares = ["40", "15", "15", "15", "15"]
    members = [
        MemberDraft(organisation=m.organisation, role=m.role, share=share)
        for m, share in zip(draft.members, shares, strict=True)
    ]
    milan.save_consortium(
        draft.model_copy(update={"members": members}), original=CONSORTIUM
    )
    history = milan.consortium_view(CONSORTIUM).history
    entries = [c for c in history if c.entity == "consortium_member"]
    # the members were replaced: the old rows went, the new ones came with shares
    assert [c.action for c in entries[-10:]] == ["delete"] * 5 + ["create"] * 5
    assert [json.loads(c.changes)["share_hundredths"] for c in entries[-5:]] == [
        4000,
        1500,
        1500,
        1500,
        1500,
    ]


def test_links_and_staffing_belong_to_their_contract(milan: Tracker) -> None:
    draft = _contract(milan)
    milan.save_contract(
        draft.model_copy(
            update={
                "services": [*draft.services, "LDQ-MAZZINI"],
                "staffing": [StaffDraft(role="Coordinatore", count=1)],
            }
        ),
        original=CONTRACT,
    )
    entities = _entities(milan.get_record(CONTRACT).history)
    assert {
        ("contract_service", "create"),
        ("staffing", "update"),
        ("staffing", "delete"),
    } <= entities


def test_a_lots_service_link_belongs_to_its_lot(milan: Tracker) -> None:
    tender = milan.draft_of(TENDER)
    assert isinstance(tender, TenderDraft)
    [lot] = [lot for lot in tender.lots if lot.ref == LOT]
    milan.save_lot(
        TENDER,
        LotDraft.model_validate(
            {**lot.model_dump(), "services": [*lot.services, "LDQ-MAZZINI"]}
        ),
        original=LOT,
    )
    with Session(milan.engine) as session:
        link = session.exec(
            select(models.Change)
            .where(
                models.Change.entity == "lot_service", models.Change.action == "create"
            )
            .order_by(col(models.Change.id).desc())
        ).first()
        lot_id = session.exec(select(models.Lot.id).where(models.Lot.ref == LOT)).one()
    assert link is not None
    assert (link.subject_kind, link.subject_id) == ("lot", lot_id)
    assert ("lot_service", "create") in _entities(
        milan.tender_view(TENDER).detail.history
    )
    # and the tender's own history says its lots changed
    tender_updates = [
        json.loads(c.changes)
        for c in milan.tender_view(TENDER).detail.history
        if c.entity == "tender" and c.action == "update"
    ]
    assert tender_updates == [{"lots": [LOT, LOT]}]


def test_notes_acknowledgements_and_snoozes_belong_to_their_record(
    milan: Tracker,
) -> None:
    milan.add_note(CONTRACT, "Sentito il fornitore")
    derived = next(
        d
        for d in milan.deadlines(date(2030, 1, 1))
        if d.subject == CONTRACT and d.kind != "explicit"
    )
    milan.acknowledge_deadline(derived.key)
    alert = next(a for a in milan.alerts(date(2023, 1, 17)) if a.key.startswith("LOR"))
    milan.snooze_alert(alert.key, until=date(2023, 2, 1))
    history = milan.get_record(CONTRACT).history
    assert {("note", "create"), ("acknowledgement", "create")} <= _entities(history)
    snoozed_ref = alert.key.rpartition("/")[0]
    with Session(milan.engine) as session:
        [snooze] = session.exec(
            select(models.Change).where(models.Change.entity == "snooze")
        ).all()
        found = session.exec(
            text(  # type: ignore[call-overload]
                f"SELECT id FROM {snooze.subject_kind} WHERE ref = :ref"
            ),
            params={"ref": snoozed_ref},
        ).one()
    assert snooze.subject_id == found[0]


def test_a_rename_adds_an_entry_and_leaves_earlier_ones_as_written(
    milan: Tracker,
) -> None:
    draft = milan.draft_of(TENDER)
    assert isinstance(draft, TenderDraft)
    milan.save_tender(
        draft.model_copy(update={"ref": "LOR-2019-BANDO", "lots": []}), original=TENDER
    )
    own = [
        c
        for c in milan.tender_view("LOR-2019-BANDO").detail.history
        if c.entity == "tender"
    ]
    assert [(c.action, c.ref) for c in own] == [
        ("create", TENDER),
        ("update", "LOR-2019-BANDO"),
    ]
    assert json.loads(own[-1].changes) == {"ref": [TENDER, "LOR-2019-BANDO"]}
    with Session(milan.engine) as session:
        written = session.exec(
            select(models.Change.ref).where(
                models.Change.entity == "tender", models.Change.action == "create"
            )
        ).all()
    assert TENDER in written


def test_a_record_recreated_under_a_deleted_ref_has_only_its_own_history(
    milan: Tracker, backend: str
) -> None:
    milan.save_organisation(OrganisationDraft(ref="ORG-X", name="Prima"), original=None)
    milan.save_organisation(
        OrganisationDraft(ref="ORG-X", name="Prima e mezza"), original="ORG-X"
    )
    with Session(milan.engine) as session:
        first_id = session.exec(
            select(models.Organisation.id).where(models.Organisation.ref == "ORG-X")
        ).one()
    milan.delete("ORG-X")
    milan.save_organisation(
        OrganisationDraft(ref="ORG-X", name="Seconda"), original=None
    )
    with Session(milan.engine) as session:
        second_id = session.exec(
            select(models.Organisation.id).where(models.Organisation.ref == "ORG-X")
        ).one()
    if backend == "sqlite":
        assert second_id == first_id  # SQLite reused the id: the hard case
    history = milan.organisation_view("ORG-X").history
    assert [(c.action, json.loads(c.changes)["name"]) for c in history] == [
        ("create", "Seconda")
    ]


def test_the_database_refuses_to_change_or_delete_history(milan: Tracker) -> None:
    statements = [
        "UPDATE change SET actor = 'someone else'",
        "DELETE FROM change",
    ]
    if milan.engine.dialect.name == "postgresql":
        statements.append("TRUNCATE change")
    for statement in statements:
        with (
            pytest.raises(DBAPIError, match="append-only"),
            milan.engine.begin() as connection,
        ):
            connection.execute(text(statement))
    with milan.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM change")).scalar()
        assert not connection.execute(
            text("SELECT count(*) FROM change WHERE actor = 'someone else'")
        ).scalar()


def test_load_dump_load_dump_keeps_the_whole_history(
    milan: Tracker, db_url_factory: Callable[[], str]
) -> None:
    draft = milan.draft_of(TENDER)
    assert isinstance(draft, TenderDraft)
    milan.save_tender(
        draft.model_copy(update={"ref": "LOR-2019-BANDO", "lots": []}), original=TENDER
    )
    milan.add_note(CONTRACT, "Nota")
    milan.delete("FIN-LOR-2019-FSE")
    milan.save_organisation(OrganisationDraft(ref="ORG-X", name="Prima"), original=None)
    milan.delete("ORG-X")
    milan.save_organisation(
        OrganisationDraft(ref="ORG-X", name="Seconda"), original=None
    )
    first = milan.dump_dataset()
    other = Tracker.open(db_url_factory(), clock=fixed_clock, actor="restorer")
    try:
        other.load_dataset(parse_dataset(dataset_json(first)))
        second = other.dump_dataset()
        assert dataset_json(second) == dataset_json(first)
        assert len(second.history) == len(first.history) > 140
        assert all(entry.actor != "restorer" for entry in second.history)
        for ref in ("LOR-2019-BANDO", CONTRACT, CONSORTIUM):
            assert _history(other, ref) == _history(milan, ref)
        assert [c.changes for c in other.organisation_view("ORG-X").history] == [
            c.changes for c in milan.organisation_view("ORG-X").history
        ]
        third = Tracker.open(db_url_factory(), clock=fixed_clock, actor="restorer")
        try:
            third.load_dataset(parse_dataset(dataset_json(second)))
            assert dataset_json(third.dump_dataset()) == dataset_json(first)
        finally:
            third.close()
    finally:
        other.close()


def _history(tracker: Tracker, ref: str) -> list[tuple[str, str, str, str | None, str]]:
    history = (
        tracker.consortium_view(ref).history
        if tracker.record_kind(ref) == "consortium"
        else tracker.get_record(ref).history
    )
    return [(c.actor, c.action, c.entity, c.ref, c.changes) for c in history]
