"""An act is cited as officers cite it, in each language, saying what is missing."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.acts import act_citation
from tracker.queries.rows import ActRow


def _act(number: str | None, adopted_on: date | None) -> ActRow:
    return ActRow(
        ref="DD-1",
        kind="determina_dirigenziale",
        number=number,
        adopted_on=adopted_on,
        body=None,
        subject="affidamento",
    )


CASES = [
    (
        _act("12", date(2023, 2, 3)),
        "executive decision (determina) n. 12 of 03/02/2023: affidamento",
        "Determina dirigenziale n. 12 del 03/02/2023: affidamento",
    ),
    (
        _act("12", None),
        "executive decision (determina) n. 12 of not stated: affidamento",
        "Determina dirigenziale n. 12 del n.d.: affidamento",
    ),
    (
        _act(None, date(2023, 2, 3)),
        "executive decision (determina) n. not stated of 03/02/2023: affidamento",
        "Determina dirigenziale n. n.d. del 03/02/2023: affidamento",
    ),
    (
        _act(None, None),
        "executive decision (determina) (number and date not stated): affidamento",
        "Determina dirigenziale (numero e data non indicati): affidamento",
    ),
]


@pytest.mark.parametrize(("act", "english", "italian"), CASES)
@pytest.mark.parametrize("language", ["en", "it"])
def test_an_act_is_cited_by_kind_number_and_day(
    act: ActRow, english: str, italian: str, language: str
) -> None:
    set_language(language)
    expected = english if language == "en" else italian
    assert act_citation(act, Formatter(language)) == expected
