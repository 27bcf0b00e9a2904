"""An alert's severity is said in words, in each language."""

from __future__ import annotations

import pytest

from tracker.domain.alerts import Severity
from tracker.i18n import set_language
from tracker.present.alerts import (
    SEVERITIES,
    severity_capitals,
    severity_heading,
    severity_word,
)

CASES = [
    ("critical", "en", "critical", "CRITICAL"),
    ("warning", "en", "warning", "WARNING"),
    ("info", "en", "notice", "NOTICE"),
    ("critical", "it", "critico", "CRITICO"),
    ("warning", "it", "attenzione", "ATTENZIONE"),
    ("info", "it", "nota", "NOTA"),
]


@pytest.mark.parametrize(("severity", "language", "word", "capitals"), CASES)
def test_a_severity_reads_as_a_word_in_tables_and_in_capitals_in_text(
    severity: str, language: str, word: str, capitals: str
) -> None:
    set_language(language)
    assert severity_word(severity) == word
    assert severity_capitals(severity) == capitals


def test_every_severity_has_its_words_from_the_most_urgent() -> None:
    assert tuple(s.value for s in Severity) == SEVERITIES


HEADINGS = [
    ("critical", 1, "en", "1 critical alert"),
    ("critical", 3, "en", "3 critical alerts"),
    ("warning", 1, "en", "1 warning"),
    ("info", 2, "en", "2 notices"),
    ("critical", 1, "it", "1 avviso critico"),
    ("critical", 3, "it", "3 avvisi critici"),
    ("warning", 1, "it", "1 segnalazione"),
    ("warning", 4, "it", "4 segnalazioni"),
    ("info", 1, "it", "1 nota"),
    ("info", 2, "it", "2 note"),
    ("critical", 3134, "it", "3.134 avvisi critici"),
    ("warning", 12076, "en", "12,076 warnings"),
]


@pytest.mark.parametrize(("severity", "count", "language", "words"), HEADINGS)
def test_a_group_of_alerts_is_counted_in_words(
    severity: str, count: int, language: str, words: str
) -> None:
    """The heading of a group on the alerts screen and in the PDF, and the counts
    of their summaries."""
    set_language(language)
    assert severity_heading(severity, count) == words
