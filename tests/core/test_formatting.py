"""Money and dates for people: the fast paths print exactly what Babel prints."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from hypothesis import given
from hypothesis import strategies as st

from tracker.formatting import (
    LOCALES,
    SHAPES,
    Formatter,
    _currency_shape,
    _number_shape,
    language_from_env,
)

CENTS = st.integers(min_value=-(10**15), max_value=10**15)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("it", "828.415,20\xa0€"), ("en", "€828,415.20")],
)
def test_euro_in_each_language(language: str, expected: str) -> None:
    assert Formatter(language).euro(Decimal("828415.20")) == expected


@given(cents=CENTS, language=st.sampled_from(["it", "en"]))
def test_euro_matches_babel(cents: int, language: str) -> None:
    fmt = Formatter(language)
    amount = Decimal(cents) / 100
    assert fmt.euro(amount) == format_currency(amount, "EUR", locale=fmt.locale)


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("it", "33.3333", "33,33%"),
        ("en", "33.3333", "33.33%"),
        ("it", "12.345", "12,34%"),  # half to even, as Babel rounds
        ("it", "12.355", "12,36%"),
        ("it", "100", "100%"),
        ("it", "0.004", "0%"),
        ("it", "-0.004", "-0%"),
        ("it", "1234567.8", "1.234.567,8%"),
        ("en", "-1234.5", "-1,234.5%"),
    ],
)
def test_percent_in_each_language(language: str, value: str, expected: str) -> None:
    assert Formatter(language).percent(Decimal(value)) == expected


@given(
    # Babel itself cannot round a value of more than 26 digits before the point
    # to two places (Python's decimal context keeps 28); a share never comes near
    value=st.decimals(
        min_value=-(10**24), max_value=10**24, allow_nan=False, allow_infinity=False
    ),
    language=st.sampled_from(["it", "en"]),
)
def test_percent_matches_babel(value: Decimal, language: str) -> None:
    fmt = Formatter(language)
    babel = format_decimal(value, format="#,##0.##", locale=fmt.locale)
    assert fmt.percent(value) == babel + "%"


@given(day=st.dates(min_value=date(1, 1, 1)), language=st.sampled_from(["it", "en"]))
def test_day_matches_babel(day: date, language: str) -> None:
    fmt = Formatter(language)
    assert fmt.day(day) == format_date(day, "dd/MM/yyyy", locale=fmt.locale)


def test_missing_values_and_precision() -> None:
    fmt = Formatter("it")
    assert fmt.euro(None) == "-"
    assert fmt.day(None, missing="aperto") == "aperto"
    assert fmt.day_with_precision(date(2006, 1, 1), "year") == "2006"
    assert fmt.day_with_precision(date(2024, 1, 1), "month") == "01/2024"
    assert fmt.percent(Decimal("33.34")) == "33,34%"


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "it_IT.UTF-8"}, "it"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANGUAGE": "it:en", "LANG": "en_US.UTF-8"}, "it"),
        ({"LC_ALL": "C"}, "en"),
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
    ],
)
def test_language_from_the_locale_variables(
    environ: dict[str, str], language: str
) -> None:
    assert language_from_env(environ) == language


def test_every_character_escaped_for_terminals_is_one_python_calls_unprintable() -> (
    None
):
    # printable() returns text that str.isprintable() accepts unchanged: that fast
    # path is safe only while no escaped character counts as printable.
    from tracker.formatting import _UNPRINTABLE

    escaped = [chr(i) for i in range(sys.maxunicode + 1) if _UNPRINTABLE.match(chr(i))]
    assert escaped
    assert [c for c in escaped if c.isprintable()] == []


@pytest.mark.parametrize(
    ("at", "shown"),
    [
        (datetime(2026, 11, 30, 16, 47, tzinfo=UTC), "30/11/2026 17:47"),
        (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "02/07/2026 00:30"),
        (datetime(2026, 11, 30, 16, 47, tzinfo=None), "30/11/2026 17:47"),  # noqa: DTZ001
    ],
    ids=["winter-time", "summer-time-past-midnight", "naive-means-utc"],
)
def test_a_moment_is_shown_as_the_office_in_rome_reads_the_clock(
    at: datetime, shown: str
) -> None:
    assert Formatter("it").moment(at) == shown
    assert Formatter("en").moment(at) == shown


@pytest.mark.parametrize("locale", sorted(LOCALES.values()))
def test_the_written_out_shapes_are_babels(locale: str) -> None:
    assert SHAPES[locale] == (_currency_shape(locale), _number_shape(locale))
