"""The one entry point to the core for front ends: one unit of work per call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from tracker.config import Settings, current_user
from tracker.dataset import LoadSummary, load_dataset, read_dataset_file
from tracker.db import session_factory, session_scope
from tracker.domain.alerts import Alert
from tracker.domain.continuity import ServiceContinuity
from tracker.domain.deadlines import Deadline
from tracker.drafts import (
    AllocationDraft,
    ConsortiumDraft,
    ContractDraft,
    Dataset,
    DeadlineDraft,
    FundingSourceDraft,
    LotDraft,
    OptionDraft,
    OrganisationDraft,
    SnoozeDraft,
    TenderDraft,
)
from tracker.errors import (
    N_,
    ConflictError,
    Kind,
    NotFoundError,
    ReadOnlyError,
    TrackerError,
    quote,
)
from tracker.formatting import Formatter
from tracker.history import can_write
from tracker.i18n import language
from tracker.queries.alerts import Findings, compute_findings, derive_all_deadlines
from tracker.queries.browse import (
    DEADLINE_WINDOW_DAYS,
    SORT_KEYS,
    STATUS_FILTERS,
    BrowseQuery,
    ContractListRow,
    DeadlineBrowser,
    DeadlineListRow,
    FundingListRow,
    ListRow,
    OrganisationListRow,
    Page,
    ServiceBrowser,
    ServiceListRow,
    TenderListRow,
    browse_contracts,
    browse_funding,
    browse_organisations,
    browse_tenders,
    deadline_browser,
    service_browser,
)
from tracker.queries.committee import CommitteeData, get_committee_report
from tracker.queries.dashboard import Dashboard, get_dashboard
from tracker.queries.details import get_contract_detail, get_tender_detail
from tracker.queries.dossier import DossierData, get_dossier
from tracker.queries.engine import (
    ServiceTimeline,
    compute_continuity,
    compute_timeline,
)
from tracker.queries.export import RecordDraft, export_dataset, record_draft
from tracker.queries.listing import (
    list_contracts,
    list_organisations,
    list_services,
    list_tenders,
)
from tracker.queries.record_views import (
    AllocationView,
    ConsortiumView,
    ContractView,
    DeadlineView,
    FundingSourceView,
    MembershipRow,
    OrganisationView,
    PartyContractRow,
    PeriodRow,
    QuintoRow,
    RecordContext,
    ServiceTenderRow,
    ServiceView,
    StatusTotal,
    TenderView,
    allocation_view,
    consortium_view,
    contract_view,
    deadline_view,
    funding_source_view,
    get_record_kind,
    organisation_view,
    service_view,
    tender_view,
)
from tracker.queries.rows import (
    ActRow,
    AllocationRow,
    AmountRow,
    ChangeRow,
    ContractDetail,
    ContractRow,
    LotRow,
    MemberRow,
    NoteRow,
    OptionRow,
    OrganisationRow,
    ServiceRow,
    StaffRow,
    SupplierRow,
    TenderDetail,
    TenderRow,
    TotalsRow,
)
from tracker.queries.search import SearchHit, owner_of, search
from tracker.services import deleting, editing
from tracker.services.deadlines import (
    acknowledge_deadline,
    mark_deadline_done,
    snooze_alert,
    unsnooze_alert,
)
from tracker.services.editing import NoteEntry
from tracker.services.refs import find_ref
from tracker.services.versions import (
    Clash,
    change_note,
    exercise,
    reapply_draft,
    record_version,
    remove_note,
)
from tracker.storage import open_engine
from tracker.synthetic import GenerationSummary, generate

__all__ = [
    "DEADLINE_WINDOW_DAYS",
    "SORT_KEYS",
    "STATUS_FILTERS",
    "ActRow",
    "Alert",
    "AllocationRow",
    "AllocationView",
    "AmountRow",
    "BrowseQuery",
    "ChangeRow",
    "Clash",
    "ConflictError",
    "ConsortiumView",
    "ContractDetail",
    "ContractListRow",
    "ContractRow",
    "ContractView",
    "Dashboard",
    "Dataset",
    "Deadline",
    "DeadlineBrowser",
    "DeadlineListRow",
    "DeadlineView",
    "Editable",
    "Findings",
    "FundingListRow",
    "FundingSourceView",
    "ListRow",
    "LoadSummary",
    "LotRow",
    "MemberRow",
    "MembershipRow",
    "NoteEntry",
    "NoteRow",
    "OptionRow",
    "OrganisationListRow",
    "OrganisationRow",
    "OrganisationView",
    "Page",
    "PartyContractRow",
    "PeriodRow",
    "QuintoRow",
    "ReadOnlyError",
    "RecordDraft",
    "SearchHit",
    "ServiceBrowser",
    "ServiceContinuity",
    "ServiceListRow",
    "ServiceRow",
    "ServiceTenderRow",
    "ServiceTimeline",
    "ServiceView",
    "Settings",
    "StaffRow",
    "StatusTotal",
    "SupplierRow",
    "TenderDetail",
    "TenderListRow",
    "TenderRow",
    "TenderView",
    "TotalsRow",
    "Tracker",
]

ROME = ZoneInfo("Europe/Rome")
EDIT_READ_ATTEMPTS = 5


@dataclass(frozen=True)
class Editable:
    """A record's draft and the version it shows (``Tracker.edit_of``)."""

    draft: RecordDraft
    version: int


