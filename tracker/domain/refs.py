"""Stable, human-readable references such as ``LOR-2019``."""

from __future__ import annotations

import re
from enum import StrEnum

from tracker.errors import N_, ValidationError

_REF = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,39}$")


def check_ref(value: str, *, field: str = "ref") -> str:
    """A reference: capitals, digits and . _ / -, at most 40 characters."""
    if not _REF.match(value):
        raise ValidationError(
            field,
            value,
            N_("a reference uses capitals, digits and . _ / - (at most 40 characters)"),
        )
    return value


class RecordKind(StrEnum):
    """What a reference names, as the app, the CLI's JSON and the dataset say it."""

    PROGRAMME = "programme"
    NEIGHBOURHOOD = "neighbourhood"
    SITE = "site"
    SERVICE = "service"
    ORGANISATION = "organisation"
    CONSORTIUM = "consortium"
    ACT = "act"
    FUNDING_SOURCE = "funding_source"
    TENDER = "tender"
    LOT = "lot"
    CONTRACT = "contract"
    OPTION = "option"
    IN_HOUSE_PERIOD = "in_house_period"
    ALLOCATION = "allocation"
    DEADLINE = "deadline"
