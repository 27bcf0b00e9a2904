"""Unit tests for tracker.domain.text: text is data, never control."""

from __future__ import annotations

import pytest

from tracker.domain.text import check_text, text_problem
from tracker.errors import ValidationError
from tracker.i18n import set_language

LINE_BREAK = "must be on one line"
CONTROL = "holds a control character"
DIRECTION = "changes the direction of the text"
INVALID = "holds an invalid character"


@pytest.mark.parametrize(
    ("text", "block", "expected"),
    [
        pytest.param("Coop. sociale Spazio Aperto", False, None, id="plain"),
        pytest.param("Società «Ŀ\u2019Aquila» – 5 €", False, None, id="accents-quotes"),
        pytest.param("Coop [/] sociale [@click=app.quit]", False, None, id="markup"),
        pytest.param("مؤسسة\u200f Ltd", False, None, id="rtl-mark-allowed"),
        pytest.param("a\u00a0b", False, None, id="no-break-space"),
        pytest.param("", False, None, id="empty"),
        pytest.param("nul\x00", False, CONTROL, id="nul"),
        pytest.param("\x1b[2J", False, CONTROL, id="escape"),
        pytest.param("a\rb", False, CONTROL, id="carriage-return"),
        pytest.param("a\rb", True, CONTROL, id="carriage-return-in-block"),
        pytest.param("a\x7f", False, CONTROL, id="delete"),
        pytest.param("a\x85b", False, CONTROL, id="c1-next-line"),
        pytest.param("\x9b31m", True, CONTROL, id="c1-csi-in-block"),
        pytest.param("a\tb", False, LINE_BREAK, id="tab-on-a-line"),
        pytest.param("a\nb", False, LINE_BREAK, id="newline-on-a-line"),
        pytest.param("a\tb\nc", True, None, id="tab-newline-in-block"),
        pytest.param("abc\u202egpj.exe", False, DIRECTION, id="right-to-left-override"),
        pytest.param("\u202a", True, DIRECTION, id="embedding-in-block"),
        pytest.param("x\u2066y\u2069", False, DIRECTION, id="isolate"),
        pytest.param("x\u2069", False, DIRECTION, id="pop-isolate"),
        pytest.param("x\ud800", False, INVALID, id="lone-surrogate"),
        pytest.param("x\udfff", True, INVALID, id="lone-low-surrogate-in-block"),
    ],
)
def test_text_rule(text: str, block: bool, expected: str | None) -> None:
    set_language("en")
    problem = text_problem(text, block=block)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert expected in str(problem)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("ab\x00", "U+0000 at character 3"),
        ("\u202e", "U+202E at character 1"),
        ("a\nb", "U+000A at character 2"),
    ],
)
def test_the_problem_names_the_character_and_where_it_is(text: str, where: str) -> None:
    set_language("en")
    problem = text_problem(text)
    assert problem is not None
    assert where in str(problem)


def test_check_text_names_the_field_and_quotes_the_value_escaped() -> None:
    set_language("en")
    with pytest.raises(ValidationError) as raised:
        check_text("Coop\x1b]8;;http://x\x07", field="name")
    message = str(raised.value)
    assert message.startswith("Name: holds a control character")
    assert "'Coop\\x1b]8;;http://x\\x07'" in message
    assert "\x1b" not in message
    assert check_text("a\nb", field="note", block=True) == "a\nb"


def test_the_problem_is_in_italian() -> None:
    set_language("it")
    try:
        assert str(text_problem("a\x00")) == (
            "contiene un carattere di controllo, che non è ammesso nel testo "
            "(U+0000 al carattere 2)"
        )
    finally:
        set_language("en")
