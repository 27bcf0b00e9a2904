"""Every error the product raises, every stored value, every record kind and every
field it names reads in Italian from the catalog: a word the catalog lacks fails the
test, by its message id. Errors are data: a raise site gives a message identifier
and its values, never text of its own."""

from __future__ import annotations

import ast
import enum
import importlib
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from sqlmodel import SQLModel

from tracker import i18n, models
from tracker.errors import (
    PATTERN_REASONS,
    PYDANTIC_REASONS,
    ConflictError,
    DatasetError,
    Euro,
    Field,
    Kind,
    Message,
    NotFoundError,
    Percent,
    ReadOnlyError,
    Term,
    TrackerError,
    ValidationError,
    pydantic_reason,
)
from tracker.i18n import set_language
from tracker.present.errors import NOT_FOUND, RECORD_KINDS, draft_kind
from tracker.present.fields import changed_fields, column_label
from tracker.queries.refs import KIND_OF
from tracker.vocabulary import KEY_PARTS, alert_key, term

ROOT = Path(__file__).resolve().parents[2]
ERRORS = {"TrackerError", "ValidationError", "NotFoundError", "DatasetError"}
# Values that are Italian terms of the law, or numbers, and read as themselves.
AS_THEMSELVES = {"ATI", "RTI", "consorzio", "mandataria", "mandante"}
ITALIAN_TERMS = {"variante", "associata", "capogruppo", "consorziata"}
"""Stored values that are Italian terms of the law: Italian shows them as they are,
English glosses them."""


class Strict:
    """The Italian catalog, noting every message looked up that it lacks."""

    def __init__(self, catalog: Any) -> None:
        self.catalog = catalog
        self.missing: list[str] = []

    def get(self, message: str) -> Any:
        entry = self.catalog.get(message)
        if entry is None or not entry.string:
            self.missing.append(message)
        return entry


@pytest.fixture
def italian() -> Iterator[Strict]:
    set_language("it")
    strict = Strict(i18n._catalog)
    i18n._catalog = strict  # type: ignore[assignment]
    try:
        yield strict
    finally:
        set_language("en")


