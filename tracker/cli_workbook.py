"""``appalti export xlsx``: the office's lists as one workbook, a sheet per list,
for the people who keep their spreadsheet alongside the tool."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tracker.errors import N_, TrackerError
from tracker.formatting import Formatter
from tracker.i18n import _, ngettext

EXIT_OK = 0


def add_format(formats: Any, common: argparse.ArgumentParser) -> None:
    """Register ``xlsx`` among the formats of ``export``."""
    from tracker.cli_base import as_of_option

    xlsx = formats.add_parser(
        "xlsx",
        parents=[common],
        help=_("a workbook with a sheet per list (Excel, LibreOffice)"),
        description=_(
            "a workbook with a sheet per list: tenders and lots, contracts and "
            "options, services and continuity, organisations and consortia, "
            "funding, deadlines and the day's alerts"
        ),
    )
    xlsx.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=_("FILE.xlsx"),
        help=_(
            "the workbook to write, or a folder (default: the documents folder of "
            "the settings, else the user's documents folder)"
        ),
    )
    xlsx.add_argument(
        "--force", action="store_true", help=_("overwrite the file if it exists")
    )
    as_of_option(xlsx)


def cmd_export_xlsx(args: argparse.Namespace, fmt: Formatter) -> int:
    """Write every list as of the day asked to one workbook, whole or not at all,
    over an existing file only with ``--force``; one line says what was written."""
    from tracker.cli_base import opened
    from tracker.config import documents_folder
    from tracker.export.names import workbook_name
    from tracker.export.workbook import save_workbook
    from tracker.files import probe
    from tracker.sheets import workbook_tables

    if str(args.output) == "-":
        raise TrackerError(
            N_("a workbook cannot be written to standard output: name a file with -o")
        )
    with opened(args) as tracker:
        as_of = args.as_of or tracker.today()
        target = args.output or documents_folder(args.settings)
        if args.output is None or probe(target, Path.is_dir):
            target /= workbook_name(as_of)
        if probe(target, Path.exists) and not args.force:
            raise TrackerError(
                N_(
                    "{file} already exists: nothing was written (--force overwrites it)"
                ),
                file=target,
            )
        sheets = save_workbook(
            target,
            workbook_tables(tracker, as_of),
            fmt,
            title=_("appalti lists as of {day}").format(day=fmt.day(as_of)),
            as_of=as_of,
            author=tracker.actor,
        )
    rows = sum(sheet.rows for sheet in sheets)
    line = _("Written {file}: {sheets}, {rows}").format(
        file=target,
        sheets=ngettext("{count} sheet", "{count} sheets", len(sheets)).format(
            count=fmt.number(len(sheets))
        ),
        rows=ngettext("{count} row", "{count} rows", rows).format(
            count=fmt.number(rows)
        ),
    )
    sys.stdout.write(line + "\n")
    return EXIT_OK
