"""Time the headless lists and one record on a synthetic database of 50,000
contracts: ``list contracts``, ``list tenders``, ``list services``, ``list
organisations`` and ``show`` of one contract, as text and as JSON.

    python benchmarks/bench_list.py [--db FILE.db] [--contracts 50000] [--json]

Without ``--db`` a SQLite database is generated in a temporary folder (``appalti
generate``); with ``--db`` naming a file that does not exist yet, it is generated
there and kept for the next run. Each command runs twice:

- as the officer runs it, in a fresh process: wall time, CPU time and peak memory
  (resident set) of the whole command, start-up included;
- inside this process, start-up excluded: the wall time of reading the records
  and writing the output (what the answer itself costs).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tracker.api import Tracker
from tracker.cli import main as cli_main

LISTS = ("contracts", "tenders", "services", "organisations")


class _Counting(io.TextIOBase):
    """Standard output that only counts what is written to it."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


@contextlib.contextmanager
def _counted_stdout() -> Iterator[_Counting]:
    sink = _Counting()
    saved, sys.stdout = sys.stdout, sink
    try:
        yield sink
    finally:
        sys.stdout = saved


# The child reports its own peak (VmHWM, Linux): a forked child's ru_maxrss also
# counts the pages of this process it started from.
_CHILD = """import sys
from tracker.cli import main
try:
    code = main(sys.argv[1:])
finally:
    try:
        status = open("/proc/self/status").read()
    except OSError:
        status = ""
    sys.stderr.write(status)
sys.exit(code)
"""


def in_a_process(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident megabytes of one command."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, report = child.communicate()
    wall = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"appalti {' '.join(args)} failed:\n{report}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - _spent_by_children.pop()
    _spent_by_children.append(usage.ru_utime + usage.ru_stime)
    peak = next(
        (
            int(line.split()[1]) / 1024
            for line in report.splitlines()
            if line.startswith("VmHWM:")
        ),
        float("nan"),
    )
    return wall, cpu, peak


_spent_by_children = [0.0]


def in_this_process(args: list[str]) -> tuple[float, int]:
    """Wall seconds of one command with everything imported, and what it wrote."""
    with _counted_stdout() as sink:
        started = time.perf_counter()
        if cli_main(args) != 0:
            raise SystemExit(f"appalti {' '.join(args)} failed")
        seconds = time.perf_counter() - started
    return seconds, sink.chars


def _database(options: argparse.Namespace, scratch: Path) -> Path:
    path = Path(options.db) if options.db else scratch / "large.db"
    if not path.exists():
        tracker = Tracker.open(f"sqlite:///{path}")
        try:
            started = time.perf_counter()
            tracker.generate(contracts=options.contracts, seed=1)
            seconds = time.perf_counter() - started
            print(f"generated {options.contracts:,} contracts in {seconds:.1f} s")
        finally:
            tracker.close()
    return path


def _first_contract(path: Path) -> str:
    tracker = Tracker.open(f"sqlite:///{path}")
    try:
        [page, *_] = tracker.contract_list_pages()
        return page[0].ref
    finally:
        tracker.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a SQLite file to read (generated if missing)")
    parser.add_argument("--contracts", type=int, default=50_000)
    parser.add_argument("--json", action="store_true", help="also time --format json")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="appalti-bench-") as scratch:
        path = _database(options, Path(scratch))
        commands = [["list", kind] for kind in LISTS]
        commands.append(["show", _first_contract(path)])
        if options.json:
            commands += [[*command, "--format", "json"] for command in commands]
        print(
            f"{'command':<34} {'process s':>9} {'cpu s':>6} {'peak MB':>8}"
            f" {'answer s':>9} {'output':>12}"
        )
        for command in commands:
            args = ["--db", str(path), "--lang", "en", *command]
            wall, cpu, peak = in_a_process(args)
            answer, chars = in_this_process(args)
            print(
                f"{' '.join(command):<34} {wall:>9.2f} {cpu:>6.2f} {peak:>8.0f}"
                f" {answer:>9.2f} {chars:>12,}"
            )


if __name__ == "__main__":
    main()
