"""Restoring a record to an earlier version of its history: saved like any other
change (every rule, the version the person saw), and the history says so."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.conftest import fixed_clock
from tracker.api import Settings, Tracker
from tracker.cli import main
from tracker.drafts import (
    AllocationDraft,
    ConsortiumDraft,
    ContractDraft,
    MemberDraft,
    StaffDraft,
    TenderDraft,
)
from tracker.errors import ConflictError, TrackerError, ValidationError

CONTRACT = "LOR-2019-C1"
CONSORTIUM = "ATI-LORENTEGGIO-2019"
TENDER = "LOR-2019"
OTHER_TENDER = "LDQ-2016"


def _contract(tracker: Tracker) -> ContractDraft:
    draft = tracker.draft_of(CONTRACT)
    assert isinstance(draft, ContractDraft)
    return draft


def _retitle(tracker: Tracker, title: str) -> None:
    read = tracker.edit_of(CONTRACT)
    draft = read.draft.model_copy(update={"title": title, "options": []})
    assert isinstance(draft, ContractDraft)
    tracker.save(draft, original=CONTRACT, base_version=read.version)


def test_a_contract_comes_back_as_its_first_version_left_it(milan: Tracker) -> None:
    first = _contract(milan)
    _retitle(milan, "Titolo cambiato")
    _retitle(milan, "Titolo cambiato ancora")
    assert milan.edit_of(CONTRACT).version == 3

    preview = milan.version_of(CONTRACT, 1)
    assert isinstance(preview.then, ContractDraft)
    assert isinstance(preview.now, ContractDraft)
    assert preview.then.title == first.title
    assert preview.now.title == "Titolo cambiato ancora"
    assert preview.version == 3

    assert milan.restore_version(CONTRACT, 1, base_version=3) == CONTRACT
    restored = _contract(milan)
    assert restored == first
    assert milan.edit_of(CONTRACT).version == 4
    last = milan.get_record(CONTRACT).history[-1]
    assert (last.action, last.entity, last.ref) == ("restore", "contract", CONTRACT)
    assert json.loads(last.changes) == {"version": 1}
    assert last.version == 4
    updates = [c for c in milan.get_record(CONTRACT).history if c.action == "update"]
    assert json.loads(updates[-1].changes)["title"] == [
        "Titolo cambiato ancora",
        first.title,
    ]


def test_a_middle_version_and_the_rows_a_record_owns(milan: Tracker) -> None:
    before = milan.draft_of(CONSORTIUM)
    assert isinstance(before, ConsortiumDraft)
    shares = ["40", "15", "15", "15", "15"]
    members = [
        MemberDraft(organisation=m.organisation, role=m.role, share=share)
        for m, share in zip(before.members, shares, strict=True)
    ]
    milan.save(
        before.model_copy(update={"members": members}),
        original=CONSORTIUM,
        base_version=1,
    )
    middle = milan.draft_of(CONSORTIUM)
    milan.save(
        before.model_copy(update={"members": before.members[:2], "name": "Solo due"}),
        original=CONSORTIUM,
        base_version=2,
    )
    milan.restore_version(CONSORTIUM, 2, base_version=3)
    assert milan.draft_of(CONSORTIUM) == middle
    milan.restore_version(CONSORTIUM, 1)
    assert milan.draft_of(CONSORTIUM) == before


def test_a_version_changed_meanwhile_is_a_conflict(milan: Tracker) -> None:
    _retitle(milan, "Titolo cambiato")
    seen = milan.version_of(CONTRACT, 1).version
    _retitle(milan, "Cambiato da un collega")
    with pytest.raises(ConflictError) as refused:
        milan.restore_version(CONTRACT, 1, base_version=seen)
    assert refused.value.fields == ("title",)
    assert _contract(milan).title == "Cambiato da un collega"
    assert milan.get_record(CONTRACT).history[-1].action == "update"


def test_a_restore_that_breaks_a_rule_is_refused_saying_which(milan: Tracker) -> None:
    # LOR-2019 became LOR-2019-BIS, and another tender took the name LOR-2019:
    # going back to version 1 would give two tenders one reference.
    for ref, new in ((TENDER, "LOR-2019-BIS"), (OTHER_TENDER, TENDER)):
        draft = milan.draft_of(ref)
        assert isinstance(draft, TenderDraft)
        milan.save(draft.model_copy(update={"ref": new, "lots": []}), original=ref)
    with pytest.raises(ValidationError) as refused:
        milan.restore_version("LOR-2019-BIS", 1)
    assert refused.value.field == "ref"
    assert str(refused.value) == (
        "Reference: this reference is already used by a tender (value: 'LOR-2019')"
    )
    assert milan.get_record("LOR-2019-BIS").history[-1].action == "update"


def test_only_the_versions_the_history_holds(milan: Tracker) -> None:
    with pytest.raises(TrackerError) as refused:
        milan.restore_version(CONTRACT, 7)
    assert str(refused.value) == (
        "LOR-2019-C1 has no version 7 in its history (versions: 1)"
    )
    with pytest.raises(TrackerError, match="has no versions to restore"):
        milan.restore_version("LDQ-MAZZINI", 1)


@pytest.fixture
def maria(milan: Tracker) -> Iterator[Tracker]:
    url = milan.engine.url.render_as_string(hide_password=False)
    opened = Tracker.open(url, clock=fixed_clock, settings=Settings(user="Maria Rossi"))
    yield opened
    opened.close()


def test_the_configured_author_signs_saves_and_restores(maria: Tracker) -> None:
    _retitle(maria, "Titolo cambiato")
    maria.restore_version(CONTRACT, 1)
    history = maria.get_record(CONTRACT).history
    assert [(c.action, c.actor) for c in history[-2:]] == [
        ("update", "Maria Rossi"),
        ("restore", "Maria Rossi"),
    ]


def test_the_command_lists_versions_and_restores_one(
    milan: Tracker, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _retitle(milan, "Titolo cambiato")
    assert main(["--db", db_url, "--lang", "it", "history", CONTRACT]) == 0
    lines = capsys.readouterr().out.splitlines()
    # on PostgreSQL the database role that wrote it too
    who = "test-rup (postgres)" if db_url.startswith("postgresql") else "test-rup"
    assert lines[-1] == f"  v2  17/01/2023 09:30  {who}  modifica  LOR-2019-C1  Titolo"
    assert lines[0].startswith(f"  v1  17/01/2023 09:30  {who}  creazione  ")

    # someone saw version 1 and another save came first: refused, nothing changed
    assert (
        main(
            ["--db", db_url, "history", CONTRACT, "--restore", "1", "--if-version", "1"]
        )
        == 1
    )
    assert "LOR-2019-C1 was changed by test-rup" in capsys.readouterr().err
    assert _contract(milan).title == "Titolo cambiato"

    assert (
        main(
            [
                "--db",
                db_url,
                "--lang",
                "it",
                "history",
                CONTRACT,
                "--restore",
                "1",
                "--if-version",
                "2",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "LOR-2019-C1: ripristinata la versione 1\n"
    assert main(["--db", db_url, "history", CONTRACT, "--format", "json"]) == 0
    last = json.loads(capsys.readouterr().out)[-1]
    assert (last["version"], last["action"], last["changes"]) == (
        3,
        "restore",
        {"version": 1},
    )


def test_a_contracts_services_and_staffing_come_back(milan: Tracker) -> None:
    first = _contract(milan)
    read = milan.edit_of(CONTRACT)
    assert isinstance(read.draft, ContractDraft)
    changed = read.draft.model_copy(
        update={
            "services": [*read.draft.services, "LDQ-MAZZINI"],
            "staffing": [StaffDraft(role="educatore", count=2)],
            "options": [],
        }
    )
    milan.save(changed, original=CONTRACT, base_version=read.version)
    assert sorted(_contract(milan).services) == sorted([*first.services, "LDQ-MAZZINI"])
    milan.restore_version(CONTRACT, 1, base_version=2)
    assert _contract(milan) == first


def test_a_version_naming_a_record_deleted_since_is_refused(milan: Tracker) -> None:
    # the allocation moved to another source, and its old source was deleted
    read = milan.edit_of("FIN-LOR-2019-FSE")
    assert isinstance(read.draft, AllocationDraft)
    moved = read.draft.model_copy(update={"source": "REGIONE-LOMBARDIA"})
    milan.save(moved, original="FIN-LOR-2019-FSE", base_version=read.version)
    milan.delete("POR-FSE-2014-2020")
    with pytest.raises(TrackerError) as refused:
        milan.restore_version("FIN-LOR-2019-FSE", 1)
    assert str(refused.value) == (
        "version 1 of FIN-LOR-2019-FSE cannot be restored: it names a record "
        "deleted since, or a value another record now holds"
    )
    draft = milan.draft_of("FIN-LOR-2019-FSE")
    assert isinstance(draft, AllocationDraft)
    assert draft.source == "REGIONE-LOMBARDIA"
