"""A variant of the Milan dataset for the tables' tests: money stated net with its
rate, options of both states, a formula-looking title."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import MILAN
from tracker.api import Dataset

HOSTILE_TITLE = '=HYPERLINK("http://x","y")'


def milan_with_money() -> Dataset:
    """The Milan dataset with one contract stated net at 22%, an exercised
    extension decided by an act and a planned renewal with no amount."""
    data: dict[str, Any] = json.loads(MILAN.read_text(encoding="utf-8"))
    contract = next(c for c in data["contracts"] if c["ref"] == "PRO-2020-MAZZINI")
    contract["title"] = HOSTILE_TITLE
    contract["amount"] = {"net": "10000.00", "vat_rate": "22"}
    contract["options"] = [
        {
            "ref": "PRO-2020-MAZZINI-E1",
            "kind": "extension_option",
            "state": "exercised",
            "start": "2023-07-01",
            "end": "2023-12-31",
            "amount": {"net": "2000.00", "vat_rate": "22"},
            "decided_on": "2023-01-10",
            "act": "DGC-1397-2017",
        },
        {
            "ref": "PRO-2020-MAZZINI-R1",
            "kind": "renewal",
            "state": "planned",
            "start": "2024-01-01",
            "end": "2024-12-31",
        },
    ]
    return Dataset.model_validate(data)
