"""Time the PDF documents as a person makes them (a new process, start-up included):
the Lorenteggio dossier and the committee report on the Milan data, and the dossier of
a large tender (20 lots, a consortium of 10, 200 deadlines).

    python benchmarks/bench_pdf.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tracker.bundled import milan_dataset_path


def appalti(db: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "--lang", "it", *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def large_tender() -> dict[str, object]:
    organisations = [
        {"ref": f"O{i}", "name": f"Cooperativa sociale {i}"} for i in range(10)
    ]
    return {
        "format": "appalti-dataset",
        "version": 1,
        "neighbourhoods": [{"ref": "Q", "name": "Quartiere"}],
        "services": [
            {
                "ref": f"S{i}",
                "name": f"Laboratorio {i}",
                "neighbourhood": "Q",
                "required_from": "2020-01-01",
            }
            for i in range(20)
        ],
        "organisations": organisations,
        "consortia": [
            {
                "ref": "RTI",
                "name": "RTI di dieci",
                "kind": "RTI",
                "members": [
                    {
                        "organisation": f"O{i}",
                        "role": "mandataria" if i == 0 else "mandante",
                        "share": "10",
                    }
                    for i in range(10)
                ],
            }
        ],
        "tenders": [
            {
                "ref": "BIG",
                "title": "Gara con venti lotti",
                "status": "awarded",
                "lots": [
                    {
                        "ref": f"BIG-L{i}",
                        "number": i + 1,
                        "title": f"Lotto {i + 1}",
                        "services": [f"S{i}"],
                    }
                    for i in range(20)
                ],
            }
        ],
        "contracts": [
            {
                "ref": "BIG-C1",
                "title": "Contratto",
                "lot": "BIG-L0",
                "supplier": "RTI",
                "start": "2022-01-01",
                "months": 36,
                "amount": {"net": "900000.00", "vat_rate": "22"},
            }
        ],
        "deadlines": [
            {
                "ref": f"D{i:03d}",
                "title": f"Relazione {i}",
                "subject": "BIG",
                "due": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
            }
            for i in range(200)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="appalti-bench-") as scratch:
        folder = Path(scratch)
        milan, large = folder / "milan.db", folder / "large.db"
        appalti(milan, "load", str(milan_dataset_path()))
        dataset = folder / "large.json"
        dataset.write_text(json.dumps(large_tender()), encoding="utf-8")
        appalti(large, "load", str(dataset))
        cases = {
            "dossier LOR-2019": (
                milan,
                [
                    "dossier",
                    "LOR-2019",
                    "-o",
                    str(folder / "a.pdf"),
                    "--as-of",
                    "2023-01-17",
                ],
            ),
            "report continuity": (
                milan,
                [
                    "report",
                    "continuity",
                    "-o",
                    str(folder / "b.pdf"),
                    "--as-of",
                    "2023-01-17",
                ],
            ),
            "dossier BIG (20 lots)": (
                large,
                [
                    "dossier",
                    "BIG",
                    "-o",
                    str(folder / "c.pdf"),
                    "--as-of",
                    "2023-01-17",
                ],
            ),
        }
        print(f"{'document':<24} {'seconds':>8}")
        for name, (db, args) in cases.items():
            appalti(db, *args)
            seconds = statistics.median(appalti(db, *args) for _ in range(runs))
            print(f"{name:<24} {seconds:>8.2f}")


if __name__ == "__main__":
    main()
