"""One detail screen per kind of record, on the generic ``DetailScreen``."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from tracker.api import RecordKind, Tracker
from tui.screens.records.act import ActScreen
from tui.screens.records.allocation import AllocationScreen
from tui.screens.records.consortium import ConsortiumScreen
from tui.screens.records.contract import ContractScreen
from tui.screens.records.deadline import DeadlineScreen
from tui.screens.records.detail import DetailScreen
from tui.screens.records.funding import FundingSourceScreen
from tui.screens.records.organisation import OrganisationScreen
from tui.screens.records.service import ServiceScreen
from tui.screens.records.tender import TenderScreen

SCREENS: dict[RecordKind, type[DetailScreen[Any]]] = {
    kind: screen
    for screen in (
        TenderScreen,
        ContractScreen,
        ServiceScreen,
        OrganisationScreen,
        ConsortiumScreen,
        ActScreen,
        FundingSourceScreen,
        AllocationScreen,
        DeadlineScreen,
    )
    for kind in screen.KINDS
}
"""The screen that shows each kind of record."""


def detail_screen(tracker: Tracker, ref: str) -> Screen[None] | None:
    """The detail screen of the record ``ref``; None when no record (of a kind with a
    detail screen) has it."""
    kind = tracker.record_kind(ref)
    screen = None if kind is None else SCREENS.get(kind)
    return None if screen is None else screen(tracker, ref)
