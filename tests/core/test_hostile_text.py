"""User text is data: names holding terminal controls, bidi overrides or markup
come out of every text command escaped, visibly, and never obeyed.

The hostile rows are written with SQL, past the loader's checks: a database made
before those checks may hold them.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from tracker.api import Tracker
from tracker.cli import main
from tracker.formatting import printable
from tracker.kept.store import replace_facts

# Each value carries what a terminal would obey: an OSC 8 hyperlink hiding its
# target, a screen clear, a carriage return that overwrites the line, C1 controls,
# bidi overrides and isolates; and what a markup parser would read: [/], an
# action link, [b], HTML.
LINK = "Spazio \x1b]8;;https://evil.example/\x1b\\Aperto\x1b]8;;\x1b\\ Coop"
CLEAR = "Coop [/] sociale \x1b[2J\x1b[H"
CLICK = "[@click=app.quit]A&I[/]"
HTML = "<b>DIKE</b> & co [b]"
CR = "Laboratorio Mazzini\rTUTTO OK"
BIDI = "Laboratorio \u202eoirartnoc\u202c Lorenteggio"
COLOUR = "San \x1b[31mSiro\x1b[0m"
TENDER = "Gara \x1b[2J\x1b[H [i]corsivo[/i] <b>&amp;"
TENDER_NOTE = "riga uno\nriga due \x1b[5m\t{nul}fine"
C1 = "Servizio \x9b2J C1 \x07 \u2066isolato\u2069 \x7f"
CONSORTIUM = "ATI [/] \x1b[8mnascosto"
ACT = "Delibera \x1b]0;titolo\x07"
ROLE = "Coordinatore\x1b[2K"
FUNDING = "[@click=app.quit]POR[/]"
NOTE = "Nota\nsu due righe \x1b[2J"
AUTHOR = "rup \u202elive"
DEADLINE = "Scadenza [/] \x1b[5mlampeggia"
OWNER = "Ufficio\rGare"
REF = "KCITY\x1b[2J"

UPDATES = [
    ("UPDATE organisation SET name = :v WHERE ref = 'SPAZIO-APERTO'", LINK),
    ("UPDATE organisation SET name = :v WHERE ref = 'ARS'", CLEAR),
    ("UPDATE organisation SET name = :v WHERE ref = 'A-I'", CLICK),
    ("UPDATE organisation SET name = :v WHERE ref = 'DIKE'", HTML),
    ("UPDATE organisation SET ref = :v WHERE ref = 'KCITY'", REF),
    ("UPDATE service SET name = :v WHERE ref = 'LDQ-MAZZINI'", CR),
    ("UPDATE service SET name = :v WHERE ref = 'LSL-LORENTEGGIO'", BIDI),
    ("UPDATE neighbourhood SET name = :v WHERE ref = 'SAN-SIRO'", COLOUR),
    ("UPDATE tender SET title = :v WHERE ref = 'LDQ-2016'", TENDER),
    ("UPDATE contract SET title = :v WHERE ref = 'LOR-2019-C1'", C1),
    ("UPDATE consortium SET name = :v WHERE ref = 'ATI-LORENTEGGIO-2019'", CONSORTIUM),
    ("UPDATE act SET subject = :v WHERE ref = 'DGC-2016-LDQ'", ACT),
    ("UPDATE staffing SET role = :v WHERE role = 'Coordinatore equipe'", ROLE),
    ("UPDATE funding_source SET name = :v WHERE ref = 'POR-FSE-2014-2020'", FUNDING),
]

# Printed raw, these would act on the terminal; only the line feed may remain.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def make_hostile(url: str, *, nul: bool) -> None:
    """Give the Milan dataset in ``url`` hostile names, notes and a deadline.

    NUL goes in only where the backend stores it (SQLite; PostgreSQL refuses it).
    """
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement, value in UPDATES:
                connection.execute(text(statement), {"v": value})
            connection.execute(
                text("UPDATE tender SET note = :v WHERE ref = 'LDQ-2016'"),
                {"v": TENDER_NOTE.format(nul="\x00" if nul else "")},
            )
            for subject in ("LOR-2019-C1", "LDQ-2016", "SPAZIO-APERTO"):
                connection.execute(
                    text(
                        "INSERT INTO note (subject_ref, written_at, author, text) "
                        "VALUES (:subject, :at, :author, :text)"
                    ),
                    {
                        "subject": subject,
                        "at": datetime(2023, 1, 10, 9, 0, tzinfo=UTC),
                        "author": AUTHOR,
                        "text": NOTE,
                    },
                )
            connection.execute(
                text(
                    "INSERT INTO deadline (ref, title, due, lead_days, owner, "
                    "subject_ref, recurrence, state) VALUES ('DL-HOSTILE', :title, "
                    ":due, 30, :owner, 'LOR-2019-C1', 'none', 'open')"
                ),
                {
                    "title": DEADLINE,
                    "due": datetime(2023, 2, 1, tzinfo=UTC).date(),
                    "owner": OWNER,
                },
            )
        # written behind the services' back: the kept facts are built again, as
        # ``appalti check --repair`` does
        with Session(engine) as session:
            replace_facts(session, None)
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture
def hostile(milan: Tracker, db_url: str, backend: str) -> str:
    del milan
    make_hostile(db_url, nul=backend == "sqlite")
    return db_url


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("Coop sociale", "Coop sociale"),
        ("àèéìòù € « » – … Ł", "àèéìòù € « » – … Ł"),
        ("Coop [/] sociale <b>&amp;", "Coop [/] sociale <b>&amp;"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("x\x1b]8;;http://e/\x1b\\y", "x\\x1b]8;;http://e/\\x1b\\y"),
        ("ok\rFAKE", "ok\\rFAKE"),
        ("one\ntwo\tthree", "one\\ntwo\\tthree"),
        ("nul\x00", "nul\\x00"),
        ("bell\x07 del\x7f", "bell\\x07 del\\x7f"),
        ("csi\x9b2J nel\x85", "csi\\x9b2J nel\\x85"),
        (
            "\u202aa\u202bb\u202cc\u202dd\u202ee",
            "\\u202aa\\u202bb\\u202cc\\u202dd\\u202ee",
        ),
        ("\u2066a\u2067b\u2068c\u2069", "\\u2066a\\u2067b\\u2068c\\u2069"),
        ("mark\u200f kept", "mark\u200f kept"),
    ],
)
def test_printable_shows_controls_escaped(given: str, shown: str) -> None:
    assert printable(given) == shown
    assert not RAW.search(printable(given))
    assert printable(printable(given)) == printable(given)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("one\ntwo\tthree", "one\ntwo\tthree"),
        ("one\r\ntwo\x1b[2J", "one\\r\ntwo\\x1b[2J"),
        ("bidi\u202e\nx", "bidi\\u202e\nx"),
    ],
)
def test_printable_keeps_the_lines_of_a_block(given: str, shown: str) -> None:
    assert printable(given, multiline=True) == shown


COMMANDS = [
    (["show", "LOR-2019-C1"], [C1, CONSORTIUM, LINK, CLEAR, CLICK, HTML, FUNDING]),
    (["show", "LOR-2019-C1"], [NOTE, AUTHOR, DEADLINE]),
    (["show", "CDQ-2006-MAZZINI"], [ROLE]),
    (["show", "LDQ-2016"], [TENDER, "riga uno\nriga due \x1b[5m\t", ACT]),
    # Lists cut long names to their column: the start of each is enough.
    (["list", "tenders"], ["Gara \x1b[2J"]),
    (["list", "contracts"], ["ATI Spazio \x1b"]),
    (["list", "services"], [COLOUR]),
    (["list", "organisations"], ["Coop [/] soc", "[@click=app", "<b>DIKE</b>", REF]),
    (["alerts", "--as-of", "2023-01-17"], [DEADLINE, BIDI, CR]),
    (["continuity", "--as-of", "2023-01-17"], [CR, BIDI]),
    (
        [
            "plan",
            "--from",
            "2023",
            "--as-of",
            "2023-01-17",
            "--scenario",
            "SCN-LOR-2025",
        ],
        [CR, BIDI, COLOUR],
    ),
]


@pytest.mark.parametrize(
    ("argv", "values"), COMMANDS, ids=[" ".join(c[0][:2]) for c in COMMANDS]
)
def test_text_commands_show_user_text_escaped(
    hostile: str,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    values: list[str],
) -> None:
    assert main(["--db", hostile, *argv]) == 0
    out = capsys.readouterr().out
    assert not RAW.findall(out), f"raw controls: {sorted(set(RAW.findall(out)))}"
    flat = out.replace("\n", " ")
    for value in values:
        # Wrapped lines may break where the value has a space: compare word by word.
        for word in printable(value).split():
            assert word in flat, (word, out)


def test_a_multi_line_note_stays_on_its_line(
    hostile: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", hostile, "show", "LOR-2019-C1"]) == 0
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if "Nota" in x]
    assert line.endswith("Nota\\nsu due righe \\x1b[2J")
    assert "rup \\u202elive" in line


@pytest.mark.parametrize("kind", ["tenders", "contracts", "services", "organisations"])
def test_text_lists_keep_their_columns(
    hostile: str, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    assert main(["--db", hostile, "list", kind]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80


def test_json_keeps_the_exact_values_escaped(
    hostile: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", hostile, "list", "organisations", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert not RAW.findall(out)
    names = {o["name"] for o in json.loads(out)["organisations"]}
    assert {LINK, CLEAR, CLICK, HTML} <= names
    assert main(["--db", hostile, "show", "LOR-2019-C1", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert not RAW.findall(out)
    assert json.loads(out)["contract"]["title"] == C1


def test_an_error_quoting_a_value_shows_it_escaped(
    hostile: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", hostile, "show", "NOPE\x1b[2J\u202e"]) == 1
    err = capsys.readouterr().err
    assert "NOPE\\x1b[2J\\u202e" in err
    assert not RAW.findall(err)


def test_a_database_holding_old_hostile_text_dumps_it_exactly_and_check_names_it(
    hostile: str, tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    # A reference with a control character is nothing any version wrote (refs
    # always had their pattern): a hand-made change, named clearly.
    target = f"{tmp_path}/dump.json"
    assert main(["--db", hostile, "dump", target]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "KCITY\\x1b[2J" in err
    assert not RAW.findall(err)
    engine = create_engine(hostile)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE organisation SET ref = 'KCITY' WHERE ref = :v"), {"v": REF}
        )
    engine.dispose()
    # Names and notes with control characters may come from a database made
    # before input refused them: they can always be read, dumped and corrected.
    # The dump keeps the values as they are (JSON escapes them).
    assert main(["--db", hostile, "dump", target]) == 0
    with open(target, encoding="utf-8") as stream:
        dumped = stream.read()
    names = {o["name"] for o in json.loads(dumped)["organisations"]}
    assert {LINK, CLEAR, CLICK, HTML} <= names
    capsys.readouterr()
    # ... and the check says the data breaks the rules new input follows.
    assert main(["--db", hostile, "check"]) == 1
    out = capsys.readouterr().out
    assert not RAW.findall(out)
    assert "SPAZIO-APERTO" in out
    # ... and loading that dump elsewhere is refused, naming a hostile record.
    fresh = f"{tmp_path}/fresh.db"
    assert main(["load", target, "--db", fresh]) == 1
    assert "internal error" not in capsys.readouterr().err
