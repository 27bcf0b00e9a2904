"""Unit tests for tracker.domain.identifiers: partita IVA, codice fiscale, EU VAT,
CIG, CUP, CPV."""

from __future__ import annotations

import json
import string
from typing import Any

import pytest
from stdnum.it import codicefiscale

from tests.conftest import SHARED
from tracker.domain.identifiers import (
    check_cig,
    check_codice_fiscale,
    check_cpv,
    check_cup,
    check_partita_iva,
    check_vat_number,
    cig_check_platform,
    cig_check_smart,
    cig_check_standard,
)
from tracker.errors import ValidationError

COMUNE_DI_MILANO = "01199250158"

# --- partita IVA ----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("01199250158", id="plain"),
        pytest.param("IT01199250158", id="it-prefix"),
        pytest.param("it01199250158", id="lower-case-prefix"),
        pytest.param("IT 011 992 501 58", id="prefix-and-spaces"),
        pytest.param(" 01199250158\t", id="surrounding-whitespace"),
        pytest.param("011.992.501-58", id="dots-and-hyphen"),
    ],
)
def test_partita_iva_of_comune_di_milano_is_valid_in_any_layout(raw: str) -> None:
    assert check_partita_iva(raw) == COMUNE_DI_MILANO


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(
            "01199250159",
            "not a valid partita IVA: the check character is wrong",
            id="wrong-check-digit",
        ),
        pytest.param(
            "IT01199250157",
            "not a valid partita IVA: the check character is wrong",
            id="wrong-check-digit-with-prefix",
        ),
        pytest.param(
            "0119925015", "not a valid partita IVA: wrong length", id="ten-digits"
        ),
        pytest.param(
            "011992501580", "not a valid partita IVA: wrong length", id="twelve-digits"
        ),
        pytest.param(
            "0119925015A", "not a valid partita IVA: wrong format", id="letter"
        ),
        pytest.param(
            "ABCDEFGHIJK", "not a valid partita IVA: wrong format", id="all-letters"
        ),
        pytest.param("", "not a valid partita IVA: wrong format", id="empty"),
        pytest.param("IT", "not a valid partita IVA: wrong format", id="prefix-only"),
        pytest.param(
            "00000000000", "not a valid partita IVA: wrong format", id="all-zero"
        ),
        pytest.param(
            "01199251118",
            "not a valid partita IVA: an office or date part does not exist",
            id="unknown-office-code",
        ),
    ],
)
def test_partita_iva_refuses_invalid_values_as_given(raw: str, reason: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_partita_iva(raw)

    error = excinfo.value
    assert error.field == "partita_iva"
    assert error.value == raw
    assert error.reason == reason


def test_partita_iva_error_uses_the_given_field() -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_partita_iva("01199250159", field="organisations[3].partita_iva")

    assert excinfo.value.field == "organisations[3].partita_iva"
    assert str(excinfo.value) == (
        "organisations[3].partita_iva: not a valid partita IVA: the check character "
        "is wrong (value: '01199250159')"
    )


# --- codice fiscale -------------------------------------------------------------

PERSONAL_CF = "RCCMNL83S18D969H"
OMOCODIC_CF = "RCCMNL83S18D96VW"
FEMALE_CF = "RCCMNL83S48D969K"
# A legal-entity codice fiscale built with a valid office code and Luhn digit.
ENTITY_CF = "80002170720"


@pytest.mark.parametrize(
    "code",
    [PERSONAL_CF, OMOCODIC_CF, FEMALE_CF],
    ids=["personal", "omocodic", "female"],
)
def test_sample_personal_codes_are_accepted_by_stdnum(code: str) -> None:
    assert codicefiscale.is_valid(code)


@pytest.mark.parametrize(
    ("raw", "compact"),
    [
        pytest.param(PERSONAL_CF, PERSONAL_CF, id="personal"),
        pytest.param("rccmnl 83s18 d969h", PERSONAL_CF, id="personal-lower-spaced"),
        pytest.param(OMOCODIC_CF, OMOCODIC_CF, id="personal-omocodic"),
        pytest.param(FEMALE_CF, FEMALE_CF, id="personal-female"),
        pytest.param(COMUNE_DI_MILANO, COMUNE_DI_MILANO, id="legal-entity-milano"),
        pytest.param(ENTITY_CF, ENTITY_CF, id="legal-entity-8"),
        pytest.param("011 992 501 58", COMUNE_DI_MILANO, id="legal-entity-spaced"),
    ],
)
def test_codice_fiscale_accepts_personal_and_legal_entity_codes(
    raw: str, compact: str
) -> None:
    assert check_codice_fiscale(raw) == compact


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(
            "RCCMNL83S18D969X",
            "not a valid codice fiscale: the check character is wrong",
            id="personal-wrong-check",
        ),
        pytest.param(
            "RCCMNL83S18D969",
            "not a valid codice fiscale: wrong length",
            id="personal-fifteen-chars",
        ),
        pytest.param(
            "RCCMNL83S1",
            "not a valid codice fiscale: wrong length",
            id="ten-chars",
        ),
        pytest.param(
            "RCCMNL83S72D969Z",
            "not a valid codice fiscale: an office or date part does not exist",
            id="personal-day-72",
        ),
        pytest.param(
            "01199250159",
            "not a valid codice fiscale: the check character is wrong",
            id="legal-entity-wrong-check",
        ),
        pytest.param(
            "0119925015A",
            "not a valid codice fiscale: wrong format",
            id="eleven-chars-with-letter",
        ),
    ],
)
def test_codice_fiscale_refuses_invalid_values_as_given(raw: str, reason: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_codice_fiscale(raw)

    error = excinfo.value
    assert error.field == "codice_fiscale"
    assert error.value == raw
    assert error.reason == reason


def test_codice_fiscale_error_uses_the_given_field() -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_codice_fiscale("RCCMNL83S18D969X", field="people[0].cf")

    assert excinfo.value.field == "people[0].cf"


# --- CIG: standard --------------------------------------------------------------

REAL_STANDARD_CIGS = [
    "8949845DB9",
    "8998391B27",
    "9021934F72",
    "903035330A",
    "9081684AB6",
    "9239378FE9",
]
CIG_CHECK_WRONG = "not a valid CIG: the check characters are wrong"
SMART_CHECK_WRONG = "not a valid SmartCIG: the check characters are wrong"
NOT_A_CIG = (
    "not a CIG: expected 7 digits and 3 hex characters, a SmartCIG (X, Y or Z "
    "and 9 hex characters) or a platform CIG (a letter A-U and 9 hex characters)"
)


def _other_hex(char: str) -> str:
    return f"{(int(char, 16) + 1) % 16:X}"


@pytest.mark.parametrize("cig", REAL_STANDARD_CIGS, ids=REAL_STANDARD_CIGS)
def test_real_anac_standard_cigs_pass(cig: str) -> None:
    assert check_cig(cig) == cig
    assert cig_check_standard(cig[:7]) == cig[7:]


@pytest.mark.parametrize("cig", REAL_STANDARD_CIGS, ids=REAL_STANDARD_CIGS)
def test_standard_cig_in_lower_case_is_normalised_to_upper(cig: str) -> None:
    assert check_cig(f"  {cig.lower()} ") == cig


@pytest.mark.parametrize("cig", REAL_STANDARD_CIGS, ids=REAL_STANDARD_CIGS)
def test_standard_cig_with_last_character_flipped_fails(cig: str) -> None:
    tampered = cig[:-1] + _other_hex(cig[-1])

    with pytest.raises(ValidationError) as excinfo:
        check_cig(tampered)

    error = excinfo.value
    assert error.field == "cig"
    assert error.value == tampered
    assert "check characters" in str(error)
    assert error.reason == CIG_CHECK_WRONG


@pytest.mark.parametrize("cig", REAL_STANDARD_CIGS, ids=REAL_STANDARD_CIGS)
def test_standard_cig_with_a_digit_of_the_number_changed_fails(cig: str) -> None:
    tampered = cig[:6] + str((int(cig[6]) + 1) % 10) + cig[7:]

    with pytest.raises(ValidationError) as excinfo:
        check_cig(tampered)

    assert excinfo.value.reason == CIG_CHECK_WRONG


@pytest.mark.parametrize(
    ("first_seven", "check"),
    [
        pytest.param("0000001", "0D3", id="one"),
        pytest.param("0000020", "081", id="wraps-modulus"),
        pytest.param("9999999", "43B", id="largest-number"),
    ],
)
def test_cig_check_standard_is_number_times_211_mod_4091_in_hex(
    first_seven: str, check: str
) -> None:
    assert cig_check_standard(first_seven) == check


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param("0000000000", "not a valid CIG: the number is zero", id="zero"),
        pytest.param(
            "0000000001", "not a valid CIG: the number is zero", id="zero-bad-check"
        ),
        pytest.param(
            "X000000000", "not a valid SmartCIG: the number is zero", id="smart-x-zero"
        ),
        pytest.param(
            "Z3D0000000", "not a valid SmartCIG: the number is zero", id="smart-z-zero"
        ),
    ],
)
def test_cig_with_all_zero_number_fails(raw: str, reason: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_cig(raw)

    assert excinfo.value.field == "cig"
    assert excinfo.value.value == raw
    assert excinfo.value.reason == reason


# --- CIG: smart -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "check"),
    [
        pytest.param("0000001", "D3", id="one"),
        pytest.param("1234567", "3D", id="digits"),
        pytest.param("ABCDEF0", "A4", id="hex-letters"),
        pytest.param("FFFFFFF", "6D", id="largest"),
    ],
)
def test_cig_check_smart_is_body_times_211_mod_251_in_hex(
    body: str, check: str
) -> None:
    assert cig_check_smart(body) == check


