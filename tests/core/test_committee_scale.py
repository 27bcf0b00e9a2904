"""The committee report of hundreds of services: the chart goes on over pages."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import COMMITTEE_DAY, fixed_clock
from tracker.api import Tracker
from tracker.export.chart import CHART_ROWS
from tracker.export.committee import write_committee_report
from tracker.formatting import Formatter


def test_a_report_of_hundreds_of_services_spans_pages(tmp_path: Path) -> None:
    """A chart of 200 services is taller than any page: it prints in parts."""
    tracker = Tracker.open(f"sqlite:///{tmp_path / 'many.db'}", clock=fixed_clock)
    try:
        tracker.generate(contracts=1000, seed=3)
        data = tracker.committee_report(COMMITTEE_DAY)
    finally:
        tracker.close()
    services = [s.timeline.service.name for p in data.programmes for s in p.services]
    assert len(services) >= 10 * CHART_ROWS
    out = io.BytesIO()
    write_committee_report(data, out, Formatter("en"), author="test")
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert len(reader.pages) > len(services) // CHART_ROWS
    text = " ".join(page.extract_text() for page in reader.pages)
    # every service is in the report, the first and the last of the chart too
    assert services[0] in text
    assert services[-1] in text
