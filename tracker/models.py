"""Database tables (SQLModel).

Money is stored as integer cents with the half the source gives (net or gross) and the
VAT rate, so no float ever touches an amount on SQLite or PostgreSQL. Enumerations are
stored as their string values. Records a user can name carry a unique ``ref``.
Every editable record carries a ``version``, moved by each write to it or to the rows
it owns, so that a save based on a stale read is refused (tracker.services.versions).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

REF_LENGTH = 40


class Programme(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    name: str = Field(max_length=200)
    start: date | None = None
    start_precision: str = Field(default="day", max_length=8)
    end: date | None = None
    end_precision: str = Field(default="day", max_length=8)
    note: str | None = Field(default=None, sa_type=Text)


class Neighbourhood(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    name: str = Field(max_length=200)
    municipio: int | None = None
    inhabitants: int | None = None
    inhabitants_approximate: bool = False
    households: int | None = None
    erp_dwellings: int | None = None
    figures_as_of: date | None = None
    figures_basis: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, sa_type=Text)


class NeighbourhoodProgramme(SQLModel, table=True):
    __tablename__ = "neighbourhood_programme"
    neighbourhood_id: int = Field(foreign_key="neighbourhood.id", primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", primary_key=True)


class Site(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    name: str = Field(max_length=200)
    neighbourhood_id: int | None = Field(default=None, foreign_key="neighbourhood.id")
    address: str = Field(max_length=200)
    owner: str = Field(max_length=16)
    space_kind: str | None = Field(default=None, max_length=200)
    floor: str | None = Field(default=None, max_length=40)
    condition_notes: str | None = Field(default=None, sa_type=Text)
    note: str | None = Field(default=None, sa_type=Text)


class Service(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    name: str = Field(max_length=200)
    neighbourhood_id: int = Field(foreign_key="neighbourhood.id")
    site_id: int | None = Field(default=None, foreign_key="site.id")
    programme_id: int | None = Field(default=None, foreign_key="programme.id")
    required_from: date
    required_from_precision: str = Field(default="day", max_length=8)
    required_until: date | None = None
    required_until_precision: str = Field(default="day", max_length=8)
    note: str | None = Field(default=None, sa_type=Text)


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    name: str = Field(max_length=300)
    kind: str | None = Field(default=None, max_length=24)
    legal_form: str | None = Field(default=None, max_length=200)
    partita_iva: str | None = Field(default=None, max_length=16, index=True)
    codice_fiscale: str | None = Field(default=None, max_length=16)
    ausa: str | None = Field(default=None, max_length=16)
    address: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, sa_type=Text)


class Consortium(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    name: str = Field(max_length=300)
    kind: str = Field(max_length=16)
    note: str | None = Field(default=None, sa_type=Text)


class ConsortiumMember(SQLModel, table=True):
    __tablename__ = "consortium_member"
    __table_args__ = (UniqueConstraint("consortium_id", "organisation_id"),)
    id: int | None = Field(default=None, primary_key=True)
    consortium_id: int = Field(foreign_key="consortium.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    position: int
    role: str = Field(max_length=16)
    share_hundredths: int | None = None
    note: str | None = Field(default=None, sa_type=Text)


class Act(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    kind: str = Field(max_length=32)
    number: str | None = Field(default=None, max_length=40)
    adopted_on: date | None = None
    body: str | None = Field(default=None, max_length=200)
    subject: str = Field(max_length=500)
    url: str | None = Field(default=None, max_length=500)
    note: str | None = Field(default=None, sa_type=Text)


class FundingSource(SQLModel, table=True):
    __tablename__ = "funding_source"
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    name: str = Field(max_length=300)
    kind: str = Field(max_length=16)
    funder: str | None = Field(default=None, max_length=200)
    eligible_from: date | None = None
    eligible_until: date | None = None
    paid_by: date | None = None
    note: str | None = Field(default=None, sa_type=Text)


class Tender(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    ocid: str | None = Field(default=None, max_length=64, unique=True)
    title: str = Field(max_length=500)
    buyer_organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id"
    )
    main_category: str | None = Field(default=None, max_length=8)
    cpv_codes: str | None = Field(default=None, sa_type=Text)
    procedure_type: str | None = Field(default=None, max_length=32)
    procedure_code: str | None = Field(default=None, max_length=8)
    procedure_title: str | None = Field(default=None, max_length=300)
    status: str = Field(max_length=16)
    programme_id: int | None = Field(default=None, foreign_key="programme.id")
    cup: str | None = Field(default=None, max_length=15)
    rup: str | None = Field(default=None, max_length=200)
    planned_start: date | None = None
    planned_start_precision: str = Field(default="day", max_length=8)
    planned_months: int | None = None
    publication_date: date | None = None
    offer_deadline: date | None = None
    award_date: date | None = None
    standstill_end: date | None = None
    signature_date: date | None = None
    estimate_cents: int | None = Field(default=None, sa_type=BigInteger)
    estimate_basis: str | None = Field(default=None, max_length=8)
    estimate_vat_rate: str | None = Field(default=None, max_length=8)
    authorising_act_id: int | None = Field(default=None, foreign_key="act.id")
    plan_entry: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, sa_type=Text)


class Lot(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("tender_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    tender_id: int = Field(foreign_key="tender.id", index=True)
    number: int | None = None
    title: str = Field(max_length=500)
    cig: str | None = Field(default=None, max_length=10)
    cups: str | None = Field(default=None, sa_type=Text)
    value_cents: int | None = Field(default=None, sa_type=BigInteger)
    value_basis: str | None = Field(default=None, max_length=8)
    value_vat_rate: str | None = Field(default=None, max_length=8)
    note: str | None = Field(default=None, sa_type=Text)


class LotService(SQLModel, table=True):
    __tablename__ = "lot_service"
    lot_id: int = Field(foreign_key="lot.id", primary_key=True)
    service_id: int = Field(foreign_key="service.id", primary_key=True, index=True)


class Contract(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    title: str = Field(max_length=500)
    lot_id: int | None = Field(default=None, foreign_key="lot.id", index=True)
    cig: str | None = Field(default=None, max_length=10)
    supplier_organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id"
    )
    supplier_consortium_id: int | None = Field(
        default=None, foreign_key="consortium.id"
    )
    signed_on: date | None = None
    start: date | None = None
    start_precision: str = Field(default="day", max_length=8)
    end: date | None = None
    end_precision: str = Field(default="day", max_length=8)
    months: int | None = None
    amount_cents: int | None = Field(default=None, sa_type=BigInteger)
    amount_basis: str | None = Field(default=None, max_length=8)
    amount_vat_rate: str | None = Field(default=None, max_length=8)
    act_id: int | None = Field(default=None, foreign_key="act.id")
    note: str | None = Field(default=None, sa_type=Text)


class ContractService(SQLModel, table=True):
    __tablename__ = "contract_service"
    contract_id: int = Field(foreign_key="contract.id", primary_key=True)
    service_id: int = Field(foreign_key="service.id", primary_key=True, index=True)


class ContractOption(SQLModel, table=True):
    """An option of a contract (renewal, extension, quinto) or a modification made to
    it (proroga tecnica, variante, price revision, CCNL adjustment, other), with the
    legal basis or the rationale as stated (``basis``)."""

    __tablename__ = "contract_option"
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    kind: str = Field(max_length=24)
    state: str = Field(max_length=16)
    start: date | None = None
    end: date | None = None
    months: int | None = None
    amount_cents: int | None = Field(default=None, sa_type=BigInteger)
    amount_basis: str | None = Field(default=None, max_length=8)
    amount_vat_rate: str | None = Field(default=None, max_length=8)
    decided_on: date | None = None
    act_id: int | None = Field(default=None, foreign_key="act.id")
    cig: str | None = Field(default=None, max_length=10)
    basis: str | None = Field(default=None, sa_type=Text)
    note: str | None = Field(default=None, sa_type=Text)


class Payment(SQLModel, table=True):
    """A payment made on a contract (a liquidation, an invoice paid)."""

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    position: int
    paid_on: date
    amount_cents: int = Field(sa_type=BigInteger)
    reference: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, sa_type=Text)


class PublishedSource(SQLModel, table=True):
    """Where an imported record came from (``key``: the ocid and the published id of
    the part) and the values the last import wrote, so that a new import tells a
    local edit from an unchanged record."""

    __tablename__ = "published_source"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, unique=True)
    entity: str = Field(max_length=40)
    record_id: int
    written: str = Field(sa_type=Text)
    release_date: str | None = Field(default=None, max_length=40)
    imported_at: datetime = Field(sa_type=DateTime(timezone=True))


class InHousePeriod(SQLModel, table=True):
    __tablename__ = "in_house_period"
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    title: str = Field(max_length=500)
    kind: str = Field(max_length=32)
    start: date
    start_precision: str = Field(default="day", max_length=8)
    end: date
    end_precision: str = Field(default="day", max_length=8)
    act_id: int | None = Field(default=None, foreign_key="act.id")
    note: str | None = Field(default=None, sa_type=Text)


class InHouseService(SQLModel, table=True):
    __tablename__ = "in_house_service"
    in_house_id: int = Field(foreign_key="in_house_period.id", primary_key=True)
    service_id: int = Field(foreign_key="service.id", primary_key=True, index=True)


class Staffing(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int | None = Field(default=None, foreign_key="contract.id", index=True)
    in_house_id: int | None = Field(default=None, foreign_key="in_house_period.id")
    position: int
    role: str = Field(max_length=200)
    count: int | None = None
    note: str | None = Field(default=None, sa_type=Text)


class FundingAllocation(SQLModel, table=True):
    __tablename__ = "funding_allocation"
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    source_id: int = Field(foreign_key="funding_source.id", index=True)
    tender_id: int | None = Field(default=None, foreign_key="tender.id", index=True)
    contract_id: int | None = Field(default=None, foreign_key="contract.id", index=True)
    amount_cents: int | None = Field(default=None, sa_type=BigInteger)
    status: str = Field(max_length=24)
    note: str | None = Field(default=None, sa_type=Text)


class Deadline(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    ref: str = Field(max_length=REF_LENGTH, unique=True)
    title: str = Field(max_length=500)
    due: date
    lead_days: int = 30
    owner: str | None = Field(default=None, max_length=200)
    subject_ref: str | None = Field(default=None, max_length=REF_LENGTH, index=True)
    recurrence: str = Field(default="none", max_length=16)
    recurrence_until: date | None = None
    state: str = Field(default="open", max_length=16)
    done_through: date | None = None
    note: str | None = Field(default=None, sa_type=Text)


class Note(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    subject_ref: str = Field(max_length=REF_LENGTH, index=True)
    written_at: datetime = Field(sa_type=DateTime(timezone=True))
    author: str = Field(max_length=200)
    text: str = Field(sa_type=Text)


class Acknowledgement(SQLModel, table=True):
    """A person has seen a deadline and silenced it: a derived deadline's key such as
    ``LDQ-2016/start``, or a recurring explicit deadline's ref up to ``through``."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120, unique=True)
    through: date | None = None
    at: datetime = Field(sa_type=DateTime(timezone=True))
    actor: str = Field(max_length=200)


