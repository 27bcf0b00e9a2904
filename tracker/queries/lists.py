"""The lists the app browses: their sorts, their filters, and their rows."""

from __future__ import annotations

from tracker.queries.acts import ACTS, ActListRow
from tracker.queries.consortia import CONSORTIA, ConsortiumListRow
from tracker.queries.contract_list import CONTRACTS, ContractListRow
from tracker.queries.deadlines import DEADLINES, DeadlineListRow
from tracker.queries.funding import FUNDING, FundingListRow
from tracker.queries.paging import ListShape
from tracker.queries.parties import ORGANISATIONS, OrganisationListRow
from tracker.queries.services import SERVICES, ServiceListRow
from tracker.queries.tenders import TENDERS, TenderListRow
from tracker.vocabulary import N_

WORDS = (
    N_("upcoming"),
    N_("running"),
    N_("uncertain"),
    N_("ended"),
    N_("overdue"),
    N_("passed"),
)

SHAPES: tuple[ListShape, ...] = (
    TENDERS,
    CONTRACTS,
    SERVICES,
    ORGANISATIONS,
    FUNDING,
    DEADLINES,
    CONSORTIA,
    ACTS,
)

SORT_KEYS: dict[str, tuple[str, ...]] = {shape.kind: shape.sorts for shape in SHAPES}
"""The sorts each list offers; the first is its default."""

STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    shape.kind: shape.statuses for shape in SHAPES
}
"""The values each list's status filter takes (tender status, contract state,
continuity status, organisation kind, funding kind, deadline state, consortium
kind, act kind)."""

BROWSE_KINDS = tuple(SORT_KEYS)

ListRow = (
    TenderListRow
    | ContractListRow
    | ServiceListRow
    | OrganisationListRow
    | FundingListRow
    | DeadlineListRow
    | ConsortiumListRow
    | ActListRow
)
"""A row of any list."""
