"""Published procurement data (OCDS 1.1) in and out.

``reading`` and ``facts`` read ANAC's and any publisher's files into plain facts
(``published``); ``drafting`` turns them into drafts, inventing nothing, and ``own``
reads back what appalti exported; ``importing`` saves them a tender at a time,
keeping what people changed here. ``export`` writes the records as a release
package, with the field names of ``extension``.
"""

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
