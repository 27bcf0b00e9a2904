"""Numbers, money and dates for people, in the active language (Babel)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from tracker.domain.text import BIDI_CONTROLS, CONTROL_CHARACTERS

LOCALES = {"it": "it_IT", "en": "en_GB"}


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """'it' or 'en' from the standard locale variables (LANGUAGE, LC_ALL, ...)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        for part in value.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in LOCALES:
                return code
            if code and code not in {"c", "posix"}:
                break
    return "en"


# The characters input refuses (domain.text), which older databases may still hold:
# a terminal obeys them (a screen clear, a hidden link, a line overwritten by \r,
# text shown reversed), so user text never reaches a screen with them raw.
_CONTROLS = CONTROL_CHARACTERS + BIDI_CONTROLS
_UNPRINTABLE = re.compile(f"[{_CONTROLS}]")
_UNPRINTABLE_IN_BLOCK = re.compile(f"(?![\\n\\t])[{_CONTROLS}]")
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, multiline: bool = False) -> str:
    """User text made safe to show: control characters and bidi controls written
    as visible escapes (``\\x1b``, ``\\r``, ``\\u202e``), as git and ls show them.

    ``multiline`` keeps line breaks and tabs, for a block of text shown as such (a
    note in its own panel); on one line they are escaped too.
    """
    if text.isprintable():
        # Nearly every text is; this C check spares a list of 50,000 rows the
        # regular expression (str.isprintable is False for every control and bidi
        # control, and for some harmless spaces, which then take the slow path).
        return text
    pattern = _UNPRINTABLE_IN_BLOCK if multiline else _UNPRINTABLE
    return pattern.sub(_escape, text)


CENT = Decimal("0.01")
ROME = ZoneInfo("Europe/Rome")


@lru_cache(maxsize=8192)
def _day_month_year(value: date) -> str:
    # A list of 50,000 contracts shows a few thousand distinct days, each twice.
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


@lru_cache(maxsize=8)
def _currency_shape(locale: str) -> tuple[str, str, tuple[str, str] | None]:
    """(prefix, suffix, separators) of euro amounts: the locale's group and decimal
    separators, None where they are Python's own (English)."""
    sample = format_currency(Decimal("1234567.89"), "EUR", locale=locale)
    first = next(i for i, ch in enumerate(sample) if ch.isdigit())
    last = max(i for i, ch in enumerate(sample) if ch.isdigit())
    body = sample[first : last + 1]
    return sample[:first], sample[last + 1 :], _separators(body[1], body[-3])


def _separators(group: str, decimal: str) -> tuple[str, str] | None:
    return None if (group, decimal) == (",", ".") else (group, decimal)


def _localised(digits: str, separators: tuple[str, str]) -> str:
    """``digits`` as Python writes them ("1,234.5") with the locale's separators."""
    group, decimal = separators
    return digits.replace(",", "\0").replace(".", decimal).replace("\0", group)


PERCENT_PATTERN = "#,##0.##"


@lru_cache(maxsize=8)
def _number_shape(locale: str) -> tuple[str, str] | None:
    """The separators of numbers, as ``_currency_shape`` gives them."""
    sample = format_decimal(
        Decimal("1234567.89"), format=PERCENT_PATTERN, locale=locale
    )
    return _separators(sample[1], sample[-3])


SHAPES: dict[
    str, tuple[tuple[str, str, tuple[str, str] | None], tuple[str, str] | None]
]
SHAPES = {
    "it_IT": (("", "\xa0€", (".", ",")), (".", ",")),
    "en_GB": (("€", "", None), None),
}
"""``_currency_shape`` and ``_number_shape`` of appalti's locales, written out:
working them out reads the locale's data from Babel's files, a few hundredths of
a second in a command that formats an amount and nothing else through Babel (a
test keeps them equal to Babel's)."""


@lru_cache(maxsize=4096, typed=True)
def _decimal(value: int | Decimal, pattern: str | None, locale: str) -> str:
    # Babel parses the pattern and the locale on every call, a few microseconds
    # that 12,000 alerts or a list of 50,000 rows multiply; the values repeat.
    return format_decimal(value, format=pattern, locale=locale)