def _message_ids() -> Iterator[tuple[str, int, str]]:
    """(file, line, message id) of every message a raise site gives."""
    for package in ("tracker", "tui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None)
                if name not in ERRORS | {"Message"}:
                    continue
                position = 2 if name == "ValidationError" else 0
                if (
                    name in {"NotFoundError", "DatasetError"}
                    or len(node.args) <= position
                ):
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                argument = node.args[position]
                assert not isinstance(argument, ast.JoinedStr | ast.Constant), (
                    f"{where}: a raise site gives text, not a message identifier"
                )
                if isinstance(argument, ast.Call):
                    called = getattr(argument.func, "id", None) or getattr(
                        argument.func, "attr", None
                    )
                    assert called not in {"_", "format"}, (
                        f"{where}: a message worded where it is raised, not when shown"
                    )
                    if called == "N_":
                        literal = argument.args[0]
                        assert isinstance(literal, ast.Constant)
                        yield where, node.lineno, str(literal.value)


def _dummy(message: str) -> dict[str, Any]:
    return dict.fromkeys(re.findall(r"\{(\w+)\}", message), "X")


def test_every_message_a_raise_site_gives_reads_in_italian(italian: Strict) -> None:
    found = list(_message_ids())
    assert len(found) > 150
    for where, _line, message in found:
        worded = str(TrackerError(message, **_dummy(message)))
        assert worded, where
    assert italian.missing == []


def test_every_kind_of_error_reads_in_italian_with_its_values_in_the_locale(
    italian: Strict,
) -> None:
    errors: list[TrackerError] = [
        ValidationError(
            "period.end",
            date(2023, 9, 1),
            "an option starts after what it extends ends ({end})",
            end=date(2025, 11, 30),
        ),
        ValidationError(
            "state",
            Term("exercised"),
            "only a planned option can be exercised; {ref} is {state}",
            ref="LOR-2019-C1-R1",
            state=Term("exercised"),
        ),
        ValidationError(
            "members.share", Percent(Decimal(95)), "the shares must add up to 100"
        ),
        ValidationError(
            "ref",
            "X",
            "this reference is already used by a {kind}",
            kind=Kind("tender"),
        ),
        ValidationError(
            "award_date",
            date(2023, 1, 1),
            "comes before {field} ({day})",
            field=Field("offer_deadline"),
            day=date(2023, 2, 1),
        ),
        ValidationError(
            "amount", Euro(Decimal("1234.5")), "an amount must not be negative"
        ),
        *(NotFoundError(kind, "LOR-2019") for kind in {*NOT_FOUND, *KIND_OF.values()}),
        DatasetError("dati.json", [Message("unknown field", {})] * 25),
        ConflictError(
            "LOR-2019",
            actor="rup",
            at=datetime(2023, 1, 17, 9, 30, tzinfo=UTC),
            fields=("amount", "end"),
            base_version=1,
            version=3,
            kind="contract",
        ),
        ConflictError(
            "LOR-2019", actor=None, at=None, fields=(), base_version=1, version=None
        ),
        ReadOnlyError("lettore"),
    ]
    errors += [
        ValidationError("start", "x", pydantic_reason({"type": kind, "ctx": {}}))
        for kind in PYDANTIC_REASONS
    ]
    errors += [
        ValidationError(
            "ref",
            "x",
            pydantic_reason({"type": "string_pattern_mismatch", "ctx": {"pattern": p}}),
        )
        for p in PATTERN_REASONS
    ]
    shown = [str(error) for error in errors]
    assert italian.missing == []
    assert shown[0] == (
        "Periodo → Fine: un'opzione inizia dopo la fine di ciò che prolunga "
        "(30/11/2025) (valore: 01/09/2023)"
    )
    assert "LOR-2019-C1-R1 è esercitata" in shown[1]
    assert "(valore: 95%)" in shown[2]
    assert "(tipo: gara)" in shown[3]
    assert "viene prima di Termine per le offerte (01/02/2023)" in shown[4]
    assert "1.234,50\xa0€" in shown[5]
    assert "nessuna gara ha il riferimento 'LOR-2019'" in shown
    assert all(not re.search(r"\d{4}-\d\d-\d\d", text) for text in shown)


def test_pydantic_english_never_reaches_people(italian: Strict) -> None:
    reason = pydantic_reason(
        {"type": "enum", "ctx": {"expected": "'planned', 'published' or 'awarded'"}}
    )
    assert str(reason) == (
        "non è tra le scelte possibili: programmata, pubblicata, aggiudicata"
    )
    unknown = pydantic_reason({"type": "url_scheme", "msg": "URL scheme should be"})
    assert str(unknown) == "valore non valido"
    assert italian.missing == []


def _stored_enumerations() -> list[type[enum.StrEnum]]:
    found = []
    for name in ("kinds", "consortium", "money", "periods", "alerts"):
        module = importlib.import_module(f"tracker.domain.{name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, enum.StrEnum)
                and value.__module__ == module.__name__
                and value.__name__ not in {"Severity"}
            ):
                found.append(value)
    return found


def test_every_stored_enumeration_reads_as_italian_words(italian: Strict) -> None:
    enumerations = _stored_enumerations()
    assert {e.__name__ for e in enumerations} >= {
        "OrganisationKind",
        "VatRate",
        "Basis",
        "DatePrecision",
        "AlertKind",
    }
    raw = []
    for enumeration in enumerations:
        for member in enumeration:
            word = term(member.value)
            if member.value in AS_THEMSELVES or member.value.isdigit():
                continue
            if member.value in ITALIAN_TERMS:
                assert word == member.value
                continue
            if (word == member.value and member.value != "decreto") or "_" in word:
                raw.append(member.value)
    assert raw == []
    assert [
        m for m in italian.missing if m not in AS_THEMSELVES and not m.isdigit()
    ] == []
    assert term("net") == "netto"
    assert term("funding_pending") == "finanziamento in attesa di conferma"


def test_alert_keys_read_as_what_they_are_about(italian: Strict) -> None:
    assert alert_key("LOR-2023/funding_pending") == (
        "LOR-2023 (finanziamento in attesa di conferma)"
    )
    assert alert_key("LDQ-2016/start") == "LDQ-2016 (avvio della procedura)"
    assert alert_key("SCAD-1") == "SCAD-1"
    for part in KEY_PARTS:
        assert "_" not in alert_key(f"R/{part}")
    assert italian.missing == []


def test_every_record_kind_and_every_stored_column_reads_in_italian(
    italian: Strict,
) -> None:
    assert "change" in SQLModel.metadata.tables, models  # the models make the tables
    for kind in {*RECORD_KINDS, *KIND_OF.values()}:
        assert "_" not in str(Kind(kind))
    from tracker import drafts

    titles = [
        value.__name__
        for value in vars(drafts).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == drafts.__name__
        and value is not drafts.Draft
    ]
    assert "FundingSourceDraft" in titles
    assert all(draft_kind(t) and "_" not in draft_kind(t) for t in titles)
    assert draft_kind("FundingSourceDraft") == "fonte di finanziamento"
    raw = []
    # the kept facts are worked out from the records: no person reads their columns
    derived = {model.__tablename__ for model in models.DERIVED}
    for table, columns in SQLModel.metadata.tables.items():
        for column in columns.c:
            if column.name in {"id", "version"} or table in {"change", *derived}:
                continue
            label = column_label(table, column.name)
            if "_" in label or label == column.name:
                raw.append(f"{table}.{column.name}")
    assert raw == []
    assert changed_fields("contract", "update", '{"amount_cents": 1, "end": 2}') == (
        "Fine, Importo (periodo base)"
    )
    assert changed_fields("site", "update", '{"owner": 1}') == "Proprietà"
    assert italian.missing == []


def test_english_sessions_stay_english() -> None:
    set_language("en")
    error = ValidationError(
        "period.end",
        date(2023, 9, 1),
        "an option starts after what it extends ends ({end})",
        end=date(2025, 11, 30),
    )
    assert str(error) == (
        "Period → End: an option starts after what it extends ends (30/11/2025) "
        "(value: 01/09/2023)"
    )
    assert str(NotFoundError("tender", "X")) == "no tender has the reference 'X'"
    assert term("net") == "net"
    assert alert_key("LOR-2023/funding_pending") == (
        "LOR-2023 (funding pending confirmation)"
    )
    assert changed_fields("contract", "update", '{"amount_cents": 1}') == (
        "Amount (base period)"
    )


def test_an_error_reads_in_the_language_active_when_shown() -> None:
    set_language("en")
    error = ValidationError("cig", "X", "a CIG has 10 characters")
    try:
        set_language("it")
        assert str(error) == "CIG: un CIG ha 10 caratteri (valore: 'X')"
    finally:
        set_language("en")
    assert str(error) == "CIG: a CIG has 10 characters (value: 'X')"


@pytest.mark.parametrize(
    "text", ["", "{", '{"a" 1}', '{"a":1 "b":2}', '"abc', "{}x", '"\\q"', '"\\u12"']
)
def test_a_file_that_is_not_json_is_named_in_italian(
    italian: Strict, text: str
) -> None:
    from tracker.dataset import parse_dataset
    from tracker.errors import JSON_REASONS

    with pytest.raises(DatasetError) as refused:
        parse_dataset(text)
    shown = str(refused.value)
    assert shown.startswith("dataset: file di dati non valido\n  - JSON non valido: ")
    assert not any(english in shown for english in JSON_REASONS)
    assert italian.missing == []


def test_a_file_that_is_not_utf8_is_named_in_italian(
    italian: Strict, tmp_path: Path
) -> None:
    from tracker.dataset import read_dataset_file

    latin = tmp_path / "latin.json"
    latin.write_bytes('{"città": 1}'.encode("latin-1"))
    with pytest.raises(TrackerError, match="il file non è testo in UTF-8"):
        read_dataset_file(latin)
    assert italian.missing == []


# What argparse (Python 3.11) says to a person who typed a command; the rest of its
# messages are for the programmer who builds a parser.
ARGPARSE_SAYS = (
    "usage: ",
    "positional arguments",
    "options",
    "show this help message and exit",
    "%(prog)s: error: %(message)s\n",
    "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s",
    "unrecognized arguments: %s",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r",
    "expected one argument",
    "expected at most one argument",
    "expected at least one argument",
    "ambiguous option: %(option)s could match %(matches)s",
    "not allowed with argument %s",
    "one of the arguments %s is required",
    "unexpected option string: %s",
    "ignored explicit argument %r",
    "can't open '%(filename)s': %(error)s",
)


def test_what_argparse_says_to_people_reads_in_italian(italian: Strict) -> None:
    import argparse

    source = Path(argparse.__file__).read_text(encoding="utf-8")
    for message in ARGPARSE_SAYS:
        assert repr(message)[1:-1] in source or message in source, message
        assert i18n._(message) != message or message == "options"
    assert i18n.ngettext("expected %s argument", "expected %s arguments", 2) == (
        "previsti %s valori"
    )
    assert italian.missing == []
