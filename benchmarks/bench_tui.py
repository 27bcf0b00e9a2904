"""Time from starting the app to its first painted digest, as a person sees it.

Each run starts a new process in a tmux terminal of 120x40 and polls the screen
until the digest's summary line shows: on the Milan dataset, on a synthetic
database of 50,000 contracts, and for a bare Textual app that paints one static
screen (the floor any Textual app pays).

    python benchmarks/bench_tui.py [--contracts 50000] [--runs 5]

Prints the median seconds of each.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tracker.bundled import milan_dataset_path

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("bare app ready")

Bare().run()
"""
AS_OF = "2025-06-01"


def first_paint(command: str, marker: str, *, cwd: Path) -> float:
    """Seconds from starting ``command`` until ``marker`` is on the screen."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command],
        check=True,
        cwd=cwd,
    )
    try:
        while True:
            shown = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            if marker in shown:
                return time.perf_counter() - started
            if time.perf_counter() - started > 120:
                raise SystemExit(f"{marker!r} never showed for {command}")
            time.sleep(0.01)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def median(command: str, marker: str, runs: int, cwd: Path) -> float:
    first_paint(command, marker, cwd=cwd)  # warm the file cache and .pyc files
    return statistics.median(first_paint(command, marker, cwd=cwd) for _ in range(runs))


def appalti(db: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("this benchmark needs tmux")
    # One idle session keeps the tmux server up between runs: a server shutting
    # down as the last session ends refuses the next new-session.
    keeper = f"bench-keeper-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", keeper, "sleep 3600"], check=True
    )
    try:
        run(options)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)


def run(options: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="appalti-bench-") as scratch:
        root = Path(scratch)
        milan = root / "milan.db"
        large = root / "large.db"
        bare = root / "bare.py"
        bare.write_text(BARE_APP)
        appalti(milan, "load", str(milan_dataset_path()))
        appalti(large, "generate", "--contracts", str(options.contracts))
        # The digest's summary line ("As of 01/06/2025: ...") is painted once the
        # alerts are computed and shown.
        marker = "As of 01/06/2025:"
        app = f"{sys.executable} -m tracker --lang en --as-of {AS_OF} --db"
        figures = {
            "bare Textual app": median(
                f"{sys.executable} {bare}", "bare app ready", options.runs, root
            ),
            "Milan dataset": median(f"{app} {milan}", marker, options.runs, root),
            f"{options.contracts} contracts": median(
                f"{app} {large}", marker, options.runs, root
            ),
            # The digest screen is up and answers keys while the alerts compute.
            f"{options.contracts}, screen up": median(
                f"{app} {large}", "Computing the alerts", options.runs, root
            ),
        }
        print(f"time to the first painted digest, median of {options.runs} runs")
        for name, seconds in figures.items():
            print(f"{name:<24} {seconds:>6.2f} s")


if __name__ == "__main__":
    main()
