"""The real command in a real terminal, the way a person sees it (tmux)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

APPALTI = Path(sys.executable).with_name("appalti")

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or not APPALTI.exists(),
    reason="needs tmux and the installed appalti command",
)


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, *texts: str, seconds: float = 30) -> str:
        """The screen once it shows every one of ``texts`` (the header and the
        rows paint at different moments)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never all appeared:\n{self.screen()}")

    def wait_gone(self, text: str, *, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text not in self.screen():
                return
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never went away:\n{self.screen()}")

    def alive(self) -> bool:
        return (
            subprocess.run(
                ["tmux", "has-session", "-t", self.name], capture_output=True
            ).returncode
            == 0
        )


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    name = f"appalti-{uuid.uuid4().hex[:8]}"
    command = f"{APPALTI} demo --as-of 2023-01-17 --lang it"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command],
        check=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "HOME": str(tmp_path)},
    )
    yield Terminal(name)
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_the_demo_opens_on_the_digest_and_moves_around(terminal: Terminal) -> None:
    shown = terminal.wait_for("LSL-LORENTEGGIO", "al 17/01/2023")
    assert "CRITICO da 28 giorni  LSL-LORENTEGGIO" in shown
    lines = shown.splitlines()
    assert len(lines) == 40
    terminal.keys("3")  # the timeline: a bar per contract, act-by on at-risk rows
    shown = terminal.wait_for("LOR-2019-C1")
    assert "◆" in shown
    terminal.keys("Escape")
    terminal.wait_gone("LOR-2019-C1")
    assert "CRITICO da 28 giorni" in terminal.screen()
    terminal.keys("q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), terminal.screen()
