"""Time what the list and detail screens ask of the tracker, on a synthetic database of
50,000 contracts: a page of each list (default sort, other sorts, a deep page), a
search as the user types it, a status filter, the snapshots of services and
deadlines, and the view of one record of each kind.

    python benchmarks/bench_browse.py [--db URL] [--contracts 50000] [--runs 5]

Without ``--db`` a SQLite database is generated in a temporary folder. Prints the
median milliseconds of each call (in-process, start-up excluded: the app is open).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tracker.api import BrowseQuery, Tracker

AS_OF = date(2025, 6, 1)


def timed(call: Callable[[], object], runs: int) -> tuple[float, object]:
    result = call()  # warm caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def total_of(result: object) -> str:
    total = getattr(result, "total", None)
    return "" if total is None else f"{total:>8,} rows"


def cases(tracker: Tracker) -> list[tuple[str, Callable[[], object]]]:
    def q(**changes: object) -> BrowseQuery:
        values: dict[str, object] = {"as_of": AS_OF, "limit": 100, **changes}
        return BrowseQuery(**values)  # type: ignore[arg-type]

    services = tracker.services_browser(AS_OF)
    deadlines = tracker.deadlines_browser(AS_OF)
    return [
        ("contracts: first page by ref", lambda: tracker.browse_contracts(q())),
        (
            "contracts: by gross, descending",
            lambda: tracker.browse_contracts(q(sort="gross", descending=True)),
        ),
        (
            "contracts: by covered until",
            lambda: tracker.browse_contracts(q(sort="covered_until")),
        ),
        (
            "contracts: page at offset 40,000",
            lambda: tracker.browse_contracts(q(offset=40_000)),
        ),
        ("contracts: search 's'", lambda: tracker.browse_contracts(q(search="s"))),
        (
            "contracts: search 'sint'",
            lambda: tracker.browse_contracts(q(search="sint")),
        ),
        (
            "contracts: search 'C00123'",
            lambda: tracker.browse_contracts(q(search="C00123")),
        ),
        (
            "contracts: search finding nothing",
            lambda: tracker.browse_contracts(q(search="zzzz")),
        ),
        (
            "contracts: filter running",
            lambda: tracker.browse_contracts(q(status="running")),
        ),
        ("tenders: first page", lambda: tracker.browse_tenders(q())),
        (
            "tenders: search 'T00123'",
            lambda: tracker.browse_tenders(q(search="T00123")),
        ),
        (
            "tenders: by lots, descending",
            lambda: tracker.browse_tenders(q(sort="lots", descending=True)),
        ),
        ("organisations: first page", lambda: tracker.browse_organisations(q())),
        (
            "organisations: by contracts",
            lambda: tracker.browse_organisations(q(sort="contracts", descending=True)),
        ),
        ("funding: all sources", lambda: tracker.browse_funding(q())),
        ("services: snapshot (continuity)", lambda: tracker.services_browser(AS_OF)),
        ("services: a page of the snapshot", lambda: services.page(q())),
        (
            "services: search in the snapshot",
            lambda: services.page(q(search="sintetico 12")),
        ),
        ("deadlines: snapshot", lambda: tracker.deadlines_browser(AS_OF)),
        ("deadlines: a page of the snapshot", lambda: deadlines.page(q())),
        (
            "deadlines: search in the snapshot",
            lambda: deadlines.page(q(search="C0001")),
        ),
        ("view: contract", lambda: tracker.contract_view("SYN-C000123", AS_OF)),
        ("view: tender", lambda: tracker.tender_view("SYN-T000123", AS_OF)),
        ("view: service", lambda: tracker.service_view("SYN-S00123", AS_OF)),
        ("view: organisation", lambda: tracker.organisation_view("SYN-O00123", AS_OF)),
        ("view: funding source", lambda: tracker.funding_source_view("SYN-FSE", AS_OF)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database to read (default: generate one)")
    parser.add_argument("--contracts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="appalti-bench-") as scratch:
        url = options.db or f"sqlite:///{Path(scratch) / 'large.db'}"
        tracker = Tracker.open(url)
        try:
            if options.db is None:
                started = time.perf_counter()
                tracker.generate(contracts=options.contracts, seed=1)
                seconds = time.perf_counter() - started
                print(f"generated {options.contracts:,} contracts in {seconds:.1f} s")
            print(f"{'call':<40} {'median ms':>10}")
            for name, call in cases(tracker):
                milliseconds, result = timed(call, options.runs)
                print(f"{name:<40} {milliseconds:>10.1f} {total_of(result)}")
        finally:
            tracker.close()


if __name__ == "__main__":
    main()
