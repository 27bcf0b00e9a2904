"""The writes of the entry point to the core (``Tracker`` has them): saves checked
against the version read, deletes, notes, deadlines done or acknowledged, snoozes.
Each call is one unit of work, all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, BinaryIO, TextIO

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from tracker.config import Settings
from tracker.db import session_scope
from tracker.domain.kinds import Recurrence
from tracker.drafts import (
    AllocationDraft,
    ConsortiumDraft,
    ContractDraft,
    DeadlineDraft,
    Draft,
    FundingSourceDraft,
    LotDraft,
    NeighbourhoodDraft,
    OptionDraft,
    OrganisationDraft,
    ServiceDraft,
    SnoozeDraft,
    TenderDraft,
)
from tracker.errors import N_, Kind, NotFoundError, ReadOnlyError, TrackerError
from tracker.queries.digests import SentDigestRow, last_sent_digest
from tracker.queries.export import RecordDraft, record_draft
from tracker.queries.refs import find_ref
from tracker.services import deleting, notes, saving
from tracker.services.contracts import exercise_option
from tracker.services.deadlines import (
    acknowledge_deadline,
    cancel_planned_tender,
    list_snoozes,
    mark_deadline_done,
    reopen_deadline,
    snooze_alert,
    unacknowledge_deadline,
    unsnooze_alert,
)
from tracker.services.digests import record_sent_digest
from tracker.services.notes import NoteEntry
from tracker.services.versions import Clash, reapply_draft, record_version

if TYPE_CHECKING:
    from tracker.ocds.importing import ImportSummary

EDIT_READ_ATTEMPTS = 5


@dataclass(frozen=True)
class Editable:
    """A record's draft and the version it shows (``Tracker.edit_of``)."""

    draft: RecordDraft
    version: int


@dataclass(frozen=True)
class Restorable:
    """A version of a record beside the record now (``Tracker.version_of``)."""

    then: RecordDraft
    """The record as the version restored left it."""
    now: RecordDraft
    version: int
    """The version the record has now: pass it as ``base_version`` to restore."""


