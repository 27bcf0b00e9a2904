"""Errors the core raises; front ends show their text to the user verbatim."""

from __future__ import annotations

from typing import Any


class TrackerError(Exception):
    """Base class for every error a user may see."""


class ValidationError(TrackerError):
    """A value broke a rule; names the field and the offending value."""

    def __init__(self, field: str, value: Any, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason} (value: {_show(value)})")

    def located(self, prefix: str) -> ValidationError:
        """The same error with its field placed under ``prefix``."""
        field = f"{prefix}.{self.field}" if self.field else prefix
        return ValidationError(field, self.value, self.reason)


class NotFoundError(TrackerError):
    """A reference does not name any record."""

    def __init__(self, kind: str, ref: str) -> None:
        self.kind = kind
        self.ref = ref
        super().__init__(f"no {kind} with reference {ref!r}")


class DatasetError(TrackerError):
    """A dataset file cannot be read or does not follow the dataset format."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = len(problems) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{source}: invalid dataset\n{shown}{tail}")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    return str(value)
