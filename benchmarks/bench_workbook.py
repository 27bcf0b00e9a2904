"""``appalti export xlsx`` at scale, as a person runs it (a new process, start-up
included): the Milan dataset and a synthetic database of 50,000 contracts.

The command's wall time, CPU time (user + system) and peak resident memory are
those of its own process, read with wait4; the workbook's size and its rows are
read back from what it wrote.

    python -m benchmarks.bench_workbook [--db BIG.db] [--contracts 50000]

``--db`` reuses a database made earlier (``appalti generate --contracts 50000 --db
BIG.db``); without it one is generated in a scratch folder.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_dump_load import Run, appalti
from tracker.bundled import milan_dataset_path


def export(db: Path, target: Path) -> Run:
    return appalti("export", "xlsx", "--db", str(db), "-o", str(target), "--force")


def rows_of(target: Path) -> int:
    from openpyxl import load_workbook

    # a workbook written row by row states no dimensions: count the rows
    book = load_workbook(target, read_only=True)
    return sum(sum(1 for _ in sheet.iter_rows()) - 1 for sheet in book)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--contracts", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        milan = scratch / "milan.db"
        appalti("load", "--db", str(milan), str(milan_dataset_path()))
        big = args.db
        if big is None:
            big = scratch / "big.db"
            subprocess.run(
                [
                    *(sys.executable, "-m", "tracker", "generate"),
                    *("--db", str(big), "--contracts", str(args.contracts)),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        for name, db in (("Milan", milan), (f"{args.contracts:,} contracts", big)):
            target = scratch / f"{db.stem}.xlsx"
            run = export(db, target)
            size = target.stat().st_size / 1_000_000
            print(
                f"{name:>18}: {run.seconds:6.1f} s wall, {run.cpu:6.1f} s CPU, "
                f"{run.peak_mb:5.0f} MB peak; {rows_of(target):,} rows, {size:.1f} MB"
            )


if __name__ == "__main__":
    main()
