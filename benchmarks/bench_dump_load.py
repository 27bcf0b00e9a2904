"""Dump and load at scale, as a person runs them (a new process each, start-up
included): the Milan dataset and a synthetic database of 50,000 contracts, side by
side; and the committee report at 50,000 contracts.

Each command's wall time, CPU time (user + system: what the command itself cost,
whatever else the machine is doing) and peak resident memory are those of its own
process, read with wait4.

    python benchmarks/bench_dump_load.py [--db BIG.db] [--contracts 50000] [--no-report]

``--db`` reuses a database made earlier (``appalti generate --contracts 50000 --db
BIG.db``); without it one is generated in a scratch folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.bundled import milan_dataset_path


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float
    peak_mb: float


def appalti(*args: str) -> Run:
    """Run one appalti command in its own process and measure that process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "--lang", "en", *args],
        stdout=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"appalti {' '.join(args)} failed ({process.returncode})")
    return Run(
        seconds=seconds,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
    )


def dump_and_load(db: Path, scratch: Path, name: str) -> dict[str, Run]:
    dump = scratch / f"{name}.json"
    runs = {"dump": appalti("dump", "--db", str(db), str(dump))}
    runs["load"] = appalti(
        "load", "--db", str(scratch / f"{name}-loaded.db"), str(dump)
    )
    print(f"  {name}: dump {dump.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database of N contracts to reuse")
    parser.add_argument("--contracts", type=int, default=50_000)
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="appalti-bench-") as folder:
        scratch = Path(folder)
        milan_db = scratch / "milan.db"
        appalti("load", "--db", str(milan_db), str(milan_dataset_path()))
        big_db = args.db
        if big_db is None or not big_db.exists():
            big_db = big_db or scratch / "big.db"
            print(f"generating {args.contracts} contracts in {big_db}", file=sys.stderr)
            appalti("generate", "--contracts", str(args.contracts), "--db", str(big_db))
        milan = dump_and_load(milan_db, scratch, "milan")
        big = dump_and_load(big_db, scratch, "big")
        if not args.no_report:
            big["committee report"] = appalti(
                "report",
                "continuity",
                "--as-of",
                "2023-01-17",
                "--db",
                str(big_db),
                "-o",
                str(scratch / "report.pdf"),
            )
    label = f"{args.contracts:,} contracts"
    print(f"{'':28}{'Milan':>12}{label:>22}")
    for step in ("dump", "load", "committee report"):
        for title, value in FIGURES:
            left = value(milan[step]) if step in milan else "-"
            right = value(big[step]) if step in big else "-"
            print(f"{step + ' ' + title:28}{left:>12}{right:>22}")


def _seconds(run: Run) -> str:
    return f"{run.seconds:.1f}"


def _cpu(run: Run) -> str:
    return f"{run.cpu:.1f}"


def _peak(run: Run) -> str:
    return f"{run.peak_mb:.0f}"


FIGURES: list[tuple[str, Callable[[Run], str]]] = [
    ("seconds", _seconds),
    ("CPU seconds", _cpu),
    ("peak RSS MB", _peak),
]


if __name__ == "__main__":
    main()
