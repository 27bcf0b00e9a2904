"""JSON Schemas of the dataset format and of the JSON reports.

The committed files in ``schemas/`` are generated from these definitions by
``scripts/write_schemas.py``; a test fails when the two disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import TypeAdapter
from typing_extensions import TypedDict

from tracker.domain.alerts import Alert
from tracker.domain.continuity import ServiceContinuity
from tracker.drafts import Dataset
from tracker.queries.acts import ActListRow
from tracker.queries.consortia import ConsortiumListRow
from tracker.queries.planning import PlanData
from tracker.queries.rows import (
    ContractDetail,
    ContractRow,
    OrganisationRow,
    ServiceRow,
    TenderDetail,
    TenderRow,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class TendersReport(TypedDict):
    tenders: list[TenderRow]


class ContractsReport(TypedDict):
    contracts: list[ContractRow]


class ServicesReport(TypedDict):
    services: list[ServiceRow]


class OrganisationsReport(TypedDict):
    organisations: list[OrganisationRow]


class ConsortiaReport(TypedDict):
    consortia: list[ConsortiumListRow]


class ActsReport(TypedDict):
    acts: list[ActListRow]


class ContinuityReport(TypedDict):
    as_of: date
    services: list[ServiceContinuity]


class AlertsReport(TypedDict):
    as_of: date
    within: int
    alerts: list[Alert]


CONTINUITY_ADAPTER: TypeAdapter[ContinuityReport] = TypeAdapter(ContinuityReport)
ALERTS_ADAPTER: TypeAdapter[AlertsReport] = TypeAdapter(AlertsReport)
ALERT_ADAPTER: TypeAdapter[Alert] = TypeAdapter(Alert)
ALERT_ROWS_ADAPTER: TypeAdapter[list[Alert]] = TypeAdapter(list[Alert])
SERVICE_CONTINUITY_ADAPTER: TypeAdapter[ServiceContinuity] = TypeAdapter(
    ServiceContinuity
)
SERVICE_CONTINUITY_ROWS_ADAPTER: TypeAdapter[list[ServiceContinuity]] = TypeAdapter(
    list[ServiceContinuity]
)
"""One alert, one service's continuity: the records of those reports, written one
a line."""
PLAN_ADAPTER: TypeAdapter[PlanData] = TypeAdapter(PlanData)

LIST_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "tenders": TypeAdapter(TendersReport),
    "contracts": TypeAdapter(ContractsReport),
    "services": TypeAdapter(ServicesReport),
    "organisations": TypeAdapter(OrganisationsReport),
    "consortia": TypeAdapter(ConsortiaReport),
    "acts": TypeAdapter(ActsReport),
}
LIST_ROW_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {
    "tenders": TypeAdapter(list[TenderRow]),
    "contracts": TypeAdapter(list[ContractRow]),
    "services": TypeAdapter(list[ServiceRow]),
    "organisations": TypeAdapter(list[OrganisationRow]),
    "consortia": TypeAdapter(list[ConsortiumListRow]),
    "acts": TypeAdapter(list[ActListRow]),
}
"""The rows of each list, to write them a page at a time as ``LIST_ADAPTERS`` would."""
DETAIL_ADAPTER: TypeAdapter[TenderDetail | ContractDetail] = TypeAdapter(
    TenderDetail | ContractDetail
)


def _with_dialect(schema: dict[str, Any], title: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DIALECT,
        "title": title,
        **{k: v for k, v in schema.items() if k != "title"},
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, for every schema the project publishes."""
    schemas = {
        "dataset.schema.json": _with_dialect(
            Dataset.model_json_schema(mode="validation"), "appalti dataset"
        ),
        "show.schema.json": _with_dialect(
            DETAIL_ADAPTER.json_schema(mode="serialization"),
            "appalti show REF --format json",
        ),
    }
    schemas["continuity.schema.json"] = _with_dialect(
        CONTINUITY_ADAPTER.json_schema(mode="serialization"),
        "appalti continuity --format json",
    )
    schemas["alerts.schema.json"] = _with_dialect(
        ALERTS_ADAPTER.json_schema(mode="serialization"), "appalti alerts --format json"
    )
    schemas["plan.schema.json"] = _with_dialect(
        PLAN_ADAPTER.json_schema(mode="serialization"), "appalti plan --format json"
    )
    for kind, adapter in LIST_ADAPTERS.items():
        schemas[f"list-{kind}.schema.json"] = _with_dialect(
            adapter.json_schema(mode="serialization"),
            f"appalti list {kind} --format json",
        )
    return schemas
