"""An alert's severity is said in words, in each language."""

from __future__ import annotations

import pytest

from tracker.domain.alerts import Severity
from tracker.i18n import set_language
from tracker.present.alerts import SEVERITIES, severity_capitals, severity_word

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
