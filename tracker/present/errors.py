"""Errors worded for people, in the language active when they are shown.

An error carries a message identifier (its English text with placeholders) and
the values it names (``tracker.errors``); here the identifier is translated and
each value written as the locale writes it: days and amounts through Babel
(``tracker.formatting.Formatter``), stored values through their labels, fields
through the names the forms give them, a rejected value quoted and cut.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tracker.errors import (
    N_,
    ConflictError,
    DatasetError,
    Euro,
    Field,
    Kind,
    Message,
    NotFoundError,
    Percent,
    Term,
    TrackerError,
    ValidationError,
    ValidationErrors,
)
from tracker.formatting import Formatter
from tracker.i18n import _, language, ngettext
from tracker.present.fields import field_name

NOT_FOUND = {
    "record": N_("no record has the reference {ref}"),
    "programme": N_("no programme has the reference {ref}"),
    "neighbourhood": N_("no neighbourhood has the reference {ref}"),
    "site": N_("no site has the reference {ref}"),
    "service": N_("no service has the reference {ref}"),
    "organisation": N_("no organisation has the reference {ref}"),
    "consortium": N_("no consortium has the reference {ref}"),
    "act": N_("no act has the reference {ref}"),
    "funding source": N_("no funding source has the reference {ref}"),
    "tender": N_("no tender has the reference {ref}"),
    "lot": N_("no lot has the reference {ref}"),
    "contract": N_("no contract has the reference {ref}"),
    "contract option": N_("no option has the reference {ref}"),
    "in-house period": N_("no in-house period has the reference {ref}"),
    "funding allocation": N_("no allocation has the reference {ref}"),
    "allocation": N_("no allocation has the reference {ref}"),
    "deadline": N_("no deadline has the reference {ref}"),
    "tender or contract": N_("no tender or contract has the reference {ref}"),
    "snoozed alert": N_("no snoozed alert has the key {ref}"),
    "acknowledgement": N_("nothing acknowledged has the key {ref}"),
    "note": N_("there is no note {ref}"),
    "list": N_("there is no list {ref}"),
}
"""A reference that names nothing, by the kind of record looked for: each kind has
its own sentence, since Italian nouns carry their gender into it."""

RECORD_KINDS = {
    "programme": N_("programme"),
    "neighbourhood": N_("neighbourhood"),
    "site": N_("site"),
    "service": N_("service"),
    "organisation": N_("organisation"),
    "consortium": N_("consortium"),
    "act": N_("act"),
    "funding source": N_("funding source"),
    "tender": N_("tender"),
    "lot": N_("lot"),
    "contract": N_("contract"),
    "contract option": N_("contract option"),
    "option": N_("option"),
    "in-house period": N_("in-house period"),
    "funding allocation": N_("funding allocation"),
    "deadline": N_("deadline"),
    "record": N_("record"),
    "funding_source": N_("funding source"),
    "in_house_period": N_("in-house period"),
    "allocation": N_("funding allocation"),
}
"""The kinds of record (``tracker.services.refs.KIND_OF``) as nouns."""

DRAFT_KINDS = {
    "FundingSource": "funding source",
    "InHouse": "in-house period",
    "Option": "option",
    "Member": N_("consortium member"),
    "Staff": N_("team"),
    "Acknowledgement": N_("acknowledgement"),
    "Snooze": N_("snoozed alert"),
    "Note": N_("note"),
    "HistoryEntry": N_("history entry"),
    "Dataset": N_("dataset"),
}
"""The drafts (``FundingSourceDraft``) that are no record kind of their own or
whose name differs from it, as nouns."""

SHOWN_PROBLEMS = 20
"""How many problems of a dataset an error lists; the rest are counted."""


def record_kind(kind: str) -> str:
    """A record kind's code ("funding source") as a noun in the active language."""
    if kind in RECORD_KINDS:
        return _(RECORD_KINDS[kind])
    from tracker.vocabulary import term

    return term(kind)


def draft_kind(title: str) -> str:
    """What a draft class (``ContractDraft``) holds, as a noun in the active
    language (a database check names the record a stored value belongs to)."""
    name = title.removesuffix("Draft")
    kind = DRAFT_KINDS.get(name, name.lower())
    return (
        record_kind(kind) if kind in RECORD_KINDS or kind == name.lower() else _(kind)
    )


