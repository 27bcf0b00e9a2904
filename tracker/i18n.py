"""Translation of user-facing text.

Catalogs are gettext ``.po`` files under ``tracker/locale/<lang>/LC_MESSAGES``, read
with Babel when the language is chosen (no compile step). Message ids are English;
English needs no catalog.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "appalti"
LANGUAGES = ("it", "en")

_catalog: Catalog | None = None
_language = "en"
# What ``_()`` answered for each message in the active language: Babel's lookup
# normalises the id on every call, which 12,000 alerts of a few sentences each pay.
_said: dict[str, str] = {}


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(language: str) -> Catalog | None:
    from babel.messages.pofile import read_po

    path = catalog_path(language)
    if not path.is_file():
        return None
    with path.open("rb") as stream:
        return read_po(stream, locale=language)


def set_language(language: str) -> None:
    """Switch every later ``_()`` and ``ngettext()`` call to ``language``."""
    global _catalog, _language
    _language = language if language in LANGUAGES else "en"
    _catalog = None if _language == "en" else load_catalog(_language)
    _said.clear()


def language() -> str:
    return _language


def _(message: str) -> str:
    """``message`` in the active language (itself when untranslated)."""
    if _catalog is None:
        return message
    said = _said.get(message)
    if said is None:
        entry = _catalog.get(message)
        if entry is None or not entry.string or entry.fuzzy:
            said = message
        else:
            said = str(entry.string)
        _said[message] = said
    return said


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count`` in the active language."""
    if _catalog is not None:
        entry = _catalog.get(singular)
        if (
            entry is not None
            and isinstance(entry.string, tuple | list)
            and all(entry.string)
        ):
            # Italian and English have two forms: one, and every other number.
            index = 0 if count == 1 else 1
            forms = list(entry.string)
            return str(forms[min(index, len(forms) - 1)])
    return singular if count == 1 else plural


def translate_argparse() -> None:
    """Route argparse's own messages (usage, "the following arguments are
    required", "invalid choice", the help's headings) through this catalog.

    argparse looks its strings up through the module-level ``_`` and ``ngettext``
    it imports from gettext, at the time it formats them: pointing those at ours
    makes them follow the active language, with no gettext domain to install.
    """
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
