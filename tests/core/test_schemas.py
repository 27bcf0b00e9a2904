"""The committed JSON Schemas are the ones the code generates."""

from __future__ import annotations

import json

import pytest

from scripts.write_schemas import SCHEMAS, render
from tracker.schemas import all_schemas


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_committed_schema_matches_the_code(name: str) -> None:
    committed = (SCHEMAS / name).read_text(encoding="utf-8")
    assert committed == render(all_schemas()[name]), (
        f"schemas/{name} is stale: run python scripts/write_schemas.py"
    )


def test_dataset_schema_names_every_collection() -> None:
    schema = json.loads((SCHEMAS / "dataset.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {
        "programmes",
        "neighbourhoods",
        "sites",
        "services",
        "organisations",
        "consortia",
        "acts",
        "funding_sources",
        "tenders",
        "contracts",
        "in_house_periods",
        "allocations",
        "deadlines",
        "notes",
    } <= set(schema["properties"])
    assert schema["additionalProperties"] is False
