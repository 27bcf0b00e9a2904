"""Commands that meet published procurement data: ``import ocds`` and ``export ocds``.

ANAC publishes every Italian tender as OCDS (Open Contracting Data Standard 1.1);
these commands read such files into the tracker and write the tracker's records as
an OCDS release package.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from tracker import cli_workbook
from tracker.errors import N_, TrackerError, quote
from tracker.formatting import Formatter
from tracker.i18n import _, ngettext

if TYPE_CHECKING:
    from tracker.api import Tracker
    from tracker.queries.ocds import ReleaseFacts

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
        help=_("export the records: published procurement data (OCDS), a workbook"),
        description=_(
            "export the records: published procurement data (OCDS), a workbook"
        ),
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
    cli_workbook.add_format(formats, common)


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
    except FileNotFoundError:
        raise TrackerError(N_("there is no file {path}"), path=name) from None
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
    """Write the records as an OCDS release package to a file (whole or not at
    all) or to standard output."""
    from tracker.cli_base import opened
    from tracker.files import write_private

    if args.export_format == "xlsx":
        return cli_workbook.cmd_export_xlsx(args, fmt)
    del fmt
    with opened(args) as tracker:
        if str(args.output) == "-":
            sys.stdout.flush()
            try:
                export_ocds(tracker, sys.stdout.buffer, buyer=args.buyer)
                sys.stdout.buffer.flush()
            except BrokenPipeError:
                # The reader stopped early (| head): nothing went wrong here
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            return EXIT_OK
        target = Path(args.output)
        if target.is_dir():
            raise TrackerError(
                N_("cannot write {file}: {reason}"),
                file=target,
                reason=_("it is a folder"),
            )
        counts: list[int] = []
        write_private(
            target,
            lambda stream: counts.append(
                export_ocds(tracker, stream, buyer=args.buyer)
            ),
        )
    written = ngettext(
        "Written {file}: {count} release",
        "Written {file}: {count} releases",
        counts[0],
    )
    sys.stdout.write(written.format(file=target, count=counts[0]) + "\n")
    return EXIT_OK


def export_ocds(tracker: Tracker, out: BinaryIO, *, buyer: str | None) -> int:
    """Write the package of the tracker's records (the tenders of ``buyer`` only,
    when given) to ``out``, read in one consistent snapshot; the number of
    releases. Nothing is written when there is nothing to export: a package holds
    at least one release."""
    from tracker.backup import snapshot
    from tracker.ocds.export import write_package
    from tracker.queries.ocds import release_facts

    moment = tracker.clock().astimezone(UTC).replace(microsecond=0)
    with snapshot(tracker.engine) as session:
        releases = release_facts(session, buyer=buyer)
        first = next(releases, None)
        if first is None:
            if buyer is not None:
                raise TrackerError(
                    N_("no tender of the buying body {cf}: nothing was exported"),
                    cf=quote(buyer),
                )
            raise TrackerError(N_("the database holds no tender or contract to export"))
        text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
        try:
            count = write_package(
                itertools.chain([first], releases),
                text,
                moment=moment,
                publisher=_publisher(first, buyer),
                prefix=tracker.settings.ocds_prefix,
            )
            text.flush()
        finally:
            text.detach()
    return count


def _publisher(first: ReleaseFacts, buyer: str | None) -> str:
    """The buying body when the package holds its tenders only, else the tool."""
    if buyer is not None and first.tender is not None and first.tender.buyer:
        return first.tender.buyer.name
    return "appalti"


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "import": cmd_import,
    "export": cmd_export,
}
