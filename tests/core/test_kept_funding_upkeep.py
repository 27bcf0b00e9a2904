"""The funding, parties and money facts follow every write that changes what
their findings say: after each of these writes through the app the kept facts
are those of a build from scratch, and the findings read from them change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from tests.core.test_kept_funding import SETTINGS, _made
from tracker.api import Tracker
from tracker.domain.kept import FamilyName
from tracker.drafts import PaymentDraft
from tracker.kept.check import compare
from tracker.queries.kept_funding import kept_funding_findings
from tracker.queries.kept_parties import kept_money_findings, kept_party_findings

MINE = {FamilyName.FUNDING, FamilyName.PARTIES, FamilyName.MONEY}
DAY = date(2024, 3, 1)


def _edit(original: str, **changes: Any) -> Callable[[Tracker], None]:
    def write(tracker: Tracker) -> None:
        draft = tracker.draft_of(original)
        tracker.save(draft.model_copy(update=changes), original=original)

    return write


def _members(tracker: Tracker) -> None:
    draft: Any = tracker.draft_of("RTI-HALF")
    first, second = draft.members
    members = [
        first.model_copy(update={"role": "mandataria"}),
        second.model_copy(update={"share": "60"}),
    ]
    tracker.save(draft.model_copy(update={"members": members}), original="RTI-HALF")


def _payment(tracker: Tracker) -> None:
    draft: Any = tracker.draft_of("C-PAY")
    paid = PaymentDraft(paid_on=date(2023, 11, 30), amount="6000.00")
    tracker.save(
        draft.model_copy(update={"payments": [*draft.payments, paid]}),
        original="C-PAY",
    )


WRITES: dict[str, Callable[[Tracker], None]] = {
    "organisation renamed": _edit("COOP-A", name="Cooperativa Alfa"),
    "partita IVA corrected": _edit("COOP-C", partita_iva="01199250158"),
    "consortium given a lead and shares": _members,
    "allocation confirmed": _edit("A-OPT", status="confirmed"),
    "allocation moved to a tender": _edit("A-FSE", funds="T-LOTS"),
    "allocation deleted": lambda t: t.delete("A-LOTS"),
    "source's paid-by day moved": _edit("POR-FSE", paid_by=date(2024, 6, 30)),
    "option exercised": lambda t: t.exercise_option(
        "C-OPT-R1", decided_on=date(2023, 11, 1)
    ),
    "payment added": _payment,
    "contract renamed": _edit("C-PAY", title="Laboratorio sociale 2023"),
    "contract deleted": lambda t: t.delete("C-L1"),
    # published under the threshold of 139.000 euro, its 139.500 reach it
    "tender published": _edit("T-DIRECT", publication_date=date(2022, 9, 1)),
    "tender renamed": _edit("T-NEG", ref="T-NEG-2024", title="Negoziata 2024"),
}


def _findings(tracker: Tracker) -> tuple[Any, ...]:
    with Session(tracker.engine) as session:
        funding = kept_funding_findings(
            session, as_of=DAY, lead_days_for=SETTINGS.lead_days_for
        )
        return (
            [(f.kind, f.ref, f.subject, repr(f.detail)) for f in funding],
            [(f.kind, f.ref, repr(f.detail)) for f in kept_party_findings(session)],
            [
                (f.kind, f.ref, f.subject)
                for f in kept_money_findings(session, as_of=DAY)
            ],
        )


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_write_leaves_the_facts_a_fresh_build_would_give(
    tracker: Tracker, write: Callable[[Tracker], None]
) -> None:
    _made(tracker)
    tracker.rebuild_facts()
    before = _findings(tracker)

    write(tracker)

    with Session(tracker.engine) as session:
        differences = compare(session).differences
    assert [d for d in differences if d.family in MINE] == []
    assert _findings(tracker) != before
