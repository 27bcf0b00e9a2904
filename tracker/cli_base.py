"""What every ``appalti`` command module shares: the language of its messages and
opening the chosen database."""

from __future__ import annotations

import argparse
import codecs
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from tracker.collector import started
from tracker.config import DB_ENV, load_settings, resolve_db_url, sqlite_path
from tracker.domain.periods import day_problem, days_problem
from tracker.errors import N_, TrackerError, quote
from tracker.i18n import _


def language_before_parsing(argv: Sequence[str]) -> str:
    """The language the command line speaks in, known before its arguments are
    parsed (so that --help, the usage and argparse's refusals use it): --lang as
    typed, else the settings' language, else the environment's."""
    from tracker.formatting import language_from_env

    for index, word in enumerate(argv):
        if word == "--":
            break
        if word.startswith("--lang="):
            return word.removeprefix("--lang=")
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
    try:
        chosen = load_settings().language
    except TrackerError:  # reported once the arguments are parsed
        chosen = None
    return chosen or language_from_env()


def format_option(parser: argparse.ArgumentParser) -> None:
    """--format: text for people or JSON for programs."""
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        metavar=_("FORMAT"),
        help=_("text for people (the default) or json for programs"),
    )


def output_option(parser: argparse.ArgumentParser) -> None:
    """Where a document goes: a path as given (relative to the current folder), by
    default a file named after it in the documents folder; never over an existing
    file unless told to."""
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=_("FILE.pdf"),
        help=_(
            "the PDF file to write, or a folder (default: the documents folder of "
            "the settings, else the user's documents folder)"
        ),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=_("overwrite the file if it exists"),
    )


def day_argument(text: str) -> date:
    """A day as typed on the command line: 17/01/2023, 17/1/2023 or 2023-01-17
    (argparse names the option before the reason)."""
    from tracker.formatting import parse_day

    try:
        day = parse_day(text, field="")
    except TrackerError:
        raise argparse.ArgumentTypeError(
            _("not a date: write it as dd/mm/yyyy or yyyy-mm-dd: {value}").format(
                value=quote(text)
            )
        ) from None
    problem = day_problem(day)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem}: {quote(text)}")
    return day


def day_count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(
            _("not a number of days: {value}").format(value=quote(text))
        )
    problem = days_problem(int(text))
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem}: {quote(text)}")
    return int(text)


def whole_number(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(
            _("not a whole number: {value}").format(value=quote(text))
        )
    return int(text)


def as_of_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=day_argument,
        # Unset unless given: a command's default would otherwise overwrite the day
        # given before the command (appalti --as-of 2023-01-17 tui).
        default=argparse.SUPPRESS,
        metavar=_("DATE"),
        help=_("compute as of this day, dd/mm/yyyy or yyyy-mm-dd (default: today)"),
    )


@contextmanager
def opened(args: argparse.Namespace, *, create: bool = False) -> Iterator[Any]:
    """The tracker on the chosen database, closed when the command is done.

    The default database is created on first use; a SQLite file named with --db or
    APPALTI_DB must already exist unless the command creates one (load, the app), so
    that a mistyped path is reported rather than silently made into a new database.
    """
    from tracker.api import Tracker

    named = getattr(args, "db", None) or os.environ.get(DB_ENV)
    url = resolve_db_url(named)
    if named and not create:
        path = sqlite_path(url)
        if path is not None and not path.exists():
            raise TrackerError(
                N_("no database at {path}; 'appalti load FILE' creates one"), path=path
            )
    tracker = Tracker.open(url, settings=args.settings)
    started()
    try:
        yield tracker
    finally:
        tracker.close()


def load_into_new(path: Path, dataset: Any, settings: Any) -> Any:
    """A first load makes the database whole or not at all (tracker.storage)."""
    from tracker.api import Tracker
    from tracker.storage import create_sqlite

    loaded = []

    def fill(engine: Any) -> None:
        loaded.append(Tracker(engine, settings=settings).load_dataset(dataset))

    if not create_sqlite(path, fill, busy_timeout=settings.busy_timeout):
        raise TrackerError(
            N_("another appalti created {path} at the same time; nothing was loaded"),
            path=path,
        )
    return loaded[0]


def write_utf8(data: bytes | Sequence[bytes | memoryview]) -> None:
    """Write UTF-8 text (or its pieces, one after the other) to the standard
    output as it is, when the output takes UTF-8 (a report of megabytes is not
    decoded only to be encoded again)."""
    parts = [data] if isinstance(data, bytes | bytearray | memoryview) else data
    buffer = getattr(sys.stdout, "buffer", None)
    encoding = getattr(sys.stdout, "encoding", None) or ""
    if buffer is None or _codec(encoding) != "utf-8":
        sys.stdout.write(b"".join(parts).decode())
        return
    sys.stdout.flush()  # what was written as text first goes first
    buffer.writelines(parts)


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding
