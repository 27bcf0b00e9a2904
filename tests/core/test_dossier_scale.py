"""The dossier of a tender of many services: the chart goes on over pages."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.conftest import fixed_clock
from tracker.api import Tracker
from tracker.dataset import parse_dataset
from tracker.export.chart import CHART_ROWS
from tracker.export.dossier import write_dossier
from tracker.formatting import Formatter

SERVICES = 60
LOTS = 6


def _many_services() -> dict[str, Any]:
    """One tender whose six lots cover sixty services, half of them contracted."""
    services = [
        {
            "ref": f"SRV-{n:02}",
            "name": f"Servizio educativo numero {n:02}",
            "neighbourhood": "Q",
            "required_from": "2020-01-01",
            "programme": "PRG",
        }
        for n in range(1, SERVICES + 1)
    ]
    per_lot = SERVICES // LOTS
    lots = [
        {
            "ref": f"GARA-L{lot}",
            "number": lot,
            "title": f"Lotto {lot}",
            "services": [s["ref"] for s in services[(lot - 1) * per_lot :][:per_lot]],
        }
        for lot in range(1, LOTS + 1)
    ]
    contracts = [
        {
            "ref": f"C-L{lot}",
            "title": f"Contratto del lotto {lot}",
            "lot": f"GARA-L{lot}",
            "supplier": "COOP",
            "signed_on": "2020-12-01",
            "start": "2021-01-01",
            "end": "2025-12-31",
            "amount": {"net": "100000.00", "vat_rate": "22"},
        }
        for lot in range(1, LOTS + 1, 2)
    ]
    return {
        "format": "appalti-dataset",
        "version": 1,
        "programmes": [
            {
                "ref": "PRG",
                "name": "Programma",
                "start": "2020-01-01",
                "end": "2030-12-31",
            }
        ],
        "neighbourhoods": [{"ref": "Q", "name": "Quartiere", "programmes": ["PRG"]}],
        "services": services,
        "organisations": [{"ref": "COOP", "name": "Cooperativa"}],
        "tenders": [
            {
                "ref": "GARA",
                "title": "Servizi educativi dei quartieri",
                "status": "awarded",
                "procedure_type": "aperta",
                "planned_start": "2021-01-01",
                "planned_months": 60,
                "lots": lots,
            }
        ],
        "contracts": contracts,
    }


def test_a_dossier_of_sixty_services_prints_every_service(tmp_path: Path) -> None:
    """A chart of sixty services is taller than a page: it prints in parts, and
    every service is named in the document."""
    tracker = Tracker.open(f"sqlite:///{tmp_path / 'many.db'}", clock=fixed_clock)
    try:
        tracker.load_dataset(parse_dataset(json.dumps(_many_services())))
        data = tracker.dossier("GARA", None)
    finally:
        tracker.close()
    names = [t.service.name for t in data.timelines]
    assert len(names) == SERVICES > 2 * CHART_ROWS
    out = io.BytesIO()
    write_dossier(data, out, Formatter("en"), author="test")
    (tmp_path / "dossier.pdf").write_bytes(out.getvalue())
    reader = PdfReader(io.BytesIO(out.getvalue()))
    text = " ".join(page.extract_text() for page in reader.pages)
    missing = [name for name in names if name not in text]
    assert not missing
