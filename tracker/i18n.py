"""Translation of user-facing text (gettext catalogs under ``tracker/locale``)."""

from __future__ import annotations

import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "appalti"

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` ('it' or 'en')."""
    global _active, _language
    _language = language
    _active = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
    )


def language() -> str:
    return _language


def _(message: str) -> str:
    return _active.gettext(message)
