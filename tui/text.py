"""User text on screen: shown as written, never read as markup.

Textual and Rich read a plain string given to a Static, a Label, a table cell, a
notification or a palette hit as markup: ``Coop [/] sociale`` would crash the
screen and ``[@click=app.quit]`` would become a link that runs an action. So user
text reaches a widget only as a ``Text`` or ``Content`` built here, with its
control characters shown escaped (``tracker.formatting.printable``), the same
rule as the command line.
"""

from __future__ import annotations

from rich.console import JustifyMethod
from rich.style import StyleType
from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from tracker.formatting import printable


def literal(
    text: str,
    style: StyleType = "",
    *,
    justify: JustifyMethod | None = None,
    multiline: bool = False,
) -> Text:
    """``text`` as it is, in ``style``; ``multiline`` keeps its line breaks."""
    return Text(printable(text, multiline=multiline), style=style, justify=justify)


def cell(value: str | Text) -> Text:
    """A table cell: a string shown as it is, on one line as DataTable lays out
    its own strings; a ``Text`` (built with ``literal``) unchanged."""
    if isinstance(value, Text):
        return value
    return Text(printable(value), no_wrap=True, end="")


def markup(text: str) -> str:
    """``text`` for an API that only takes markup (a palette hit's help)."""
    return escape(printable(text))


def highlighted(matcher: Matcher, candidate: str) -> Content:
    """``candidate`` with the letters ``matcher`` found in it highlighted, as the
    palette shows them (Textual's own ``highlight`` reads the candidate as markup).
    """
    shown = printable(candidate)
    content = Content(shown)
    score, offsets = matcher.fuzzy_search.match(matcher.query, shown)
    if not score:
        return content
    for offset in offsets:
        if not shown[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
