"""CSV on the command line: ``--format csv`` (and ``--excel``) on ``list``,
``alerts`` and ``continuity``, each writing the table of its workbook sheet
(``tracker.sheets``) to standard output as its rows are read."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from tracker.errors import N_, TrackerError
from tracker.export.csv_tables import write_csv
from tracker.i18n import _
from tracker.present.tables import Table

if TYPE_CHECKING:  # the tracker is imported when a command runs, not to parse it
    from tracker.api import Alert, Tracker


def table_format_option(parser: argparse.ArgumentParser) -> None:
    """--format text, json or csv, and --excel for the Italian Excel convention."""
    parser.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        metavar=_("FORMAT"),
        help=_(
            "text for people (the default), json for programs, or csv for "
            "spreadsheets and scripts (UTF-8, comma, ISO dates, decimal point)"
        ),
    )
    parser.add_argument(
        "--excel",
        action="store_true",
        help=_(
            "CSV as Excel in Italian opens it: semicolons, decimal comma, "
            "dd/mm/yyyy dates, headers in the interface language"
        ),
    )


def wants_csv(args: argparse.Namespace) -> bool:
    """Whether to write CSV: asked with --format csv, or with --excel alone."""
    if args.excel and args.format == "json":
        raise TrackerError(N_("--excel writes CSV: leave out --format json"))
    return bool(args.format == "csv" or args.excel)


def write_table(table: Table, args: argparse.Namespace) -> None:
    """The table as CSV on standard output, a row at a time, in UTF-8 whatever
    the terminal's encoding (the CSV is all the command writes there)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", newline="")
    write_csv(table, sys.stdout, excel=args.excel)


def list_table(tracker: Tracker, kind: str, as_of: date | None) -> Table:
    """The table ``appalti list KIND`` writes as CSV: its kind's sheet."""
    from tracker.sheets import LIST_SHEETS, sheet_table

    return sheet_table(tracker, LIST_SHEETS[kind], as_of or tracker.today())


def services_table(tracker: Tracker, as_of: date) -> Table:
    """The table ``appalti continuity`` writes as CSV: a row per service with its
    continuity on the day, as the command's text and the Services sheet say it."""
    from tracker.sheets import sheet_table

    return sheet_table(tracker, "service", as_of)


def alerts_table(alerts: Iterable[Alert], as_of: date) -> Table:
    """The table ``appalti alerts`` writes as CSV: the alerts it has read (within
    the horizon asked for), as the Alerts sheet says them."""
    from tracker.sheets_day import alerts_table as table

    return table(alerts, as_of)
