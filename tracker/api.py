"""The one entry point to the core for front ends: one unit of work per call."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from tracker.config import Settings, current_user
from tracker.dataset import LoadSummary, load_dataset, read_dataset_file
from tracker.db import check_sound, known_sound, session_factory, session_scope
from tracker.domain.alerts import Alert
from tracker.domain.continuity import ServiceContinuity
from tracker.domain.deadlines import Deadline
from tracker.domain.feed import CalendarData
from tracker.domain.kinds import TenderStatus
from tracker.domain.planning import Need
from tracker.domain.programme_schede import Purchase
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
from tracker.kept.check import repair
from tracker.kept.store import facts_current
from tracker.kept.upkeep import ensure_built
from tracker.queries.acts import ActListRow, ActView, CitingRow
from tracker.queries.alerts import (
    URGENT_FAMILIES,
    DayAlerts,
    Findings,
    compute_alerts,
    compute_findings,
    derive_all_deadlines,
)
from tracker.queries.calendar import calendar_data
from tracker.queries.committee import CommitteeData, get_committee_report
from tracker.queries.consortia import ConsortiumListRow
from tracker.queries.contract_list import (
    ContractListRow,
)
from tracker.queries.contract_view import (
    ContractView,
    contract_detail,
)
from tracker.queries.dashboard import Dashboard, get_dashboard
from tracker.queries.deadlines import (
    DeadlineBrowser,
    DeadlineListRow,
    DeadlineView,
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
)
from tracker.queries.lists import SORT_KEYS, STATUS_FILTERS, ListRow
from tracker.queries.paging import DEADLINE_WINDOW_DAYS, BrowseQuery, Page
from tracker.queries.parties import (
    ConsortiumView,
    MembershipRow,
    OrganisationListRow,
    OrganisationView,
    PartyContractRow,
)
from tracker.queries.plan_money import tender_purchases
from tracker.queries.planning import PlanData, read_plan
from tracker.queries.refs import find_ref
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
)
from tracker.queries.silenced import SilencedRow
from tracker.queries.tenders import (
    TenderListRow,
    TenderView,
    tender_detail,
)
from tracker.reading import Reads
from tracker.services.notes import NoteEntry
from tracker.services.versions import Clash
from tracker.storage import open_engine
from tracker.synthetic import GenerationSummary, generate
from tracker.writing import Editable, Restorable, Writes

__all__ = [
    "DEADLINE_WINDOW_DAYS",
    "SORT_KEYS",
    "STATUS_FILTERS",
    "ActListRow",
    "ActRow",
    "ActView",
    "Alert",
    "AllocationRow",
    "AllocationView",
    "AmountRow",
    "BrowseQuery",
    "ChangeRow",
    "CitingRow",
    "Clash",
    "ConflictError",
    "ConsortiumListRow",
    "ConsortiumView",
    "ContractDetail",
    "ContractListRow",
    "ContractRow",
    "ContractView",
    "Dashboard",
    "Dataset",
    "DayAlerts",
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
    "Need",
    "NoteEntry",
    "NoteRow",
    "OptionRow",
    "OrganisationListRow",
    "OrganisationRow",
    "OrganisationView",
    "Page",
    "PartyContractRow",
    "PeriodRow",
    "PlanData",
    "Purchase",
    "QuintoRow",
    "ReadOnlyError",
    "RecordDraft",
    "RecordKind",
    "Restorable",
    "SearchHit",
    "ServiceBrowser",
    "ServiceContinuity",
    "ServiceListRow",
    "ServiceRow",
    "ServiceTenderRow",
    "ServiceTimeline",
    "ServiceView",
    "Settings",
    "SilencedRow",
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


class Tracker(Reads, Writes):
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
        if not self.read_only:
            self._build_facts_when_stale()

    def _build_facts_when_stale(self) -> None:
        """A database from before the kept facts (or from an appalti that kept
        them another way) gets them built once, on its first writable opening.
        One that cannot be written is read from facts built in memory."""
        with session_scope(self._sessions) as session:
            if facts_current(session):
                return
        # A file that cannot be written now (read-only, busy, damaged) is read
        # from the build in memory; its next writable opening builds them.
        with (
            contextlib.suppress(TrackerError),
            session_scope(self._sessions, write=True) as session,
        ):
            ensure_built(session)

    def rebuild_facts(self) -> int:
        """Build every kept fact again, in one transaction; how many there are."""
        with session_scope(self._sessions, write=True) as session:
            return repair(session)

    def check_sound(self) -> None:
        """Make sure now that the database can take writes (on SQLite, its quick
        check, once per file and process), so that the first save does not wait
        for it; a damaged file is a TrackerError saying so. A database this role
        may only read has nothing to check."""
        if not self.read_only:
            check_sound(self.engine)

    @property
    def known_sound(self) -> bool:
        """Whether a save goes ahead without checking the file first."""
        return known_sound(self.engine)

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

    def import_workbook(self, path: Path) -> dict[str, int]:
        """Import a workbook of records (the template filled in, or an export)
        through the forms' checks, in one transaction; how many records of
        each kind came in. A refused value is named by its cell."""
        from tracker.sheets_import import import_workbook

        return import_workbook(path, self.load_dataset)

    def dump_dataset(self, *, description: str | None = None) -> Dataset:
        """Everything in the database as a dataset."""
        with session_scope(self._sessions) as session:
            return export_dataset(session, description=description)

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

    def proposed_tenders(self) -> list[Purchase]:
        """The proposed tenders a scenario may count as awarded, by reference."""
        with session_scope(self._sessions) as session:
            found = tender_purchases(session, (TenderStatus.PROPOSED.value,))
            return [found[ref] for ref in sorted(found)]

    def dashboard(self, as_of: date | None = None) -> Dashboard:
        """Services by status, contracts ending soon, value under contract, funds
        awaiting confirmation, as of a day."""
        with session_scope(self._sessions) as session:
            return get_dashboard(
                session, as_of=as_of or self.today(), settings=self.settings
            )

    def search(
        self,
        text: str,
        *,
        limit: int = 50,
        kinds: Collection[RecordKind] | None = None,
    ) -> list[SearchHit]:
        """Records (of ``kinds``, else of every kind) whose name, reference, CIG,
        CUP or partita IVA holds each word of ``text``."""
        with session_scope(self._sessions) as session:
            return search(session, text, limit=limit, kinds=kinds)

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

    def day_alerts(
        self, as_of: date | None = None, *, within: int | None = None
    ) -> DayAlerts:
        """The alerts of ``findings``, most urgent first, without reading the
        continuity and deadlines that raise none: the digest's and ``alerts``'
        read, its cost following the alerts found."""
        with session_scope(self._sessions) as session:
            return compute_alerts(
                session,
                as_of=as_of or self.today(),
                within=self.settings.horizon_days if within is None else within,
                settings=self.settings,
                fmt=Formatter(language()),
            )

    def day_alerts_first(self, as_of: date | None = None) -> DayAlerts:
        """The first part of ``day_alerts``, marked partial: the continuity
        alerts, which hold every critical alert of the day, read in a fraction
        of the time the others take; for a screen to show before the rest."""
        with session_scope(self._sessions) as session:
            return compute_alerts(
                session,
                as_of=as_of or self.today(),
                within=self.settings.horizon_days,
                settings=self.settings,
                fmt=Formatter(language()),
                families=URGENT_FAMILIES,
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

    def calendar(self, as_of: date | None = None) -> CalendarData:
        """The open deadlines of the calendar feed as of a day (default today)."""
        with session_scope(self._sessions) as session:
            return calendar_data(
                session,
                as_of=as_of or self.today(),
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

    def plan(
        self,
        from_year: int,
        as_of: date | None = None,
        scenarios: Collection[str] = (),
        *,
        money: bool = True,
    ) -> PlanData:
        """The procurement plan of three financial years from ``from_year`` as of
        a day (default today), with ``scenarios`` (proposed tenders) counted as
        awarded beside the baseline; nothing is written. Without ``money`` the
        plan carries the needs alone (what the timeline draws)."""
        with session_scope(self._sessions) as session:
            return read_plan(
                session,
                from_year=from_year,
                as_of=as_of or self.today(),
                settings=self.settings,
                scenarios=tuple(scenarios),
                money=money,
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
        return self.day_alerts(as_of, within=within).alerts

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
