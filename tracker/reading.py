"""The reads of the entry point to the core that front ends page through
(``Tracker`` has them): every record a page at a time, the lists searched, filtered
and sorted in SQL, and each record's view with everything attached."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from tracker.config import Settings
from tracker.db import session_scope
from tracker.domain.deadlines import Deadline
from tracker.domain.refs import RecordKind
from tracker.drafts import DeadlineDraft, ProgrammeDraft
from tracker.errors import NotFoundError
from tracker.formatting import Formatter
from tracker.i18n import language
from tracker.queries.acts import ActListRow, ActView, act_view, browse_acts
from tracker.queries.consortia import ConsortiumListRow, browse_consortia
from tracker.queries.contract_list import (
    ContractListRow,
    browse_contracts,
    contract_page,
)
from tracker.queries.contract_view import ContractView, contract_view
from tracker.queries.deadlines import (
    DeadlineBrowser,
    DeadlineListRow,
    DeadlineView,
    deadline_browser,
    deadline_view,
)
from tracker.queries.funding import (
    AllocationView,
    FundingListRow,
    FundingSourceView,
    allocation_pages,
    allocation_view,
    browse_funding,
    funding_source_view,
)
from tracker.queries.lists import ListRow
from tracker.queries.paging import DEADLINE_WINDOW_DAYS, BrowseQuery, Page, every_page
from tracker.queries.parties import (
    ConsortiumView,
    OrganisationListRow,
    OrganisationView,
    browse_organisations,
    consortium_view,
    organisation_page,
    organisation_view,
)
from tracker.queries.records import RecordContext
from tracker.queries.refs import find_ref, kind_of
from tracker.queries.rows import (
    AllocationRow,
    ChangeRow,
    ContractRow,
    OrganisationRow,
    ServiceRow,
    TenderRow,
)
from tracker.queries.services import (
    ServiceBrowser,
    ServiceListRow,
    ServiceView,
    service_browser,
    service_pages,
    service_view,
)
from tracker.queries.silenced import SilencedRow, silenced_rows
from tracker.queries.tenders import (
    TenderListRow,
    TenderView,
    browse_tenders,
    tender_page,
    tender_view,
)


class Reads:
    """The paged lists and the record views of a ``Tracker``."""

    clock: Callable[[], datetime]
    settings: Settings
    _sessions: sessionmaker[Session]

    def today(self) -> date:
        """Today in Milan: ``Tracker.today``, from its clock."""
        raise NotImplementedError

    def deadlines(self, through: date, *, since: date | None = None) -> list[Deadline]:
        """``Tracker.deadlines``: every deadline due up to ``through``."""
        raise NotImplementedError

    def tender_pages(
        self, as_of: date | None = None
    ) -> Iterator[tuple[TenderRow, ...]]:
        """Every tender by ref as of a day (default today), a page at a time, read as
        it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: tender_page(session, query), as_of=as_of or self.today()
            )

    def tender_list_pages(
        self, as_of: date | None = None
    ) -> Iterator[tuple[TenderListRow, ...]]:
        """Every tender by ref as the list of tenders shows it on ``as_of`` (default
        today), a page at a time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: browse_tenders(session, query),
                as_of=as_of or self.today(),
            )

    def contract_pages(
        self, as_of: date | None = None
    ) -> Iterator[tuple[ContractRow, ...]]:
        """Every contract by ref as of a day (default today), a page at a time, read
        as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: contract_page(session, query), as_of=as_of or self.today()
            )

    def contract_list_pages(
        self, as_of: date | None = None
    ) -> Iterator[tuple[ContractListRow, ...]]:
        """Every contract by ref as the list of contracts shows it on ``as_of``
        (default today), a page at a time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: browse_contracts(session, query),
                as_of=as_of or self.today(),
            )

    def service_pages(self) -> Iterator[tuple[ServiceRow, ...]]:
        """Every service by ref, a page at a time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from service_pages(session)

    def organisation_pages(
        self, as_of: date | None = None
    ) -> Iterator[tuple[OrganisationRow, ...]]:
        """Every organisation by ref as of a day (default today), a page at a time,
        read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: organisation_page(session, query),
                as_of=as_of or self.today(),
            )

    def consortium_list_pages(self) -> Iterator[tuple[ConsortiumListRow, ...]]:
        """Every consortium by ref as the list of consortia shows it, a page at a
        time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: browse_consortia(session, query), as_of=self.today()
            )

    def act_list_pages(self) -> Iterator[tuple[ActListRow, ...]]:
        """Every act by date as the list of acts shows it, a page at a time, read
        as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: browse_acts(session, query), as_of=self.today()
            )

    def funding_list_pages(self) -> Iterator[tuple[FundingListRow, ...]]:
        """Every funding source by ref as the list of funding shows it, a page at a
        time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from every_page(
                lambda query: browse_funding(session, query), as_of=self.today()
            )

    def allocation_pages(self) -> Iterator[tuple[AllocationRow, ...]]:
        """Every allocation by ref with its source, as a record's funding shows it,
        a page at a time, read as it is consumed."""
        with session_scope(self._sessions) as session:
            yield from allocation_pages(session)

    def deadline_records(self) -> Iterator[DeadlineDraft]:
        """Every deadline entered by hand as recorded (its recurrence, its state),
        by ref, read a page at a time as ``appalti dump`` reads them."""
        from tracker.queries.export import SECTIONS
        from tracker.queries.record_readers import Refs

        with session_scope(self._sessions) as session:
            for draft in SECTIONS["deadlines"](session, Refs(session)):
                assert isinstance(draft, DeadlineDraft)
                yield draft

    def programme_records(self) -> Iterator[ProgrammeDraft]:
        """Every programme as recorded, by ref, read a page at a time as
        ``appalti dump`` reads them."""
        from tracker.queries.export import SECTIONS
        from tracker.queries.record_readers import Refs

        with session_scope(self._sessions) as session:
            for draft in SECTIONS["programmes"](session, Refs(session)):
                assert isinstance(draft, ProgrammeDraft)
                yield draft

    def list_tenders(self) -> list[TenderRow]:
        return [row for page in self.tender_pages() for row in page]

    def list_contracts(self) -> list[ContractRow]:
        return [row for page in self.contract_pages() for row in page]

    def list_services(self) -> list[ServiceRow]:
        return [row for page in self.service_pages() for row in page]

    def list_organisations(self) -> list[OrganisationRow]:
        return [row for page in self.organisation_pages() for row in page]

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

    def browse_consortia(self, query: BrowseQuery) -> Page[ConsortiumListRow]:
        """A page of consortia with their members: searched, filtered by kind,
        sorted, sliced in SQL."""
        with session_scope(self._sessions) as session:
            return browse_consortia(session, query)

    def browse_acts(self, query: BrowseQuery) -> Page[ActListRow]:
        """A page of acts with how many records cite each: searched, filtered by
        kind, sorted, sliced in SQL."""
        with session_scope(self._sessions) as session:
            return browse_acts(session, query)

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
            | Page[ConsortiumListRow]
            | Page[ActListRow]
        )
        if kind == "tenders":
            page = self.browse_tenders(query)
        elif kind == "contracts":
            page = self.browse_contracts(query)
        elif kind == "organisations":
            page = self.browse_organisations(query)
        elif kind == "funding":
            page = self.browse_funding(query)
        elif kind == "consortia":
            page = self.browse_consortia(query)
        elif kind == "acts":
            page = self.browse_acts(query)
        elif kind == "services":
            page = self.services_browser(query.as_of).page(query)
        elif kind == "deadlines":
            page = self.deadlines_browser(query.as_of).page(query)
        else:
            raise NotFoundError("list", kind)
        return Page(tuple(page.rows), page.total, page.offset, page.sort)

    def history_of(self, ref: str) -> list[ChangeRow]:
        """The history of the record ``ref`` (its own rows and those it owns),
        oldest first, each entry with the version it made."""
        from tracker.queries.records import list_history_for

        with session_scope(self._sessions) as session:
            if find_ref(session, ref) is None:
                raise NotFoundError("record", ref)
            return list_history_for(session, [ref])

    def is_empty(self) -> bool:
        """Whether no record is stored yet (tracker.queries.first_run)."""
        from tracker.queries.first_run import holds_no_records

        with session_scope(self._sessions) as session:
            return holds_no_records(session)

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

    def act_view(self, ref: str, as_of: date | None = None) -> ActView:
        """An act with the records that cite it."""
        with session_scope(self._sessions) as session:
            return act_view(session, ref, self._context(as_of))

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

    def silenced(self, as_of: date | None = None) -> list[SilencedRow]:
        """Alerts snoozed on ``as_of`` (default today) and everything acknowledged,
        the latest first, with who and when."""
        with session_scope(self._sessions) as session:
            return silenced_rows(session, as_of or self.today())

    def deadline_view(self, ref: str, as_of: date | None = None) -> DeadlineView:
        """An explicit deadline with its occurrences."""
        with session_scope(self._sessions) as session:
            return deadline_view(session, ref, self._context(as_of))
