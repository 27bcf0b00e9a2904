"""The form of a new service: the service and, when its neighbourhood is not
recorded yet, the neighbourhood's name (a new database has none to point to)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import pydantic

from tracker.drafts import Draft, NeighbourhoodDraft, ServiceDraft
from tracker.errors import ValidationError, pydantic_reason

FORM = "new_service"
SERVICE_FIELDS = (
    "ref",
    "name",
    "neighbourhood",
    "required_from",
    "required_until",
    # not on the app's form of a new service, which leaves them empty; a sheet
    # of services may give them
    "programme",
    "note",
)

D = TypeVar("D", bound=Draft)


@dataclass(frozen=True)
class NewService:
    """A service to add, and the neighbourhood to record with it when new."""

    service: ServiceDraft
    neighbourhood: NeighbourhoodDraft | None


def new_service(read: dict[str, Any]) -> NewService:
    """The service the form's values (``tracker.forms.read_values``) describe; a
    value a draft cannot take is a ValidationError on its form field."""
    service = _draft(
        ServiceDraft,
        {name: read.get(name) for name in SERVICE_FIELDS},
        {},
    )
    neighbourhood = None
    if read.get("neighbourhood_name"):
        neighbourhood = _draft(
            NeighbourhoodDraft,
            {
                "ref": service.neighbourhood,
                "name": read["neighbourhood_name"],
                "municipio": read.get("municipio"),
            },
            {"name": "neighbourhood_name", "ref": "neighbourhood"},
        )
    return NewService(service, neighbourhood)


def _draft(kind: type[D], data: dict[str, Any], fields: dict[str, str]) -> D:
    try:
        return kind.model_validate({k: v for k, v in data.items() if v is not None})
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "ref"
        raise ValidationError(
            fields.get(name, name), first.get("input"), pydantic_reason(first)
        ) from None
