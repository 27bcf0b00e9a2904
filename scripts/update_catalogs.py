"""Extract the translatable messages and merge them into the catalogs.

    python scripts/update_catalogs.py

New messages arrive untranslated (the app shows them in English) and a test lists
them until someone translates them in tracker/locale/<lang>/LC_MESSAGES/appalti.po.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from tracker.i18n import DOMAIN, catalog_path

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
TRANSLATED = ("it",)


def extract() -> Catalog:
    """Every message marked with _() or ngettext() in tracker/ and tui/."""
    template = Catalog(project="appalti", domain=DOMAIN)
    for package in ("tracker", "tui"):
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / package,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
        ):
            template.add(
                message,
                locations=[(f"{package}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def translated(string: object) -> bool:
    """Whether a catalog entry has every form translated (plurals have several)."""
    if isinstance(string, tuple | list):
        return bool(string) and all(string)
    return bool(string)


def main() -> None:
    template = extract()
    for language in TRANSLATED:
        path = catalog_path(language)
        if path.is_file():
            with path.open("rb") as stream:
                catalog = read_po(stream, locale=language)
        else:
            catalog = Catalog(locale=language, project="appalti", domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            write_po(stream, catalog, width=88, omit_header=False, ignore_obsolete=True)
        missing = [m.id for m in catalog if m.id and not translated(m.string)]
        print(
            f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated"
        )


if __name__ == "__main__":
    main()
