"""Published tenders into the tracker: one release, one unit of work.

Each published tender (``tracker.ocds.reading``) becomes drafts (``tracker.ocds.
drafting``) saved through the same services as a form: organisations matched to
existing ones by codice fiscale or partita IVA, a group of suppliers matched to an
existing consortium by its members, then the tender with its lots, its contracts
with their modifications and payments. Each record remembers where it came from and
what the import wrote (``published_source``), so that importing again changes
nothing, newer data updates in place, and a value edited here is kept and reported
(``tracker.domain.published``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pydantic
from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel, col, select

from tracker import models
from tracker.db import session_scope
from tracker.domain.published import Conflict, take_published
from tracker.drafts import (
    AllocationDraft,
    ConsortiumDraft,
    ContractDraft,
    Draft,
    FundingSourceDraft,
    LotDraft,
    OptionDraft,
    OrganisationDraft,
    TenderDraft,
)
from tracker.errors import N_, ConflictError, Message, TrackerError, ValidationError
from tracker.ocds.drafting import Drafted, Drafting, Keyed, PartyDraft
from tracker.ocds.own import OwnDrafting
from tracker.ocds.published import PublishedTender, Skipped
from tracker.queries.export import record_draft
from tracker.queries.refs import KIND_OF, find_ref
from tracker.services import saving

# What a release's records are saved as, in the order they are written.
ENTITY_OF: dict[type[Draft], type[SQLModel]] = {
    OrganisationDraft: models.Organisation,
    FundingSourceDraft: models.FundingSource,
    AllocationDraft: models.FundingAllocation,
    ConsortiumDraft: models.Consortium,
    TenderDraft: models.Tender,
    LotDraft: models.Lot,
    ContractDraft: models.Contract,
    OptionDraft: models.ContractOption,
}

# Parts saved on their own, never with their owner's draft (tracker.services.saving).
PARTS: dict[type[Draft], str] = {TenderDraft: "lots", ContractDraft: "options"}


@dataclass(frozen=True)
class RecordConflict:
    """A field edited here and changed by the publisher: which record, which field,
    the value kept and the value published."""

    ref: str
    conflict: Conflict


@dataclass
class ImportSummary:
    """What an import did, release by release and record by record."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, Message | TrackerError]] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=dict)
    conflicts: list[RecordConflict] = field(default_factory=list)
    warnings: list[tuple[str, Message]] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.skipped)


Progress = Callable[[int], None]