class Writes:
    """Every write of a ``Tracker``, over the database it opened."""

    engine: Engine
    clock: Callable[[], datetime]
    actor: str
    settings: Settings
    read_only: bool
    role: str | None
    _sessions: sessionmaker[Session]

    def today(self) -> date:
        """Today in Milan: ``Tracker.today``, from its clock."""
        raise NotImplementedError

    def mark_deadline_done(
        self, ref: str, *, through: date | None = None, as_of: date | None = None
    ) -> date | None:
        """Mark an explicit deadline done: a recurring one up to ``through``, by
        default through its current occurrence on ``as_of`` (default today); the
        day a recurring one is now done through (None for a one-off)."""
        with session_scope(self._sessions, write=True) as session:
            deadline = mark_deadline_done(
                session, ref, through=through, as_of=as_of or self.today()
            )
            if deadline.recurrence == Recurrence.NONE.value:
                return None
            return deadline.done_through

    def reopen_deadline(self, ref: str) -> date | None:
        """Undo the last done of an explicit deadline (or its acknowledgement); the
        occurrence open again for a recurring one (None for a one-off)."""
        with self._edit() as session:
            return reopen_deadline(session, ref)

    def unacknowledge_deadline(self, key: str) -> None:
        """Undo an acknowledgement: the deadline raises its alerts again."""
        with self._edit() as session:
            unacknowledge_deadline(session, key)

    def cancel_planned_tender(self, ref: str) -> None:
        """Cancel a proposed or planned tender (a stale plan's answer: no)."""
        with self._edit() as session:
            cancel_planned_tender(session, ref)

    def acknowledge_deadline(
        self, key: str, *, as_of: date | None = None, through: date | None = None
    ) -> None:
        """Stop a deadline from raising alerts; it stays on record and in the history.

        A recurring deadline is acknowledged up to ``through``: by default the
        occurrences the alerts show as of ``as_of`` (default today) plus the horizon;
        later ones will come.
        """
        if through is None:
            day = as_of or self.today()
            through = day + timedelta(days=self.settings.horizon_days)
        with session_scope(self._sessions, write=True) as session:
            acknowledge_deadline(
                session,
                key,
                through=through,
                at=self.clock(),
                actor=self.actor,
            )

    @contextmanager
    def _edit(self) -> Iterator[Session]:
        """One unit of work that writes: all or nothing, and whatever the database
        refuses comes back as a TrackerError."""
        if self.read_only:
            raise ReadOnlyError(self.role or "?")
        try:
            with session_scope(self._sessions, write=True) as session:
                yield session
        except DBAPIError as error:
            reason = str(error.orig).strip().splitlines()[0]
            raise TrackerError(
                N_("the database refused the change: {reason}"), reason=reason
            ) from None

    def draft_of(self, ref: str) -> RecordDraft:
        """The current values of a record as the draft a form pre-fills (the shape of
        the dataset file): a tender with its lots, a contract with its options and
        staffing. To change a tender or a contract, save the draft with its lots or
        options emptied (``draft.model_copy(update={"lots": []})``): they are saved
        one by one. To save it safely, read it with ``edit_of``."""
        return self.edit_of(ref).draft

    def edit_of(self, ref: str) -> Editable:
        """The record's draft (as ``draft_of``) and the version it shows, read
        together: pass ``version`` as ``base_version`` when saving the edited draft,
        and a save after someone else's is refused with a ConflictError."""
        with session_scope(self._sessions) as session:
            if self.engine.dialect.name == "postgresql":
                # One snapshot for every query (SQLite's read transaction is one)
                session.connection(
                    execution_options={"isolation_level": "REPEATABLE READ"}
                )
            # The version read before and after the draft: equal, the draft is
            # exactly that version (every write to what it shows moves it).
            for _attempt in range(EDIT_READ_ATTEMPTS):
                session.expire_all()
                before = record_version(session, ref)
                draft = record_draft(session, ref)
                if draft is None:
                    found = find_ref(session, ref)
                    if found is None:
                        raise NotFoundError("record", ref)
                    raise TrackerError(
                        N_("{ref} is a {kind}: it cannot be edited here"),
                        ref=ref,
                        kind=Kind(found[0]),
                    )
                if before is not None and record_version(session, ref) == before:
                    return Editable(draft=draft, version=before)
            raise TrackerError(
                N_("{ref} is being changed continuously: try again"), ref=ref
            )

    def save(
        self,
        draft: Draft,
        *,
        original: str | None = None,
        owner: str | None = None,
        base_version: int | None = None,
    ) -> str:
        """Add the record ``draft`` describes (``original`` None), or change the
        record ``original`` (its ref may become ``draft.ref``); the saved ref.

        A new lot is added to the tender ``owner``, a new option to the contract
        ``owner`` (after its end and its other options). A tender's lots and a
        contract's options are saved one by one: those a tender's or a contract's
        draft lists are added with it, and left as they are when it is changed.
        With ``base_version`` (``Editable.version``) a save after someone else's
        is refused with a ConflictError.
        """
        with self._edit() as session:
            return saving.save(
                session,
                draft,
                original=original,
                owner=owner,
                base_version=base_version,
            )

    def save_tender(
        self,
        draft: TenderDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        return self.save(draft, original=original, base_version=base_version)

    def save_lot(
        self,
        tender: str,
        draft: LotDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        return self.save(
            draft, original=original, owner=tender, base_version=base_version
        )

    def save_contract(
        self,
        draft: ContractDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        return self.save(draft, original=original, base_version=base_version)

    def save_option(
        self,
        contract: str,
        draft: OptionDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        return self.save(
            draft, original=original, owner=contract, base_version=base_version
        )

    def save_organisation(
        self,
        draft: OrganisationDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        return self.save(draft, original=original, base_version=base_version)

    def save_consortium(
        self,
        draft: ConsortiumDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        return self.save(draft, original=original, base_version=base_version)

    def save_funding_source(
        self,
        draft: FundingSourceDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        return self.save(draft, original=original, base_version=base_version)

    def save_allocation(
        self,
        draft: AllocationDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        return self.save(draft, original=original, base_version=base_version)

    def save_deadline(
        self,
        draft: DeadlineDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        return self.save(draft, original=original, base_version=base_version)

    def exercise_option(
        self,
        ref: str,
        *,
        decided_on: date,
        act: str | None = None,
        base_version: int | None = None,
    ) -> None:
        """A planned option becomes exercised: from now on it covers its period."""
        with self._edit() as session:
            exercise_option(
                session,
                ref,
                decided_on=decided_on,
                act=act,
                base_version=base_version,
            )

    def delete(self, ref: str, *, base_version: int | None = None) -> None:
        """Delete a record with what it owns (a tender's lots, a contract's options
        and staffing, a consortium's members) and the notes on them; refused, naming
        the record in the way, while another record refers to it."""
        with self._edit() as session:
            deleting.delete_record(session, ref, base_version=base_version)

    def add_note(self, subject: str, text: str) -> int:
        """Write a note on a record, as this tracker's actor, now; its id."""
        with self._edit() as session:
            return notes.write_note(
                session, subject, text, at=self.clock(), author=self.actor
            )

    def update_note(
        self, note_id: int, text: str, *, base_version: int | None = None
    ) -> None:
        """Replace a note's text (``base_version``: ``NoteEntry.version``)."""
        with self._edit() as session:
            notes.change_note(session, note_id, text, base_version=base_version)

    def delete_note(self, note_id: int, *, base_version: int | None = None) -> None:
        with self._edit() as session:
            notes.remove_note(session, note_id, base_version=base_version)

    def add_service(
        self, service: ServiceDraft, neighbourhood: NeighbourhoodDraft | None = None
    ) -> str:
        """Add a service; ``neighbourhood`` is recorded with it when no
        neighbourhood has its reference yet (``tracker.form_service``). Its ref."""
        from tracker.services.places import add_service_in

        with self._edit() as session:
            return add_service_in(session, service, neighbourhood).ref

    def version_of(self, ref: str, version: int) -> Restorable:
        """The record ``ref`` as its version ``version`` left it, beside the record
        now and the version it has now, read together (what a restore would do)."""
        from tracker.services.restoring import draft_at

        with self._edit() as session:
            then = draft_at(session, ref, version)
            now = record_draft(session, ref)
            current = record_version(session, ref)
        assert now is not None, "draft_at found the record"
        assert current is not None, "an editable record has a version"
        return Restorable(then=then, now=now, version=current)

    def restore_version(
        self, ref: str, version: int, *, base_version: int | None = None
    ) -> str:
        """Save the record ``ref`` as its version ``version`` left it: every rule is
        checked as for any save, a save by someone else after ``base_version``
        (``Restorable.version``) is a ConflictError, and the history says which
        version was restored. A tender's lots and a contract's options stay as they
        are. The record's ref afterwards."""
        from tracker.services.restoring import restore_version

        with self._edit() as session:
            return restore_version(session, ref, version, base_version=base_version)

    @staticmethod
    def reapply(
        base: RecordDraft, mine: RecordDraft, current: RecordDraft
    ) -> tuple[RecordDraft, tuple[Clash, ...]]:
        """After a ConflictError: the person's edits (``mine`` against ``base``, the
        draft they opened) applied on ``current`` (``edit_of`` again), and the
        fields both changed (their value kept; ``Clash.theirs`` the other one)."""
        return reapply_draft(base, mine, current)

    def import_ocds(
        self,
        stream: BinaryIO | TextIO,
        *,
        buyer: str | None = None,
        overwrite_local: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> ImportSummary:
        """Import published OCDS data (tracker.ocds): each tender in its own unit of
        work, a tender refused by a rule skipped with its reason."""
        from tracker.ocds.importing import import_published
        from tracker.ocds.reading import read_published

        if self.read_only:
            raise ReadOnlyError(self.role or "?")
        try:
            return import_published(
                self._sessions,
                read_published(stream, buyer=buyer),
                clock=self.clock,
                overwrite_local=overwrite_local,
                progress=progress,
            )
        except DBAPIError as error:
            reason = str(error.orig).strip().splitlines()[0]
            raise TrackerError(
                N_("the database refused the change: {reason}"), reason=reason
            ) from None

    def notes_of(self, subject: str) -> list[NoteEntry]:
        """The notes on a record, oldest first, with the ids that edit them."""
        with session_scope(self._sessions) as session:
            return notes.notes_of(session, subject)

    def snooze_alert(self, key: str, *, until: date, as_of: date | None = None) -> None:
        """Hide the alert ``key`` (``Alert.key``) from alerts as of any day up to and
        including ``until``, which is ``as_of`` (the day the alerts were read for,
        default today) or later; it comes back the day after."""
        with self._edit() as session:
            snooze_alert(
                session,
                key,
                until=until,
                as_of=as_of or self.today(),
                at=self.clock(),
                actor=self.actor,
            )

    def unsnooze_alert(self, key: str) -> None:
        with self._edit() as session:
            unsnooze_alert(session, key)

    def snoozed_alerts(self) -> list[SnoozeDraft]:
        """Every snooze: the alert's key, until when, who and when."""
        with session_scope(self._sessions) as session:
            return list_snoozes(session)

    def last_digest(self, recipients: str) -> SentDigestRow | None:
        """The digest last sent to ``recipients`` (``domain.digest.recipients_key``)."""
        with session_scope(self._sessions) as session:
            return last_sent_digest(session, recipients)

    def record_digest(
        self,
        *,
        as_of: date,
        recipients: str,
        subject: str,
        marks: list[str],
        at: datetime | None = None,
    ) -> None:
        """Remember a digest the mail server accepted (at ``at``, default now)."""
        with self._edit() as session:
            record_sent_digest(
                session,
                at=at or self.clock(),
                as_of=as_of,
                actor=self.actor,
                recipients=recipients,
                subject=subject,
                marks=marks,
            )
