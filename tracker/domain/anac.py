"""Codes ANAC gives: the AUSA code of a buying body (Anagrafe Unica delle Stazioni
Appaltanti)."""

from __future__ import annotations

import re

from tracker.errors import N_, ValidationError

_AUSA = re.compile(r"\d{10}")


def check_ausa(value: str, *, field: str = "ausa") -> str:
    """The AUSA code, ten digits as ANAC writes it ("0000244392"); spaces dropped.

    ANAC publishes no check digit for it, so only its shape is checked.
    """
    code = "".join(value.split())
    if not _AUSA.fullmatch(code):
        raise ValidationError(field, value, N_("an AUSA code has 10 digits"))
    return code