class Snooze(SQLModel, table=True):
    """A person has hidden an alert (``Alert.key``) up to and including ``until``."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=120, unique=True)
    until: date
    at: datetime = Field(sa_type=DateTime(timezone=True))
    actor: str = Field(max_length=200)


class Change(SQLModel, table=True):
    """One write to the database: who (the person and, on PostgreSQL, the database
    role), when, which row, which fields, and the record it belongs to (its subject:
    a member's share belongs to its consortium) at which version. Append-only: the
    database refuses to update or delete it (migration 0005)."""

    __table_args__ = (Index("ix_change_subject", "subject_kind", "subject_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    actor: str = Field(max_length=200)
    action: str = Field(max_length=8)
    entity: str = Field(max_length=40)
    record_id: int | None = None
    ref: str | None = Field(default=None, max_length=REF_LENGTH, index=True)
    changes: str = Field(sa_type=Text)
    subject_kind: str | None = Field(default=None, max_length=40)
    subject_id: int | None = None
    subject_version: int | None = None
    role: str | None = Field(default=None, max_length=200)


class SentDigest(SQLModel, table=True):
    """A morning digest that the mail server accepted: when, as of which day, by
    whom, to whom (``tracker.domain.digest.recipients_key``), its subject and the
    alerts it carried (their ``alert_mark``, one per line), so that the next
    digest sent "only new" to the same people leaves them out. Not part of the
    history: it records a message, not a change to a record."""

    __tablename__ = "sent_digest"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    as_of: date
    actor: str = Field(max_length=200)
    recipients: str = Field(sa_type=Text)
    subject: str = Field(sa_type=Text)
    alerts: str = Field(sa_type=Text)


class KeptFact(SQLModel, table=True):
    """A day-independent fact of one rule family about one record, its *scope*
    (tracker.domain.kept.Fact), kept up to date in the transaction of every write
    that touches the scope (tracker.kept). Not part of the history nor of a
    dump: it is worked out from the records."""

    __tablename__ = "kept_fact"
    __table_args__ = (
        Index("ix_kept_fact_scope", "scope", "scope_id"),
        Index("ix_kept_fact_family_day", "family", "day_from"),
        Index("ix_kept_fact_family_open", "family", "day_until", "day_from"),
    )
    id: int | None = Field(default=None, primary_key=True)
    family: str = Field(max_length=24)
    scope: str = Field(max_length=24)
    scope_id: int
    key: str = Field(sa_type=Text)
    day_from: date | None = None
    day_until: date | None = None
    payload: str = Field(sa_type=Text)


class KeptState(SQLModel, table=True):
    """The one row saying which format of the kept facts the database holds and
    when they were last built whole: facts of another format (or none, in a
    database from before them) are built again when it is next opened writable."""

    __tablename__ = "kept_state"
    id: int | None = Field(default=None, primary_key=True)
    format: str = Field(max_length=200)
    built: datetime = Field(sa_type=DateTime(timezone=True))


DERIVED: tuple[type[SQLModel], ...] = (KeptFact, KeptState)
"""Tables worked out from the records: not records themselves (a database holding
only these is empty)."""

# The records a person edits through a form, each with its own version.
EDITABLE: tuple[type[SQLModel], ...] = (
    Tender,
    Lot,
    Contract,
    ContractOption,
    Organisation,
    Consortium,
    Act,
    FundingSource,
    FundingAllocation,
    Deadline,
)
