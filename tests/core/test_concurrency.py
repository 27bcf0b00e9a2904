"""No silent overwrite: a save based on a stale read is refused, naming who changed
the record, when and what; nothing is lost, on SQLite and PostgreSQL, between two
trackers, two threads and two processes. (The control, the same trial saved without
the version, loses updates: ``scripts/trial_concurrent_saves.py --unchecked``.)"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from scripts.trial_concurrent_saves import run_trial
from tests.conftest import fixed_clock
from tracker.api import ConflictError, Tracker
from tracker.dataset import parse_dataset
from tracker.drafts import ConsortiumDraft, ContractDraft, MemberDraft, OptionDraft
from tracker.errors import TrackerError
from tracker.i18n import set_language

CONTRACT = "LOR-2019-C1"
OPTION = "LOR-2019-C1-R1"
CONSORTIUM = "ATI-LORENTEGGIO-2019"
LATER = datetime(2026, 11, 30, 13, 2, tzinfo=UTC)


@pytest.fixture
def rossi(milan: Tracker, db_url: str) -> Iterator[Tracker]:  # noqa: ARG001
    """A second person on the same database as ``milan`` (test-rup)."""
    other = Tracker.open(db_url, clock=lambda: LATER, actor="m.rossi")
    yield other
    other.close()


def _contract(tracker: Tracker) -> tuple[ContractDraft, int]:
    opened = tracker.edit_of(CONTRACT)
    assert isinstance(opened.draft, ContractDraft)
    return opened.draft.model_copy(update={"options": []}), opened.version


def _shares(*shares: str) -> list[MemberDraft]:
    orgs = ["SPAZIO-APERTO", "ARS", "A-I", "DIKE", "KCITY"]
    roles = ["mandataria", "mandante", "mandante", "mandante", "mandante"]
    return [
        MemberDraft.model_validate({"organisation": o, "role": r, "share": s})
        for o, r, s in zip(orgs, roles, shares, strict=True)
    ]


def test_a_stale_save_is_refused_naming_who_changed_what_and_when(
    milan: Tracker, rossi: Tracker
) -> None:
    mine, seen = _contract(milan)
    theirs, theirs_seen = _contract(rossi)
    rossi.save_contract(
        theirs.model_copy(update={"title": "Accompagnamento Lorenteggio"}),
        original=CONTRACT,
        base_version=theirs_seen,
    )
    edited = mine.model_copy(update={"note": "Verificare il rinnovo"})
    with pytest.raises(ConflictError) as refused:
        milan.save_contract(edited, original=CONTRACT, base_version=seen)
    error = refused.value
    assert (error.ref, error.actor, error.at) == (CONTRACT, "m.rossi", LATER)
    assert error.fields == ("title",)
    assert error.base_version == seen
    assert error.version == seen + 1
    assert str(error) == (
        "LOR-2019-C1 was changed by m.rossi on 30/11/2026 at 14:02 after you "
        "opened it (Title): reload it and apply your changes again"
    )
    # Nothing of the refused save was written; the other person's change stands
    now = milan.draft_of(CONTRACT)
    assert isinstance(now, ContractDraft)
    assert (now.title, now.note) == ("Accompagnamento Lorenteggio", mine.note)
    # Reload and reapply: both changes are kept
    fresh = milan.edit_of(CONTRACT)
    merged, clashes = Tracker.reapply(mine, edited, fresh.draft)
    assert clashes == ()
    milan.save_contract(
        merged.model_copy(update={"options": []}),  # type: ignore[arg-type]
        original=CONTRACT,
        base_version=fresh.version,
    )
    final = milan.draft_of(CONTRACT)
    assert isinstance(final, ContractDraft)
    assert (final.title, final.note) == (
        "Accompagnamento Lorenteggio",
        "Verificare il rinnovo",
    )


def test_the_conflict_is_worded_in_italian(milan: Tracker, rossi: Tracker) -> None:
    mine, seen = _contract(milan)
    rossi.save_contract(
        mine.model_copy(
            update={"signed_on": date(2019, 6, 1), "title": "Nuovo titolo"}
        ),
        original=CONTRACT,
    )
    set_language("it")
    with pytest.raises(ConflictError) as refused:
        milan.save_contract(mine, original=CONTRACT, base_version=seen)
    assert str(refused.value) == (
        "LOR-2019-C1 è stato modificato da m.rossi il 30/11/2026 alle 14:02 dopo "
        "l'apertura (Data di stipula, Titolo): ricaricarlo e applicare di nuovo le modifiche"
    )


def test_a_save_of_a_current_read_moves_the_version(milan: Tracker) -> None:
    draft, seen = _contract(milan)
    milan.save_contract(
        draft.model_copy(update={"note": "x"}), original=CONTRACT, base_version=seen
    )
    assert milan.edit_of(CONTRACT).version == seen + 1
    # without a version (internal callers) the save moves it all the same
    milan.save_contract(draft, original=CONTRACT)
    assert milan.edit_of(CONTRACT).version == seen + 2


def test_members_count_as_the_consortiums_own_values(
    milan: Tracker, rossi: Tracker
) -> None:
    opened = milan.edit_of(CONSORTIUM)
    theirs = rossi.edit_of(CONSORTIUM)
    assert isinstance(opened.draft, ConsortiumDraft)
    assert isinstance(theirs.draft, ConsortiumDraft)
    rossi.save_consortium(
        theirs.draft.model_copy(
            update={"members": _shares("40", "15", "15", "15", "15")}
        ),
        original=CONSORTIUM,
        base_version=theirs.version,
    )
    with pytest.raises(ConflictError) as refused:
        milan.save_consortium(
            opened.draft.model_copy(
                update={"members": _shares("60", "10", "10", "10", "10")}
            ),
            original=CONSORTIUM,
            base_version=opened.version,
        )
    assert refused.value.fields == ("members",)
    now = milan.draft_of(CONSORTIUM)
    assert isinstance(now, ConsortiumDraft)
    assert [m.share for m in now.members] == ["40", "15", "15", "15", "15"]


def test_a_clash_is_reported_with_both_values(milan: Tracker, rossi: Tracker) -> None:
    mine, seen = _contract(milan)
    rossi.save_contract(mine.model_copy(update={"note": "loro"}), original=CONTRACT)
    edited = mine.model_copy(update={"note": "mia", "title": "Titolo mio"})
    with pytest.raises(ConflictError):
        milan.save_contract(edited, original=CONTRACT, base_version=seen)
    merged, clashes = Tracker.reapply(mine, edited, milan.edit_of(CONTRACT).draft)
    assert [(c.field, c.mine, c.theirs) for c in clashes] == [("note", "mia", "loro")]
    assert isinstance(merged, ContractDraft)
    assert (merged.note, merged.title) == ("mia", "Titolo mio")


def test_an_option_written_moves_its_contract_and_itself(
    milan: Tracker, rossi: Tracker
) -> None:
    contract, contract_seen = _contract(milan)
    option = milan.edit_of(OPTION)
    assert isinstance(option.draft, OptionDraft)
    other = rossi.edit_of(OPTION)
    rossi.save_option(
        CONTRACT,
        other.draft.model_copy(update={"note": "deciso in giunta"}),  # type: ignore[arg-type]
        original=OPTION,
        base_version=other.version,
    )
    # the option: someone else changed it
    with pytest.raises(ConflictError) as refused:
        milan.exercise_option(
            OPTION, decided_on=date(2022, 5, 1), base_version=option.version
        )
    assert refused.value.fields == ("note",)
    with pytest.raises(ConflictError):
        milan.delete(OPTION, base_version=option.version)
    # the contract: its options are part of what the person saw
    with pytest.raises(ConflictError) as refused:
        milan.save_contract(
            contract.model_copy(update={"note": "x"}),
            original=CONTRACT,
            base_version=contract_seen,
        )
    assert refused.value.fields == ("options",)
    assert milan.draft_of(OPTION).note == "deciso in giunta"
    fresh = milan.edit_of(OPTION)
    milan.save_option(
        CONTRACT,
        fresh.draft.model_copy(update={"note": "rinnovo deciso"}),  # type: ignore[arg-type]
        original=OPTION,
        base_version=fresh.version,
    )
    assert milan.draft_of(OPTION).note == "rinnovo deciso"


def test_a_stale_note_edit_or_delete_is_refused(milan: Tracker, rossi: Tracker) -> None:
    note_id = milan.add_note(CONTRACT, "Prima versione")
    [note] = milan.notes_of(CONTRACT)
    rossi.update_note(note_id, "Seconda versione", base_version=note.version)
    with pytest.raises(ConflictError) as refused:
        milan.update_note(note_id, "La mia versione", base_version=note.version)
    assert refused.value.actor == "m.rossi"
    assert refused.value.fields == ("text",)
    with pytest.raises(ConflictError):
        milan.delete_note(note_id, base_version=note.version)
    assert [n.text for n in milan.notes_of(CONTRACT)] == ["Seconda versione"]


def test_a_record_deleted_meanwhile_is_not_found(
    milan: Tracker, rossi: Tracker
) -> None:
    opened = milan.edit_of("FIN-LOR-2019-FSE")
    rossi.delete("FIN-LOR-2019-FSE")
    with pytest.raises(TrackerError, match="FIN-LOR-2019-FSE"):
        milan.save_allocation(
            opened.draft,  # type: ignore[arg-type]
            original="FIN-LOR-2019-FSE",
            base_version=opened.version,
        )


def test_deadline_done_waits_for_a_concurrent_write_and_keeps_it(
    tracker: Tracker, db_url: str
) -> None:
    """The command reads the deadline only once it holds it: a change committed
    meanwhile is seen and kept, not overwritten with what was there before."""
    tracker.load_dataset(
        parse_dataset(
            '{"format": "appalti-dataset", "version": 1, "deadlines": [{"ref": '
            '"ANAC-MONTHLY", "title": "Invio mensile", "due": "2024-01-31", '
            '"recurrence": "monthly"}]}'
        )
    )
    other = Tracker.open(db_url, clock=fixed_clock, actor="m.rossi")
    done: list[BaseException] = []
    try:
        with tracker.engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(
                text(
                    "UPDATE deadline SET version = version + 1 WHERE ref = 'ANAC-MONTHLY'"
                )
            )

            def mark() -> None:
                try:
                    other.mark_deadline_done("ANAC-MONTHLY", through=date(2024, 6, 30))
                except BaseException as error:  # reported below
                    done.append(error)

            thread = threading.Thread(target=mark)
            thread.start()
            thread.join(timeout=1)  # it waits on the lock we hold
            connection.execute(
                text(
                    "UPDATE deadline SET done_through = '2024-12-31' "
                    "WHERE ref = 'ANAC-MONTHLY'"
                )
            )
            transaction.commit()
        thread.join()
    finally:
        other.close()
    assert done == []
    with tracker.engine.connect() as connection:
        kept = connection.execute(
            text("SELECT done_through FROM deadline WHERE ref = 'ANAC-MONTHLY'")
        ).scalar()
    assert str(kept) == "2024-12-31"


def test_two_processes_saving_one_contract_lose_nothing(db_url: str) -> None:
    counts = run_trial(db_url, saves=30)
    assert counts.lost == 0
    assert counts.saved + counts.refused == 60
    # a save is refused only after one of the other's went through
    assert counts.saved >= counts.refused
