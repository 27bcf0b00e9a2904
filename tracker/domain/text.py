"""Text is data, never control: what a name, a title or a note may hold.

A terminal obeys control characters (a screen clear, a hidden link, a line rewritten
by a carriage return) and the bidi embeddings, overrides and isolates show text in
another order than it is stored, so none of them belong in a record. NUL cannot be
stored by PostgreSQL at all; refusing it on every backend keeps one rule for both.
Tab and line break are allowed only in text written as a block (a note); a lone
surrogate is not a character and cannot be stored either.
"""

from __future__ import annotations

import re
import unicodedata

from tracker.errors import N_, Message, ValidationError

CONTROL_CHARACTERS = "\x00-\x1f\x7f-\x9f"
"""C0 controls, DEL and C1 controls, as a regular expression class."""
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
"""Bidi embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069)."""
SURROGATES = "\ud800-\udfff"
BLOCK_WHITESPACE = "\t\n"
"""What a block of text (a note) may hold that a single line may not."""

_LINE = re.compile(f"[{CONTROL_CHARACTERS}{BIDI_CONTROLS}{SURROGATES}]")
_BLOCK = re.compile(
    f"(?![{BLOCK_WHITESPACE}])[{CONTROL_CHARACTERS}{BIDI_CONTROLS}{SURROGATES}]"
)


def text_problem(text: str, *, block: bool = False) -> Message | None:
    """Why ``text`` cannot be stored, or None when it can. ``block``: text written
    as a block (a note), where tabs and line breaks are allowed."""
    found = (_BLOCK if block else _LINE).search(text)
    if found is None:
        return None
    char = found.group()
    code = ord(char)
    where = {"char": f"U+{code:04X}", "position": found.start() + 1}
    if char in BLOCK_WHITESPACE:
        return Message(
            N_(
                "must be on one line, without tabs or line breaks "
                "({char} at character {position})"
            ),
            where,
        )
    if 0xD800 <= code <= 0xDFFF:
        return Message(
            N_("holds an invalid character ({char} at character {position})"), where
        )
    if code >= 0x2000:
        return Message(
            N_(
                "holds a control that changes the direction of the text "
                "({char} at character {position})"
            ),
            where,
        )
    return Message(
        N_(
            "holds a control character, which text cannot hold "
            "({char} at character {position})"
        ),
        where,
    )


def check_text(text: str, *, field: str, block: bool = False) -> str:
    """``text`` itself, or a ValidationError naming ``field`` and the value."""
    problem = text_problem(text, block=block)
    if problem is not None:
        raise ValidationError(field, text, problem)
    return text


def folded(text: str) -> str:
    """``text`` as a search compares it: lower case, accents dropped ("Città" and
    "CITTA" are both "citta"), the typographic apostrophe as the plain one."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
