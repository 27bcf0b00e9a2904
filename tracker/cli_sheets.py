"""Spreadsheets in: ``appalti template xlsx`` writes a workbook the office fills
in, ``appalti import xlsx`` reads it (or an exported workbook) back through the
forms' checks and loads it like ``appalti load``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.errors import N_, TrackerError
from tracker.formatting import Formatter, printable
from tracker.i18n import _

EXIT_OK = 0


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``template`` (with its ``xlsx`` format)."""
    template = commands.add_parser(
        "template",
        parents=[common],
        help=_("write a workbook to fill in and import"),
        description=_("write a workbook to fill in and import"),
    )
    formats = template.add_subparsers(dest="template_format", metavar=_("FORMAT"))
    formats.required = True
    xlsx = formats.add_parser(
        "xlsx",
        parents=[common],
        help=_("an Excel workbook with a sheet per kind of record"),
        description=_(
            "an Excel workbook with a sheet per kind of record, in the language "
            "of the messages; 'appalti import xlsx' reads it back"
        ),
    )
    xlsx.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar=_("FILE.xlsx"),
        help=_("the workbook to write"),
    )
    xlsx.add_argument(
        "--force", action="store_true", help=_("overwrite the file if it exists")
    )


def add_import_format(formats: Any, common: argparse.ArgumentParser) -> None:
    """The ``xlsx`` format of ``appalti import``."""
    xlsx = formats.add_parser(
        "xlsx",
        parents=[common],
        help=_("a workbook of records: the template filled in, or an export"),
        description=_(
            "a workbook of records: the template filled in, or an export; every "
            "row is checked as the app's forms check it, and nothing is written "
            "if any value is refused"
        ),
    )
    xlsx.add_argument("file", type=Path, metavar=_("FILE"), help=_("the file to read"))


def cmd_template(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.files import write_private_bytes
    from tracker.sheets_template import template_bytes

    del fmt
    target: Path = args.output
    if target.is_dir():
        raise TrackerError(
            N_("cannot write {file}: {reason}"), file=target, reason=_("it is a folder")
        )
    if target.exists() and not args.force:
        raise TrackerError(
            N_("{file} already exists: nothing was written (--force overwrites it)"),
            file=target,
        )
    write_private_bytes(target, template_bytes())
    sys.stdout.write(printable(_("Written {file}").format(file=target)) + "\n")
    return EXIT_OK


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    """Read the workbook, then load its records in one transaction (a new
    SQLite file is made whole or not at all, as by ``appalti load``)."""
    from tracker.cli_base import load_into_new, opened
    from tracker.config import resolve_db_url, sqlite_path
    from tracker.sheets_import import import_workbook, imported_line

    source: Path = args.file
    path = sqlite_path(resolve_db_url(getattr(args, "db", None) or None))

    def load(dataset: Any) -> None:
        if path is not None and not path.exists():
            load_into_new(path, dataset, args.settings)
        else:
            with opened(args, create=True) as tracker:
                tracker.load_dataset(dataset)

    counts = import_workbook(source, load)
    sys.stdout.write(printable(imported_line(source, counts)) + "\n")
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "template": cmd_template,
}