SMART_BODIES = ["0000001", "1234567", "ABCDEF0", "FFFFFFF", "0A1B2C3"]


@pytest.mark.parametrize("prefix", ["X", "Y", "Z"])
@pytest.mark.parametrize("body", SMART_BODIES)
def test_smart_cig_built_with_its_check_passes(prefix: str, body: str) -> None:
    cig = f"{prefix}{cig_check_smart(body)}{body}"

    assert check_cig(cig) == cig
    assert check_cig(cig.lower()) == cig


@pytest.mark.parametrize("body", SMART_BODIES)
@pytest.mark.parametrize(
    "position", [1, 2, 9], ids=["first-check", "second-check", "last-body"]
)
def test_smart_cig_with_a_tampered_character_fails(body: str, position: int) -> None:
    valid = f"X{cig_check_smart(body)}{body}"
    tampered = valid[:position] + _other_hex(valid[position]) + valid[position + 1 :]

    with pytest.raises(ValidationError) as excinfo:
        check_cig(tampered)

    error = excinfo.value
    assert error.field == "cig"
    assert error.value == tampered
    assert error.reason == SMART_CHECK_WRONG


# --- CIG: platform (A-U) ------------------------------------------------------


def _platform_cig(letter: str, body: str) -> str:
    """A platform CIG built here from ANAC's rule, independently of the module:
    K = hex((int(N, 16) + Ord(letter)) * 211 mod 4091), Ord(A) = 1 ... Ord(U) = 21."""
    order = string.ascii_uppercase.index(letter) + 1
    check = (int(body, 16) + order) * 211 % 4091
    return f"{letter}{body}{check:03X}"


