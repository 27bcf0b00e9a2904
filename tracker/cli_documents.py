"""The commands that write documents: a tender's dossier, the committee report and
the alert list, to a path given or to the documents folder, never over a file
unasked."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.cli_base import opened
from tracker.errors import N_, TrackerError
from tracker.formatting import Formatter
from tracker.i18n import _

if TYPE_CHECKING:
    from tracker.api import DayAlerts

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
    target = _target(args.output or documents_folder(args.settings), name(data))
    _refuse_existing(target, args.force)
    buffer = io.BytesIO()
    write(data, buffer, fmt, author=author)
    # whole or not at all, readable by its owner only
    write_private_bytes(target, buffer.getvalue())
    sys.stdout.write(_("Written {file}").format(file=target) + "\n")
    return EXIT_OK


def _target(path: Path, name: str) -> Path:
    """``path``, or the file ``name`` in it when it is a folder."""
    from tracker.files import probe

    return path / name if probe(path, Path.is_dir) else path


def _refuse_existing(target: Path, force: bool) -> None:
    from tracker.files import probe

    if probe(target, Path.exists) and not force:
        raise TrackerError(
            N_("{file} already exists: nothing was written (--force overwrites it)"),
            file=target,
        )


def alerts_output_options(parser: argparse.ArgumentParser) -> None:
    """``appalti alerts -o FILE.pdf``: the alert list as a PDF instead of text."""
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=_("FILE.pdf"),
        help=_(
            "write the alerts as an A4 PDF to FILE.pdf, or into a folder, instead "
            "of printing them"
        ),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=_("with -o: overwrite the file if it exists"),
    )


def write_alerts(
    args: argparse.Namespace,
    fmt: Formatter,
    findings: DayAlerts,
    *,
    within: int,
    made_at: datetime,
    author: str,
) -> None:
    """Write the alerts of ``findings`` as a PDF to ``--output`` (a ``.pdf`` file,
    or a folder: under the default name), whole or not at all, and over an
    existing file only with ``--force``."""
    from tracker.export.alerts_pdf import write_alerts_pdf
    from tracker.export.names import alerts_name

    if args.excel:
        raise TrackerError(
            N_(
                "-o writes the alerts as a PDF; --excel prints them as CSV: "
                "give one or the other"
            )
        )
    if args.format != "text":
        raise TrackerError(
            N_(
                "-o writes the alerts as a PDF; --format {format} prints them: "
                "give one or the other"
            ),
            format=args.format,
        )
    target = _target(args.output, alerts_name(findings.as_of))
    if target.suffix.lower() != ".pdf":
        raise TrackerError(
            N_(
                "{file}: the alerts are written as a PDF: give a file name "
                "ending in .pdf (or a folder)"
            ),
            file=target,
        )
    _refuse_existing(target, args.force)
    write_alerts_pdf(
        target,
        findings.as_of,
        within,
        findings.alerts,
        fmt=fmt,
        made_at=made_at,
        author=author,
        snoozed=findings.snoozed,
    )
    sys.stdout.write(_("Written {file}").format(file=target) + "\n")


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "dossier": cmd_dossier,
    "report": cmd_report,
}
