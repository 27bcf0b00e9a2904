"""The command line's lists of consortia and of acts, as plain text for an
80-column terminal (the same rows as the app's lists)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from tracker.formatting import Formatter, printable
from tracker.i18n import _, ngettext
from tracker.present.acts import act_name
from tracker.present.consortia import lead_words, shares_words
from tracker.queries.acts import ActListRow
from tracker.queries.consortia import ConsortiumListRow
from tracker.render import WIDTH, table
from tracker.vocabulary import term


def consortia_text(rows: Iterable[ConsortiumListRow], fmt: Formatter) -> str:
    body = [
        [
            r.ref,
            term(r.kind),
            lead_words(r.members, r.kind),
            fmt.number(len(r.members)),
            shares_words(r.members, fmt),
        ]
        for r in rows
    ]
    if not body:
        return _("No consortia.") + "\n"
    return table(
        [_("Ref"), _("Kind"), _("Lead member"), _("Members"), _("Shares")],
        body,
        flexible=2,
    )


def acts_text(rows: Iterable[ActListRow], fmt: Formatter) -> str:
    """Each act on its own lines: too much to say for one row of 80 columns (a
    kind is "Delibera di Giunta Comunale", a subject a sentence)."""
    lines: list[str] = []
    for r in rows:
        lines.append(f"{r.ref}  {fmt.day(r.adopted_on, missing=_('date not stated'))}")
        for text in (act_name(r.kind, r.number), r.subject):
            lines += textwrap.wrap(
                text, WIDTH, initial_indent="  ", subsequent_indent="  "
            )
        lines.append(
            "  "
            + ngettext("cited by {n} record", "cited by {n} records", r.cited).format(
                n=fmt.number(r.cited)
            )
        )
    if not lines:
        return _("No acts.") + "\n"
    return "".join(printable(line) + "\n" for line in lines)
