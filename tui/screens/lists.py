"""The app's lists: tenders, contracts, services, organisations and consortia,
funding, deadlines and acts, each a ``ListScreen`` of its rows."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import BindingType

from tracker.api import (
    STATUS_FILTERS,
    ActListRow,
    ConsortiumListRow,
    ContractListRow,
    DeadlineListRow,
    FundingListRow,
    OrganisationListRow,
    RecordKind,
    ServiceListRow,
    TenderListRow,
    Tracker,
)
from tracker.domain.continuity import act_by_matters
from tracker.domain.contracts import ContractState
from tracker.i18n import _, ngettext
from tracker.present.consortia import lead_words, shares_words
from tracker.present.periods import end_words, start_words
from tracker.vocabulary import N_, continuity_word, term
from tui.cells import (
    DEADLINE_STYLES,
    clip,
    continuity_cell,
    deadline_countdown,
    gross_text,
    stated_sum,
)
from tui.screens.browse import Column, ListScreen, Source
from tui.screens.parties import PartiesTabs, ask_new_party
from tui.screens.records.deadline import DONE_KEYS, mark_done, reopen


def _terms(kind: str) -> list[str]:
    """The words a list's status column can hold, in the active language."""
    return [term(status) for status in STATUS_FILTERS[kind]]


def _contract_states() -> list[str]:
    # every state, the rare "uncertain" too (the filter leaves it out)
    return [term(state.value) for state in ContractState]


def _continuity_words() -> list[str]:
    return [continuity_cell(status).plain for status in STATUS_FILTERS["services"]]


class TenderList(ListScreen[TenderListRow]):
    KIND = "tenders"
    HEADING = N_("Tenders")
    NEW_KIND = RecordKind.TENDER
    DEFAULT_SORT = "ref"
    COLUMNS = (
        Column(N_("Ref"), "ref"),
        Column(N_("Title"), "title", 32, priority=2, shrink_to=16),
        Column(N_("Status"), "status", words=lambda: _terms("tenders")),
        Column(N_("Procedure"), "procedure", 20, priority=4, shrink_to=12),
        Column(N_("Lots"), "lots", right=True, priority=5),
        Column(N_("CIG"), None, priority=5),
        Column(N_("Estimated value"), "estimate", right=True, priority=3),
        Column(N_("Planned start"), "planned_start", priority=3),
        Column(N_("Award"), "award", priority=4),
    )

    def open_source(self, as_of: date) -> Source[TenderListRow]:
        del as_of
        return self.tracker.browse_tenders

    def cells(self, row: TenderListRow) -> tuple[str | Text, ...]:
        fmt = self.fmt
        cigs = (
            ", ".join(row.cigs)
            if len(row.cigs) <= 2
            else f"{row.cigs[0]} (+{len(row.cigs) - 1})"
        )
        return (
            row.ref,
            clip(row.title, 32),
            term(row.status),
            clip(term(row.procedure_type) if row.procedure_type else None, 20),
            Text(str(row.lots), justify="right"),
            cigs or "-",
            Text(
                gross_text(
                    fmt,
                    None if row.estimate is None else row.estimate.gross,
                    net=None if row.estimate is None else row.estimate.net,
                ),
                justify="right",
            ),
            fmt.day_with_precision(row.planned_start, row.planned_start_precision),
            fmt.day(row.award_date),
        )

    def nouns(self, count: int) -> str:
        return ngettext("{n} tender", "{n} tenders", count).format(
            n=self.fmt.number(count)
        )


