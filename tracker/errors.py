"""Errors the core raises, as data: a message identifier and its parameters.

The identifier is the English message (a gettext msgid with ``{placeholders}``);
the parameters are the values it names (field, value, limit, dates, amounts) as
values, not text. ``str(error)`` words it in the language active when it is shown
(``tracker.present.errors``), so that an error raised before the language was
chosen, or shown in another one, still reads in the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

T = TypeVar("T")


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Mark a message for extraction; it is translated when shown."""
    return message


class Parameter:
    """A value an error names that the locale writes its own way; ``str()`` shows
    it in the active language."""

    def __str__(self) -> str:
        from tracker.present.errors import shown

        return shown(self)


@dataclass(frozen=True)
class Euro(Parameter):
    """An amount in euro among an error's parameters, shown as the locale writes
    money (``1.234,50 €``)."""

    amount: Decimal


@dataclass(frozen=True)
class Percent(Parameter):
    """A percentage among an error's parameters (``95%``, ``12,5%``)."""

    value: Decimal


@dataclass(frozen=True)
class Term(Parameter):
    """A stored value (a status, a kind) among an error's parameters, shown
    through its label in the active language."""

    value: str


@dataclass(frozen=True)
class Field(Parameter):
    """A field's name among an error's parameters, shown as its form names it."""

    name: str


@dataclass(frozen=True)
class Kind(Parameter):
    """A kind of record among an error's parameters (``tender``, ``funding
    source``), shown as a noun in the active language."""

    code: str


@dataclass(frozen=True)
class Message:
    """A message identifier with its parameters, worded when shown (a problem in
    a list of problems, a reason inside another message)."""

    id: str
    params: dict[str, Any]

    def __str__(self) -> str:
        from tracker.present.errors import word

        return word(self.id, self.params)


class TrackerError(Exception):
    """Base class for every error a user may see: ``message`` is the English
    message identifier, ``params`` what it names.

    ``cause`` is the reference of another record whose state is why this was
    refused (a contract refused because its tender is still planned), and
    ``cause_field`` the field of that record to change: fixing it may let the same
    save through, so a form offers to open it there.
    """

    def __init__(
        self,
        message: str = "",
        /,
        *,
        cause: str | None = None,
        cause_field: str | None = None,
        **params: Any,
    ) -> None:
        self.message = message
        self.params = params
        self.cause = cause
        self.cause_field = cause_field
        super().__init__(message)

    def __str__(self) -> str:
        from tracker.present.errors import worded

        return worded(self)


class ValidationError(TrackerError):
    """A value broke a rule; names the field, the offending value and the reason
    (a message identifier with its own parameters)."""

    def __init__(
        self,
        field: str,
        value: Any,
        reason: str | Message,
        /,
        *,
        cause: str | None = None,
        cause_field: str | None = None,
        **params: Any,
    ) -> None:
        if isinstance(reason, Message):
            params = {**reason.params, **params}
            reason = reason.id
        self.field = field
        self.value = value
        self.reason_id = reason
        self.reason_params = params
        super().__init__(reason, cause=cause, cause_field=cause_field, **params)

    @property
    def reason(self) -> str:
        """The reason alone, in the active language."""
        from tracker.present.errors import word

        return word(self.reason_id, self.reason_params)

    def located(self, prefix: str) -> ValidationError:
        """The same error with its field placed under ``prefix``."""
        field = f"{prefix}.{self.field}" if self.field else prefix
        return ValidationError(
            field,
            self.value,
            self.reason_id,
            cause=self.cause,
            cause_field=self.cause_field,
            **self.reason_params,
        )


class ValidationErrors(ValidationError):  # noqa: N818 (several, caught as one)
    """Several values broke their rules: ``errors``, each naming its field, in the
    order they were checked. Caught as a ``ValidationError`` it is its first, so
    that a caller that shows one error still shows one; ``str()`` words them all.
    """

    def __init__(self, errors: Sequence[ValidationError]) -> None:
        self.errors = tuple(one for error in errors for one in each(error))
        if not self.errors:
            raise ValueError("no errors to report")
        first = self.errors[0]
        super().__init__(
            first.field,
            first.value,
            first.reason_id,
            cause=first.cause,
            cause_field=first.cause_field,
            **first.reason_params,
        )

    def located(self, prefix: str) -> ValidationError:
        return ValidationErrors([error.located(prefix) for error in self.errors])


def each(error: ValidationError) -> tuple[ValidationError, ...]:
    """The single errors a validation error holds: itself, or each of several."""
    if isinstance(error, ValidationErrors):
        return error.errors
    return (error,)


