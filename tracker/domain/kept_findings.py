"""Findings kept as facts: a finding that does not depend on the day, stored with
the days on which it is reported, and read back as the same ``Finding``.

The money, funding and consortium rules find things that are facts of the data
(a renewal not pro rata, a mandataria with less than a mandante, spending past a
source's eligibility); the day only decides whether they are still reported (a
year after a contract ends) and fills in a few words (whether a paid-by day is
over). Their facts hold the finding itself, encoded as plain JSON, with exact
bounds: a family's evaluation keeps the facts whose bounds hold the day, puts
them in the order the rule has always given them and lets the rule adjust what
depends on the day.

Each module that defines a finding's detail registers how its fields are
written (``register``); this module imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

from tracker.domain.alerts import AlertKind, Finding, Severity
from tracker.domain.frozen import is_plain_frozen, positional_maker
from tracker.domain.kept import Fact, FamilyName, ScopeKind
from tracker.domain.money import Amount, Basis, VatRate
from tracker.errors import reading_kept_facts


@dataclass(frozen=True)
class Conv:
    """How one field of a detail is written to JSON and read back."""

    write: Callable[[Any], Any]
    read: Callable[[Any], Any]

    @property
    def optional(self) -> Conv:
        """The same, with None kept as None."""
        write, read = self.write, self.read
        return Conv(
            lambda v: None if v is None else write(v),
            lambda v: None if v is None else read(v),
        )

    @property
    def many(self) -> Conv:
        """A tuple of such values."""
        write, read = self.write, self.read
        return Conv(
            lambda v: [write(x) for x in v], lambda v: tuple(read(x) for x in v)
        )


def _same(value: Any) -> Any:
    return value


PLAIN = Conv(_same, _same)
"""A str, int or bool."""
DAY = Conv(date.isoformat, date.fromisoformat)
DECIMAL = Conv(str, Decimal)
"""A decimal as its exact text: ``Decimal("1.50")`` comes back with both places."""
FRACTION = Conv(lambda f: [f.numerator, f.denominator], lambda v: Fraction(v[0], v[1]))


def _members(kind: type[Enum]) -> Callable[[Any], Any]:
    """A string enum's member by its value: a dictionary finds it faster than
    the enumeration's call, finding after finding of every day read."""
    return {member.value: member for member in kind}.__getitem__


_BASIS, _VAT_RATE = _members(Basis), _members(VatRate)
AMOUNT = Conv(
    lambda a: [str(a.value), a.basis.value, a.vat_rate.value],
    lambda v: Amount(Decimal(v[0]), _BASIS(v[1]), _VAT_RATE(v[2])),
)


def enum_of(kind: type[Enum]) -> Conv:
    """A member of a string enum, as its value."""
    return Conv(lambda v: v.value, _members(kind))


def nested(cls: type) -> Conv:
    """A registered detail inside another one."""
    name = cls.__name__
    # found by name when read: the inner detail may be registered after the outer
    return Conv(lambda v: _write_detail(v, cls), lambda v: _READERS[name](v))


_DETAILS: dict[str, tuple[type, Conv]] = {}
_READERS: dict[str, Callable[[Any], Any]] = {}
"""How each detail is read, by name: what every finding of a day goes through."""


def register(cls: type, *convs: Conv) -> None:
    """Say how the fields of the detail dataclass ``cls`` are written, in their
    order."""
    names = [f.name for f in fields(cls)]
    assert len(names) == len(convs), cls

    writers = [(name, conv.write) for name, conv in zip(names, convs, strict=True)]
    # read for every finding of a day: plain values are passed on as they are
    readers = [(i, conv.read) for i, conv in enumerate(convs) if conv is not PLAIN]

    def write(detail: Any) -> list[Any]:
        return [put(getattr(detail, name)) for name, put in writers]

    # a plain record made without its __init__'s call per field: a city's day
    # reads 10,000 details
    make = positional_maker(cls) if is_plain_frozen(cls) else lambda v: cls(*v)

    def read(values: Sequence[Any]) -> Any:
        given = list(values)
        for i, get in readers:
            given[i] = get(given[i])
        return make(given)

    register_as(cls, Conv(write, read))


def register_as(cls: type, conv: Conv) -> None:
    """Say how a detail that is not plain data (it holds an error) is written."""
    _DETAILS[cls.__name__] = (cls, conv)
    _READERS[cls.__name__] = conv.read


def _write_detail(detail: Any, cls: type) -> Any:
    return _DETAILS[cls.__name__][1].write(detail)


def finding_fact(
    finding: Finding,
    *,
    family: FamilyName,
    scope: ScopeKind,
    scope_id: int,
    key: str,
    order: Sequence[str | int],
    day_from: date | None = None,
    day_until: date | None = None,
    **extra: Any,
) -> Fact:
    """The fact that keeps ``finding``, reported from ``day_from`` through
    ``day_until``; ``key`` names it within its scope, ``order`` places it among the family's findings as its rule
    has always listed them, ``extra`` holds what the day adjusts it with."""
    name = type(finding.detail).__name__
    payload = {
        "order": list(order),
        "finding": [
            finding.severity.value,
            finding.kind.value,
            None if finding.due is None else finding.due.isoformat(),
            finding.subject,
            finding.ref,
            finding.key,
            name,
            _write_detail(finding.detail, _DETAILS[name][0]),
        ],
        **extra,
    }
    return Fact(family, scope, scope_id, key, payload, day_from, day_until)


def finding_of(payload: Mapping[str, Any]) -> Finding:
    """The finding a fact keeps."""
    severity, kind, due, subject, ref, key, name, values = payload["finding"]
    return Finding(
        _SEVERITY(severity),
        _KIND(kind),
        None if due is None else date.fromisoformat(due),
        subject,
        ref,
        _READERS[name](values),
        key,
    )


_SEVERITY, _KIND = _members(Severity), _members(AlertKind)


def holds(fact: Fact, day: date) -> bool:
    """Whether ``day`` is within the fact's bounds."""
    return (fact.day_from is None or fact.day_from <= day) and (
        fact.day_until is None or day <= fact.day_until
    )


Adjust = Callable[[Finding, Mapping[str, Any], date], Finding | None]
"""What the day changes in a kept finding (given the fact's payload); None to
leave it out."""


def kept_findings_on(
    facts: Iterable[Fact], as_of: date, adjust: Adjust | None = None
) -> list[Finding]:
    """The findings of the facts reported on ``as_of``, in their rule's order."""
    return findings_of(held_on(facts, as_of), as_of, adjust)


def held_on(facts: Iterable[Fact], as_of: date) -> list[Mapping[str, Any]]:
    """The payloads of the facts reported on ``as_of``."""
    return [f.payload for f in facts if holds(f, as_of)]


def findings_of(
    payloads: Iterable[Mapping[str, Any]], as_of: date, adjust: Adjust | None = None
) -> list[Finding]:
    """The findings of the payloads of facts reported on ``as_of`` (chosen by
    their bounds, as ``held_on`` or a reader's query chooses them), in their
    rule's order."""
    findings = []
    with reading_kept_facts():
        for payload in sorted(payloads, key=_order):
            finding: Finding | None = finding_of(payload)
            if adjust is not None and finding is not None:
                finding = adjust(finding, payload, as_of)
            if finding is not None:
                findings.append(finding)
    return findings


def _order(payload: Mapping[str, Any]) -> Any:
    return payload["order"]