def shown(value: Any) -> str:
    """One parameter of a message as the active locale writes it."""
    fmt = Formatter(language())
    if isinstance(value, Message | TrackerError):
        return str(value)
    if isinstance(value, Euro):
        return fmt.euro(value.amount)
    if isinstance(value, Percent):
        return fmt.percent(value.value)
    if isinstance(value, Kind):
        return record_kind(value.code)
    if isinstance(value, Field):
        return field_name(value.name)
    if isinstance(value, Term):
        from tracker.vocabulary import term

        return term(value.value)
    if isinstance(value, datetime):
        return fmt.moment(value)
    if isinstance(value, date):
        return fmt.day(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return fmt.number(value)
    if isinstance(value, tuple | list):
        return ", ".join(shown(item) for item in value)
    return str(value)


def word(message: str, params: Mapping[str, Any]) -> str:
    """A message identifier with its parameters, in the active language."""
    text = _(message)
    if not params:
        return text
    values = {name: shown(value) for name, value in params.items()}
    for template in (text, message):  # a translation may have lost a placeholder
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            continue
    return message  # text given as the message: never formatted


def worded(error: TrackerError) -> str:
    """What ``str(error)`` shows: the whole error in the active language."""
    if isinstance(error, ValidationErrors):
        return _validations(error)
    if isinstance(error, ValidationError):
        return _validation(error)
    if isinstance(error, NotFoundError):
        if error.kind in NOT_FOUND:
            return word(NOT_FOUND[error.kind], {"ref": quoted(error.ref)})
        return word(
            error.message, {"kind": record_kind(error.kind), "ref": quoted(error.ref)}
        )
    if isinstance(error, DatasetError):
        return _dataset(error)
    if isinstance(error, ConflictError):
        return _conflict(error)
    return word(error.message, error.params)


def _validation(error: ValidationError) -> str:
    values = {"field": field_name(error.field), "reason": error.reason}
    if error.value is None:
        return _("{field}: {reason}").format(**values)
    values["value"] = quoted(error.value)
    return _("{field}: {reason} (value: {value})").format(**values)


def _validations(error: ValidationErrors) -> str:
    count = len(error.errors)
    lines = [
        ngettext(
            "{count} value is not valid:", "{count} values are not valid:", count
        ).format(count=shown(count))
    ]
    lines += [f"  - {_validation(one)}" for one in error.errors]
    return "\n".join(lines)


def _dataset(error: DatasetError) -> str:
    lines = [word(error.message, error.params)]
    lines += [f"  - {problem}" for problem in error.problems[:SHOWN_PROBLEMS]]
    more = len(error.problems) - SHOWN_PROBLEMS
    if more > 0:
        lines.append(
            "  "
            + ngettext(
                "... and {n} more problem", "... and {n} more problems", more
            ).format(n=shown(more))
        )
    return "\n".join(lines)


def _conflict(error: ConflictError) -> str:
    # The forms name the fields; imported here, as the forms raise errors.
    from zoneinfo import ZoneInfo

    from tracker.forms import FORMS, field_label

    fields = [
        field_label(error.kind, name) if error.kind in FORMS else field_name(name)
        for name in error.fields
    ]
    values: dict[str, Any] = {"ref": error.ref, "fields": ", ".join(fields)}
    if error.actor is not None and error.at is not None:
        moment = error.at.astimezone(ZoneInfo("Europe/Rome"))
        values |= {
            "actor": error.actor,
            "day": moment.date(),
            "time": moment.strftime("%H:%M"),
        }
    return word(error.message, values)


def quoted(value: Any) -> str:
    """A rejected value as a message shows it: text quoted with its control
    characters escaped, days and amounts as the locale writes them, anything else
    as written, cut to a readable length."""
    from tracker.errors import QUOTED_LENGTH

    if isinstance(value, str):
        if len(value) <= QUOTED_LENGTH:
            return repr(value)
        return _cut(repr(value[:QUOTED_LENGTH]), len(value))
    if isinstance(value, date | Euro | Percent | Term | Message):
        return shown(value)
    try:
        text = str(value)
    except ValueError:  # an integer longer than Python writes out (4,300 digits)
        digits = int(value.bit_length() * 0.30103) + 1
        return _("a number of about {digits} digits").format(digits=shown(digits))
    if len(text) <= QUOTED_LENGTH:
        return text
    return _cut(text[:QUOTED_LENGTH], len(text))


def _cut(text: str, size: int) -> str:
    count = Formatter(language()).number(size)
    return (
        text
        + "… "
        + ngettext("({count} character)", "({count} characters)", size).format(
            count=count
        )
    )
