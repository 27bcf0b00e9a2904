"""The Italian catalog covers every message, keeps its placeholders, and is used."""

from __future__ import annotations

import re

import pytest

from scripts.update_catalogs import extract, translated
from tracker.i18n import _, load_catalog, ngettext, set_language
from tracker.present.countdowns import days_ago, in_days, overdue_by

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _forms(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, tuple | list) else [str(value)]


def test_every_message_in_the_code_is_translated_to_italian() -> None:
    catalog = load_catalog("it")
    assert catalog is not None
    missing = []
    for message in extract():
        if not message.id:
            continue
        entry = catalog.get(message.id)
        if entry is None or not translated(entry.string) or entry.fuzzy:
            missing.append(message.id)
    assert missing == [], "run scripts/update_catalogs.py and translate these"


def test_translations_keep_their_placeholders() -> None:
    catalog = load_catalog("it")
    assert catalog is not None
    for entry in catalog:
        if not entry.id:
            continue
        wanted = {
            name for form in _forms(entry.id) for name in PLACEHOLDER.findall(form)
        }
        for form in _forms(entry.string):
            assert set(PLACEHOLDER.findall(form)) == wanted, entry.id


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "it",
            [
                "tra 164 giorni",
                "da 27 giorni",
                "termine scaduto da 3 giorni",
                "tra 1 giorno",
            ],
        ),
        ("en", ["in 164 days", "for 27 days", "overdue by 3 days", "in 1 day"]),
    ],
)
def test_countdowns_in_each_language(language: str, expected: list[str]) -> None:
    set_language(language)
    assert [
        in_days(164),
        days_ago(27),
        overdue_by(3),
        ngettext("in {n} day", "in {n} days", 1).format(n=1),
    ] == expected


def test_unknown_language_falls_back_to_english() -> None:
    set_language("de")
    assert _("planned") == "planned"
    set_language("it")
    assert _("planned") == "programmata"


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_stored_value_reads_as_words(language: str) -> None:
    from tracker.vocabulary import VOCABULARY, term

    set_language(language)
    for value in VOCABULARY:
        assert "_" not in term(value), (language, value)
    assert term("affidamento_diretto") == (
        "affidamento diretto" if language == "it" else "direct award"
    )


# Values that are Italian terms of the law and read as themselves in Italian.
ITALIAN_TERMS = {"ATI", "RTI", "consorzio"}


def test_every_stored_enumeration_is_in_the_vocabulary() -> None:
    from enum import StrEnum

    from tracker.domain import consortium, kinds
    from tracker.vocabulary import VOCABULARY

    stored = {
        member.value
        for module in (kinds, consortium)
        for enum in vars(module).values()
        if isinstance(enum, type) and issubclass(enum, StrEnum) and enum is not StrEnum
        for member in enum
    }
    assert "social_cooperative" in stored
    assert sorted(stored - set(VOCABULARY) - ITALIAN_TERMS) == []


def test_every_part_of_a_record_in_the_history_reads_as_words_in_italian() -> None:
    # A history entry is shown by its record's ref; rows with no ref of their own
    # (members, links, teams, notes...) by what they are.
    from sqlmodel import SQLModel

    from tracker import models
    from tracker.vocabulary import record_part

    set_language("it")
    # the kept facts are worked out from the records, never written in the history
    derived = {model.__tablename__ for model in models.DERIVED}
    tables = [
        name
        for name, table in SQLModel.metadata.tables.items()
        if name != "change" and name not in derived and "ref" not in table.c
    ]
    assert "staffing" in tables
    raw = [t for t in tables if record_part(t) == t or "_" in record_part(t)]
    assert raw == []
