"""Codes ANAC gives: the AUSA code of a buying body (Anagrafe Unica delle Stazioni
Appaltanti), and the shape of a CPV code until its check digit is checked."""

from __future__ import annotations

import re

from tracker.errors import N_, ValidationError

_AUSA = re.compile(r"\d{10}")
_CPV_SHAPE = re.compile(r"\d{8}(-\d)?")


def check_ausa(value: str, *, field: str = "ausa") -> str:
    """The AUSA code, ten digits as ANAC writes it ("0000244392"); spaces dropped.

    ANAC publishes no check digit for it, so only its shape is checked.
    """
    code = "".join(value.split())
    if not _AUSA.fullmatch(code):
        raise ValidationError(field, value, N_("an AUSA code has 10 digits"))
    return code


def check_cpv_shape(value: str, *, field: str = "cpv") -> str:
    """A CPV code's shape only: eight digits, then a dash and the check digit
    ("85311000-2"), or the eight digits alone. ``identifiers.check_cpv`` checks the
    digit too and replaces this where it is called."""
    code = "".join(value.split())
    if not _CPV_SHAPE.fullmatch(code):
        raise ValidationError(
            field, value, N_("a CPV code is eight digits, a dash and a check digit")
        )
    return code
