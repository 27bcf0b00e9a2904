"""The garbage collector tuned by the entry points, left alone by callers of
``main`` (the tests among them); a command's process ends at once, its output
written."""

from __future__ import annotations

import functools
import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import tracker.collector
from tracker.bundled import milan_dataset_path
from tracker.cli import main
from tracker.collector import settle_collector


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    before = gc.get_threshold()
    # the test process is no command's: the commands its other tests run must
    # not freeze its objects as a settled process's would
    monkeypatch.setattr(tracker.collector, "_settled", False)
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


LEAVE = """
import atexit, sys
from tracker.collector import leave

class Cycle:
    def __del__(self):
        print("freed")

cycle = Cycle()
cycle.self = cycle
atexit.register(print, "atexit ran")
sys.stdout.write("line\\n" * 100_000)  # more than a buffer: some still held
leave(int(sys.argv[1]))
print("after leave")
"""


@pytest.mark.parametrize("status", [0, 1, 3])
def test_leaving_writes_the_output_runs_atexit_and_frees_nothing(
    status: int, tmp_path: Path
) -> None:
    out = tmp_path / "out.txt"
    with out.open("w") as target:
        done = subprocess.run(
            [sys.executable, "-c", LEAVE, str(status)],
            stdout=target,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert (done.returncode, done.stderr) == (status, "")
    assert out.read_text() == "line\n" * 100_000 + "atexit ran\n"


def test_a_command_ends_with_its_status_and_its_whole_output(tmp_path: Path) -> None:
    env = {**os.environ, "APPALTI_DB": str(tmp_path / "appalti.db")}
    run = functools.partial(
        subprocess.run,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    loaded = run([sys.executable, "-m", "tracker", "load", str(milan_dataset_path())])
    assert loaded.returncode == 0, loaded.stderr
    dumped = run([sys.executable, "-m", "tracker", "dump", "-"])
    assert dumped.returncode == 0, dumped.stderr
    assert json.loads(dumped.stdout)["contracts"]
    missing = run([sys.executable, "-m", "tracker", "show", "NO-SUCH"])
    assert (missing.returncode, missing.stdout) == (1, "")
    assert "NO-SUCH" in missing.stderr


OPENED = """
import argparse, gc, sys
from tracker.cli_base import opened
from tracker.collector import settle_collector
from tracker.config import load_settings

if sys.argv[2] == "settled":
    settle_collector()
frozen = gc.get_freeze_count()
args = argparse.Namespace(db=sys.argv[1], settings=load_settings(None))
with opened(args) as tracker:
    # what opening imported (the command's modules, the driver) and made
    print(gc.get_freeze_count() - frozen, gc.get_count()[0])
"""


@pytest.mark.parametrize("mode", ["plain", "settled"])
def test_a_settled_command_freezes_what_its_start_up_made_once_its_database_is_open(
    mode: str, tmp_path: Path
) -> None:
    db = tmp_path / "milan.db"
    env = {**os.environ, "APPALTI_DB": str(db)}
    load = [sys.executable, "-m", "tracker", "load", str(milan_dataset_path())]
    subprocess.run(load, check=True, capture_output=True, env=env, timeout=120)
    done = subprocess.run(
        [sys.executable, "-c", OPENED, str(db), mode],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    newly_frozen, young = (int(n) for n in done.stdout.split())
    if mode == "settled":
        # the tens of thousands of objects opening made no longer count towards
        # the young generation's threshold: the reading has the whole of it
        assert newly_frozen > 10_000
        assert young < 1_000
    else:
        # a process that did not settle the collector keeps it as it was
        assert newly_frozen == 0
