"""Waiting on what a person would see, never on the clock.

``pilot.pause()`` waits until the process looks idle, judged by its CPU time; on a
loaded machine it can return before a key, a focus change or a posted message has
been handled. So a test waits, with a bound, for the very state it asserts next.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

# A bound on waiting, not a measure of speed: far above what any state takes even
# on a loaded machine, so that only a state never reached fails.
WAIT_SECONDS = 60.0
# Counted in pauses alone, the bound shrank with the machine's load (a pause may
# return at once), so after these the wait also lets the clock run.
QUICK_PAUSES = 50


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Let the app run until ``condition`` holds; fail if it never does."""
    deadline = time.monotonic() + WAIT_SECONDS
    pauses = 0
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the app never reached the expected state")
        await pilot.pause(None if pauses < QUICK_PAUSES else 0.02)
        pauses += 1


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for the workers to finish and the messages they posted to land."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def focus(pilot: Pilot[Any], widget: Widget) -> None:
    """Give ``widget`` the focus and wait until it has it (focus moves later)."""
    widget.focus()
    await until(pilot, lambda: widget.has_focus)


async def ready(pilot: Pilot[Any], kind: type[Screen[Any]]) -> None:
    """Wait until a screen of ``kind`` is on top with its focus placed, so that the
    keys pressed next reach it."""
    app = pilot.app
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, kind)
            and app.screen.is_mounted
            and app.screen.focused is not None
        ),
    )


def mounted(screen: Screen[Any], selector: str) -> bool:
    """Whether ``selector`` finds widgets on ``screen`` and every one of them is
    mounted (its ``on_mount`` has run: a table has its rows)."""
    found = screen.query(selector)
    return bool(found) and all(widget.is_mounted for widget in found)
