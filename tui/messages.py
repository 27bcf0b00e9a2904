"""App-wide messages: facts that workers post back to the screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tracker.api import ContractRow


@dataclass
class ContractsLoaded(Message):
    """The contracts list was read from the tracker."""

    rows: list[ContractRow]
