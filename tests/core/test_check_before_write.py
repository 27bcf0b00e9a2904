"""The check before writing into a SQLite file: SQLite's quick check, once per
file and process (not per connection), still refusing every write into a damaged
file with the same message, and done again by an engine disposed of (another file
may be in its place by then)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from tests.conftest import MILAN, fixed_clock
from tests.core.test_bad_targets import _corrupt_an_index_page
from tracker.api import Tracker
from tracker.errors import TrackerError
from tracker.i18n import set_language

DEADLINE = "LDQ-2016/start"
TAIL = (
    "); nothing was written. 'appalti check' lists the problems; restore it "
    "from a backup"
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="module")
def sound_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Milan dataset in a SQLite file, to copy."""
    path = tmp_path_factory.mktemp("sound") / "milan.db"
    tracker = Tracker.open(f"sqlite:///{path}", clock=fixed_clock, actor="test")
    tracker.load_file(MILAN)
    tracker.close()
    return path


@pytest.fixture(scope="module")
def damaged_db(sound_db: Path) -> Path:
    """The same file with a page of an index overwritten."""
    path = sound_db.with_name("damaged.db")
    shutil.copyfile(sound_db, path)
    _corrupt_an_index_page(path)
    return path


def _open(template: Path, target: Path) -> Tracker:
    shutil.copyfile(template, target)
    return Tracker.open(f"sqlite:///{target}", clock=fixed_clock, actor="test")


def _quick_checks(engine: Engine) -> list[str]:
    """The quick checks run through ``engine`` from now on, as they happen."""
    seen: list[str] = []

    def note(*args: Any) -> None:
        statement = str(args[2])
        if "quick_check" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    return seen


def _refused(tracker: Tracker, target: Path) -> None:
    with pytest.raises(TrackerError) as refused:
        tracker.acknowledge_deadline(DEADLINE)
    message = str(refused.value)
    assert message.startswith(f"{target} is damaged (SQLite reports: On tree page ")
    assert message.endswith(TAIL)


def test_a_sound_file_is_checked_once_for_every_save(
    sound_db: Path, tmp_path: Path
) -> None:
    tracker = _open(sound_db, tmp_path / "a.db")
    try:
        checks = _quick_checks(tracker.engine)
        assert not tracker.known_sound
        tracker.check_sound()
        assert tracker.known_sound
        assert checks == ["PRAGMA quick_check(20)"]
        tracker.acknowledge_deadline(DEADLINE)
        tracker.acknowledge_deadline(DEADLINE)
        tracker.check_sound()
        assert checks == ["PRAGMA quick_check(20)"]
    finally:
        tracker.close()


def test_the_first_save_checks_when_nothing_checked_before(
    sound_db: Path, tmp_path: Path
) -> None:
    tracker = _open(sound_db, tmp_path / "a.db")
    try:
        checks = _quick_checks(tracker.engine)
        tracker.acknowledge_deadline(DEADLINE)
        assert tracker.known_sound
        tracker.acknowledge_deadline(DEADLINE)
        assert checks == ["PRAGMA quick_check(20)"]
    finally:
        tracker.close()


def test_a_damaged_file_refuses_every_write_with_the_same_message(
    damaged_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "damaged.db"
    tracker = _open(damaged_db, target)
    try:
        checks = _quick_checks(tracker.engine)
        with pytest.raises(TrackerError) as found:
            tracker.check_sound()
        assert str(found.value).startswith(
            f"{target} is damaged (SQLite reports: On tree page "
        )
        assert str(found.value).endswith(TAIL)
        assert not tracker.known_sound
        # Never taken for sound: each write checks again, and is refused.
        _refused(tracker, target)
        _refused(tracker, target)
        assert len(checks) == 3
    finally:
        tracker.close()


def test_the_verdict_is_per_file(
    sound_db: Path, damaged_db: Path, tmp_path: Path
) -> None:
    sound = _open(sound_db, tmp_path / "sound.db")
    damaged = _open(damaged_db, tmp_path / "damaged.db")
    try:
        sound.check_sound()
        assert sound.known_sound
        assert not damaged.known_sound
        _refused(damaged, tmp_path / "damaged.db")
        sound.acknowledge_deadline(DEADLINE)
    finally:
        sound.close()
        damaged.close()


def test_a_disposed_engine_checks_the_file_again(
    sound_db: Path, damaged_db: Path, tmp_path: Path
) -> None:
    """As when a file is put in place of another under the same engine: the
    engine disposed of, the damaged file that replaced the sound one is found."""
    target = tmp_path / "a.db"
    tracker = _open(sound_db, target)
    try:
        tracker.check_sound()
        assert tracker.known_sound
        tracker.engine.dispose()
        assert not tracker.known_sound
        for side in ("-wal", "-shm"):
            target.with_name(target.name + side).unlink(missing_ok=True)
        shutil.copyfile(damaged_db, target)
        _refused(tracker, target)
    finally:
        tracker.close()


def test_the_message_is_in_the_persons_language(
    damaged_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "danneggiato.db"
    tracker = _open(damaged_db, target)
    set_language("it")
    try:
        with pytest.raises(TrackerError) as found:
            tracker.check_sound()
        message = str(found.value)
        assert message.startswith(
            f"{target} è danneggiato (SQLite segnala: On tree page "
        )
        assert message.endswith(
            "); non è stato scritto nulla. 'appalti check' elenca i problemi; "
            "ripristinarlo da una copia di sicurezza"
        )
    finally:
        tracker.close()