def system_clock() -> datetime:
    return datetime.now(UTC)


class Tracker:
    """Procurement and continuity data in one database."""

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], datetime] = system_clock,
        actor: str | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.settings = settings or Settings()
        self.actor = actor or current_user(configured=self.settings.user)
        writable, self.role = can_write(engine)
        self.read_only = not writable
        """A database role without write privileges: every write is refused."""
        self._sessions = session_factory(
            engine,
            actor=self.actor,
            clock=clock,
            read_only=self.read_only,
            role=self.role,
        )

    @classmethod
    def open(
        cls,
        url: str,
        *,
        clock: Callable[[], datetime] = system_clock,
        actor: str | None = None,
        settings: Settings | None = None,
    ) -> Tracker:
        """Open (and create or upgrade) the database at ``url``; anything there that
        is not a sound appalti database is a TrackerError saying what it is."""
        busy_timeout = (settings or Settings()).busy_timeout
        engine = open_engine(url, busy_timeout=busy_timeout)
        try:
            return cls(engine, clock=clock, actor=actor, settings=settings)
        except BaseException:
            engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    def today(self) -> date:
        """Today in Milan, from the injected clock."""
        return self.clock().astimezone(ROME).date()

    def load_dataset(self, dataset: Dataset) -> LoadSummary:
        """Add a whole dataset in one transaction."""
        with session_scope(self._sessions, write=True) as session:
            return load_dataset(session, dataset)

    def load_file(self, path: Path) -> LoadSummary:
        """Read, check and load a dataset file; nothing is written if any part is bad."""
        return self.load_dataset(read_dataset_file(path))

    def dump_dataset(self, *, description: str | None = None) -> Dataset:
        """Everything in the database as a dataset."""
        with session_scope(self._sessions) as session:
            return export_dataset(session, description=description)

    def list_tenders(self) -> list[TenderRow]:
        with session_scope(self._sessions) as session:
            return list_tenders(session)

    def list_contracts(self) -> list[ContractRow]:
        with session_scope(self._sessions) as session:
            return list_contracts(session)

    def list_services(self) -> list[ServiceRow]:
        with session_scope(self._sessions) as session:
            return list_services(session)

    def list_organisations(self) -> list[OrganisationRow]:
        with session_scope(self._sessions) as session:
            return list_organisations(session)

    def get_record(self, ref: str) -> TenderDetail | ContractDetail:
        """A tender or a contract with everything attached, by its reference."""
        with session_scope(self._sessions) as session:
            found = find_ref(session, ref)
            if found is None:
                raise NotFoundError("tender or contract", ref)
            kind, _ = found
            if kind == "tender":
                return get_tender_detail(session, ref)
            if kind == "contract":
                return get_contract_detail(session, ref)
            raise TrackerError(
                N_("{ref} is a {kind}; 'show' displays tenders and contracts"),
                ref=quote(ref),
                kind=Kind(kind),
            )

    def continuity(self, as_of: date | None = None) -> list[ServiceContinuity]:
        """Continuity of every service as of a day (default today)."""
        with session_scope(self._sessions) as session:
            return compute_continuity(
                session, as_of=as_of or self.today(), settings=self.settings
            )

    def timeline(self, as_of: date | None = None) -> list[ServiceTimeline]:
        """Every service's continuity with the periods that cover it, as of a day."""
        with session_scope(self._sessions) as session:
            return compute_timeline(
                session, as_of=as_of or self.today(), settings=self.settings
            )

    def dashboard(self, as_of: date | None = None) -> Dashboard:
        """Services by status, contracts ending soon, value under contract, funds
        awaiting confirmation, as of a day."""
        with session_scope(self._sessions) as session:
            return get_dashboard(
                session, as_of=as_of or self.today(), settings=self.settings
            )

    def search(self, text: str, *, limit: int = 50) -> list[SearchHit]:
        """Tenders, lots, contracts, services, organisations and consortia whose
        name, reference, CIG, CUP or partita IVA contains ``text``."""
        with session_scope(self._sessions) as session:
            return search(session, text, limit=limit)

    def owner_of(self, ref: str) -> str | None:
        """The tender a lot belongs to, the contract an option belongs to."""
        with session_scope(self._sessions) as session:
            return owner_of(session, ref)

    def findings(
        self, as_of: date | None = None, *, within: int | None = None
    ) -> Findings:
        """Continuity, deadlines and alerts as of a day, worded in the active language."""
        with session_scope(self._sessions) as session:
            return compute_findings(
                session,
                as_of=as_of or self.today(),
                within=self.settings.horizon_days if within is None else within,
                settings=self.settings,
                fmt=Formatter(language()),
            )

    def deadlines(self, through: date, *, since: date | None = None) -> list[Deadline]:
        """Every deadline, derived and explicit, due up to ``through`` (done ones too);
        with ``since``, only what can still matter on that day."""
        with session_scope(self._sessions) as session:
            return derive_all_deadlines(
                session,
                through=through,
                since=since,
                settings=self.settings,
                fmt=Formatter(language()),
            )

    def dossier(self, ref: str, as_of: date | None = None) -> DossierData:
        """Everything the dossier of tender ``ref`` shows, as of a day."""
        with session_scope(self._sessions) as session:
            found = find_ref(session, ref)
            if found is None:
                raise NotFoundError("tender", ref)
            if found[0] != "tender":
                raise TrackerError(
                    N_("{ref} is a {kind}; a dossier is made for a tender's reference"),
                    ref=quote(ref),
                    kind=Kind(found[0]),
                )
            return get_dossier(
                session,
                ref,
                as_of=as_of or self.today(),
                made_on=self.today(),
                settings=self.settings,
                fmt=Formatter(language()),
            )

    def committee_report(self, as_of: date | None = None) -> CommitteeData:
        """Every service by programme and neighbourhood, for the council committee."""
        with session_scope(self._sessions) as session:
            return get_committee_report(
                session,
                as_of=as_of or self.today(),
                made_on=self.today(),
                settings=self.settings,
                fmt=Formatter(language()),
            )

    def alerts(
        self, as_of: date | None = None, *, within: int | None = None
    ) -> list[Alert]:
        """Alerts as of a day, most urgent first."""
        return self.findings(as_of, within=within).alerts

    def generate(self, *, contracts: int, seed: int) -> GenerationSummary:
        """Fill an empty database with a synthetic one of ``contracts`` contracts."""
        with session_scope(self._sessions, write=True) as session:
            return generate(
                session,
                contracts=contracts,
                seed=seed,
                clock=self.clock,
                actor=self.actor,
            )

    def mark_deadline_done(self, ref: str, *, through: date | None = None) -> None:
        """Mark an explicit deadline done (a recurring one, up to ``through``)."""
        with session_scope(self._sessions, write=True) as session:
            mark_deadline_done(session, ref, through=through or self.today())

    def acknowledge_deadline(self, key: str, *, through: date | None = None) -> None:
        """Stop a deadline from raising alerts; it stays on record and in the history.

        A recurring deadline is acknowledged up to ``through``: by default the
        occurrences alerts show now (today plus the horizon); later ones will come.
        """
        if through is None:
            through = self.today() + timedelta(days=self.settings.horizon_days)
        with session_scope(self._sessions, write=True) as session:
            acknowledge_deadline(
                session,
                key,
                through=through,
                at=self.clock(),
                actor=self.actor,
            )

    # -- editing --

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

    def save_tender(
        self,
        draft: TenderDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        """Add a tender with its lots (``original`` None), or change the tender
        ``original``: its ref may become ``draft.ref``; its lots are not touched
        (``draft.lots`` must be empty; see ``save_lot``). The saved ref."""
        with self._edit() as session:
            return editing.save_tender(
                session, draft, original=original, base_version=base_version
            ).ref

    def save_lot(
        self,
        tender: str,
        draft: LotDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        """Add a lot to ``tender``, or change its lot ``original``. The saved ref."""
        with self._edit() as session:
            return editing.save_lot(
                session, tender, draft, original=original, base_version=base_version
            ).ref

    def save_contract(
        self,
        draft: ContractDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        """Add a contract with its options and staffing, or change the contract
        ``original`` (fields, services, staffing; ``draft.options`` must be empty:
        options are saved with ``save_option`` and must still follow its end)."""
        with self._edit() as session:
            return editing.save_contract(
                session, draft, original=original, base_version=base_version
            ).ref

    def save_option(
        self,
        contract: str,
        draft: OptionDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        """Add an option to ``contract`` (after its end and its other options), or
        change its option ``original``. The saved ref."""
        with self._edit() as session:
            return editing.save_option(
                session, contract, draft, original=original, base_version=base_version
            ).ref

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
            exercise(
                session,
                ref,
                decided_on=decided_on,
                act=act,
                base_version=base_version,
            )

    def save_organisation(
        self,
        draft: OrganisationDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        with self._edit() as session:
            return editing.save_organisation(
                session, draft, original=original, base_version=base_version
            ).ref

    def save_consortium(
        self,
        draft: ConsortiumDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        """Add or change a consortium; its members are replaced by the draft's."""
        with self._edit() as session:
            return editing.save_consortium(
                session, draft, original=original, base_version=base_version
            ).ref

    def save_funding_source(
        self,
        draft: FundingSourceDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        with self._edit() as session:
            return editing.save_funding_source(
                session, draft, original=original, base_version=base_version
            ).ref

    def save_allocation(
        self,
        draft: AllocationDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        with self._edit() as session:
            return editing.save_allocation(
                session, draft, original=original, base_version=base_version
            ).ref

    def save_deadline(
        self,
        draft: DeadlineDraft,
        *,
        original: str | None = None,
        base_version: int | None = None,
    ) -> str:
        with self._edit() as session:
            return editing.save_deadline(
                session, draft, original=original, base_version=base_version
            ).ref

    def delete(self, ref: str, *, base_version: int | None = None) -> None:
        """Delete a record with what it owns (a tender's lots, a contract's options
        and staffing, a consortium's members) and the notes on them; refused, naming
        the record in the way, while another record refers to it."""
        with self._edit() as session:
            deleting.delete_record(session, ref, base_version=base_version)

    def add_note(self, subject: str, text: str) -> int:
        """Write a note on a record, as this tracker's actor, now; its id."""
        with self._edit() as session:
            return editing.write_note(
                session, subject, text, at=self.clock(), author=self.actor
            )

    def update_note(
        self, note_id: int, text: str, *, base_version: int | None = None
    ) -> None:
        """Replace a note's text (``base_version``: ``NoteEntry.version``)."""
        with self._edit() as session:
            change_note(session, note_id, text, base_version=base_version)

    def delete_note(self, note_id: int, *, base_version: int | None = None) -> None:
        with self._edit() as session:
            remove_note(session, note_id, base_version=base_version)

    @staticmethod
    def reapply(
        base: RecordDraft, mine: RecordDraft, current: RecordDraft
    ) -> tuple[RecordDraft, tuple[Clash, ...]]:
        """After a ConflictError: the person's edits (``mine`` against ``base``, the
        draft they opened) applied on ``current`` (``edit_of`` again), and the
        fields both changed (their value kept; ``Clash.theirs`` the other one)."""
        return reapply_draft(base, mine, current)

    def notes_of(self, subject: str) -> list[NoteEntry]:
        """The notes on a record, oldest first, with the ids that edit them."""
        with session_scope(self._sessions) as session:
            return editing.notes_of(session, subject)

    def snooze_alert(self, key: str, *, until: date) -> None:
        """Hide the alert ``key`` (``Alert.key``) from alerts as of any day up to and
        including ``until`` (today or later); it comes back the day after."""
        with self._edit() as session:
            snooze_alert(
                session,
                key,
                until=until,
                today=self.today(),
                at=self.clock(),
                actor=self.actor,
            )

    def unsnooze_alert(self, key: str) -> None:
        with self._edit() as session:
            unsnooze_alert(session, key)

    def snoozed_alerts(self) -> list[SnoozeDraft]:
        """Every snooze: the alert's key, until when, who and when."""
        with session_scope(self._sessions) as session:
            return editing.list_snoozes(session)

    # -- lists and details (browse) --

    def browse_tenders(self, query: BrowseQuery) -> Page[TenderListRow]:
        """A page of tenders: searched, filtered by status, sorted, sliced in SQL."""
        with session_scope(self._sessions) as session:
            return browse_tenders(session, query)

    def browse_contracts(self, query: BrowseQuery) -> Page[ContractListRow]:
        """A page of contracts: searched, filtered by state, sorted, sliced in SQL."""
        with session_scope(self._sessions) as session:
            return browse_contracts(session, query)

    def browse_organisations(self, query: BrowseQuery) -> Page[OrganisationListRow]:
        """A page of organisations: searched, filtered by kind, sorted, sliced in SQL."""
        with session_scope(self._sessions) as session:
            return browse_organisations(session, query)

    def browse_funding(self, query: BrowseQuery) -> Page[FundingListRow]:
        """A page of funding sources with their allocations' totals."""
        with session_scope(self._sessions) as session:
            return browse_funding(session, query)

    def services_browser(self, as_of: date | None = None) -> ServiceBrowser:
        """Every service's continuity as of a day, to page through in memory."""
        with session_scope(self._sessions) as session:
            return service_browser(
                session, as_of=as_of or self.today(), settings=self.settings
            )

    def deadlines_browser(self, as_of: date | None = None) -> DeadlineBrowser:
        """The deadlines that matter as of a day (open ones whatever their date, the
        rest from that day to a year ahead), to page through in memory."""
        day = as_of or self.today()
        deadlines = self.deadlines(
            day + timedelta(days=DEADLINE_WINDOW_DAYS), since=day
        )
        return deadline_browser(deadlines, as_of=day)

    def browse(
        self,
        kind: str,
        *,
        as_of: date | None = None,
        search: str = "",
        status: str | None = None,
        sort: str | None = None,
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
    ) -> Page[ListRow]:
        """A page of any list (``SORT_KEYS`` names the kinds and their sorts).

        Services and deadlines are computed afresh on every call: to page through
        them, keep a ``services_browser`` or ``deadlines_browser``.
        """
        query = BrowseQuery(
            as_of=as_of or self.today(),
            search=search,
            status=status,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=limit,
        )
        page: (
            Page[TenderListRow]
            | Page[ContractListRow]
            | Page[OrganisationListRow]
            | Page[FundingListRow]
            | Page[ServiceListRow]
            | Page[DeadlineListRow]
        )
        if kind == "tenders":
            page = self.browse_tenders(query)
        elif kind == "contracts":
            page = self.browse_contracts(query)
        elif kind == "organisations":
            page = self.browse_organisations(query)
        elif kind == "funding":
            page = self.browse_funding(query)
        elif kind == "services":
            page = self.services_browser(query.as_of).page(query)
        elif kind == "deadlines":
            page = self.deadlines_browser(query.as_of).page(query)
        else:
            raise NotFoundError("list", kind)
        return Page(tuple(page.rows), page.total, page.offset, page.sort)

    def record_kind(self, ref: str) -> str | None:
        """What ``ref`` names (tender, lot, contract, option, service, organisation,
        consortium, funding_source, allocation, deadline, ...), or None."""
        with session_scope(self._sessions) as session:
            return get_record_kind(session, ref)

    def _context(self, as_of: date | None) -> RecordContext:
        return RecordContext(
            as_of=as_of or self.today(),
            settings=self.settings,
            fmt=Formatter(language()),
        )

    def tender_view(self, ref: str, as_of: date | None = None) -> TenderView:
        """A tender (or the tender of a lot) with everything attached."""
        with session_scope(self._sessions) as session:
            return tender_view(session, ref, self._context(as_of))

    def contract_view(self, ref: str, as_of: date | None = None) -> ContractView:
        """A contract (or the contract of an option) with everything attached."""
        with session_scope(self._sessions) as session:
            return contract_view(session, ref, self._context(as_of))

    def service_view(self, ref: str, as_of: date | None = None) -> ServiceView:
        """A service with its continuity as of a day and what covers it."""
        with session_scope(self._sessions) as session:
            return service_view(session, ref, self._context(as_of))

    def organisation_view(
        self, ref: str, as_of: date | None = None
    ) -> OrganisationView:
        """An organisation with its consortia and contracts."""
        with session_scope(self._sessions) as session:
            return organisation_view(session, ref, self._context(as_of))

    def consortium_view(self, ref: str, as_of: date | None = None) -> ConsortiumView:
        """A consortium with its members and contracts."""
        with session_scope(self._sessions) as session:
            return consortium_view(session, ref, self._context(as_of))

    def funding_source_view(
        self, ref: str, as_of: date | None = None
    ) -> FundingSourceView:
        """A funding source with its allocations and totals by status."""
        with session_scope(self._sessions) as session:
            return funding_source_view(session, ref, self._context(as_of))

    def allocation_view(self, ref: str) -> AllocationView:
        """An allocation with what it funds and from which source."""
        with session_scope(self._sessions) as session:
            return allocation_view(session, ref)

    def deadline_view(self, ref: str, as_of: date | None = None) -> DeadlineView:
        """An explicit deadline with its occurrences."""
        with session_scope(self._sessions) as session:
            return deadline_view(session, ref, self._context(as_of))