def import_published(
    sessions: sessionmaker[Session],
    items: Iterable[PublishedTender | Skipped],
    *,
    clock: Callable[[], datetime],
    overwrite_local: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import every published tender, each in its own unit of work: a release
    refused by a rule is skipped with its reason and the others go on; a failure of
    the database stops the import with the releases before it whole."""
    summary = ImportSummary()
    for count, item in enumerate(items, start=1):
        if isinstance(item, Skipped):
            summary.skipped.append((item.ocid or f"#{item.position}", item.reason))
        else:
            _import_one(sessions, item, summary, clock, overwrite_local)
        if progress is not None:
            progress(count)
    return summary


def _import_one(
    sessions: sessionmaker[Session],
    tender: PublishedTender,
    summary: ImportSummary,
    clock: Callable[[], datetime],
    overwrite_local: bool,
) -> None:
    try:
        try:
            release = _written(sessions, tender, clock(), overwrite_local)
        except pydantic.ValidationError as invalid:
            raise saving.refusal(invalid) from None
    except TrackerError as error:
        if not _refused_by_a_rule(error):
            raise
        summary.skipped.append((tender.ocid, error))
        return
    if release.outcome == "created":
        summary.created += 1
    elif release.outcome == "updated":
        summary.updated += 1
    else:
        summary.unchanged += 1
    for kind, count in release.records.items():
        summary.records[kind] = summary.records.get(kind, 0) + count
    summary.conflicts.extend(release.conflicts)
    summary.warnings.extend((tender.ocid, w) for w in release.warnings)


def _written(
    sessions: sessionmaker[Session],
    tender: PublishedTender,
    now: datetime,
    overwrite_local: bool,
) -> ReleaseImport:
    """The release written in one unit of work. Another import of the same data
    at the same moment may add one of its records first: the unit is then
    undone and done again, finding that record."""
    for attempt in (1, 2):
        release = ReleaseImport(tender, now, overwrite_local)
        try:
            with session_scope(sessions, write=True) as session:
                release.outcome = release.run(session)
        except IntegrityError:
            if attempt == 2:
                raise
            continue
        break
    return release


def _refused_by_a_rule(error: TrackerError) -> bool:
    return isinstance(error, ValidationError | ConflictError)


class ReleaseImport:
    """The writes of one published tender, inside one unit of work."""

    def __init__(
        self, tender: PublishedTender, now: datetime, overwrite_local: bool
    ) -> None:
        self.tender = tender
        self.now = now
        self.overwrite_local = overwrite_local
        self.records: dict[str, int] = {}
        self.conflicts: list[RecordConflict] = []
        self.warnings: list[Message] = list(tender.warnings)
        self.changed = False
        self.outcome = "unchanged"
        self.older: models.PublishedSource | None = None

    def run(self, session: Session) -> str:
        """Write the release; "created", "updated" or "unchanged"."""
        drafting = self._drafting(session)
        known = _source(session, drafting.release_key())
        self.older = known if known is not None and _older(self.tender, known) else None
        parties = {
            key: self._organisation(session, party)
            for key, party in drafting.parties().items()
        }
        groups = {
            award: self._consortium(session, group_key, draft)
            for award, (group_key, draft) in drafting.groups(parties).items()
        }
        drafted = drafting.drafted(parties, groups)
        self.warnings.extend(drafting.warnings)
        for source in drafted.sources:
            self._put(session, source)
        tender_ref = None
        if drafted.tender is not None:
            tender_ref = self._put(session, drafted.tender)
        for lot in drafted.lots:
            self._put(session, lot, owner=tender_ref)
        for parts in drafted.contracts:
            contract_ref = self._put(session, parts.contract)
            for option in parts.options:
                self._put(session, option, owner=contract_ref)
        for allocation in drafted.allocations:
            self._put(session, allocation)
        # a release read back where its records already are made none: unchanged
        if known is None and (
            self.records.get("tender") or self.records.get("contract")
        ):
            return "created"
        return "updated" if self.changed else "unchanged"

    def _drafting(self, session: Session) -> Drafting | OwnDrafting:
        """appalti's own packages are read back field by field; others' data is
        read as published."""
        if self.tender.own is not None:
            return OwnDrafting(self.tender.own)
        return Drafting(self.tender, lambda k, r: self._ref_for(session, k, r))

    # -- records -----------------------------------------------------------------

    def _organisation(self, session: Session, party: PartyDraft) -> str:
        source = _source(session, party.key)
        if source is None:
            found = _organisation_with(session, party.identifiers)
            if found is not None:
                # A record written here: linked, never rewritten by the import.
                linked = party.draft.model_copy(update={"ref": found.ref})
                _remember(session, party.key, found, linked, self.now, None)
                return found.ref
        return self._put(session, Keyed(party.key, party.draft))

    def _consortium(self, session: Session, key: str, draft: ConsortiumDraft) -> str:
        if _source(session, key) is None:
            members = {m.organisation for m in draft.members}
            found = _consortium_of(session, members)
            if found is not None:
                linked = draft.model_copy(update={"ref": found.ref})
                _remember(session, key, found, linked, self.now, None)
                return found.ref
        return self._put(session, Keyed(key, draft))

    def _put(
        self, session: Session, keyed: Keyed[Any], *, owner: str | None = None
    ) -> str:
        """Save the draft as new, or as the publisher's changes to the record it
        was imported as; the record's ref."""
        key, draft = keyed.key, keyed.draft
        model = ENTITY_OF[type(draft)]
        kind = KIND_OF[model]
        source = _source(session, key)
        record = None if source is None else session.get(model, source.record_id)
        published = _values(draft)
        if self.older is not None and (
            source is None or record is None or published != json.loads(source.written)
        ):
            # Data older than what was imported changes nothing: said, not taken.
            raise _older_release(self.tender, self.older)
        if source is not None and record is None and not self.overwrite_local:
            raise _deleted_here(draft)
        if source is None or record is None:
            if self.tender.own is not None:
                mine = _with_ref(session, model, str(getattr(draft, "ref")))  # noqa: B009
                if mine is not None:
                    # appalti's own package read back where the record is: linked
                    _remember(session, key, mine, draft, self.now, self.tender.date)
                    return str(getattr(mine, "ref"))  # noqa: B009
            ref = saving.save(session, draft, owner=owner)
            record = saving.existing(session, model, ref)
            _remember(session, key, record, draft, self.now, self.tender.date)
            self.records[kind] = self.records.get(kind, 0) + 1
            self.changed = True
            return ref
        ref = str(getattr(record, "ref"))  # noqa: B009 (every imported kind has one)
        written = json.loads(source.written)
        if published == written:
            return ref
        current = record_draft(session, ref)
        assert current is not None
        taken = take_published(
            written,
            published,
            _values(current),
            overwrite_local=self.overwrite_local,
        )
        self.conflicts.extend(RecordConflict(ref, c) for c in taken.conflicts)
        if taken.updated:
            values = {**current.model_dump(mode="json"), **taken.values}
            part = PARTS.get(type(draft))
            if part is not None:
                values[part] = []
            ref = saving.save(
                session, type(draft).model_validate(values), original=ref, owner=owner
            )
            self.changed = True
        source.written = json.dumps(published, sort_keys=True)
        source.release_date = _stamp(self.tender.date)
        session.add(source)
        return ref

    def _ref_for(self, session: Session, key: str, draft_ref: str) -> str:
        """The ref of the record imported under ``key``; for a new one ``draft_ref``,
        or the first of ``-2``, ``-3``... not already taken."""
        source = _source(session, key)
        if source is not None:
            model = next(
                m for m in ENTITY_OF.values() if m.__tablename__ == source.entity
            )
            record = session.get(model, source.record_id)
            if record is not None:
                return str(getattr(record, "ref"))  # noqa: B009
        candidate, n = draft_ref, 1
        while find_ref(session, candidate) is not None:
            n += 1
            suffix = f"-{n}"
            candidate = draft_ref[: 40 - len(suffix)] + suffix
        return candidate


def _values(draft: Draft) -> dict[str, Any]:
    """A draft's fields as compared between imports: its parts saved on their own
    (a tender's lots, a contract's options) left out."""
    values: dict[str, Any] = draft.model_dump(mode="json")
    part = PARTS.get(type(draft))
    if part is not None:
        values.pop(part, None)
    return values


_BY_KEY = select(models.PublishedSource).where(
    col(models.PublishedSource.key) == bindparam("key")
)


def _source(session: Session, key: str) -> models.PublishedSource | None:
    found: models.PublishedSource | None = session.exec(
        _BY_KEY, params={"key": key}
    ).first()
    return found


def _with_ref(session: Session, model: type[SQLModel], ref: str) -> Any:
    return session.exec(
        select(model).where(model.ref == ref)  # type: ignore[attr-defined]
    ).first()


def _remember(
    session: Session,
    key: str,
    record: Any,
    draft: Draft,
    now: datetime,
    release_date: date | None,
) -> None:
    source = _source(session, key) or models.PublishedSource(
        key=key,
        entity=str(type(record).__tablename__),
        record_id=record.id,
        written="",
        imported_at=now,
    )
    source.written = json.dumps(_values(draft), sort_keys=True)
    source.release_date = _stamp(release_date)
    source.imported_at = now
    session.add(source)
    session.flush()


def _stamp(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _older(tender: PublishedTender, source: models.PublishedSource) -> bool:
    if tender.date is None or source.release_date is None:
        return False
    return tender.date.isoformat() < source.release_date


def _deleted_here(draft: Draft) -> TrackerError:
    """A record imported before and deleted here since: a deletion is a local
    change like any other, kept unless the import is told to prefer the data."""
    return ValidationError(
        "ref",
        getattr(draft, "ref", None),
        N_(
            "this record was deleted here after it was imported; "
            "--overwrite-local brings it back"
        ),
    )


def _older_release(
    tender: PublishedTender, source: models.PublishedSource
) -> TrackerError:
    return ValidationError(
        "date",
        _stamp(tender.date),
        N_("a newer release of this tender is already imported ({date})"),
        date=source.release_date,
    )


def _organisation_with(
    session: Session, identifiers: tuple[str, ...]
) -> models.Organisation | None:
    if not identifiers:
        return None
    return session.exec(
        select(models.Organisation)
        .where(
            col(models.Organisation.codice_fiscale).in_(identifiers)
            | col(models.Organisation.partita_iva).in_(identifiers)
        )
        .order_by(col(models.Organisation.id))
    ).first()


def _consortium_of(session: Session, members: set[str]) -> models.Consortium | None:
    """The consortium whose members are exactly these organisations (by ref)."""
    ids = session.exec(
        select(models.Organisation.id).where(col(models.Organisation.ref).in_(members))
    ).all()
    if len(ids) != len(members):
        return None
    candidates = select(models.ConsortiumMember.consortium_id).where(
        models.ConsortiumMember.organisation_id == ids[0]
    )
    rows = session.exec(
        select(
            models.ConsortiumMember.consortium_id,
            models.ConsortiumMember.organisation_id,
        ).where(col(models.ConsortiumMember.consortium_id).in_(candidates))
    )
    by_group: dict[int, set[int | None]] = {}
    for group_id, organisation_id in rows:
        by_group.setdefault(group_id, set()).add(organisation_id)
    for group_id, found in sorted(by_group.items()):
        if found == set(ids):
            return session.get(models.Consortium, group_id)
    return None


__all__ = ["Drafted", "ImportSummary", "import_published"]
