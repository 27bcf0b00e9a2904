"""Deadlines: explicit ones added, changed and done (up to a day, for recurring
ones); any deadline acknowledged, so that it stops raising alerts but stays on
record; any alert snoozed, hidden up to a day and back the day after."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from tracker import models
from tracker.domain.deadlines import (
    current_occurrence,
    occurrence_on_or_before,
    reopened_through,
    split_derived_key,
)
from tracker.domain.kinds import DeadlineState, Recurrence, TenderStatus
from tracker.domain.periods import check_day, check_period
from tracker.domain.stale import NOT_STARTED
from tracker.domain.text import check_text
from tracker.drafts import AcknowledgementDraft, DeadlineDraft, SnoozeDraft
from tracker.errors import N_, NotFoundError, ValidationError
from tracker.queries.refs import KIND_OF, find_ref
from tracker.services.refs import add_new, record_id, resolve
from tracker.services.versions import claim, lock_row


def apply_deadline(
    session: Session, record: models.Deadline, draft: DeadlineDraft
) -> None:
    """Check a deadline draft (its subject names a record, recurrence ends after the
    first due day) and set the record's columns from it."""
    if draft.subject is not None and find_ref(session, draft.subject) is None:
        raise ValidationError(
            "subject", draft.subject, N_("no record has this reference")
        )
    check_period(draft.due, draft.recurrence_until, field="recurrence")
    record.ref = draft.ref
    record.title = draft.title
    record.due = draft.due
    record.lead_days = draft.lead_days
    record.owner = draft.owner
    record.subject_ref = draft.subject
    record.recurrence = draft.recurrence.value
    record.recurrence_until = draft.recurrence_until
    record.state = draft.state.value
    record.done_through = draft.done_through
    record.note = draft.note


def add_deadline(session: Session, draft: DeadlineDraft) -> models.Deadline:
    """Add an explicit deadline, one-off or recurring."""
    record = models.Deadline(ref=draft.ref, title=draft.title, due=draft.due)
    return add_new(session, record, draft, apply_deadline)


def mark_deadline_done(
    session: Session, ref: str, *, through: date | None = None, as_of: date
) -> models.Deadline:
    """A one-off deadline becomes done; a recurring one is done up to ``through``,
    by default through its current occurrence on ``as_of`` (the latest one due and
    not done, else the next)."""
    if through is not None:
        check_day(through, field="through")
    deadline = _explicit(session, ref)
    if deadline.recurrence == Recurrence.NONE.value:
        deadline.state = DeadlineState.DONE.value
        deadline.done_through = through or as_of
    else:
        if through is None:
            through = current_occurrence(
                deadline.due,
                Recurrence(deadline.recurrence),
                deadline.recurrence_until,
                done_through=deadline.done_through,
                as_of=as_of,
            )
        if through is None:
            raise ValidationError(
                "deadline", ref, N_("every occurrence of this deadline is done")
            )
        if deadline.done_through is None or through > deadline.done_through:
            deadline.done_through = through
    session.add(deadline)
    session.flush()
    return deadline


def reopen_deadline(session: Session, ref: str) -> date | None:
    """Undo the last done: a one-off deadline is open again (acknowledged ones too),
    a recurring one has its last occurrence done open again (the day returned)."""
    reopened = None
    deadline = _explicit(session, ref)
    if deadline.recurrence == Recurrence.NONE.value:
        if deadline.state == DeadlineState.OPEN.value:
            raise ValidationError("deadline", ref, N_("this deadline is open"))
        deadline.state = DeadlineState.OPEN.value
        deadline.done_through = None
    else:
        if deadline.done_through is None:
            raise ValidationError(
                "deadline", ref, N_("no occurrence of this deadline is done")
            )
        reopened = occurrence_on_or_before(
            deadline.due,
            Recurrence(deadline.recurrence),
            deadline.recurrence_until,
            deadline.done_through,
        )
        deadline.done_through = reopened_through(
            deadline.due,
            Recurrence(deadline.recurrence),
            deadline.recurrence_until,
            deadline.done_through,
        )
    session.add(deadline)
    session.flush()
    return reopened


