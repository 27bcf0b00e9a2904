"""What every ``appalti`` command module shares: the language of its messages and
opening the chosen database."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tracker.config import DB_ENV, load_settings, resolve_db_url, sqlite_path
from tracker.errors import N_, TrackerError
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


def open_tracker(args: argparse.Namespace, *, create: bool = False) -> Any:
    """The tracker on the chosen database.

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
    return Tracker.open(url, settings=args.settings)


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
