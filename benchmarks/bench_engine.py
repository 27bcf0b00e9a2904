"""Time `appalti continuity` and `appalti alerts` on the Milan dataset and on a
synthetic database of 50,000 contracts, as a person runs them (a new process each
time, start-up included), and time the generator itself.

    python benchmarks/bench_engine.py [--contracts 50000] [--runs 3]

Prints a table of median wall-clock seconds and the ratio large / Milan.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tracker.bundled import milan_dataset_path

COMMANDS = {
    "continuity": ["continuity", "--as-of", "2025-06-01", "--format", "json"],
    "alerts": ["alerts", "--as-of", "2025-06-01", "--format", "json"],
}


def appalti(db: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def median(db: Path, args: list[str], runs: int) -> float:
    appalti(db, *args)  # warm the file cache and .pyc files
    return statistics.median(appalti(db, *args) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="appalti-bench-") as scratch:
        milan = Path(scratch) / "milan.db"
        large = Path(scratch) / "large.db"
        appalti(milan, "load", str(milan_dataset_path()))
        generation = appalti(large, "generate", "--contracts", str(options.contracts))
        print(f"generate --contracts {options.contracts}: {generation:.1f} s")
        print(
            f"{'command':<12} {'Milan (s)':>10} {f'{options.contracts} (s)':>12} {'ratio':>7}"
        )
        for name, args in COMMANDS.items():
            small = median(milan, args, options.runs)
            big = median(large, args, options.runs)
            print(f"{name:<12} {small:>10.2f} {big:>12.2f} {big / small:>7.1f}")


if __name__ == "__main__":
    main()
