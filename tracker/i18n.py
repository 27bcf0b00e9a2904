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
# The same for ``ngettext()``: the two forms of each translated message, None for
# one left in English (whose forms are the caller's).
_forms: dict[str, tuple[str, str] | None] = {}
# The catalogs read in this process: the command line chooses its language twice
# (before parsing its arguments, and after reading the settings), and each reading
# of a .po file parses thousands of messages.
_catalogs: dict[str, Catalog | None] = {}


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
    if _language == "en":
        _catalog = None
    else:
        if _language not in _catalogs:
            _catalogs[_language] = load_catalog(_language)
        _catalog = _catalogs[_language]
    _said.clear()
    _forms.clear()


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
        if singular in _forms:
            forms = _forms[singular]
        else:
            forms = _forms[singular] = _plural_forms(_catalog, singular)
        if forms is not None:
            # Italian and English have two forms: one, and every other number.
            return forms[0] if count == 1 else forms[1]
    return singular if count == 1 else plural


def _plural_forms(catalog: Catalog, singular: str) -> tuple[str, str] | None:
    entry = catalog.get(singular)
    if entry is None or not isinstance(entry.string, tuple | list):
        return None
    if not all(entry.string):
        return None
    forms = [str(form) for form in entry.string]
    return forms[0], forms[min(1, len(forms) - 1)]


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
