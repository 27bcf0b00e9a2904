"""``appalti plan``: what the office must procure in the next three financial
years so that no service stops, with proposed tenders counted as scenarios."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker.errors import N_, TrackerError, ValidationError, quote
from tracker.formatting import Formatter
from tracker.i18n import _

EXIT_OK = 0

WRITERS = {
    ".pdf": ("tracker.export.plan_pdf", "write_plan_pdf"),
    ".xlsx": ("tracker.export.plan_workbook", "write_plan_workbook"),
}
"""The documents ``-o`` writes, by the file's suffix: each writer takes
``(plan, target, fmt, *, author)`` (a PlanData, the file's Path, a Formatter)
and writes the file whole or not at all (a temporary file in the same folder,
renamed), raising a TrackerError that names the file when it cannot."""


def plan_year(text: str) -> int:
    """A financial year as typed: four digits (argparse names the option)."""
    if not (len(text) == 4 and text.isdigit()):
        raise argparse.ArgumentTypeError(
            _("not a year such as 2023: {value}").format(value=quote(text))
        )
    return int(text)


def add_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register ``plan``."""
    from tracker.cli_base import as_of_option, format_option

    about = _(
        "the procurement plan of three financial years: what must be bought so "
        "that no service stops"
    )
    plan = commands.add_parser("plan", parents=[common], help=about, description=about)
    plan.add_argument(
        "--from",
        dest="from_year",
        type=plan_year,
        required=True,
        metavar=_("YEAR"),
        help=_("the first financial year of the three"),
    )
    as_of_option(plan)
    format_option(plan)
    plan.add_argument(
        "--scenario",
        nargs="+",
        default=[],
        metavar=_("REF"),
        help=_(
            "proposed tenders to count as awarded on their planned dates, shown "
            "beside the plan as it stands (nothing is saved)"
        ),
    )
    plan.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=_("FILE"),
        help=_("write the plan to FILE.pdf or FILE.xlsx instead of printing it"),
    )
    plan.add_argument(
        "--force",
        action="store_true",
        help=_("with -o: overwrite the file if it exists"),
    )


def cmd_plan(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker import render_json
    from tracker.cli_base import opened
    from tracker.present.planning import plan_text
    from tracker.schemas import PLAN_ADAPTER

    writer = _writer(args) if args.output is not None else None
    with opened(args) as tracker:
        plan = tracker.plan(args.from_year, args.as_of, args.scenario)
        author = tracker.actor
    if writer is not None:
        _write(args.output, writer, plan, fmt, author=author, force=args.force)
        return EXIT_OK
    if args.format == "json":
        sys.stdout.write(render_json.json_text(PLAN_ADAPTER, plan))
        return EXIT_OK
    scenario_needs = plan.with_scenario.needs if plan.with_scenario else ()
    sys.stdout.write(
        plan_text(
            plan.horizon,
            plan.as_of,
            plan.baseline.needs,
            fmt,
            plan.scenario,
            scenario_needs,
        )
    )
    sys.stdout.write(programme_text(plan, fmt))
    return EXIT_OK


def programme_text(plan: Any, fmt: Formatter) -> str:
    """The programme's schede and the yearly commitments, then the scenario's
    schede (its commitments are the same)."""
    from tracker.present.programme_text import programme_lines

    if plan.horizon.end < plan.as_of:
        return ""  # three years already past: the text has said nothing is left
    lines: list[str] = []
    if plan.baseline.money is not None:
        lines += ["", *programme_lines(plan.baseline.money, fmt)]
    side = plan.with_scenario
    if side is not None and side.money is not None:
        lines += ["", _("With the scenario:"), ""]
        lines += programme_lines(side.money, fmt, commitments=False)
    return "".join(line + "\n" for line in lines)


def _writer(args: argparse.Namespace) -> Callable[..., None]:
    """The writer of the document ``-o`` names, refused before anything is read
    when the suffix is not one the plan is written as."""
    target: Path = args.output
    if args.format != "text":
        raise TrackerError(
            N_(
                "-o writes the plan as a document; --format {format} prints it: "
                "give one or the other"
            ),
            format=args.format,
        )
    suffix = target.suffix.lower()
    if suffix not in WRITERS:
        raise ValidationError(
            "-o",
            str(target),
            N_("the plan is written as a .pdf or an .xlsx file"),
        )
    module, name = WRITERS[suffix]
    try:
        writer: Callable[..., None] = getattr(importlib.import_module(module), name)
    except (ModuleNotFoundError, AttributeError):
        raise ValidationError(
            "-o",
            str(target),
            N_("this version cannot write the plan as {suffix} yet"),
            suffix=suffix,
        ) from None
    return writer


def _write(
    target: Path,
    writer: Callable[..., None],
    plan: Any,
    fmt: Formatter,
    *,
    author: str,
    force: bool,
) -> None:
    """Write the document, over a file only with --force."""
    from tracker.cli_documents import _refuse_existing

    _refuse_existing(target, force)
    writer(plan, target, fmt, author=author)
    sys.stdout.write(_("Written {file}").format(file=target) + "\n")


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "plan": cmd_plan,
}
