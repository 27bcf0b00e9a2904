"""The garbage collector tuned by the entry points, left alone by callers of
``main`` (the tests among them)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tracker.cli import main
from tracker.collector import settle_collector


@pytest.fixture
def collector() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


@pytest.mark.usefixtures("collector")
def test_settling_freezes_the_start_up_objects_and_collects_less_often() -> None:
    gc.unfreeze()
    settle_collector()
    assert gc.get_freeze_count() > 1000
    assert gc.get_threshold() == (300_000, 10, 10)


@pytest.mark.usefixtures("collector")
def test_a_caller_of_main_keeps_its_collector(
    capsys: pytest.CaptureFixture[str],
) -> None:
    gc.set_threshold(700, 10, 10)
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("appalti ")
    assert gc.get_threshold() == (700, 10, 10)


EXIT = """
import sys
from tracker.collector import settle_collector
if sys.argv[1] == "settled":
    settle_collector()

class Cycle:
    def __del__(self):
        print("collected at exit")

cycle = Cycle()
cycle.self = cycle
del cycle
"""


@pytest.mark.parametrize(("mode", "collected"), [("plain", True), ("settled", False)])
def test_a_settled_process_skips_the_collection_at_exit(
    mode: str, collected: bool
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", EXIT, mode],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert ("collected at exit" in done.stdout) is collected
