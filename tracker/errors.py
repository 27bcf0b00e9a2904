"""Errors the core raises; front ends show their text to the user verbatim."""

from __future__ import annotations

from typing import Any

from tracker.i18n import _, language, ngettext


class TrackerError(Exception):
    """Base class for every error a user may see."""


class ValidationError(TrackerError):
    """A value broke a rule; names the field and the offending value."""

    def __init__(self, field: str, value: Any, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason} (value: {quote(value)})")

    def located(self, prefix: str) -> ValidationError:
        """The same error with its field placed under ``prefix``."""
        field = f"{prefix}.{self.field}" if self.field else prefix
        return ValidationError(field, self.value, self.reason)


class NotFoundError(TrackerError):
    """A reference does not name any record."""

    def __init__(self, kind: str, ref: str) -> None:
        self.kind = kind
        self.ref = ref
        super().__init__(f"no {kind} with reference {quote(ref)}")


class DatasetError(TrackerError):
    """A dataset file cannot be read or does not follow the dataset format."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = len(problems) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{source}: invalid dataset\n{shown}{tail}")


QUOTED_LENGTH = 60
"""How many characters of a rejected value a message repeats; a longer value is cut
and its size given, so that a 1 MB value makes a one-line message."""


def quote(value: Any) -> str:
    """A rejected value as a message shows it: text quoted with its control
    characters escaped, anything else as written, cut to a readable length."""
    if isinstance(value, str):
        if len(value) <= QUOTED_LENGTH:
            return repr(value)
        return _cut(repr(value[:QUOTED_LENGTH]), len(value))
    try:
        text = str(value)
    except ValueError:  # an integer longer than Python writes out (4,300 digits)
        digits = int(value.bit_length() * 0.30103) + 1
        return _("a number of about {digits} digits").format(digits=digits)
    if len(text) <= QUOTED_LENGTH:
        return text
    return _cut(text[:QUOTED_LENGTH], len(text))


def _cut(shown: str, size: int) -> str:
    from babel.numbers import format_decimal

    count = format_decimal(size, locale="it_IT" if language() == "it" else "en_GB")
    return (
        shown
        + "… "
        + ngettext("({count} character)", "({count} characters)", size).format(
            count=count
        )
    )


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
        super().__init__(_conflict_message(self))


def _conflict_message(error: ConflictError) -> str:
    # Imported here: the formatting and translation modules import this one.
    from zoneinfo import ZoneInfo

    from tracker.formatting import Formatter
    from tracker.forms import FORMS, field_label
    from tracker.i18n import _, language

    fields = [
        field_label(error.kind, name) if error.kind in FORMS else name
        for name in error.fields
    ]
    values: dict[str, str] = {"ref": error.ref, "fields": ", ".join(fields)}
    if error.actor is None or error.at is None:
        message = _(
            "{ref} was changed by someone else after you opened it: reload it and "
            "apply your changes again"
        )
    else:
        moment = error.at.astimezone(ZoneInfo("Europe/Rome"))
        values |= {
            "actor": error.actor,
            "day": Formatter(language()).day(moment.date()),
            "time": moment.strftime("%H:%M"),
        }
        if error.fields:
            message = _(
                "{ref} was changed by {actor} on {day} at {time} after you opened "
                "it ({fields}): reload it and apply your changes again"
            )
        else:
            message = _(
                "{ref} was changed by {actor} on {day} at {time} after you opened "
                "it: reload it and apply your changes again"
            )
    return message.format(**values)


class ReadOnlyError(TrackerError):
    """The database role may read but not write: every write is refused."""

    def __init__(self, role: str) -> None:
        from tracker.i18n import _

        self.role = role
        super().__init__(
            _(
                "read-only access: the database role {role} may read but not write; "
                "nothing was changed (ask the database administrator for write "
                "access)"
            ).format(role=role)
        )