PLATFORM_CIGS = [
    _platform_cig("A", "000001"),
    _platform_cig("A", "3F09C2"),
    _platform_cig("K", "1A2B3C"),
    _platform_cig("K", "FFFFFF"),
    _platform_cig("U", "0F1E2D"),
    _platform_cig("U", "000000"),
]
PLATFORM_CHECK_WRONG = "not a valid platform CIG: the check characters are wrong"


def test_platform_examples_are_what_the_rule_gives_by_hand() -> None:
    # (1 + 1) * 211 = 422 = 0x1A6; (0 + 21) * 211 = 4431 = 4091 + 340 = 0x154;
    # (0xFFFFFF + 11) * 211 mod 4091 = 3294 = 0xCDE
    assert PLATFORM_CIGS[0] == "A0000011A6"
    assert PLATFORM_CIGS[5] == "U000000154"
    assert PLATFORM_CIGS[3] == "KFFFFFFCDE"


def test_domain_worked_example_is_a_valid_platform_cig() -> None:
    # DOMAIN.md 2.1: (0x12AB34 + 3) * 211 mod 4091 = 0xECB
    assert cig_check_platform("C", "12AB34") == "ECB"
    assert check_cig("C12AB34ECB") == "C12AB34ECB"


@pytest.mark.parametrize("cig", PLATFORM_CIGS, ids=PLATFORM_CIGS)
def test_platform_cig_built_from_the_rule_passes(cig: str) -> None:
    assert cig_check_platform(cig[0], cig[1:7]) == cig[7:]
    assert check_cig(cig) == cig
    assert check_cig(f" {cig.lower()}  ") == cig


