"""An administrative act (delibera, determina) with the records that cite it: the
tenders it authorised, the contracts and options decided by it, the in-house
periods it set up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from textual.widget import Widget

from tracker.api import ActView, CitingRow, RecordKind
from tracker.i18n import _
from tracker.present.acts import act_name
from tracker.vocabulary import term
from tui.screens.records.blocks import Line, facts, record_title, table_section
from tui.screens.records.detail import DetailScreen


def citing_kind(kind: str) -> str:
    """What a citing record is, in the active language."""
    words = {
        RecordKind.TENDER: _("Tender"),
        RecordKind.CONTRACT: _("Contract"),
        RecordKind.OPTION: _("Option"),
        RecordKind.IN_HOUSE_PERIOD: _("In-house period"),
    }
    return words.get(RecordKind(kind), kind)


def citing_lines(rows: tuple[CitingRow, ...]) -> list[Line]:
    """Each record citing the act, Enter opening it (an in-house period has no
    screen of its own: its row opens nothing)."""
    return [
        Line(
            (
                citing_kind(row.kind),
                row.ref,
                row.title
                if row.option_kind is None
                else _("{kind} of {contract}").format(
                    kind=term(row.option_kind), contract=row.title
                ),
            ),
            key=row.ref,
            opens=None if row.kind == RecordKind.IN_HOUSE_PERIOD else row.ref,
        )
        for row in rows
    ]


class ActScreen(DetailScreen[ActView]):
    KINDS = (RecordKind.ACT,)

    def fetch(self, ref: str, as_of: date) -> ActView:
        return self.tracker.act_view(ref, as_of)

    def build(self, view: ActView) -> Iterator[Widget]:
        fmt = self.fmt
        self.main_ref = view.ref
        self.title = _("Act {ref}").format(ref=view.ref)
        yield record_title(act_name(view.kind, view.number))
        yield facts(
            [
                (_("Ref"), view.ref),
                (_("Kind"), term(view.kind)),
                (_("Number"), view.number or _("not stated")),
                (_("Adopted on"), fmt.day(view.adopted_on, missing=_("not stated"))),
                (_("Adopted by"), view.body or _("not stated")),
                (_("Subject"), view.subject),
                (_("Link (URL)"), view.url),
                (_("Note"), view.note),
            ]
        )
        yield from table_section(
            _("Records citing this act"),
            [_("Record"), _("Ref"), _("What")],
            citing_lines(view.cited_by),
            empty=_("No record cites this act."),
            id="cited-by",
        )
        yield from self.notes_section(view.notes)
        yield from self.history_section(view.history)
