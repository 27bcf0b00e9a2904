"""The one entry point to the core for front ends: one unit of work per call."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from tracker.config import Settings, current_user
from tracker.dataset import LoadSummary, load_dataset, read_dataset_file
from tracker.db import session_factory, session_scope
from tracker.domain.alerts import Alert
from tracker.domain.continuity import ServiceContinuity
from tracker.domain.deadlines import Deadline
from tracker.domain.refs import RecordKind
from tracker.drafts import (
    Dataset,
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
from tracker.queries.committee import CommitteeData, get_committee_report
from tracker.queries.contract_list import (
    ContractListRow,
    browse_contracts,
    contract_page,
)
from tracker.queries.contract_view import (
    ContractView,
    contract_detail,
    contract_view,
)
from tracker.queries.dashboard import Dashboard, get_dashboard
from tracker.queries.deadlines import (
    DeadlineBrowser,
    DeadlineListRow,
    DeadlineView,
    deadline_browser,
    deadline_view,
)
from tracker.queries.dossier import DossierData, get_dossier
from tracker.queries.engine import (
    ServiceTimeline,
    compute_continuity,
    compute_timeline,
)
from tracker.queries.export import RecordDraft, export_dataset
from tracker.queries.funding import (
    AllocationView,
    FundingListRow,
    FundingSourceView,
    StatusTotal,
    allocation_view,
    browse_funding,
    funding_source_view,
)
from tracker.queries.lists import SORT_KEYS, STATUS_FILTERS, ListRow
from tracker.queries.paging import DEADLINE_WINDOW_DAYS, BrowseQuery, Page, every_page
from tracker.queries.parties import (
    ConsortiumView,
    MembershipRow,
    OrganisationListRow,
    OrganisationView,
    PartyContractRow,
    browse_organisations,
    consortium_view,
    organisation_page,
    organisation_view,
)
from tracker.queries.records import RecordContext
from tracker.queries.refs import find_ref, kind_of
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
    QuintoRow,
    ServiceRow,
    StaffRow,
    SupplierRow,
    TenderDetail,
    TenderRow,
    TotalsRow,
)
from tracker.queries.search import SearchHit, owner_of, search
from tracker.queries.services import (
    PeriodRow,
    ServiceBrowser,
    ServiceListRow,
    ServiceTenderRow,
    ServiceView,
    service_browser,
    service_pages,
    service_view,
)
from tracker.queries.tenders import (
    TenderListRow,
    TenderView,
    browse_tenders,
    tender_detail,
    tender_page,
    tender_view,
)
from tracker.services.notes import NoteEntry
from tracker.services.versions import Clash
from tracker.storage import open_engine
from tracker.synthetic import GenerationSummary, generate
from tracker.writing import Editable, Writes

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
    "RecordKind",
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


def system_clock() -> datetime:
    return datetime.now(UTC)


class Tracker(Writes):
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

    def tender_pages(self) -> Iterator[tuple[TenderRow, ...]]:
        """Every tender by ref, a page at a time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: tender_page(session, query), as_of=self.today()
            )

    def tender_list_pages(self) -> Iterator[tuple[TenderListRow, ...]]:
        """Every tender by ref as the list of tenders shows it, a page at a time,
        read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: browse_tenders(session, query), as_of=self.today()
            )

    def contract_pages(self) -> Iterator[tuple[ContractRow, ...]]:
        """Every contract by ref, a page at a time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: contract_page(session, query), as_of=self.today()
            )

    def contract_list_pages(self) -> Iterator[tuple[ContractListRow, ...]]:
        """Every contract by ref as the list of contracts shows it, a page at a
        time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: browse_contracts(session, query), as_of=self.today()
            )

    def service_pages(self) -> Iterator[tuple[ServiceRow, ...]]:
        """Every service by ref, a page at a time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from service_pages(session)

    def organisation_pages(self) -> Iterator[tuple[OrganisationRow, ...]]:
        """Every organisation by ref, a page at a time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: organisation_page(session, query), as_of=self.today()
            )

    def list_tenders(self) -> list[TenderRow]:
        return [row for page in self.tender_pages() for row in page]

    def list_contracts(self) -> list[ContractRow]:
        return [row for page in self.contract_pages() for row in page]

    def list_services(self) -> list[ServiceRow]:
        return [row for page in self.service_pages() for row in page]

    def list_organisations(self) -> list[OrganisationRow]:
        return [row for page in self.organisation_pages() for row in page]

    def get_record(self, ref: str) -> TenderDetail | ContractDetail:
        """A tender or a contract with everything attached, by its reference."""
        with session_scope(self._sessions) as session:
            found = find_ref(session, ref)
            if found is None:
                raise NotFoundError("tender or contract", ref)
            kind, _ = found
            if kind == "tender":
                return tender_detail(session, ref)
            if kind == "contract":
                return contract_detail(session, ref)
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

    def record_kind(self, ref: str) -> RecordKind | None:
        """What ``ref`` names (tender, lot, contract, option, service, organisation,
        consortium, funding_source, allocation, deadline, ...), or None."""
        with session_scope(self._sessions) as session:
            return kind_of(session, ref)

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