def _typos(cig: str, position: int) -> list[str]:
    alphabet = "ABCDEFGHIJKLMNOPQRSTU" if position == 0 else "0123456789ABCDEF"
    return [
        cig[:position] + char + cig[position + 1 :]
        for char in alphabet
        if char != cig[position]
    ]


@pytest.mark.parametrize("position", range(10), ids=lambda p: f"position-{p}")
@pytest.mark.parametrize("cig", [*PLATFORM_CIGS, "C12AB34ECB"])
def test_every_single_character_typo_of_a_platform_cig_is_caught(
    cig: str, position: int
) -> None:
    typos = _typos(cig, position)
    assert len(typos) == (20 if position == 0 else 15)
    for typo in typos:
        with pytest.raises(ValidationError) as excinfo:
            check_cig(typo)
        assert excinfo.value.value == typo
        assert excinfo.value.reason == PLATFORM_CHECK_WRONG


def test_invented_platform_cig_of_the_old_tests_is_refused() -> None:
    # A123456789 was once accepted for its shape; its check would be 586
    assert _platform_cig("A", "123456") == "A123456586"
    with pytest.raises(ValidationError) as excinfo:
        check_cig("A123456789", field="lots[0].cig")

    assert str(excinfo.value) == (
        "lots[0].cig: not a valid platform CIG: the check characters are wrong "
        "(value: 'A123456789')"
    )


# --- CIG: real ones and shapes --------------------------------------------------

REAL_ANAC_CIGS = [
    "8949845DB9",
    "8998391B27",
    "9021934F72",
    "9030406EC3",
    "903035330A",
    "9030665482",
    "90343071FC",
    "903907617D",
]
ANAC_SAMPLE = SHARED / "ocds" / "samples" / "anac-compiled-releases.json"
NEEDS_ANAC_SAMPLE = pytest.mark.skipif(
    not ANAC_SAMPLE.exists(),
    reason=f"ANAC's sample is not here: {ANAC_SAMPLE} (the shared folder is absent)",
)


@pytest.mark.parametrize("cig", REAL_ANAC_CIGS, ids=REAL_ANAC_CIGS)
def test_real_cigs_published_by_anac_pass(cig: str) -> None:
    assert check_cig(cig) == cig


def _anac_releases() -> list[dict[str, Any]]:
    releases: list[dict[str, Any]] = json.loads(ANAC_SAMPLE.read_text("utf-8"))[
        "releases"
    ]
    return releases


def _identifiers(node: Any, scheme: str) -> set[str]:
    """Every id of the given classification or identifier scheme, at any depth."""
    found: set[str] = set()
    if isinstance(node, dict):
        if node.get("scheme") == scheme and isinstance(node.get("id"), str):
            found.add(node["id"])
        for value in node.values():
            found |= _identifiers(value, scheme)
    elif isinstance(node, list):
        for value in node:
            found |= _identifiers(value, scheme)
    return found


