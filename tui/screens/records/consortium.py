"""A consortium (ATI/RTI) with its members and contracts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from textual.widget import Widget

from tracker.api import ConsortiumView, RecordKind
from tracker.i18n import _
from tracker.present.consortia import lead_words, shares_words
from tracker.vocabulary import term
from tui.screens.records.blocks import facts, record_title, table_section
from tui.screens.records.detail import DetailScreen
from tui.screens.records.lines import member_lines


class ConsortiumScreen(DetailScreen[ConsortiumView]):
    KINDS = (RecordKind.CONSORTIUM,)

    def fetch(self, ref: str, as_of: date) -> ConsortiumView:
        return self.tracker.consortium_view(ref, as_of)

    def build(self, view: ConsortiumView) -> Iterator[Widget]:
        fmt = self.fmt
        self.main_ref = view.ref
        self.title = _("Consortium {ref}").format(ref=view.ref)
        yield record_title(view.name)
        yield facts(
            [
                (_("Ref"), view.ref),
                (_("Kind"), term(view.kind)),
                (_("Lead member"), lead_words(view.members, view.kind)),
                (
                    _("Shares"),
                    shares_words(view.members, fmt)
                    if view.shares_total is None
                    else _("{total} in all").format(
                        total=fmt.percent(view.shares_total)
                    ),
                ),
                (_("Note"), view.note),
            ]
        )
        yield from table_section(
            _("Members"),
            [_("Role"), _("Member"), _("Partita IVA"), _("Share")],
            member_lines(view.members, fmt),
            empty=_("No members."),
            right=(3,),
            id="members",
        )
        yield from self.contracts_section(view.contracts)
        yield from self.notes_section(view.notes)
        yield from self.history_section(view.history)
