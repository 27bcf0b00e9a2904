"""Waiting on what a person would see, never on the clock.

``pilot.pause()`` waits until the process looks idle, judged by its CPU time; on a
loaded machine it can return before a key, a focus change or a posted message has
been handled. So a test waits, with a bound, for the very state it asserts next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

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
