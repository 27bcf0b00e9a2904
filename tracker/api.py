"""The one entry point to the core for front ends: one unit of work per call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from tracker.config import Settings, current_user
from tracker.dataset import LoadSummary, load_dataset, read_dataset_file
from tracker.db import make_engine, session_factory, session_scope, upgrade
from tracker.domain.alerts import Alert
from tracker.domain.continuity import ServiceContinuity
from tracker.domain.deadlines import Deadline
from tracker.drafts import Dataset
from tracker.errors import NotFoundError, TrackerError
from tracker.formatting import Formatter
from tracker.i18n import language
from tracker.queries.alerts import Findings, compute_findings, derive_all_deadlines
from tracker.queries.committee import CommitteeData, get_committee_report
from tracker.queries.details import get_contract_detail, get_tender_detail
from tracker.queries.dossier import DossierData, get_dossier
from tracker.queries.engine import compute_continuity
from tracker.queries.export import export_dataset
from tracker.queries.listing import (
    list_contracts,
    list_organisations,
    list_services,
    list_tenders,
)
from tracker.queries.rows import (
    ContractDetail,
    ContractRow,
    OrganisationRow,
    ServiceRow,
    TenderDetail,
    TenderRow,
)
from tracker.services.deadlines import acknowledge_deadline, mark_deadline_done
from tracker.services.refs import find_ref
from tracker.synthetic import GenerationSummary, generate

__all__ = [
    "Alert",
    "ContractDetail",
    "ContractRow",
    "Dataset",
    "Deadline",
    "Findings",
    "LoadSummary",
    "OrganisationRow",
    "ServiceContinuity",
    "ServiceRow",
    "Settings",
    "TenderDetail",
    "TenderRow",
    "Tracker",
]

ROME = ZoneInfo("Europe/Rome")


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
        self.actor = actor or current_user()
        self.settings = settings or Settings()
        self._sessions = session_factory(engine, actor=self.actor, clock=clock)

    @classmethod
    def open(
        cls,
        url: str,
        *,
        clock: Callable[[], datetime] = system_clock,
        actor: str | None = None,
        settings: Settings | None = None,
    ) -> Tracker:
        """Open (and create or upgrade) the database at ``url``."""
        engine = make_engine(url)
        try:
            upgrade(engine)
        except TrackerError:
            engine.dispose()
            raise
        return cls(engine, clock=clock, actor=actor, settings=settings)

    def close(self) -> None:
        self.engine.dispose()

    def today(self) -> date:
        """Today in Milan, from the injected clock."""
        return self.clock().astimezone(ROME).date()

    def load_dataset(self, dataset: Dataset) -> LoadSummary:
        """Add a whole dataset in one transaction."""
        with session_scope(self._sessions) as session:
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
                f"{ref!r} is a {kind}; 'show' displays tenders and contracts"
            )

    def continuity(self, as_of: date | None = None) -> list[ServiceContinuity]:
        """Continuity of every service as of a day (default today)."""
        with session_scope(self._sessions) as session:
            return compute_continuity(
                session, as_of=as_of or self.today(), settings=self.settings
            )

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
            if found is None or found[0] != "tender":
                kind = "no record" if found is None else f"a {found[0]}"
                raise TrackerError(
                    f"{ref!r} is {kind}; a dossier is made for a tender's reference"
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
        with session_scope(self._sessions) as session:
            return generate(
                session,
                contracts=contracts,
                seed=seed,
                clock=self.clock,
                actor=self.actor,
            )

    def mark_deadline_done(self, ref: str, *, through: date | None = None) -> None:
        """Mark an explicit deadline done (a recurring one, up to ``through``)."""
        with session_scope(self._sessions) as session:
            mark_deadline_done(session, ref, through=through or self.today())

    def acknowledge_deadline(self, key: str, *, through: date | None = None) -> None:
        """Stop a deadline from raising alerts; it stays on record and in the history.

        A recurring deadline is acknowledged up to ``through``: by default the
        occurrences alerts show now (today plus the horizon); later ones will come.
        """
        if through is None:
            through = self.today() + timedelta(days=self.settings.horizon_days)
        with session_scope(self._sessions) as session:
            acknowledge_deadline(
                session,
                key,
                through=through,
                at=self.clock(),
                actor=self.actor,
            )
