"""A footer that shows binding descriptions in the active language.

Bindings are declared once per class with English message ids (``N_("Back")``);
this footer translates them when it draws, so switching the language in the app
relabels every key without rebuilding the binding tables.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tracker.i18n import _


class TranslatedFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                widget.description = _(widget.description)
            yield widget
