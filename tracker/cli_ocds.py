"""Commands that meet published procurement data: ``import ocds`` and ``export ocds``.

ANAC publishes every Italian tender as OCDS (Open Contracting Data Standard 1.1);
these commands read such files into the tracker and write the tracker's records as
an OCDS release package.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from tracker.formatting import Formatter
from tracker.i18n import _

EXIT_OK = 0


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``import`` and ``export`` (each with its ``ocds`` format)."""
    importing = commands.add_parser(
        "import",
        parents=[common],
        help=_("import published procurement data (ANAC OCDS)"),
        description=_("import published procurement data (ANAC OCDS)"),
    )
    formats = importing.add_subparsers(dest="import_format", metavar=_("FORMAT"))
    formats.required = True
    ocds_in = formats.add_parser(
        "ocds",
        parents=[common],
        help=_("OCDS releases, records or JSON Lines, as ANAC publishes them"),
        description=_("OCDS releases, records or JSON Lines, as ANAC publishes them"),
    )
    ocds_in.add_argument(
        "file", metavar=_("FILE"), help=_("the file to read, or - for standard input")
    )
    ocds_in.add_argument(
        "--buyer",
        metavar="CF",
        help=_("keep only the tenders of the buying body with this codice fiscale"),
    )
    ocds_in.add_argument(
        "--overwrite-local",
        action="store_true",
        help=_("replace values edited here with the published ones"),
    )
    exporting = commands.add_parser(
        "export",
        parents=[common],
        help=_("export the records as published procurement data (OCDS)"),
        description=_("export the records as published procurement data (OCDS)"),
    )
    formats = exporting.add_subparsers(dest="export_format", metavar=_("FORMAT"))
    formats.required = True
    ocds_out = formats.add_parser(
        "ocds",
        parents=[common],
        help=_("an OCDS 1.1 release package"),
        description=_("an OCDS 1.1 release package"),
    )
    ocds_out.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar=_("FILE"),
        help=_("the file to write, or - for standard output"),
    )
    ocds_out.add_argument(
        "--buyer",
        metavar="CF",
        help=_("keep only the tenders of the buying body with this codice fiscale"),
    )


def cmd_import(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.cli_base import opened
    from tracker.formatting import printable
    from tracker.present.imports import summary_lines

    del fmt
    progress = _progress_bar() if sys.stderr.isatty() else None
    with _input(args.file) as stream, opened(args, create=True) as tracker:
        summary = tracker.import_ocds(
            stream,
            buyer=args.buyer,
            overwrite_local=args.overwrite_local,
            progress=progress,
        )
    if progress is not None:
        sys.stderr.write("\n")
    source = _("standard input") if args.file == "-" else args.file
    for line in summary_lines(summary, source):
        sys.stdout.write(printable(line) + "\n")
    return EXIT_OK


@contextmanager
def _input(name: str) -> Iterator[BinaryIO]:
    """The file to import opened for reading (standard input for ``-``); a file
    that cannot be opened is a TrackerError saying why."""
    from tracker.errors import N_, TrackerError
    from tracker.files import os_reason

    if name == "-":
        yield sys.stdin.buffer
        return
    try:
        stream = open(name, "rb")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise TrackerError(
            N_("cannot read {path}: {reason}"), path=name, reason=os_reason(error)
        ) from None
    with stream:
        yield stream


def _progress_bar() -> Callable[[int], None]:
    """A counter of the tenders read, rewritten in place on the terminal."""

    def show(count: int) -> None:
        if count % 50 == 0:
            sys.stderr.write("\r" + _("{count} tenders read").format(count=count))
            sys.stderr.flush()

    return show


def cmd_export(args: argparse.Namespace, fmt: Formatter) -> int:
    raise NotImplementedError


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "import": cmd_import,
    "export": cmd_export,
}