class ContractList(ListScreen[ContractListRow]):
    KIND = "contracts"
    HEADING = N_("Contracts")
    NEW_KIND = RecordKind.CONTRACT
    DEFAULT_SORT = "ref"
    COLUMNS = (
        Column(N_("Ref"), "ref"),
        Column(N_("Title"), "title", 28, priority=3, shrink_to=20),
        Column(N_("Supplier"), "supplier", 24, priority=2, shrink_to=14),
        Column(N_("Covered until"), "covered_until"),
        Column(N_("Gross"), "gross", right=True),
        Column(N_("State"), "state", priority=3, words=_contract_states),
        Column(N_("Start"), "start", priority=4),
        Column(N_("CIG"), "cig", priority=5),
    )

    def open_source(self, as_of: date) -> Source[ContractListRow]:
        del as_of
        return self.tracker.browse_contracts

    def cells(self, row: ContractListRow) -> tuple[str | Text, ...]:
        fmt = self.fmt
        return (
            row.ref,
            clip(row.title, 28),
            clip(row.supplier, 24) if row.supplier else _("not stated"),
            end_words(fmt, row.covered_until, row.covered_until_precision),
            Text(
                gross_text(fmt, row.gross, row.gross_is_floor, row.net),
                justify="right",
            ),
            Text(term(row.state), style="dim" if row.state == "ended" else ""),
            start_words(fmt, row.start, row.start_precision),
            row.cig or "-",
        )

    def nouns(self, count: int) -> str:
        return ngettext("{n} contract", "{n} contracts", count).format(
            n=self.fmt.number(count)
        )


class ServiceList(ListScreen[ServiceListRow]):
    KIND = "services"
    HEADING = N_("Services")
    DEFAULT_SORT = "status"
    COLUMNS = (
        Column(N_("Ref"), "ref"),
        Column(N_("Name"), "name", 32, priority=2, shrink_to=16),
        Column(N_("Neighbourhood"), "neighbourhood", 18, priority=5, shrink_to=12),
        Column(N_("Status"), "status", words=_continuity_words),
        Column(N_("Covered until"), "covered_until"),
        Column(N_("Act by"), "act_by", priority=2),
        Column(N_("Next tender"), None, priority=3),
    )

    def open_source(self, as_of: date) -> Source[ServiceListRow]:
        return self.tracker.services_browser(as_of).page

    def cells(self, row: ServiceListRow) -> tuple[str | Text, ...]:
        fmt = self.fmt
        act_by: str | Text = "-"
        if row.act_by is not None and act_by_matters(row.status):
            late = row.act_by < self.as_of
            act_by = Text(fmt.day(row.act_by), style="bold red" if late else "")
        next_tender = "-"
        if row.next_tender is not None and row.next_tender_status is not None:
            next_tender = f"{row.next_tender} ({term(row.next_tender_status)})"
        return (
            row.ref,
            clip(row.name, 32),
            clip(row.neighbourhood, 18),
            continuity_cell(row.status),
            fmt.day(row.covered_until, missing=_("never")),
            act_by,
            next_tender,
        )

    def status_label(self, status: str) -> str:
        return continuity_word(status)

    def nouns(self, count: int) -> str:
        return ngettext("{n} service", "{n} services", count).format(
            n=self.fmt.number(count)
        )


class OrganisationList(ListScreen[OrganisationListRow], PartiesTabs):
    KIND = "organisations"
    HEADING = N_("Organisations")
    NEW_KIND = RecordKind.ORGANISATION
    DEFAULT_SORT = "ref"
    COLUMNS = (
        Column(N_("Ref"), "ref"),
        Column(N_("Name"), "name", 40, shrink_to=16),
        Column(N_("Kind"), "kind", priority=3, words=lambda: _terms("organisations")),
        Column(N_("Partita IVA"), "partita_iva", priority=2),
        Column(N_("Contracts"), "contracts", right=True, priority=4),
        Column(N_("Consortia"), None, right=True, priority=5),
    )

    def open_source(self, as_of: date) -> Source[OrganisationListRow]:
        del as_of
        return self.tracker.browse_organisations

    def cells(self, row: OrganisationListRow) -> tuple[str | Text, ...]:
        return (
            row.ref,
            clip(row.name, 40),
            clip(term(row.kind) if row.kind else None, 20),
            row.partita_iva or "-",
            Text(self.fmt.number(row.contracts), justify="right"),
            Text(self.fmt.number(row.consortia), justify="right"),
        )

    def action_new(self) -> None:
        ask_new_party(self)

    def nouns(self, count: int) -> str:
        return ngettext("{n} organisation", "{n} organisations", count).format(
            n=self.fmt.number(count)
        )


