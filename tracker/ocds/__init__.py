"""Published OCDS data (ANAC's and any publisher's) read into plain facts."""

from __future__ import annotations

from tracker.ocds.published import (
    PublishedAmendment,
    PublishedAward,
    PublishedContract,
    PublishedItem,
    PublishedLot,
    PublishedParty,
    PublishedPayment,
    PublishedPeriod,
    PublishedTender,
    PublishedValue,
    Skipped,
)
from tracker.ocds.reading import read_published

__all__ = [
    "PublishedAmendment",
    "PublishedAward",
    "PublishedContract",
    "PublishedItem",
    "PublishedLot",
    "PublishedParty",
    "PublishedPayment",
    "PublishedPeriod",
    "PublishedTender",
    "PublishedValue",
    "Skipped",
    "read_published",
]