def _explicit(session: Session, ref: str) -> models.Deadline:
    """The explicit deadline ``ref``, claimed before it is read: a concurrent done
    or edit is seen, never undone. A derived one is refused: its record says."""
    if split_derived_key(ref) is not None:
        raise ValidationError(
            "deadline",
            ref,
            N_(
                "a derived deadline is done when the record says so (the option exercised, "
                "the tender published); to silence it use 'appalti deadline ack'"
            ),
        )
    return claim(session, resolve(session, models.Deadline, ref, field="deadline"))


def acknowledge_deadline(
    session: Session, key: str, *, through: date, at: datetime, actor: str
) -> None:
    """Silence a deadline: a one-off explicit one for good, a recurring one up to
    ``through``, a derived one (``LDQ-2016/start``) for good."""
    check_text(key, field="deadline")
    check_day(through, field="through")
    explicit = session.exec(
        select(models.Deadline).where(models.Deadline.ref == key)
    ).first()
    if explicit is not None and explicit.recurrence == Recurrence.NONE.value:
        claim(session, explicit)
        explicit.state = DeadlineState.ACKNOWLEDGED.value
        session.add(explicit)
        session.flush()
        return
    if explicit is None:
        derived = split_derived_key(key)
        found = None if derived is None else find_ref(session, derived[0])
        if found is None:
            raise ValidationError(
                "deadline",
                key,
                N_(
                    "no deadline has this reference or key (keys look like LDQ-2016/start)"
                ),
            )
        _lock_record(session, found)
    else:
        lock_row(session, models.Deadline, record_id(explicit))
    record = session.exec(
        select(models.Acknowledgement).where(models.Acknowledgement.key == key)
    ).first()
    if record is None:
        record = models.Acknowledgement(key=key, at=at, actor=actor)
    record.through = through if explicit is not None else None
    record.at = at
    record.actor = actor
    session.add(record)
    session.flush()


def unacknowledge_deadline(session: Session, key: str) -> None:
    """Undo an acknowledgement: the deadline (or a stale tender's question) raises
    its alerts again."""
    explicit = session.exec(
        select(models.Deadline).where(models.Deadline.ref == key)
    ).first()
    if explicit is not None and explicit.state == DeadlineState.ACKNOWLEDGED.value:
        claim(session, explicit)
        explicit.state = DeadlineState.OPEN.value
        session.add(explicit)
        session.flush()
        return
    if explicit is not None:
        lock_row(session, models.Deadline, record_id(explicit))
    else:
        derived = split_derived_key(key)
        _lock_record(
            session, None if derived is None else find_ref(session, derived[0])
        )
    record = session.exec(
        select(models.Acknowledgement).where(models.Acknowledgement.key == key)
    ).first()
    if record is None:
        raise NotFoundError("acknowledgement", key)
    session.delete(record)
    session.flush()


def cancel_planned_tender(session: Session, ref: str) -> models.Tender:
    """Answer a stale tender's question with no: the tender, proposed or planned,
    is cancelled (its milestones and its question stop)."""
    tender = claim(session, resolve(session, models.Tender, ref, field="tender"))
    if tender.status not in NOT_STARTED:
        raise ValidationError(
            "status",
            tender.status,
            N_("only a proposed or planned tender is cancelled this way"),
        )
    tender.status = TenderStatus.CANCELLED.value
    session.add(tender)
    session.flush()
    return tender


def _deadline_key_exists(session: Session, key: str) -> bool:
    """Whether ``key`` names a deadline: an explicit deadline's ref, or a derived
    deadline's key (``LDQ-2016/start``) whose record exists."""
    explicit = select(models.Deadline.id).where(models.Deadline.ref == key)
    if session.exec(explicit).first() is not None:
        return True
    derived = split_derived_key(key)
    return derived is not None and find_ref(session, derived[0]) is not None


def _restored_before(
    session: Session, model: type[models.Acknowledgement | models.Snooze], key: str
) -> bool:
    """Whether ``key`` is already acknowledged (or snoozed): in the database, or
    earlier in this load, whose records may not have reached the database yet."""
    restored: set[str] = session.info.setdefault(f"restored_{model.__name__}", set())
    if key in restored:
        return True
    restored.add(key)
    found = session.exec(select(model.id).where(model.key == key)).first()
    return found is not None


