"""Save the README's screenshots of the app (SVG), on the Milan dataset as of the
committee's day, in Italian, in a 120x40 terminal.

    python scripts/screenshots.py            # writes docs/digest.svg, docs/timeline.svg
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from textual.widgets._footer import FooterKey  # noqa: TID251 (scripts may drive the app)

from tracker.api import Tracker
from tracker.bundled import milan_dataset_path
from tui.app import TrackerApp
from tui.screens.digest import DigestScreen
from tui.widgets.timeline import Timeline

DOCS = Path(__file__).resolve().parent.parent / "docs"
COMMITTEE_DAY = date(2023, 1, 17)


def clock() -> datetime:
    return datetime(2023, 1, 17, 8, 30, tzinfo=UTC)


async def shoot(tracker: Tracker, start: str, name: str) -> None:
    app = TrackerApp(tracker, language="it", as_of=COMMITTEE_DAY, start=start)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(500):
            screen = app.screen
            if isinstance(screen, DigestScreen) and screen.alerts:
                break
            timelines = screen.query(Timeline)
            if timelines and timelines.first().rows and timelines.first().plan_shown:
                await pilot.press("down")  # Lorenteggio, with its gap described
                break
            await pilot.pause()
        await app.workers.wait_for_complete()
        # Let the footer catch up with the focused widget's keys.
        app.screen.refresh_bindings()
        for _ in range(500):
            if start != "timeline" or any(
                key.action == "zoom_in" for key in app.screen.query(FooterKey)
            ):
                break
            await pilot.pause()
        await pilot.pause()
        app.save_screenshot(filename=f"{name}.svg", path=str(DOCS))
        print(f"written {DOCS / name}.svg")


async def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        tracker = Tracker.open(f"sqlite:///{Path(scratch) / 'demo.db'}", clock=clock)
        tracker.load_file(milan_dataset_path())
        await shoot(tracker, "digest", "digest")
        await shoot(tracker, "timeline", "timeline")
        tracker.close()


if __name__ == "__main__":
    asyncio.run(main())