@dataclass(frozen=True)
class Formatter:
    """Formats values for one language ('it' or 'en')."""

    language: str = "it"

    @property
    def locale(self) -> str:
        return LOCALES.get(self.language, "en_GB")

    # kept on the formatter: a city's alerts word 11,000 amounts and shares
    @cached_property
    def _currency(self) -> tuple[str, str, tuple[str, str] | None]:
        known = SHAPES.get(self.locale)
        return _currency_shape(self.locale) if known is None else known[0]

    @cached_property
    def _separators(self) -> tuple[str, str] | None:
        known = SHAPES.get(self.locale)
        return _number_shape(self.locale) if known is None else known[1]

    def euro(self, amount: Decimal | None, *, missing: str = "-") -> str:
        """``828.415,20 €`` in Italian, ``€828,415.20`` in English.

        Babel's layout for the locale, applied without Babel's per-call cost (reports
        format tens of thousands of amounts).
        """
        if amount is None:
            return missing
        prefix, suffix, separators = self._currency
        cents = amount.quantize(CENT, rounding=ROUND_HALF_EVEN)
        digits = f"{abs(cents):,.2f}"
        if separators is not None:
            digits = _localised(digits, separators)
        sign = "-" if cents < 0 else ""
        return f"{sign}{prefix}{digits}{suffix}"

    def number(self, value: int | Decimal | None, *, missing: str = "-") -> str:
        if value is None:
            return missing
        return _decimal(value, None, self.locale)

    def percent(self, value: Decimal | None, *, missing: str = "-") -> str:
        """``33,33%`` in Italian, ``33.33%`` in English: at most two decimals,
        Babel's layout applied without Babel's per-call cost (a city's alerts word
        thousands of distinct shares)."""
        if value is None:
            return missing
        if not value.is_finite():
            return f"{_decimal(value, PERCENT_PATTERN, self.locale)}%"
        hundredths = value.quantize(CENT, rounding=ROUND_HALF_EVEN)
        # two places always written: trailing zeros go, then a point left bare.
        # Python keeps the sign of a share that rounds to nothing ("-0.00"), as
        # Babel does ("-0%").
        digits = f"{hundredths:,.2f}".rstrip("0").rstrip(".")
        separators = self._separators
        if separators is not None:
            digits = _localised(digits, separators)
        return f"{digits}%"

    def day(self, value: date | None, *, missing: str = "-") -> str:
        """``20/12/2022`` (the same pattern in Italian and English)."""
        if value is None:
            return missing
        return _day_month_year(value)

    def moment(self, at: datetime) -> str:
        """``30/11/2026 17:47``: a moment the database keeps in UTC, read in Rome,
        where the office works (a naive moment is taken to be UTC)."""
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        local = at.astimezone(ROME)
        return f"{self.day(local.date())} {local:%H:%M}"

    def day_with_precision(
        self, value: date | None, precision: str, *, missing: str = "-"
    ) -> str:
        """A date shown only as far as the source states it."""
        if value is None:
            return missing
        if precision == "year":
            return str(value.year)
        if precision == "month":
            return format_date(value, "MM/yyyy", locale=self.locale)
        return self.day(value)


def parse_day(text: str, *, field: str) -> date:
    """A day as people type it: 17/01/2023, 17-01-2023, 17.1.2023 or 2023-01-17."""
    from tracker.errors import N_, ValidationError

    cleaned = text.strip()
    try:
        if len(cleaned) >= 8 and cleaned[4] == "-" and cleaned[:4].isdigit():
            return date.fromisoformat(cleaned)
        parts = cleaned.replace("-", "/").replace(".", "/").split("/")
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
            day, month, year = (int(p) for p in parts)
            return date(year, month, day)
    except ValueError:
        pass
    raise ValidationError(
        field, text, N_("not a date: write it as dd/mm/yyyy, e.g. 17/01/2023")
    )