def _restore(
    session: Session,
    draft: AcknowledgementDraft | SnoozeDraft,
    row: models.Acknowledgement | models.Snooze,
    *,
    known: bool,
    unknown: str,
    twice: str,
) -> None:
    """Add an acknowledgement or a snooze restored from a dataset: its moment has a
    time zone, its key is ``known`` (else ``unknown`` says why) and is not silenced
    twice (``twice``)."""
    if draft.at.tzinfo is None:
        raise ValidationError("at", draft.at, N_("give the time zone, e.g. +01:00"))
    if not known:
        raise ValidationError("key", draft.key, unknown)
    if _restored_before(session, type(row), draft.key):
        raise ValidationError("key", draft.key, twice)
    row.at = draft.at.astimezone(UTC)
    session.add(row)
    session.flush()


def add_acknowledgement(session: Session, draft: AcknowledgementDraft) -> None:
    """Restore an acknowledgement from a dataset; its key must name a deadline of
    a record that exists."""
    _restore(
        session,
        draft,
        models.Acknowledgement(
            key=draft.key, through=draft.through, at=draft.at, actor=draft.actor
        ),
        known=_deadline_key_exists(session, draft.key),
        unknown=N_(
            "no deadline has this key: its record does not exist "
            "(keys look like LDQ-2016/start or a deadline's reference)"
        ),
        twice=N_("this deadline is already acknowledged"),
    )


def alert_key_ref(session: Session, key: str) -> str | None:
    """The ref of the record an alert's key is about (``LOR-2019-C1/end``,
    ``LSL-LORENTEGGIO/continuity_gap``, an explicit deadline's ref), or None."""
    if find_ref(session, key) is not None:
        return key
    ref, slash, part = key.rpartition("/")
    if slash and ref and part and find_ref(session, ref) is not None:
        return ref
    return None


def snooze_alert(
    session: Session, key: str, *, until: date, as_of: date, at: datetime, actor: str
) -> models.Snooze:
    """Hide the alert ``key`` up to and including ``until`` (again: move the day),
    which is ``as_of`` (the day the alerts are read for) or later."""
    if until < as_of:
        raise ValidationError(
            "until",
            until,
            N_("a snooze lasts until the as-of day ({day}) or a later day"),
            day=as_of,
        )
    check_text(key, field="key")
    check_day(until, field="until")
    about = None if len(key) > 120 else alert_key_ref(session, key)
    if about is None:
        raise ValidationError(
            "key",
            key,
            N_(
                "no alert has this key (keys look like LOR-2019-C1/end or "
                "LSL-LORENTEGGIO/continuity_gap)"
            ),
        )
    _lock_record(session, find_ref(session, about))
    record = session.exec(select(models.Snooze).where(models.Snooze.key == key)).first()
    if record is None:
        record = models.Snooze(key=key, until=until, at=at, actor=actor)
    record.until = until
    record.at = at
    record.actor = actor
    session.add(record)
    session.flush()
    return record


def unsnooze_alert(session: Session, key: str) -> None:
    """Show a snoozed alert again."""
    about = alert_key_ref(session, key)
    if about is not None:
        _lock_record(session, find_ref(session, about))
    record = session.exec(select(models.Snooze).where(models.Snooze.key == key)).first()
    if record is None:
        raise NotFoundError("snoozed alert", key)
    session.delete(record)
    session.flush()


def add_snooze(session: Session, draft: SnoozeDraft) -> None:
    """Restore a snooze from a dataset; its key must name an alert of a record
    that exists."""
    _restore(
        session,
        draft,
        models.Snooze(key=draft.key, until=draft.until, at=draft.at, actor=draft.actor),
        known=alert_key_ref(session, draft.key) is not None,
        unknown=N_(
            "no alert has this key: its record does not exist "
            "(keys look like LOR-2019-C1/end or LSL-LORENTEGGIO/continuity_gap)"
        ),
        twice=N_("this alert is already snoozed"),
    )


def _lock_record(session: Session, found: tuple[str, int] | None) -> None:
    """Hold the record an acknowledgement or a snooze is about, so that two people
    silencing its alerts at once follow each other instead of colliding."""
    if found is not None:
        model = next(m for m, kind in KIND_OF.items() if kind == found[0])
        lock_row(session, model, found[1])


def list_snoozes(session: Session) -> list[SnoozeDraft]:
    """Every snoozed alert, by key."""
    return [
        SnoozeDraft(
            key=s.key,
            until=s.until,
            at=s.at.replace(tzinfo=UTC)
            if s.at.tzinfo is None
            else s.at.astimezone(UTC),
            actor=s.actor,
        )
        for s in session.exec(select(models.Snooze).order_by(col(models.Snooze.key)))
    ]
