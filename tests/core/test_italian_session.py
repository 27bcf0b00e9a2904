"""A scripted session at the command line in Italian, with good and bad input and
the help of every command: no English word and no raw code reaches the officer. The
same session in English stays English."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from tracker.api import Tracker
from tracker.cli import HANDLERS, main

AS_OF = ["--as-of", "2023-01-17"]

SESSION = [
    ["list", "tenders"],
    ["list", "contracts"],
    ["list", "services"],
    ["list", "organisations"],
    ["show", "LOR-2019"],
    ["show", "LOR-2019-C1"],
    ["show", "LDQ-2016"],
    ["continuity", *AS_OF],
    ["alerts", *AS_OF],
    ["alerts", *AS_OF, "--within", "10"],
    ["deadline", "ack", "LOR-2019-C1/end", *AS_OF],
    ["plan", "--from", "2023", *AS_OF, "--scenario", "SCN-CDQ-2024", "SCN-LOR-2025"],
    ["plan", "--from", "2023", *AS_OF, "--scenario", "SCN-SAN-SIRO-PINQUA"],
    # bad input
    ["show", "NOPE"],
    ["show", "LSL-LORENTEGGIO"],
    ["deadline", "done", "NOPE"],
    ["deadline", "ack", "LOR-2019-C1/nothing"],
    ["alerts", "--as-of", "2023-13-01"],
    ["alerts", "--as-of", "2300-01-01"],
    ["alerts", "--within", "x"],
    ["alerts", "--within", "99999999999"],
    ["alerts", "--fail-on", "sometimes"],
    ["list"],
    ["list", "suppliers"],
    ["show"],
    ["dossier"],
    ["report", "money", "-o", "x.pdf"],
    ["generate", "--contracts", "many"],
    ["plan", "--from", "20x3"],
    ["plan", "--from", "2023", "--scenario", "LOR-2023"],
    ["plan", "--from", "2023", "--scenario", "NOPE"],
    ["--bogus"],
    ["nonsense"],
    # the help of the program and of every command
    ["--help"],
    *([command, "--help"] for command in HANDLERS),
]

SPREADSHEETS = [
    ["list", "tenders", "--excel", *AS_OF],
    ["list", "contracts", "--excel", *AS_OF],
    ["continuity", "--excel", *AS_OF],
    ["alerts", "--excel", *AS_OF],
]
"""CSV for Excel: headers and words in Italian (the Milan data's notes are
Italian in either language, so the English session leaves them out)."""


# Words of the command line itself, which people type as they are: the commands,
# the choices of their arguments, the setting a default comes from, the key of an
# alert given as an example, and names of products and formats.
TYPED = {
    *HANDLERS,
    *("tenders", "contracts", "services", "organisations", "text", "json"),
    *("critical", "warning", "done", "ack", "continuity", "it", "en", "lang"),
    *("horizon_days", "continuity_gap", "start", "end", "db", "as", "of", "within"),
    *("fail", "on", "format", "output", "contracts", "seed", "version", "h", "o"),
}
NAMES = {"SQLAlchemy", "SQLite", "URL", "PDF", "APPALTI_DB", "appalti", "Milano"}

ENGLISH = {
    "the", "of", "and", "is", "not", "with", "for", "must", "this", "that", "are",
    "be", "was", "has", "have", "which", "only", "invalid", "required", "error",
    "usage", "argument", "arguments", "options", "show", "help", "exit", "choose",
    "from", "by", "to", "an", "should", "found", "value", "or", "no", "there",
    "cannot", "missing", "unknown", "following", "expected",
    "day", "days", "date", "until", "since", "when", "where", "reference",
}  # fmt: skip


def _stored_codes() -> set[str]:
    """The stored values written in English (``municipal``, ``net``, ``monthly``)."""
    import enum

    from tracker.domain import consortium, kinds, money, periods

    return {
        member.value
        for module in (kinds, consortium, money, periods)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, enum.StrEnum)
        for member in value
        if member.value.isascii() and member.value.isalpha()
    } - {"ATI", "RTI", "consorzio", "mandataria", "mandante", "aperta", "ristretta"}


ENGLISH |= _stored_codes() - {"negoziata", "decreto", "aler", "comune"}


def offending(output: str, typed: set[str]) -> list[str]:
    """The lines of ``output`` holding an English word or a raw code."""
    found = []
    for line in output.splitlines():
        # what the person typed, quoted back, file paths and the keys of the
        # settings file (mail.to) are theirs
        plain = re.sub(r"'[^']*'|/\S+|--[a-z-]+|\$\w+|\b[a-z]+\.[a-z_]+\b", " ", line)
        for word in re.findall(r"[A-Za-z_]+", plain):
            if word in typed or word in NAMES:
                continue
            raw_code = "_" in word and word.lower() == word
            if raw_code or word.lower() in ENGLISH:
                found.append(f"{word!r} in: {line}")
                break
    return found


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with contextlib.suppress(SystemExit):
        main(argv)
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.fixture
def session_db(milan: Tracker, db_url: str) -> str:
    del milan
    return db_url


def test_an_italian_session_shows_no_english_and_no_raw_code(
    session_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    problems = []
    for argv in [*SESSION, *SPREADSHEETS]:
        output = run(["--db", session_db, "--lang", "it", *argv], capsys)
        assert output.strip(), argv
        problems += [f"{' '.join(argv)}: {p}" for p in offending(output, TYPED)]
    assert problems == []


def test_the_session_speaks_italian_before_its_arguments_are_parsed(
    session_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "uso: appalti" in run(["--lang", "it", "--help"], capsys)
    refused = run(["--db", session_db, "--lang=it", "alerts", "--within", "x"], capsys)
    assert "errore: argomento --within: numero di giorni non valido: 'x'" in refused
    missing = run(["--lang", "it", "list"], capsys)
    assert "mancano questi argomenti obbligatori: TIPO" in missing


def test_the_same_session_in_english_stays_english(
    session_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = {
        " ".join(argv): run(["--db", session_db, "--lang", "en", *argv], capsys)
        for argv in SESSION
    }
    assert "usage: appalti" in outputs["--help"]
    assert "the following arguments are required: KIND" in outputs["list"]
    assert "no tender or contract has the reference 'NOPE'" in outputs["show NOPE"]
    assert (
        "Deadline LOR-2019-C1 (end of the contract) acknowledged"
        in outputs[f"deadline ack LOR-2019-C1/end {' '.join(AS_OF)}"]
    )
    # words of the catalog's Italian, never of the Milan data (whose titles are
    # Italian in both languages)
    italian = re.compile(
        r"\b(errore|uso|nessun[ao]?|mancano|argomento|predefinito|scelta|esce)\b"
    )
    leaks = [
        f"{argv}: {line}"
        for argv, output in outputs.items()
        for line in output.splitlines()
        if italian.search(line)
    ]
    assert leaks == []


@pytest.mark.parametrize(
    ("settings", "environment", "usage"),
    [
        ('language = "it"\n', "en_GB.UTF-8", "uso: appalti"),
        ("", "it_IT.UTF-8", "uso: appalti"),
        ('language = "en"\n', "it_IT.UTF-8", "usage: appalti"),
    ],
)
def test_the_help_speaks_the_settings_language_else_the_environments(
    settings: str,
    environment: str,
    usage: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(settings, encoding="utf-8")
    monkeypatch.setenv("APPALTI_CONFIG", str(config))
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", environment)
    assert run(["--help"], capsys).startswith(usage)