class ConsortiumList(ListScreen[ConsortiumListRow], PartiesTabs):
    KIND = "consortia"
    HEADING = N_("Consortia")
    NEW_KIND = RecordKind.CONSORTIUM
    DEFAULT_SORT = "ref"
    COLUMNS = (
        # what tells groups apart first, the long name last: it fits 80 columns
        Column(N_("Ref"), "ref"),
        Column(N_("Kind"), "kind"),
        Column(N_("Lead member"), None, 16),
        Column(N_("Members"), "members", right=True),
        Column(N_("Shares"), None, 18),
        Column(N_("Contracts"), "contracts", right=True),
        Column(N_("Name"), "name", 32),
    )

    def open_source(self, as_of: date) -> Source[ConsortiumListRow]:
        del as_of
        return self.tracker.browse_consortia

    def cells(self, row: ConsortiumListRow) -> tuple[str | Text, ...]:
        fmt = self.fmt
        shares = shares_words(row.members, fmt)
        unstated = all(m.share is None for m in row.members)
        return (
            row.ref,
            term(row.kind),
            clip(lead_words(row.members, row.kind), 16),
            Text(fmt.number(len(row.members)), justify="right"),
            Text(clip(shares, 18), style="dim" if unstated else ""),
            Text(fmt.number(row.contracts), justify="right"),
            clip(row.name, 32),
        )

    def nouns(self, count: int) -> str:
        return ngettext("{n} consortium", "{n} consortia", count).format(
            n=self.fmt.number(count)
        )


class FundingList(ListScreen[FundingListRow]):
    KIND = "funding"
    HEADING = N_("Funding")
    NEW_KIND = RecordKind.FUNDING_SOURCE
    DEFAULT_SORT = "ref"
    COLUMNS = (
        Column(N_("Ref"), "ref"),
        Column(N_("Name"), "name", 32, priority=2, shrink_to=16),
        Column(N_("Kind"), "kind", priority=4, words=lambda: _terms("funding")),
        Column(N_("Funder"), "funder", 24, priority=4, shrink_to=12),
        Column(N_("Eligible until"), "eligible_until", priority=2),
        Column(N_("Allocations"), None, right=True, priority=5),
        Column(N_("Allocated"), "allocated", right=True, priority=3),
        Column(N_("Pending"), "pending", right=True, priority=3),
    )

    def open_source(self, as_of: date) -> Source[FundingListRow]:
        del as_of
        return self.tracker.browse_funding

    def cells(self, row: FundingListRow) -> tuple[str | Text, ...]:
        fmt = self.fmt
        return (
            row.ref,
            clip(row.name, 32),
            term(row.kind),
            clip(row.funder, 24),
            fmt.day(row.eligible_until, missing=_("no end")),
            Text(fmt.number(row.allocations), justify="right"),
            Text(stated_sum(fmt, row.allocated, row.unstated), justify="right"),
            Text(
                "-"
                if not row.pending_count
                else stated_sum(fmt, row.pending, row.pending_unstated)
                + f" ({fmt.number(row.pending_count)})",
                justify="right",
                style="yellow" if row.pending_count else "",
            ),
        )

    def nouns(self, count: int) -> str:
        return ngettext("{n} funding source", "{n} funding sources", count).format(
            n=self.fmt.number(count)
        )


