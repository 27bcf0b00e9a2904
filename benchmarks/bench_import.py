"""Time ``appalti import ocds``: ANAC's 12 real releases, then a synthetic file of
N releases shaped like them (JSON Lines), imported into a new SQLite database and
imported again (nothing changes the second time).

    python benchmarks/bench_import.py [--releases 5000] [--samples FILE] [--db-url URL]

The synthetic releases copy the real ones with new ocids, new valid CIGs and new
valid codici fiscali (so every organisation, tender and contract is new), keeping
their shape: lots, groups of suppliers, amendments, malformed dates. With
``--db-url`` (an empty PostgreSQL database) the synthetic file goes there.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from stdnum import luhn

from tracker.api import Tracker
from tracker.domain.identifiers import cig_check_standard

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "ocds" / "samples" / "anac-compiled-releases.json"


def _cig(n: int) -> str:
    body = f"{n:07d}"
    return body + cig_check_standard(body)


def _cf(n: int) -> str:
    body = f"{n:07d}001"
    return body + luhn.calc_check_digit(body)


def synthetic(releases: list[dict[str, Any]], count: int) -> bytes:
    """``count`` releases shaped like ``releases``, every identifier new."""
    lines = []
    for n in range(count):
        release = copy.deepcopy(releases[n % len(releases)])
        text = json.dumps(release)
        for i, party in enumerate(release.get("parties", [])):
            old = party["id"]
            if old.isdigit() and len(old) == 11:
                text = text.replace(old, _cf(1_000_000 + n * 40 + i))
        for i, lot in enumerate(release.get("tender", {}).get("lots", [])):
            text = text.replace(lot["id"], _cig(1_000_000 + n * 8 + i))
        copied = json.loads(text)
        ocid = f"ocds-hu01ve-9{n:07d}"
        copied["ocid"] = ocid
        copied["id"] = f"{ocid}-1"
        lines.append(json.dumps(copied))
    return ("\n".join(lines) + "\n").encode()


def _timed(tracker: Tracker, data: bytes) -> tuple[float, Any]:
    started = time.perf_counter()
    summary = tracker.import_ocds(io.BytesIO(data))
    return time.perf_counter() - started, summary


def run(url: str, label: str, data: bytes) -> None:
    tracker = Tracker.open(url)
    try:
        first, summary = _timed(tracker, data)
        again, second = _timed(tracker, data)
    finally:
        tracker.close()
    rate = summary.read / first if first else 0.0
    print(
        f"{label:<28} {summary.read:>6} releases  first {first:7.2f} s "
        f"({rate:6.1f}/s; new {summary.created}, skipped {len(summary.skipped)})  "
        f"again {again:7.2f} s (unchanged {second.unchanged})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=5000)
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    parser.add_argument("--db-url", help="an empty database instead of SQLite")
    args = parser.parse_args()
    if not args.samples.is_file():
        print(f"no samples at {args.samples}", file=sys.stderr)
        return 2
    real = args.samples.read_bytes()
    releases = json.loads(real)["releases"]
    data = synthetic(releases, args.releases)
    runs = [
        ("ANAC samples", real, "samples.db"),
        (f"synthetic ({len(data) // 1024} KB)", data, "synthetic.db"),
    ]
    with tempfile.TemporaryDirectory() as folder:
        for label, payload, name in runs[1:] if args.db_url else runs:
            run(args.db_url or f"sqlite:///{Path(folder) / name}", label, payload)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