def raise_all(errors: Sequence[ValidationError]) -> None:
    """Raise nothing, the one error, or all of them together."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)


class Checks:
    """Runs a record's checks one after the other and keeps what each refuses, so
    that a save names every wrong value at once instead of the first one only.

    ``run`` gives a check's result, or None when it refused; ``done`` raises what
    was refused, if anything.
    """

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def run(self, check: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
        try:
            return check(*args, **kwargs)
        except ValidationError as error:
            self.errors.extend(each(error))
            return None

    def add(self, error: ValidationError) -> None:
        self.errors.extend(each(error))

    def done(self) -> None:
        raise_all(self.errors)


class NotFoundError(TrackerError):
    """A reference does not name any record of ``kind`` (a record kind's code:
    tender, contract, funding source... or record for any)."""

    def __init__(self, kind: str, ref: str) -> None:
        self.kind = kind
        self.ref = ref
        super().__init__(N_("no {kind} has the reference {ref}"), kind=kind, ref=ref)


class DatasetError(TrackerError):
    """A dataset file cannot be read or does not follow the dataset format;
    ``problems`` are messages (worded when shown) or text."""

    def __init__(self, source: str, problems: list[Message | str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(N_("{source}: invalid dataset"), source=source)


QUOTED_LENGTH = 60
"""How many characters of a rejected value a message repeats; a longer value is cut
and its size given, so that a 1 MB value makes a one-line message."""


def quote(value: Any) -> str:
    """A rejected value as a message shows it: text quoted with its control
    characters escaped, dates and amounts as the locale writes them, anything else
    as written, cut to a readable length."""
    from tracker.present.errors import quoted

    return quoted(value)


class ConflictError(TrackerError):
    """A save based on a stale read: someone else changed the record after the
    person opened it. Nothing was written.

    ``ref`` names the record, ``actor`` who changed it last and ``at`` when (UTC;
    None when the history does not say), ``fields`` which fields of its draft
    changed since ``base_version`` (members, options, lots and services count as
    fields of the record that owns them), ``version`` its version now.
    """

    def __init__(
        self,
        ref: str,
        *,
        actor: str | None,
        at: Any,
        fields: tuple[str, ...],
        base_version: int,
        version: int | None,
        kind: str | None = None,
    ) -> None:
        self.ref = ref
        self.kind = kind
        self.actor = actor
        self.at = at
        self.fields = fields
        self.base_version = base_version
        self.version = version
        if actor is None or at is None:
            message = N_(
                "{ref} was changed by someone else after you opened it: reload it and "
                "apply your changes again"
            )
        elif fields:
            message = N_(
                "{ref} was changed by {actor} on {day} at {time} after you opened "
                "it ({fields}): reload it and apply your changes again"
            )
        else:
            message = N_(
                "{ref} was changed by {actor} on {day} at {time} after you opened "
                "it: reload it and apply your changes again"
            )
        super().__init__(message, ref=ref, actor=actor)


class ReadOnlyError(TrackerError):
    """The database role may read but not write: every write is refused."""

    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__(
            N_(
                "read-only access: the database role {role} may read but not write; "
                "nothing was changed (ask the database administrator for write "
                "access)"
            ),
            role=role,
        )


class KeptFactsError(TrackerError):
    """The kept facts of the findings cannot be read back: the records are
    intact, and ``appalti check --repair`` builds the facts from them again."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "the kept facts of the findings in the database are damaged (the "
                "records are intact): 'appalti check --repair' builds them again"
            )
        )


MISREAD = (AttributeError, IndexError, KeyError, TypeError, ValueError)
"""What reading a kept payload of another shape back raises: a key or an item
missing, a value of another type, a day that is no day."""


@contextmanager
def reading_kept_facts() -> Iterator[None]:
    """Around the reading of kept payloads back into the domain's records: one
    of another shape (damaged by hand, or by a fault of the disk) is told as
    ``KeptFactsError``, as one that is no JSON is, never as an internal error."""
    try:
        yield
    except MISREAD as error:
        raise KeptFactsError from error


