"""Waiting on what a person would see, never on the clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

PAUSES = 500


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Let the app run until ``condition`` holds; fail if it never does."""
    for _ in range(PAUSES):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the app never reached the expected state")


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for the workers to finish and the messages they posted to land."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