@NEEDS_ANAC_SAMPLE
def test_every_lot_cig_of_the_anac_sample_passes() -> None:
    cigs = {
        lot["id"]
        for release in _anac_releases()
        for lot in release.get("tender", {}).get("lots", [])
    }

    assert len(cigs) == 15
    assert set(REAL_ANAC_CIGS) <= cigs
    assert [cig for cig in sorted(cigs) if check_cig(cig) != cig] == []


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("8949845DB", id="nine"),
        pytest.param("8949845DB90", id="eleven"),
        pytest.param("X3D123456", id="smart-nine"),
        pytest.param("A1234567890", id="platform-eleven"),
    ],
)
def test_cig_of_wrong_length_fails(raw: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_cig(raw)

    error = excinfo.value
    assert error.field == "cig"
    assert error.value == raw
    assert error.reason == "a CIG has 10 characters"


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("8949845DBG", id="standard-non-hex-check"),
        pytest.param("894984ADB9", id="standard-letter-in-number"),
        pytest.param("89498 5DB9", id="inner-space"),
        pytest.param("V123456789", id="letter-after-u"),
        pytest.param("W123456789", id="letter-w"),
        pytest.param("X12345678G", id="smart-non-hex"),
        pytest.param("A12345678Z", id="platform-non-hex"),
        pytest.param("----------", id="punctuation"),
    ],
)
def test_cig_of_unknown_shape_fails(raw: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_cig(raw)

    error = excinfo.value
    assert error.field == "cig"
    assert error.value == raw
    assert error.reason == NOT_A_CIG


def test_cig_error_uses_the_given_field() -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_cig("8949845DB8", field="lots[2].cig")

    assert excinfo.value.field == "lots[2].cig"
    assert str(excinfo.value) == (
        "lots[2].cig: not a valid CIG: the check characters are wrong "
        "(value: '8949845DB8')"
    )


# --- CUP ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        pytest.param("I81C11000040006", "I81C11000040006", id="real-1"),
        pytest.param("H81J09002660007", "H81J09002660007", id="real-2"),
        pytest.param("h81j09002660007", "H81J09002660007", id="lower-case"),
        pytest.param(" I81C11000040006 ", "I81C11000040006", id="whitespace"),
    ],
)
def test_cup_of_the_right_shape_passes(raw: str, normalised: str) -> None:
    assert check_cup(raw) == normalised


