"""The commands that write documents: a tender's dossier and the committee
report, to a path given or to the documents folder, never over a file unasked."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from tracker.cli_base import opened
from tracker.errors import N_, TrackerError
from tracker.formatting import Formatter
from tracker.i18n import _

EXIT_OK = 0


def cmd_dossier(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.export.dossier import write_dossier
    from tracker.export.names import dossier_name

    return _write_pdf(
        args,
        fmt,
        lambda t: t.dossier(args.ref, args.as_of),
        write_dossier,
        lambda data: dossier_name(args.ref, data.as_of),
    )


def cmd_report(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.export.committee import write_committee_report
    from tracker.export.names import report_name

    return _write_pdf(
        args,
        fmt,
        lambda t: t.committee_report(args.as_of),
        write_committee_report,
        lambda data: report_name(data.as_of),
    )


def _write_pdf(
    args: argparse.Namespace,
    fmt: Formatter,
    read: Callable[[Any], Any],
    write: Callable[..., None],
    name: Callable[[Any], str],
) -> int:
    """Read a document's data, close the database, and write the PDF to
    ``--output`` (a folder, or none: the documents folder, under ``name``) whole
    or not at all, and over an existing file only with ``--force``."""
    import io

    from tracker.config import documents_folder
    from tracker.files import write_private_bytes

    with opened(args) as tracker:
        data = read(tracker)
        author = tracker.actor
    target = args.output or documents_folder(args.settings)
    if target.is_dir():
        target /= name(data)
    if target.exists() and not args.force:
        raise TrackerError(
            N_("{file} already exists: nothing was written (--force overwrites it)"),
            file=target,
        )
    buffer = io.BytesIO()
    write(data, buffer, fmt, author=author)
    # whole or not at all, readable by its owner only
    write_private_bytes(target, buffer.getvalue())
    sys.stdout.write(_("Written {file}").format(file=target) + "\n")
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "dossier": cmd_dossier,
    "report": cmd_report,
}
