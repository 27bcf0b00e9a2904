"""App-wide messages: facts that workers post back to the screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tracker.api import Findings


@dataclass
class FindingsLoaded(Message):
    """Continuity, deadlines and alerts were computed for the as-of day."""

    findings: Findings