CUP_REASON = (
    "not a CUP: expected 15 characters, a letter, 2 digits, a letter and 11 digits "
    "(e.g. I81C11000040006)"
)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("I81C1100004000", id="fourteen"),
        pytest.param("I81C110000400061", id="sixteen"),
        pytest.param("181C11000040006", id="digit-first"),
        pytest.param("I8AC11000040006", id="letter-in-digits"),
        pytest.param("I81111000040006", id="digit-fourth"),
        pytest.param("I81C1100004000X", id="letter-at-end"),
        pytest.param("I81C 1100004000", id="inner-space"),
        pytest.param("I81C11000-40006", id="hyphen"),
    ],
)
def test_cup_of_a_bad_shape_fails(raw: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_cup(raw)

    error = excinfo.value
    assert error.field == "cup"
    assert error.value == raw
    assert error.reason == CUP_REASON


def test_cup_error_uses_the_given_field() -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_cup("I81C1100004000", field="projects[0].cup")

    assert excinfo.value.field == "projects[0].cup"


# --- codice fiscale of a body, and the ANAC sample -------------------------------

# 9203319 and office code 200 (not in the partita IVA table), Luhn digit 3
BODY_CF_OUT_OF_TABLE = "92033192003"


def test_body_codice_fiscale_with_an_office_code_out_of_the_table_passes() -> None:
    assert check_codice_fiscale(BODY_CF_OUT_OF_TABLE) == BODY_CF_OUT_OF_TABLE
    assert check_codice_fiscale("920 331 920 03") == BODY_CF_OUT_OF_TABLE


def test_partita_iva_stays_strict_on_the_office_code() -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_partita_iva(BODY_CF_OUT_OF_TABLE)

    assert excinfo.value.reason == (
        "not a valid partita IVA: an office or date part does not exist"
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(
            "92033192004",
            "not a valid codice fiscale: the check character is wrong",
            id="out-of-table-wrong-luhn",
        ),
        pytest.param(
            "92033192103",
            "not a valid codice fiscale: the check character is wrong",
            id="out-of-table-digit-typo",
        ),
        pytest.param(
            "00000002000",
            "not a valid codice fiscale: wrong format",
            id="zero-number",
        ),
    ],
)
def test_body_codice_fiscale_out_of_the_table_is_still_checked(
    raw: str, reason: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_codice_fiscale(raw)

    assert excinfo.value.reason == reason


REAL_ANAC_CFS = [
    "00071560700",
    "00191870070",
    "12783620151",
    "80034840167",
    "92033190395",
    "RNAGPP54B15L328M",
]


@pytest.mark.parametrize("cf", REAL_ANAC_CFS, ids=REAL_ANAC_CFS)
def test_real_codici_fiscali_published_by_anac_pass(cf: str) -> None:
    assert check_codice_fiscale(cf) == cf


@NEEDS_ANAC_SAMPLE
def test_every_it_cf_identifier_of_the_anac_sample_passes() -> None:
    codes = _identifiers(_anac_releases(), "IT-CF")

    assert len(codes) == 28
    assert set(REAL_ANAC_CFS) <= codes
    assert [cf for cf in sorted(codes) if check_codice_fiscale(cf) != cf] == []


# --- VAT numbers: Italian and of other EU member states --------------------------

# Google Ireland Limited, as registered in VIES
IRISH_VAT = "IE6388047V"


@pytest.mark.parametrize(
    ("raw", "compact"),
    [
        pytest.param(IRISH_VAT, IRISH_VAT, id="irish"),
        pytest.param("ie 6388047v", IRISH_VAT, id="irish-lower-spaced"),
        pytest.param("IE-638.8047V", IRISH_VAT, id="irish-punctuated"),
        pytest.param(COMUNE_DI_MILANO, COMUNE_DI_MILANO, id="italian"),
        pytest.param("IT01199250158", COMUNE_DI_MILANO, id="italian-prefixed"),
    ],
)
def test_vat_number_accepts_italian_and_eu_numbers(raw: str, compact: str) -> None:
    assert check_vat_number(raw) == compact
    assert len(compact) <= 16  # the organisation's column


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(
            "IE6388047W",
            "not a valid EU VAT number: the check character is wrong",
            id="irish-typo",
        ),
        pytest.param(
            "IE6388047",
            "not a valid EU VAT number: wrong length",
            id="irish-short",
        ),
        pytest.param(
            "IT01199250159",
            "not a valid partita IVA: the check character is wrong",
            id="italian-typo",
        ),
        pytest.param(
            "GB123456789",
            "not a VAT number: expected a partita IVA or the VAT number of another "
            "EU member state with its country prefix (e.g. IE6388047V)",
            id="not-a-member-state",
        ),
        pytest.param(
            "US6388047V",
            "not a VAT number: expected a partita IVA or the VAT number of another "
            "EU member state with its country prefix (e.g. IE6388047V)",
            id="unknown-prefix",
        ),
    ],
)
def test_vat_number_refuses_typos_and_other_countries(raw: str, reason: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_vat_number(raw, field="organisations[0].partita_iva")

    assert excinfo.value.field == "organisations[0].partita_iva"
    assert excinfo.value.value == raw
    assert excinfo.value.reason == reason


# --- CPV ------------------------------------------------------------------------

REAL_ANAC_CPVS = [
    "44130000-0",
    "45215214-0",
    "45233162-2",
    "45244200-1",
    "45246400-7",
    "45331000-6",
    "45453100-8",
    "45454000-4",
    "50711000-2",
    "50720000-8",
    "55322000-3",
    "72322000-8",
]


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        *[pytest.param(code, code, id=code) for code in REAL_ANAC_CPVS],
        pytest.param("452331622", "45233162-2", id="without-dash"),
        pytest.param(" 45233162-2 ", "45233162-2", id="whitespace"),
        # a real code whose digit the weighted rule would get wrong (see check_cpv)
        pytest.param("09134100-8", "09134100-8", id="diesel-oil"),
    ],
)
def test_cpv_of_the_right_shape_passes(raw: str, normalised: str) -> None:
    assert check_cpv(raw) == normalised


@NEEDS_ANAC_SAMPLE
def test_every_cpv_code_of_the_anac_sample_passes() -> None:
    codes = _identifiers(_anac_releases(), "CPV")

    assert sorted(codes) == REAL_ANAC_CPVS
    assert [code for code in sorted(codes) if check_cpv(code) != code] == []


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("4523316-2", id="seven-digits"),
        pytest.param("452331620-2", id="nine-digits"),
        pytest.param("45233162-", id="no-check-digit"),
        pytest.param("45233162-22", id="two-check-digits"),
        pytest.param("45233162.0", id="float-written"),
        pytest.param("4523316A-2", id="letter"),
    ],
)
def test_cpv_of_a_bad_shape_fails(raw: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        check_cpv(raw, field="tenders[0].cpv")

    error = excinfo.value
    assert error.field == "tenders[0].cpv"
    assert error.value == raw
    assert error.reason == (
        "not a CPV code: expected 8 digits, a dash and a check digit (e.g. 45233162-2)"
    )
