"""An organisation with its consortia and contracts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from textual.widget import Widget

from tracker.api import OrganisationView, RecordKind
from tracker.i18n import _
from tracker.vocabulary import term
from tui.screens.records.blocks import Line, facts, record_title, table_section
from tui.screens.records.detail import DetailScreen


class OrganisationScreen(DetailScreen[OrganisationView]):
    KINDS = (RecordKind.ORGANISATION,)

    def fetch(self, ref: str, as_of: date) -> OrganisationView:
        return self.tracker.organisation_view(ref, as_of)

    def build(self, view: OrganisationView) -> Iterator[Widget]:
        fmt = self.fmt
        o = view.organisation
        self.main_ref = o.ref
        self.title = _("Organisation {ref}").format(ref=o.ref)
        yield record_title(o.name)
        yield facts(
            [
                (_("Ref"), o.ref),
                (_("Kind"), term(o.kind) if o.kind else "-"),
                (_("Legal form"), o.legal_form or "-"),
                (_("Partita IVA"), o.partita_iva or _("not stated")),
                (_("Codice fiscale"), o.codice_fiscale or _("not stated")),
                (_("AUSA code"), o.ausa),
                (_("Address"), o.address or "-"),
                (_("Note"), o.note),
            ]
        )
        yield from table_section(
            _("Consortia"),
            [_("Consortium"), _("Name"), _("Role"), _("Share")],
            [
                Line(
                    (
                        m.consortium,
                        m.name,
                        term(m.role),
                        fmt.percent(m.share, missing=_("not stated")),
                    ),
                    key=m.consortium,
                    opens=m.consortium,
                )
                for m in view.memberships
            ],
            empty=_("Not a member of any consortium."),
            right=(3,),
            id="consortia",
        )
        yield from self.contracts_section(view.contracts)
        yield from self.notes_section(view.notes)
        yield from self.history_section(view.history)
