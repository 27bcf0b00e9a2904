"""Italian identifiers: partita IVA, codice fiscale, CIG, CUP.

Partita IVA and codice fiscale use python-stdnum. CIG check characters follow ANAC's
rules (as published in AgID's PEPPOL schematron): a standard CIG is 7 digits and 3 hex
characters equal to (the 7 digits x 211) mod 4091; a SmartCIG is X, Y or Z, 2 hex check
characters and 7 hex characters C, with the check equal to (C x 211) mod 251. CIGs
issued by the e-procurement platforms since 2024 (a letter A-U and 9 hex characters)
have no published check character, so only their shape is checked.
"""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

from tracker.errors import N_, Message, ValidationError

_STANDARD_CIG = re.compile(r"^[0-9]{7}[0-9A-F]{3}$")
_SMART_CIG = re.compile(r"^[XYZ][0-9A-F]{9}$")
_PLATFORM_CIG = re.compile(r"^[A-U][0-9A-F]{9}$")
_CUP = re.compile(r"^[A-Z][0-9]{2}[A-Z][0-9]{11}$")


def _compact(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value).upper()


def check_partita_iva(value: str, *, field: str = "partita_iva") -> str:
    """The partita IVA in compact form, or a ValidationError saying what is wrong."""
    compact = _compact(value).removeprefix("IT")
    try:
        return str(iva.validate(compact))
    except StdnumError as error:
        raise ValidationError(
            field, value, _stdnum_reason(error, "partita IVA")
        ) from None


def check_codice_fiscale(value: str, *, field: str = "codice_fiscale") -> str:
    """A personal (16 characters) or legal-entity (11 digits) codice fiscale."""
    compact = _compact(value)
    try:
        if len(compact) == 11 and compact.isdigit():
            return str(iva.validate(compact))
        return str(codicefiscale.validate(compact))
    except StdnumError as error:
        raise ValidationError(
            field, value, _stdnum_reason(error, "codice fiscale")
        ) from None


def _stdnum_reason(error: StdnumError, what: str) -> Message:
    name = type(error).__name__
    if name == "InvalidChecksum":
        message = N_("not a valid {what}: the check character is wrong")
    elif name == "InvalidLength":
        message = N_("not a valid {what}: wrong length")
    elif name == "InvalidFormat":
        message = N_("not a valid {what}: wrong format")
    elif name == "InvalidComponent":
        message = N_("not a valid {what}: an office or date part does not exist")
    else:
        message = N_("not a valid {what}")
    return Message(message, {"what": what})


def cig_check_standard(first_seven: str) -> str:
    """The three check characters of a standard CIG."""
    return f"{int(first_seven) * 211 % 4091:03X}"


def cig_check_smart(body: str) -> str:
    """The two check characters of a SmartCIG with its 7-character body."""
    return f"{int(body, 16) * 211 % 251:02X}"


def check_cig(value: str, *, field: str = "cig") -> str:
    """A CIG in upper case, or a ValidationError naming what is wrong."""
    cig = value.strip().upper()
    if len(cig) != 10:
        raise ValidationError(field, value, N_("a CIG has 10 characters"))
    if _STANDARD_CIG.match(cig):
        if cig[:7] == "0000000":
            raise ValidationError(
                field, value, N_("not a valid CIG: the number is zero")
            )
        expected = cig_check_standard(cig[:7])
        if cig[7:] != expected:
            raise ValidationError(
                field, value, N_("not a valid CIG: the check characters are wrong")
            )
        return cig
    if _SMART_CIG.match(cig):
        if cig[3:] == "0000000":
            raise ValidationError(
                field, value, N_("not a valid SmartCIG: the number is zero")
            )
        if cig[1:3] != cig_check_smart(cig[3:]):
            raise ValidationError(
                field, value, N_("not a valid SmartCIG: the check characters are wrong")
            )
        return cig
    if _PLATFORM_CIG.match(cig):
        return cig
    raise ValidationError(
        field,
        value,
        N_(
            "not a CIG: expected 7 digits and 3 hex characters, a SmartCIG (X, Y or Z "
            "and 9 hex characters) or a platform CIG (a letter A-U and 9 hex characters)"
        ),
    )


def check_cup(value: str, *, field: str = "cup") -> str:
    """A CUP in upper case: 15 characters, letter, 2 digits, letter, 11 digits."""
    cup = value.strip().upper()
    if not _CUP.match(cup):
        raise ValidationError(
            field,
            value,
            N_(
                "not a CUP: expected 15 characters, a letter, 2 digits, a letter "
                "and 11 digits (e.g. I81C11000040006)"
            ),
        )
    return cup


def has_cig_shape(value: str) -> bool:
    """Whether ``value`` is shaped like a CIG of any format (its check characters
    unchecked): published data say which of their ids are CIGs only this way."""
    return any(
        shape.match(value) for shape in (_STANDARD_CIG, _SMART_CIG, _PLATFORM_CIG)
    )


def has_cup_shape(value: str) -> bool:
    """Whether ``value`` is shaped like a CUP (letter, 2 digits, letter, 11 digits)."""
    return _CUP.match(value) is not None
