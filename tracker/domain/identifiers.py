"""Identifiers as ANAC publishes them: partita IVA, codice fiscale, EU VAT, CIG, CUP, CPV.

Partita IVA, codice fiscale and EU VAT numbers use python-stdnum. An 11-digit codice
fiscale of a body without a partita IVA (an association, a parish) has the partita IVA's
Luhn check digit but is not bound by its office-code table, so only its digit is checked.

CIG check characters follow ANAC's published rules (``anticorruzione/npa``, "Algoritmo
validazione CIG", also in AgID's PEPPOL schematron): a standard CIG is 7 digits and 3 hex
characters equal to (the 7 digits x 211) mod 4091; a SmartCIG is X, Y or Z, 2 hex check
characters and 7 hex characters C, with the check equal to (C x 211) mod 251; a CIG
issued through the e-procurement platforms (a letter A-U, 6 hex characters N and 3 hex
check characters) has the check (N + Ord(letter)) x 211 mod 4091, Ord(A)=1 ... Ord(U)=21.

CPV codes (Regulation (EC) 213/2008) are checked for their shape only: see check_cpv.
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.eu import vat
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

from tracker.errors import N_, Message, ValidationError

_STANDARD_CIG = re.compile(r"^[0-9]{7}[0-9A-F]{3}$")
_SMART_CIG = re.compile(r"^[XYZ][0-9A-F]{9}$")
_PLATFORM_CIG = re.compile(r"^[A-U][0-9A-F]{9}$")
_CUP = re.compile(r"^[A-Z][0-9]{2}[A-Z][0-9]{11}$")
_CPV = re.compile(r"^([0-9]{8})-?([0-9])$")
_FOREIGN_VAT = re.compile(r"^[A-Z]{2}")
# EL is Greece's VAT prefix; XI (Northern Ireland) and the OSS schemes are left out
# because they are not a member state's register of operators
_EU_VAT_PREFIXES = frozenset(
    {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU"}
    | {"IE", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}
)


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
            return _body_codice_fiscale(compact)
        return str(codicefiscale.validate(compact))
    except StdnumError as error:
        raise ValidationError(
            field, value, _stdnum_reason(error, "codice fiscale")
        ) from None


def _body_codice_fiscale(compact: str) -> str:
    try:
        return str(iva.validate(compact))
    except InvalidComponent:
        # the office-code table binds partite IVA, not the codici fiscali of bodies
        # that have none (DOMAIN.md 9): for those the Luhn digit is the whole rule
        pass
    return str(luhn.validate(compact))


def check_vat_number(value: str, *, field: str = "partita_iva") -> str:
    """An Italian partita IVA (compact, no prefix) or the VAT number of another EU
    member state (compact, with its country prefix), as foreign operators give it."""
    compact = _compact(value)
    if not _FOREIGN_VAT.match(compact) or compact.startswith("IT"):
        return check_partita_iva(value, field=field)
    if compact[:2] not in _EU_VAT_PREFIXES:
        raise ValidationError(
            field,
            value,
            N_(
                "not a VAT number: expected a partita IVA or the VAT number of "
                "another EU member state with its country prefix (e.g. IE6388047V)"
            ),
        )
    try:
        return str(vat.validate(compact))
    except StdnumError as error:
        what = Message(N_("EU VAT number"), {})
        raise ValidationError(field, value, _stdnum_reason(error, what)) from None


def _stdnum_reason(error: StdnumError, what: str | Message) -> Message:
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


def cig_check_platform(letter: str, body: str) -> str:
    """The three check characters of a platform CIG (a letter A-U and 6 hex characters)."""
    return f"{(int(body, 16) + ord(letter) - ord('A') + 1) * 211 % 4091:03X}"


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
        if cig[7:] != cig_check_platform(cig[0], cig[1:7]):
            raise ValidationError(
                field,
                value,
                N_("not a valid platform CIG: the check characters are wrong"),
            )
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


def check_cpv(value: str, *, field: str = "cpv") -> str:
    """A CPV code as ``NNNNNNNN-C`` (8 digits, a dash, a check digit).

    Only the shape is checked. The regulation publishes the check digits with the
    codes but no algorithm. Read off the published list, most digits are
    (3, 7, 1, 3, 7, 1, 3, 7) . digits mod 10, and all 12 distinct real codes in the
    ANAC sample pass that; but codes moved from CPV 2003 kept their old digit: the
    children of division 09, e.g. 09134100-8 (diesel oil, the weighted rule gives 2)
    and 09310000-5 (electricity, 9), come from the old division 23. A check on that
    rule would refuse codes that procurement officers use every day.
    """
    match = _CPV.match(value.strip())
    if match is None:
        raise ValidationError(
            field,
            value,
            N_(
                "not a CPV code: expected 8 digits, a dash and a check digit "
                "(e.g. 45233162-2)"
            ),
        )
    return f"{match.group(1)}-{match.group(2)}"


def has_cig_shape(value: str) -> bool:
    """Whether ``value`` is shaped like a CIG of any format (its check characters
    unchecked): published data say which of their ids are CIGs only this way."""
    return any(
        shape.match(value) for shape in (_STANDARD_CIG, _SMART_CIG, _PLATFORM_CIG)
    )


def has_cup_shape(value: str) -> bool:
    """Whether ``value`` is shaped like a CUP (letter, 2 digits, letter, 11 digits)."""
    return _CUP.match(value) is not None
