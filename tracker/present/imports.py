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
    lines += _warning_lines(summary.warnings)
    return lines


SAME_WARNING_SHOWN = 3
"""How many warnings of one kind are shown before the rest are counted."""


def _warning_lines(warnings: Sequence[tuple[str, Message]]) -> list[str]:
    """Each warning on its line; a kind of warning met in many tenders (ANAC's
    malformed dates are in every release) is shown for the first few only, then
    counted."""
    lines = []
    shown: dict[str, int] = {}
    for ocid, warning in warnings:
        shown[warning.id] = shown.get(warning.id, 0) + 1
        if shown[warning.id] <= SAME_WARNING_SHOWN:
            params = dict(warning.params)
            if isinstance(params.get("field"), str):
                # a place in the published file, named by the file's own keys
                params["field"] = _("“{path}” in the file").format(path=params["field"])
            lines.append(f"  {ocid}: {word(warning.id, params)}")
    for count in shown.values():
        if count > SAME_WARNING_SHOWN:
            lines.append(
                "  "
                + ngettext(
                    "… and {count} more warning of the same kind",
                    "… and {count} more warnings of the same kind",
                    count - SAME_WARNING_SHOWN,
                ).format(count=count - SAME_WARNING_SHOWN)
            )
    return lines