class DeadlineList(ListScreen[DeadlineListRow]):
    KIND = "deadlines"
    HEADING = N_("Deadlines")
    NEW_KIND = RecordKind.DEADLINE
    DEFAULT_SORT = "due"
    BINDINGS: ClassVar[list[BindingType]] = DONE_KEYS
    COLUMNS = (
        Column(N_("Due"), "due"),
        Column(N_("What"), "title", 40, shrink_to=16),
        Column(N_("When"), None, priority=2),
        Column(N_("Record"), "subject", priority=3),
        Column(N_("State"), "state", priority=2, words=lambda: _terms("deadlines")),
        Column(N_("Owner"), None, 16, priority=4, shrink_to=10),
    )

    def open_source(self, as_of: date) -> Source[DeadlineListRow]:
        return self.tracker.deadlines_browser(as_of).page

    def highlighted_explicit(self) -> tuple[str, date] | None:
        """The explicit deadline highlighted and the day of its occurrence; a
        derived one is done when its record says so, which this says."""
        key = self.current_key()
        if key is None:
            return None
        ref, at, day = key.partition("@")
        if not at:
            self.notify(
                _(
                    "This deadline comes from its record: it is done when the record "
                    "says so. Acknowledge it on the alerts (key a)."
                ),
                severity="warning",
            )
            return None
        return ref, date.fromisoformat(day)

    def action_done(self) -> None:
        # the occurrence highlighted, and those before it
        found = self.highlighted_explicit()
        if found is not None:
            mark_done(self, found[0], found[1])

    def action_reopen(self) -> None:
        found = self.highlighted_explicit()
        if found is not None:
            reopen(self, found[0])

    def row_key(self, row: DeadlineListRow) -> str:
        return row.key

    def row_ref(self, row: DeadlineListRow) -> str:
        return row.ref

    def export_key(self, row: DeadlineListRow) -> tuple[Hashable, ...]:
        # a derived deadline has no reference of its own
        return (row.title, row.due)

    def cells(self, row: DeadlineListRow) -> tuple[str | Text, ...]:
        style = DEADLINE_STYLES[row.status]
        return (
            Text(self.fmt.day(row.due), style=style),
            clip(row.title, 40),
            Text(deadline_countdown(row.days, row.status), style=style),
            row.subject,
            Text(term(row.status), style=style),
            clip(row.owner, 16),
        )

    def nouns(self, count: int) -> str:
        return ngettext("{n} deadline", "{n} deadlines", count).format(
            n=self.fmt.number(count)
        )


class ActList(ListScreen[ActListRow]):
    KIND = "acts"
    HEADING = N_("Acts")
    NEW_KIND = RecordKind.ACT
    DEFAULT_SORT = "adopted_on"
    DEFAULT_DESCENDING = True
    COLUMNS = (
        Column(N_("Date"), "adopted_on"),
        Column(N_("Kind"), "kind", 24),
        Column(N_("Number"), "number"),
        # before the subject, which the screen's edge may cut at 80 columns
        Column(N_("Cited by"), "cited", right=True),
        Column(N_("Subject"), "subject", 40),
        Column(N_("Ref"), "ref"),
    )

    def open_source(self, as_of: date) -> Source[ActListRow]:
        del as_of
        return self.tracker.browse_acts

    def cells(self, row: ActListRow) -> tuple[str | Text, ...]:
        fmt = self.fmt
        return (
            fmt.day(row.adopted_on, missing=_("not stated")),
            clip(term(row.kind), 24),
            row.number or _("not stated"),
            Text(
                fmt.number(row.cited),
                justify="right",
                style="" if row.cited else "dim",
            ),
            clip(row.subject, 40),
            row.ref,
        )

    def nouns(self, count: int) -> str:
        return ngettext("{n} act", "{n} acts", count).format(n=self.fmt.number(count))


LISTS: dict[str, type[ListScreen[Any]]] = {
    screen.KIND: screen
    for screen in (
        TenderList,
        ContractList,
        ServiceList,
        OrganisationList,
        FundingList,
        DeadlineList,
        ConsortiumList,
        ActList,
    )
}


def list_screen(tracker: Tracker, mode: str) -> ListScreen[Any]:
    """The list shown by one of the app's modes."""
    return LISTS[mode](tracker)
