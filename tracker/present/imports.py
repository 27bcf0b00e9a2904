"""What an import of published data did, in words: releases read, records made,
local values kept against the published ones, warnings and skipped releases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from tracker.errors import N_, Message, TrackerError
from tracker.i18n import _, ngettext
from tracker.present.errors import quoted, word, worded
from tracker.present.fields import field_name

RECORDS = {
    "organisation": N_("organisations"),
    "consortium": N_("consortia"),
    "tender": N_("tenders"),
    "lot": N_("lots"),
    "contract": N_("contracts"),
    "contract option": N_("options and modifications"),
}
"""The kinds of record an import makes, in the order it makes them."""


class Conflict(Protocol):
    @property
    def field(self) -> str: ...
    @property
    def local(self) -> Any: ...
    @property
    def published(self) -> Any: ...


class RecordConflict(Protocol):
    @property
    def ref(self) -> str: ...
    @property
    def conflict(self) -> Conflict: ...


class Summary(Protocol):
    @property
    def created(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def unchanged(self) -> int: ...
    @property
    def read(self) -> int: ...
    @property
    def skipped(self) -> Sequence[tuple[str, Message | TrackerError]]: ...
    @property
    def records(self) -> Mapping[str, int]: ...
    @property
    def conflicts(self) -> Sequence[RecordConflict]: ...
    @property
    def warnings(self) -> Sequence[tuple[str, Message]]: ...


def summary_lines(summary: Summary, source: str) -> list[str]:
    """The summary of an import of ``source``: one line of totals, the records
    made, then every conflict, skipped release and warning on a line of its own."""
    lines = [
        ngettext(
            "Imported {source}: {count} tender read ({created} new, {updated} "
            "updated, {unchanged} unchanged, {skipped} skipped)",
            "Imported {source}: {count} tenders read ({created} new, {updated} "
            "updated, {unchanged} unchanged, {skipped} skipped)",
            summary.read,
        ).format(
            source=source,
            count=summary.read,
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
            skipped=len(summary.skipped),
        )
    ]
    made = [
        f"{_(label)}: {summary.records[kind]}"
        for kind, label in RECORDS.items()
        if summary.records.get(kind)
    ]
    if made:
        lines.append(_("Records added: {records}").format(records=", ".join(made)))
    for found in summary.conflicts:
        lines.append(
            "  "
            + _(
                "{ref}: {field} was changed here and in the published data; "
                "kept {local} (published: {published})"
            ).format(
                ref=found.ref,
                field=field_name(found.conflict.field),
                local=quoted(found.conflict.local),
                published=quoted(found.conflict.published),
            )
        )
    for ocid, reason in summary.skipped:
        said = (
            worded(reason)
            if isinstance(reason, TrackerError)
            else word(reason.id, reason.params)
        )
        lines.append(
            "  " + _("{ocid}: skipped: {reason}").format(ocid=ocid, reason=said)
        )
    for ocid, warning in summary.warnings:
        lines.append(f"  {ocid}: {word(warning.id, warning.params)}")
    return lines
