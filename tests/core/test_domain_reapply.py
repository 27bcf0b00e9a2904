"""Reapplying a person's edits on values someone else changed meanwhile."""

from __future__ import annotations

from typing import Any

import pytest

from tracker.domain.reapply import Clash, reapply

BASE = {"title": "A", "end": "2022-06-20", "members": ["X", "Y"], "note": None}

CASES: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any], list[Clash]]] = [
    # name, mine, theirs (current), expected values, clashes
    ("nothing changed", {}, {}, BASE, []),
    ("only mine", {"title": "B"}, {}, {**BASE, "title": "B"}, []),
    ("only theirs", {}, {"end": "2022-12-31"}, {**BASE, "end": "2022-12-31"}, []),
    (
        "different fields: both kept",
        {"title": "B"},
        {"end": "2022-12-31"},
        {**BASE, "title": "B", "end": "2022-12-31"},
        [],
    ),
    (
        "the same change twice",
        {"title": "B"},
        {"title": "B"},
        {**BASE, "title": "B"},
        [],
    ),
    (
        "the same field, different values: mine kept, a clash",
        {"title": "B"},
        {"title": "C"},
        {**BASE, "title": "B"},
        [Clash("title", "A", "B", "C")],
    ),
    (
        "a list is one field",
        {"members": ["X"]},
        {"members": ["X", "Y", "Z"]},
        {**BASE, "members": ["X"]},
        [Clash("members", ["X", "Y"], ["X"], ["X", "Y", "Z"])],
    ),
    ("a value cleared", {"note": None, "end": None}, {}, {**BASE, "end": None}, []),
]


@pytest.mark.parametrize(
    ("mine", "theirs", "values", "clashes"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_reapply(
    mine: dict[str, Any],
    theirs: dict[str, Any],
    values: dict[str, Any],
    clashes: list[Clash],
) -> None:
    result = reapply(BASE, {**BASE, **mine}, {**BASE, **theirs})
    assert result.values == values
    assert list(result.clashes) == clashes
    assert set(result.changed) == {k for k, v in mine.items() if BASE[k] != v}
