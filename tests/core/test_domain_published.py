"""Taking published data again: the publisher's changes are taken, local edits kept."""

from __future__ import annotations

from typing import Any

import pytest

from tracker.domain.published import Conflict, take_published

W = {"title": "A", "end": "2023-01-01", "amount": "10.00"}

CASES: list[
    tuple[
        str,
        dict[str, Any],
        dict[str, Any],
        bool,
        dict[str, Any],
        tuple[str, ...],
        tuple[Conflict, ...],
    ]
] = [
    # name, published, current, overwrite, values, updated, conflicts
    ("nothing changed", W, W, False, W, (), ()),
    (
        "publisher changed a field",
        {**W, "end": "2023-06-30"},
        W,
        False,
        {**W, "end": "2023-06-30"},
        ("end",),
        (),
    ),
    (
        "only a local edit",
        W,
        {**W, "title": "Mine"},
        False,
        {**W, "title": "Mine"},
        (),
        (),
    ),
    (
        "both changed different fields",
        {**W, "end": "2023-06-30"},
        {**W, "title": "Mine"},
        False,
        {**W, "title": "Mine", "end": "2023-06-30"},
        ("end",),
        (),
    ),
    (
        "both changed the same field: local kept",
        {**W, "title": "Theirs"},
        {**W, "title": "Mine"},
        False,
        {**W, "title": "Mine"},
        (),
        (Conflict("title", "Mine", "Theirs"),),
    ),
    (
        "both changed the same field, told to overwrite",
        {**W, "title": "Theirs"},
        {**W, "title": "Mine"},
        True,
        {**W, "title": "Theirs"},
        ("title",),
        (Conflict("title", "Mine", "Theirs"),),
    ),
    (
        "both made the same change",
        {**W, "title": "Same"},
        {**W, "title": "Same"},
        False,
        {**W, "title": "Same"},
        (),
        (),
    ),
]


@pytest.mark.parametrize(
    ("published", "current", "overwrite", "values", "updated", "conflicts"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_take_published(
    published: dict[str, Any],
    current: dict[str, Any],
    overwrite: bool,
    values: dict[str, Any],
    updated: tuple[str, ...],
    conflicts: tuple[Conflict, ...],
) -> None:
    taken = take_published(W, published, current, overwrite_local=overwrite)
    assert taken.values == values
    assert taken.updated == updated
    assert taken.conflicts == conflicts