# What pydantic's checks mean, by the error's ``type``: our message and the
# parameters it takes from the error's ``ctx``. A type not listed reads as "not a
# valid value": pydantic's own English never reaches people.
PYDANTIC_REASONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "missing": (N_("this field is required"), ()),
    "extra_forbidden": (N_("unknown field"), ()),
    "string_too_long": (N_("at most {max_length} characters"), ("max_length",)),
    "string_too_short": (N_("at least {min_length} characters"), ("min_length",)),
    "too_long": (N_("at most {max_length} items"), ("max_length",)),
    "too_short": (N_("at least {min_length} items"), ("min_length",)),
    "string_type": (N_("must be text"), ()),
    "int_type": (N_("not a whole number"), ()),
    "int_parsing": (N_("not a whole number"), ()),
    "int_from_float": (N_("not a whole number"), ()),
    "decimal_parsing": (N_("not a number"), ()),
    "decimal_type": (N_("not a number"), ()),
    "float_parsing": (N_("not a number"), ()),
    "float_type": (N_("not a number"), ()),
    "bool_type": (N_("must be true or false"), ()),
    "bool_parsing": (N_("must be true or false"), ()),
    "date_type": (N_("not a date: write it as YYYY-MM-DD"), ()),
    "date_parsing": (N_("not a date: write it as YYYY-MM-DD"), ()),
    "date_from_datetime_parsing": (N_("not a date: write it as YYYY-MM-DD"), ()),
    "date_from_datetime_inexact": (N_("a day has no time of day"), ()),
    "datetime_type": (N_("not a date and time: write it as YYYY-MM-DDTHH:MM"), ()),
    "datetime_parsing": (N_("not a date and time: write it as YYYY-MM-DDTHH:MM"), ()),
    "datetime_from_date_parsing": (
        N_("not a date and time: write it as YYYY-MM-DDTHH:MM"),
        (),
    ),
    "list_type": (N_("must be a list"), ()),
    "dict_type": (N_("must be an object"), ()),
    "model_type": (N_("must be an object"), ()),
    "model_attributes_type": (N_("must be an object"), ()),
    "enum": (N_("not one of the choices: {expected}"), ("expected",)),
    "literal_error": (N_("not one of the choices: {expected}"), ("expected",)),
    "greater_than": (N_("must be more than {gt}"), ("gt",)),
    "greater_than_equal": (N_("must be {ge} or more"), ("ge",)),
    "less_than": (N_("must be less than {lt}"), ("lt",)),
    "less_than_equal": (N_("must be {le} or less"), ("le",)),
    "string_pattern_mismatch": (N_("not in the expected form"), ()),
    "decimal_max_digits": (N_("at most {max_digits} digits"), ("max_digits",)),
    "decimal_max_places": (
        N_("at most {decimal_places} decimals"),
        ("decimal_places",),
    ),
    "finite_number": (N_("must be a finite number"), ()),
    "json_invalid": (N_("not valid JSON"), ()),
    "union_tag_invalid": (
        N_("not one of the choices: {expected_tags}"),
        ("expected_tags",),
    ),
}

PATTERN_REASONS = {
    r"\S": N_("must not be blank"),
    r"^[A-Z0-9][A-Z0-9._/-]{0,39}$": N_(
        "a reference uses capitals, digits and . _ / - (at most 40 characters)"
    ),
    r"^-?[0-9]+(\.[0-9]+)?$": N_(
        "must be a number written as a string, such as '1234.50'"
    ),
}
"""What a value that does not match a pattern of the dataset schema must look like."""


def pydantic_reason(detail: Any) -> Message:
    """One of pydantic's errors (``type``, ``ctx``, ``msg``) as our message: its
    English ``msg`` is never shown."""
    kind = str(detail.get("type", ""))
    context = detail.get("ctx") or {}
    if kind == "value_error":
        error = context.get("error")
        if isinstance(error, TrackerError):
            return Message(error.message, error.params)
        return Message(str(error) if error is not None else N_("not a valid value"), {})
    if kind == "value_refused":  # a rule of ours, checked inside a draft
        reason = context.get("reason")
        return reason if isinstance(reason, Message) else Message(str(reason), {})
    if kind == "string_pattern_mismatch":
        pattern = str(context.get("pattern", ""))
        if pattern in PATTERN_REASONS:
            return Message(PATTERN_REASONS[pattern], {})
    message, names = PYDANTIC_REASONS.get(kind, (N_("not a valid value"), ()))
    params = {name: context.get(name, "") for name in names}
    if "expected" in params:  # "'planned', 'published' or 'awarded'": codes
        params["expected"] = tuple(
            Term(code) for code in re.findall(r"'([^']*)'", str(params["expected"]))
        )
    return Message(message, params)


JSON_REASONS = {
    "Expecting value": N_("a value is expected"),
    "Expecting property name enclosed in double quotes": N_(
        "a field name in double quotes is expected"
    ),
    "Expecting ',' delimiter": N_("a comma is expected"),
    "Expecting ':' delimiter": N_("a colon is expected"),
    "Unterminated string starting at": N_("a text is not closed"),
    "Invalid control character at": N_("a text holds a control character"),
    "Extra data": N_("there is more after the document"),
    "Invalid \\escape": N_("a text holds an invalid escape"),
    "Invalid \\uXXXX escape": N_("a text holds an invalid \\u escape"),
}
"""What Python's JSON reader says is wrong, by its (English) message."""


def json_reason(message: str) -> Message:
    """A JSON reader's complaint as our message."""
    return Message(JSON_REASONS.get(message, N_("the text is not JSON")), {})


def file_reason(error: Exception) -> Message | str:
    """Why a file could not be read: the system's refusal, text that is not
    UTF-8, or a reader's complaint about the file's syntax (as it says it)."""
    if isinstance(error, UnicodeDecodeError):
        return Message(N_("the file is not text in UTF-8"), {})
    if isinstance(error, OSError):
        from tracker.files import os_reason

        return os_reason(error)
    # TOML's reader says where in English, "... (at line 1, column 6)": the place
    # is what a person needs, in their language; the complaint stays as written
    place = re.search(r"\(at line (\d+), column (\d+)\)$", str(error))
    if place is not None:
        return Message(
            N_("the syntax is wrong at line {line}, column {column} ({detail})"),
            {
                "line": int(place[1]),
                "column": int(place[2]),
                "detail": str(error)[: place.start()].strip(),
            },
        )
    return str(error)
