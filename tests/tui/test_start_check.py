"""The app checks its SQLite file at start-up, in the background: a damaged file is
named at once, in the person's language; a sound one is known sound before the
first save, which then does not wait for the check."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.notifications import Notify

from tests.conftest import fixed_clock
from tests.core.test_bad_targets import _corrupt_an_index_page
from tests.tui.helpers import until
from tests.tui.test_digest import notes
from tracker.api import Tracker
from tui.app import TrackerApp


def _reopened(tracker: Tracker, path: Path) -> Tracker:
    tracker.close()
    return Tracker.open(f"sqlite:///{path}", clock=fixed_clock, actor="test-rup")


@pytest.fixture
def fresh_tracker(app_tracker: Tracker, tmp_path: Path) -> Iterator[Tracker]:
    """The Milan file opened anew: nothing written through it, nothing checked."""
    opened = _reopened(app_tracker, tmp_path / "appalti.db")
    yield opened
    opened.close()


@pytest.fixture
def damaged_tracker(app_tracker: Tracker, tmp_path: Path) -> Iterator[Tracker]:
    """The Milan file with a page of an index overwritten, opened anew."""
    path = tmp_path / "danneggiato.db"
    app_tracker.close()
    shutil.copyfile(tmp_path / "appalti.db", path)
    _corrupt_an_index_page(path)
    opened = Tracker.open(f"sqlite:///{path}", clock=fixed_clock, actor="test-rup")
    yield opened
    opened.close()


def _errors(seen: list[object]) -> list[str]:
    return [
        m.notification.message
        for m in seen
        if isinstance(m, Notify) and m.notification.severity == "error"
    ]


@pytest.mark.parametrize(
    ("lang", "start", "end"),
    [
        (
            "it",
            "{path} è danneggiato (SQLite segnala: On tree page ",
            "); non è stato scritto nulla. 'appalti check' elenca i problemi; "
            "ripristinarlo da una copia di sicurezza",
        ),
        (
            "en",
            "{path} is damaged (SQLite reports: On tree page ",
            "); nothing was written. 'appalti check' lists the problems; "
            "restore it from a backup",
        ),
    ],
)
async def test_a_damaged_file_is_named_at_start(
    damaged_tracker: Tracker, tmp_path: Path, lang: str, start: str, end: str
) -> None:
    app = TrackerApp(damaged_tracker, language=lang)
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await until(pilot, lambda: bool(_errors(seen)))
        (message,) = _errors(seen)
        assert message.startswith(start.format(path=tmp_path / "danneggiato.db"))
        assert message.endswith(end)
        assert not damaged_tracker.known_sound


async def test_a_sound_file_is_known_sound_before_the_first_save(
    fresh_tracker: Tracker,
) -> None:
    assert not fresh_tracker.known_sound
    app = TrackerApp(fresh_tracker, language="en")
    seen: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await until(pilot, lambda: fresh_tracker.known_sound)
        await app.workers.wait_for_complete()
        assert _errors(seen) == []
        assert notes(seen) == []
