"""Stable, human-readable references such as ``LOR-2019``."""

from __future__ import annotations

import re

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
