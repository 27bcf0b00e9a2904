"""Unit tests for tracker.domain.money: parsing, rounding, VAT and totals in euro."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.money import (
    CENT,
    Amount,
    Basis,
    Totals,
    VatRate,
    from_cents,
    parse_money,
    quantize,
    to_cents,
)
from tracker.errors import ValidationError

KNOWN_RATES = [rate for rate in VatRate if rate is not VatRate.UNKNOWN]
TWO_PLACES = -2


def d(text: str) -> Decimal:
    return Decimal(text)


# --- quantize -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("100.005", "100.01", id="half-cent-rounds-up"),
        pytest.param("100.015", "100.02", id="half-cent-after-odd-rounds-up"),
        pytest.param("0.045", "0.05", id="half-up-not-half-even"),
        pytest.param("100.0049", "100.00", id="below-half-rounds-down"),
        pytest.param("0.125", "0.13", id="three-decimals-half"),
        pytest.param("7", "7.00", id="integer-gets-two-places"),
        pytest.param("1.1", "1.10", id="one-decimal-gets-two-places"),
        pytest.param("12345678901.234", "12345678901.23", id="large-value"),
    ],
)
def test_quantize_rounds_half_up_to_the_cent(raw: str, expected: str) -> None:
    result = quantize(d(raw))

    assert str(result) == expected
    assert result.as_tuple().exponent == TWO_PLACES


def test_cent_is_one_hundredth() -> None:
    assert Decimal("0.01") == CENT
    assert str(CENT) == "0.01"


# --- parse_money ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("1234.50", "1234.50", id="two-decimals"),
        pytest.param("1234.5", "1234.50", id="one-decimal-padded"),
        pytest.param("1234", "1234.00", id="no-decimals-padded"),
        pytest.param("0", "0.00", id="zero"),
        pytest.param("0.01", "0.01", id="one-cent"),
        pytest.param("  12.30\n", "12.30", id="surrounding-whitespace-stripped"),
        pytest.param("1.500", "1.50", id="trailing-zero-third-decimal"),
        pytest.param(5, "5.00", id="int"),
        pytest.param(Decimal("7.1"), "7.10", id="decimal"),
        pytest.param("828415.20", "828415.20", id="lorenteggio-base"),
        pytest.param("12345678901.23", "12345678901.23", id="large-value"),
    ],
)
def test_parse_money_accepts_non_negative_amounts_with_two_places(
    raw: object, expected: str
) -> None:
    result = parse_money(raw, field="amount")

    assert isinstance(result, Decimal)
    assert str(result) == expected
    assert result.as_tuple().exponent == TWO_PLACES


FLOAT_REASON = "write amounts as strings such as '1234.50'"
NOT_AN_AMOUNT = "is not an amount such as '1234.50'"
NEGATIVE = "an amount must not be negative"
TOO_PRECISE = "an amount has at most two decimals"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(1.5, FLOAT_REASON, id="float"),
        pytest.param(100.0, FLOAT_REASON, id="whole-float"),
        pytest.param(float("nan"), FLOAT_REASON, id="float-nan"),
        pytest.param(True, FLOAT_REASON, id="bool"),
        pytest.param("-5.00", NEGATIVE, id="negative-string"),
        pytest.param("-0.01", NEGATIVE, id="negative-cent"),
        pytest.param(-5, NEGATIVE, id="negative-int"),
        pytest.param(Decimal("-1"), NEGATIVE, id="negative-decimal"),
        pytest.param("1.005", TOO_PRECISE, id="three-decimals"),
        pytest.param("100.001", TOO_PRECISE, id="three-decimals-small-part"),
        pytest.param(Decimal("0.001"), TOO_PRECISE, id="decimal-three-places"),
        pytest.param("abc", NOT_AN_AMOUNT, id="letters"),
        pytest.param("", NOT_AN_AMOUNT, id="empty"),
        pytest.param("   ", NOT_AN_AMOUNT, id="blank"),
        pytest.param("1,50", NOT_AN_AMOUNT, id="comma-decimal"),
        pytest.param("€ 10", NOT_AN_AMOUNT, id="currency-sign"),
        pytest.param("1.234,50", NOT_AN_AMOUNT, id="italian-grouping"),
        pytest.param(None, NOT_AN_AMOUNT, id="none"),
        pytest.param("NaN", NOT_AN_AMOUNT, id="nan-string"),
        pytest.param("sNaN", NOT_AN_AMOUNT, id="signalling-nan-string"),
        pytest.param("1e2", NOT_AN_AMOUNT, id="exponent"),
        pytest.param("1_000", NOT_AN_AMOUNT, id="underscore-grouping"),
        pytest.param(Decimal("NaN"), NOT_AN_AMOUNT, id="nan-decimal"),
        pytest.param("Infinity", NOT_AN_AMOUNT, id="infinity"),
        pytest.param("inf", NOT_AN_AMOUNT, id="inf"),
        pytest.param("-Infinity", NOT_AN_AMOUNT, id="minus-infinity"),
        pytest.param(Decimal("Infinity"), NOT_AN_AMOUNT, id="infinity-decimal"),
    ],
)
def test_parse_money_refuses_bad_input_naming_field_and_value(
    raw: object, reason: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_money(raw, field="lots[0].base_amount")

    error = excinfo.value
    assert error.field == "lots[0].base_amount"
    assert error.value is raw
    assert error.reason == reason


def test_parse_money_error_message_shows_field_reason_and_value() -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_money("-5.00", field="price")

    assert str(excinfo.value) == (
        "price: an amount must not be negative (value: '-5.00')"
    )


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("1E+30", id="exponent-notation"),
        pytest.param("12345678901234567890123456789.00", id="twenty-nine-digits"),
    ],
)
def test_parse_money_refuses_huge_amounts_with_a_validation_error(raw: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_money(raw, field="amount")

    assert excinfo.value.field == "amount"


# --- cents ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "cents"),
    [
        pytest.param("0.00", 0, id="zero"),
        pytest.param("0.01", 1, id="one-cent"),
        pytest.param("0.10", 10, id="ten-cents"),
        pytest.param("1.00", 100, id="one-euro"),
        pytest.param("1", 100, id="integer-decimal"),
        pytest.param("966484.40", 96648440, id="lorenteggio-total"),
        pytest.param("12345678901.23", 1234567890123, id="large-value"),
        pytest.param("99999999999999.99", 9999999999999999, id="very-large-value"),
    ],
)
def test_cents_round_trip_exactly(amount: str, cents: int) -> None:
    assert to_cents(d(amount)) == cents
    back = from_cents(cents)
    assert back == d(amount)
    assert back.as_tuple().exponent == TWO_PLACES
    assert to_cents(back) == cents


@pytest.mark.parametrize(
    ("cents", "shown"),
    [
        pytest.param(0, "0.00", id="zero"),
        pytest.param(5, "0.05", id="five-cents"),
        pytest.param(12345, "123.45", id="ordinary"),
        pytest.param(1234567890123, "12345678901.23", id="large-value"),
        pytest.param(-150, "-1.50", id="negative"),
    ],
)
def test_from_cents_gives_two_decimal_euro(cents: int, shown: str) -> None:
    assert str(from_cents(cents)) == shown


@pytest.mark.parametrize(
    "amount",
    [
        pytest.param("1.005", id="three-decimals"),
        pytest.param("0.001", id="tenth-of-a-cent"),
    ],
)
def test_to_cents_refuses_fractions_of_a_cent(amount: str) -> None:
    with pytest.raises(ValueError, match=rf"^{amount} has more than two decimals$"):
        to_cents(d(amount))


@settings(database=None)
@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_to_cents_inverts_from_cents(cents: int) -> None:
    assert to_cents(from_cents(cents)) == cents


# --- VatRate --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "fraction"),
    [
        pytest.param(VatRate.STANDARD, Decimal("0.22"), id="22"),
        pytest.param(VatRate.REDUCED_10, Decimal("0.10"), id="10"),
        pytest.param(VatRate.REDUCED_5, Decimal("0.05"), id="5"),
        pytest.param(VatRate.SUPER_REDUCED, Decimal("0.04"), id="4"),
        pytest.param(VatRate.EXEMPT, Decimal(0), id="exempt"),
        pytest.param(VatRate.UNKNOWN, None, id="unknown"),
    ],
)
def test_vat_rate_fraction(rate: VatRate, fraction: Decimal | None) -> None:
    assert rate.fraction == fraction


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        pytest.param("22", VatRate.STANDARD, id="22"),
        pytest.param("10", VatRate.REDUCED_10, id="10"),
        pytest.param("5", VatRate.REDUCED_5, id="5"),
        pytest.param("4", VatRate.SUPER_REDUCED, id="4"),
        pytest.param("exempt", VatRate.EXEMPT, id="exempt"),
        pytest.param("unknown", VatRate.UNKNOWN, id="unknown"),
    ],
)
def test_vat_rate_reads_from_its_stored_text(text: str, rate: VatRate) -> None:
    assert VatRate(text) is rate


# --- Amount ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("net", "rate", "exp_net", "exp_vat", "exp_gross"),
    [
        pytest.param("100.00", VatRate.STANDARD, "100.00", "22.00", "122.00", id="22"),
        pytest.param(
            "100.00", VatRate.REDUCED_10, "100.00", "10.00", "110.00", id="10"
        ),
        pytest.param("100.00", VatRate.REDUCED_5, "100.00", "5.00", "105.00", id="5"),
        pytest.param(
            "100.00", VatRate.SUPER_REDUCED, "100.00", "4.00", "104.00", id="4"
        ),
        pytest.param("100.00", VatRate.EXEMPT, "100.00", "0.00", "100.00", id="exempt"),
        pytest.param(
            "0.05", VatRate.STANDARD, "0.05", "0.01", "0.06", id="vat-0.011-down"
        ),
        pytest.param(
            "0.05", VatRate.REDUCED_10, "0.05", "0.01", "0.06", id="vat-0.005-half-up"
        ),
        pytest.param(
            "0.10", VatRate.REDUCED_5, "0.10", "0.01", "0.11", id="vat-0.005-at-5"
        ),
        pytest.param(
            "0.75", VatRate.STANDARD, "0.75", "0.17", "0.92", id="vat-0.165-half-up"
        ),
        pytest.param(
            "100.005",
            VatRate.STANDARD,
            "100.01",
            "22.00",
            "122.01",
            id="net-half-cent-rounds-up",
        ),
        pytest.param(
            "828415.20",
            VatRate.STANDARD,
            "828415.20",
            "182251.34",
            "1010666.54",
            id="large-net",
        ),
        pytest.param("0", VatRate.STANDARD, "0.00", "0.00", "0.00", id="zero"),
    ],
)
def test_amount_of_net_gives_exact_vat_and_gross(
    net: str, rate: VatRate, exp_net: str, exp_vat: str, exp_gross: str
) -> None:
    amount = Amount.of_net(d(net), rate)

    assert amount.basis is Basis.NET
    assert amount.vat_rate is rate
    assert str(amount.value) == exp_net
    assert str(amount.net) == exp_net
    assert str(amount.vat) == exp_vat
    assert str(amount.gross) == exp_gross


@pytest.mark.parametrize(
    ("gross", "rate", "exp_net", "exp_vat"),
    [
        pytest.param("122.00", VatRate.STANDARD, "100.00", "22.00", id="22"),
        pytest.param("110.00", VatRate.REDUCED_10, "100.00", "10.00", id="10"),
        pytest.param("105.00", VatRate.REDUCED_5, "100.00", "5.00", id="5"),
        pytest.param("104.00", VatRate.SUPER_REDUCED, "100.00", "4.00", id="4"),
        pytest.param("100.00", VatRate.EXEMPT, "100.00", "0.00", id="exempt"),
        pytest.param("1.00", VatRate.STANDARD, "0.82", "0.18", id="net-rounded"),
        pytest.param("0.06", VatRate.STANDARD, "0.05", "0.01", id="tiny"),
        pytest.param(
            "966484.40", VatRate.STANDARD, "792200.33", "174284.07", id="large"
        ),
    ],
)
def test_amount_of_gross_with_known_rate_splits_net_and_vat(
    gross: str, rate: VatRate, exp_net: str, exp_vat: str
) -> None:
    amount = Amount.of_gross(d(gross), rate)

    assert amount.basis is Basis.GROSS
    assert str(amount.gross) == gross
    assert str(amount.net) == exp_net
    assert str(amount.vat) == exp_vat


@pytest.mark.parametrize(
    "gross",
    [
        pytest.param("828415.20", id="lorenteggio-base"),
        pytest.param("0.00", id="zero"),
        pytest.param("100.005", id="rounded-half-up"),
    ],
)
def test_amount_of_gross_with_unknown_rate_never_invents_net_or_vat(
    gross: str,
) -> None:
    amount = Amount.of_gross(d(gross))

    assert amount.vat_rate is VatRate.UNKNOWN
    assert amount.basis is Basis.GROSS
    assert amount.net is None
    assert amount.vat is None
    assert amount.gross == quantize(d(gross))


def test_amount_of_gross_rounds_half_up() -> None:
    assert str(Amount.of_gross(d("100.005")).gross) == "100.01"


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(
            lambda: Amount.of_net(d("811537.41"), VatRate.UNKNOWN), id="of-net"
        ),
        pytest.param(
            lambda: Amount(d("811537.41"), Basis.NET, VatRate.UNKNOWN),
            id="constructor",
        ),
    ],
)
def test_a_net_amount_with_the_rate_unknown_never_invents_vat_or_gross(
    build: Callable[[], Amount],
) -> None:
    amount = build()

    assert amount.basis is Basis.NET
    assert str(amount.net) == "811537.41"
    assert amount.vat is None
    assert amount.gross is None
    assert amount.to_columns() == (81153741, "net", "unknown")
    assert Amount.from_columns(81153741, "net", "unknown") == amount


def test_amount_is_immutable_and_compares_by_value() -> None:
    first = Amount.of_gross(d("10.00"))
    second = Amount(Decimal("10.00"), Basis.GROSS, VatRate.UNKNOWN)

    assert first == second
    with pytest.raises(FrozenInstanceError):
        first.value = d("11.00")  # type: ignore[misc]


# --- scaled ---------------------------------------------------------------------


def test_lorenteggio_renewal_is_six_thirty_sixths_of_the_base() -> None:
    base = Amount.of_gross(d("828415.20"))

    renewal = base.scaled(6, 36)

    assert renewal == Amount.of_gross(d("138069.20"))
    assert str(renewal.gross) == "138069.20"
    assert renewal.vat_rate is VatRate.UNKNOWN
    assert renewal.net is None
    assert renewal.vat is None


def test_lorenteggio_base_plus_renewal_totals_gross_only() -> None:
    base = Amount.of_gross(d("828415.20"))
    renewal = base.scaled(6, 36)

    totals = Totals.of([base, renewal])

    assert totals == Totals(net=None, vat=None, gross=d("966484.40"), count=2)
    assert str(totals.gross) == "966484.40"


@pytest.mark.parametrize(
    ("amount", "numerator", "denominator", "expected"),
    [
        pytest.param(
            Amount.of_net(d("100.00"), VatRate.STANDARD),
            1,
            3,
            Amount.of_net(d("33.33"), VatRate.STANDARD),
            id="third-rounds-down",
        ),
        pytest.param(
            Amount.of_net(d("100.00"), VatRate.STANDARD),
            2,
            3,
            Amount.of_net(d("66.67"), VatRate.STANDARD),
            id="two-thirds-rounds-up",
        ),
        pytest.param(
            Amount.of_gross(d("0.01")),
            1,
            2,
            Amount.of_gross(d("0.01")),
            id="half-cent-rounds-half-up",
        ),
        pytest.param(
            Amount.of_gross(d("1200.00"), VatRate.REDUCED_5),
            12,
            12,
            Amount.of_gross(d("1200.00"), VatRate.REDUCED_5),
            id="whole",
        ),
        pytest.param(
            Amount.of_gross(d("1200.00"), VatRate.EXEMPT),
            18,
            12,
            Amount.of_gross(d("1800.00"), VatRate.EXEMPT),
            id="more-than-whole",
        ),
    ],
)
def test_scaled_keeps_basis_and_rate_and_rounds_half_up(
    amount: Amount, numerator: int, denominator: int, expected: Amount
) -> None:
    result = amount.scaled(numerator, denominator)

    assert result == expected
    assert result.basis is amount.basis
    assert result.vat_rate is amount.vat_rate
    assert result.value.as_tuple().exponent == TWO_PLACES


# --- Totals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        pytest.param(
            [],
            Totals(net=d("0.00"), vat=d("0.00"), gross=d("0.00"), count=0),
            id="empty",
        ),
        pytest.param(
            [
                Amount.of_net(d("100.00"), VatRate.STANDARD),
                Amount.of_net(d("50.00"), VatRate.REDUCED_10),
            ],
            Totals(net=d("150.00"), vat=d("27.00"), gross=d("177.00"), count=2),
            id="all-net",
        ),
        pytest.param(
            [
                Amount.of_gross(d("122.00"), VatRate.STANDARD),
                Amount.of_net(d("100.00"), VatRate.EXEMPT),
            ],
            Totals(net=d("200.00"), vat=d("22.00"), gross=d("222.00"), count=2),
            id="gross-with-known-rate-and-exempt",
        ),
        pytest.param(
            [
                Amount.of_net(d("100.00"), VatRate.STANDARD),
                Amount.of_gross(d("50.00")),
            ],
            Totals(net=None, vat=None, gross=d("172.00"), count=2),
            id="one-gross-only-hides-net-and-vat",
        ),
        pytest.param(
            [
                Amount.of_gross(d("50.00")),
                Amount.of_net(d("100.00"), VatRate.STANDARD),
                Amount.of_net(d("10.00"), VatRate.EXEMPT),
            ],
            Totals(net=None, vat=None, gross=d("182.00"), count=3),
            id="gross-only-first",
        ),
        pytest.param(
            [Amount.of_gross(d("0.00")), Amount.of_gross(d("0.00"))],
            Totals(net=None, vat=None, gross=d("0.00"), count=2),
            id="zero-gross-only",
        ),
        pytest.param(
            [Amount.of_net(d("0.00"), VatRate.STANDARD)],
            Totals(net=d("0.00"), vat=d("0.00"), gross=d("0.00"), count=1),
            id="single-zero-net",
        ),
        pytest.param(
            [
                Amount.of_net(d("811537.41"), VatRate.UNKNOWN),
                Amount.of_net(d("100.00"), VatRate.STANDARD),
            ],
            Totals(net=d("811637.41"), vat=None, gross=None, count=2),
            id="one-net-only-hides-vat-and-gross",
        ),
        pytest.param(
            [
                Amount.of_net(d("100.00"), VatRate.UNKNOWN),
                Amount.of_gross(d("50.00")),
            ],
            Totals(net=None, vat=None, gross=None, count=2),
            id="net-only-and-gross-only-state-neither",
        ),
        pytest.param(
            [
                Amount.of_net(d("100.00"), VatRate.UNKNOWN),
                Amount.of_net(d("0.01"), VatRate.UNKNOWN),
            ],
            Totals(net=d("100.01"), vat=None, gross=None, count=2),
            id="all-net-only",
        ),
    ],
)
def test_totals_sum_each_half_only_when_every_part_states_it(
    amounts: list[Amount], expected: Totals
) -> None:
    totals = Totals.of(amounts)

    assert totals == expected
    assert str(totals.gross) == str(expected.gross)
    assert str(totals.net) == str(expected.net)
    if expected.net is not None and expected.vat is not None:
        assert str(totals.net) == str(expected.net)
        assert str(totals.vat) == str(expected.vat)


def test_totals_accept_any_iterable() -> None:
    amounts = (Amount.of_net(d(str(n)), VatRate.STANDARD) for n in (1, 2, 3))

    totals = Totals.of(amounts)

    assert totals == Totals(net=d("6.00"), vat=d("1.32"), gross=d("7.32"), count=3)


# --- properties -----------------------------------------------------------------

nets = st.decimals(
    min_value=Decimal(0),
    max_value=Decimal("9999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@settings(database=None)
@given(net=nets, rate=st.sampled_from(KNOWN_RATES))
def test_net_plus_vat_is_gross_for_any_net_and_known_rate(
    net: Decimal, rate: VatRate
) -> None:
    from_net = Amount.of_net(net, rate)
    assert from_net.net is not None
    assert from_net.vat is not None
    assert from_net.net + from_net.vat == from_net.gross

    from_gross = Amount.of_gross(from_net.gross, rate)
    assert from_gross.net is not None
    assert from_gross.vat is not None
    assert from_gross.net + from_gross.vat == from_gross.gross
    assert from_gross.net == net


def test_minus_zero_reads_as_plain_zero() -> None:
    assert str(parse_money("-0", field="amount")) == "0.00"


def test_the_largest_amount_fits_in_integer_cents() -> None:
    largest = parse_money("9999999999999.99", field="amount")
    assert to_cents(largest) == 999_999_999_999_999
    with pytest.raises(ValidationError, match="at most 13 digits") as excinfo:
        parse_money("10000000000000.00", field="amount")
    assert excinfo.value.value == "10000000000000.00"
