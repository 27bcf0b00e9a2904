"""Standard output on a full disk (``> /dev/full``): the command says so in the
session's language and exits 1, as when a file it writes cannot be written."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import MILAN

pytestmark = pytest.mark.skipif(
    not Path("/dev/full").exists(), reason="needs /dev/full (Linux)"
)


@pytest.fixture(scope="module")
def milan_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("full") / "milano.db"
    subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "load", str(MILAN)],
        check=True,
        capture_output=True,
    )
    return db


AS_OF = ("--as-of", "17/01/2023")


def _to_full_disk(db: Path, lang: str, *argv: str) -> subprocess.CompletedProcess[str]:
    # buffered, as a shell or cron runs it (PYTHONUNBUFFERED is a test runner's)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("APPALTI_") and k != "PYTHONUNBUFFERED"
    }
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "tracker",
                "--db",
                str(db),
                "--lang",
                lang,
                *AS_OF,
                *argv,
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )


@pytest.mark.parametrize(
    "argv",
    [
        ("list", "contracts", "--format", "csv"),
        ("alerts", "--excel"),
        ("continuity",),
        ("calendar", "-o", "-"),
        ("digest", "--dry-run", "--to", "rup@comune.milano.it"),
    ],
)
def test_a_full_disk_is_named_in_italian(milan_db: Path, argv: tuple[str, ...]) -> None:
    done = _to_full_disk(milan_db, "it", *argv)
    assert done.returncode == 1
    assert done.stderr == (
        "appalti: impossibile scrivere lo standard output: il disco è pieno\n"
    )


def test_a_full_disk_is_named_in_english(milan_db: Path) -> None:
    done = _to_full_disk(milan_db, "en", "list", "tenders", "--excel")
    assert done.returncode == 1
    assert (
        done.stderr == "appalti: cannot write the standard output: the disk is full\n"
    )


class _ShortWrites:
    """An unbuffered file on a disk filling up: takes 10 bytes, then refuses."""

    def __init__(self) -> None:
        self.taken = b""

    def write(self, data: bytes | memoryview) -> int:
        if self.taken:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.taken = bytes(data[:10])
        return len(self.taken)

    def flush(self) -> None:
        pass


def test_a_calendar_cut_short_is_not_taken_for_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tracker import cli_calendar

    stream = _ShortWrites()
    monkeypatch.setattr(sys, "stdout", SimpleNamespace(buffer=stream, flush=lambda: 0))
    with pytest.raises(OSError, match="No space left") as raised:
        cli_calendar._to_stdout(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert raised.value.errno == errno.ENOSPC
    assert stream.taken == b"BEGIN:VCAL"
