"""The ``appalti`` command: the TUI by default, headless subcommands for scripts."""

from __future__ import annotations

import argparse
import errno
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from tracker import (
    __version__,
    cli_admin,
    cli_calendar,
    cli_digest,
    cli_documents,
    cli_history,
    cli_ocds,
    cli_plan,
    cli_sheets,
    cli_tables,
)
from tracker.cli_base import (
    as_of_option,
    day_argument,
    day_count,
    format_option,
    language_before_parsing,
    load_into_new,
    opened,
    output_option,
    whole_number,
    write_utf8,
)
from tracker.collector import leave, settle_collector
from tracker.config import load_settings, resolve_db_url, sqlite_path
from tracker.errors import TrackerError
from tracker.formatting import Formatter, language_from_env, printable
from tracker.i18n import _, set_language, translate_argparse
from tracker.vocabulary import alert_key, counted

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_ALERTS = 3

LIST_KINDS = ("tenders", "contracts", "services", "organisations", "consortia", "acts")
PAGES = {
    **{kind: f"{kind[:-1]}_pages" for kind in LIST_KINDS[:4]},
    "consortia": "consortium_list_pages",
    "acts": "act_list_pages",
}
"""The tracker's pages of each kind's records, as ``--format json`` writes them
(consortia and acts: the rows of the app's lists, in JSON as in text)."""
TEXT_PAGES = {"contracts": "contract_list_pages", "tenders": "tender_list_pages"}
"""Lists whose text shows the rows of the app's list rather than whole records."""


def build_parser() -> argparse.ArgumentParser:
    """The ``appalti`` parser, its help in the active language (set it first)."""
    common = _common_options()
    parser, commands = _top_parser(common)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        made: argparse.ArgumentParser = commands.add_parser(
            name, parents=[common], help=help, description=help
        )
        return made

    # The order of the calls is the order of ``appalti --help``.
    _record_commands(command)
    _finding_commands(command)
    _upkeep_commands(command)
    cli_ocds.add_commands(commands, common)
    cli_sheets.add_commands(commands, common)
    cli_calendar.add_commands(commands, common)
    cli_admin.add_commands(commands, common)
    cli_history.add_commands(commands, common)
    cli_digest.add_commands(commands, common)
    cli_plan.add_commands(commands, common)
    return parser


Command = Callable[[str, str], argparse.ArgumentParser]
"""Adds a subcommand with its name and help, taking the options every command has."""


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL",
        help=_(
            "SQLAlchemy URL or SQLite file (default: $APPALTI_DB, else the user "
            "data dir)"
        ),
    )
    common.add_argument(
        "--lang",
        choices=("it", "en"),
        default=argparse.SUPPRESS,
        help=_("interface language"),
    )
    return common


def _top_parser(
    common: argparse.ArgumentParser,
) -> tuple[argparse.ArgumentParser, Any]:
    parser = argparse.ArgumentParser(
        prog="appalti",
        description=_("Tenders, contracts, funding and service continuity."),
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"appalti {__version__}",
        help=_("show the version of appalti and exit"),
    )
    parser.add_argument(
        "--as-of",
        type=day_argument,
        default=argparse.SUPPRESS,
        metavar=_("DATE"),
        help=_(
            "open the app as of this day, dd/mm/yyyy or yyyy-mm-dd (default: today)"
        ),
    )
    commands = parser.add_subparsers(
        dest="command", metavar=_("COMMAND"), title=_("commands")
    )

    return parser, commands


def _record_commands(command: Command) -> None:
    """The app, and loading, writing and reading records."""
    tui = command("tui", _("open the terminal app (the default)"))
    as_of_option(tui)
    demo = command("demo", _("open the app on a scratch copy of the Milan dataset"))
    as_of_option(demo)
    load = command("load", _("load a dataset file (one transaction)"))
    load.add_argument(
        "file", type=Path, metavar=_("FILE"), help=_("the dataset file to load")
    )
    dump = command("dump", _("write the database as a dataset"))
    dump.add_argument(
        "file", metavar=_("FILE"), help=_("output file, or - for standard output")
    )
    listing = command("list", _("list records of one kind"))
    listing.add_argument(
        "kind", choices=LIST_KINDS, metavar=_("KIND"), help=_kinds_help(LIST_KINDS)
    )
    cli_tables.table_format_option(listing)
    as_of_option(listing)
    show = command("show", _("one tender or contract in full"))
    show.add_argument(
        "ref", metavar=_("REF"), help=_("the reference of a tender or a contract")
    )
    format_option(show)


def _finding_commands(command: Command) -> None:
    """Continuity, alerts and the documents."""
    continuity = command("continuity", _("coverage, gaps and risks of each service"))
    as_of_option(continuity)
    cli_tables.table_format_option(continuity)
    alerts = command("alerts", _("what needs attention, most urgent first"))
    as_of_option(alerts)
    alerts.add_argument(
        "--within",
        type=day_count,
        metavar=_("DAYS"),
        help=_("show deadlines due within DAYS days (default: horizon_days, 60)"),
    )
    cli_tables.table_format_option(alerts)
    alerts.add_argument(
        "--fail-on",
        choices=("critical", "warning"),
        metavar=_("SEVERITY"),
        help=_(
            "exit with status 3 when an alert of this severity or worse exists: "
            "critical or warning"
        ),
    )
    cli_documents.alerts_output_options(alerts)
    dossier = command("dossier", _("a tender's dossier as an A4 PDF"))
    dossier.add_argument("ref", metavar=_("REF"), help=_("the tender's reference"))
    output_option(dossier)
    as_of_option(dossier)
    report = command("report", _("the committee report as an A4 PDF"))
    report.add_argument(
        "kind",
        choices=("continuity",),
        metavar=_("KIND"),
        help=_("the report to write: continuity"),
    )
    output_option(report)
    as_of_option(report)


def _upkeep_commands(command: Command) -> None:
    """Synthetic databases and deadlines."""
    generate = command(
        "generate",
        _("write a synthetic database of N contracts (for trials and benchmarks)"),
    )
    generate.add_argument(
        "--contracts",
        type=whole_number,
        required=True,
        metavar="N",
        help=_("how many contracts to write"),
    )
    generate.add_argument(
        "--seed",
        type=whole_number,
        default=1,
        metavar="S",
        help=_("the seed of the random choices (default: 1)"),
    )
    deadline = command("deadline", _("mark an explicit deadline done or acknowledged"))
    deadline.add_argument(
        "action",
        choices=("done", "ack"),
        metavar=_("ACTION"),
        help=_("done: the deadline is met; ack: it is acknowledged"),
    )
    deadline.add_argument(
        "ref",
        metavar=_("REF"),
        help=_("an explicit deadline's ref, or a derived key such as LDQ-2016/start"),
    )
    as_of_option(deadline)


def _kinds_help(kinds: Sequence[str]) -> str:
    return _("what to list: {kinds}").format(kinds=", ".join(kinds))


APP_COMMANDS = frozenset({"tui", "demo"})
"""The commands that run the app: the terminal is Textual's to hand back, and
the process ends the usual way (the others end at once, ``leave``)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    if argv is None:  # the process's own command line, not a caller's
        settle_collector()
    translate_argparse()
    set_language(language_before_parsing(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    args.as_of = getattr(args, "as_of", None)
    command = args.command or "tui"
    status = _run(args, HANDLERS[command])
    if argv is None and command not in APP_COMMANDS:
        leave(status)
    return status


def _run(
    args: argparse.Namespace, handler: Callable[[argparse.Namespace, Formatter], int]
) -> int:
    """The command's exit status, every failure told in the person's language."""
    try:
        args.settings = load_settings()
        language = (
            getattr(args, "lang", None) or args.settings.language or language_from_env()
        )
        set_language(language)
        status = handler(args, Formatter(language))
        sys.stdout.flush()  # a full disk shows here, not after the last message
        return status
    except TrackerError as error:
        print(f"appalti: {printable(str(error), multiline=True)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader stopped reading (| head): its choice, not a failure here;
        # quiet and successful whatever the length of the output, as `dump -` is
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        # files are written through tracker.files, which names them: what is left
        # is the output the command was redirected to (| > on a full disk)
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            return _internal_error(error)
        from tracker.files import os_reason

        message = _("cannot write the standard output: {reason}")
        print(f"appalti: {message.format(reason=os_reason(error))}", file=sys.stderr)
        # what is still buffered cannot go either: drop it, or Python's own flush
        # at exit would report the same failure again, in English
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as error:
        return _internal_error(error)


def _internal_error(error: Exception) -> int:
    """A bug: say so plainly, keep the traceback opt-in."""
    if os.environ.get("APPALTI_DEBUG"):
        raise error
    print(
        f"appalti: internal error: {type(error).__name__}: "
        f"{printable(str(error), multiline=True)}\n"
        "set APPALTI_DEBUG=1 to see the traceback",
        file=sys.stderr,
    )
    return EXIT_ERROR


def _run_tui(tracker: Any, language: str, as_of: date | None) -> int:
    from tui.app import TrackerApp

    TrackerApp(tracker, language=language, as_of=as_of).run()
    return EXIT_OK


def cmd_tui(args: argparse.Namespace, fmt: Formatter) -> int:
    with opened(args, create=True) as tracker:
        return _run_tui(tracker, fmt.language, getattr(args, "as_of", None))


def cmd_demo(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.api import Tracker
    from tracker.bundled import milan_dataset_path

    with tempfile.TemporaryDirectory(prefix="appalti-demo-") as scratch:
        tracker = Tracker.open(
            f"sqlite:///{Path(scratch) / 'demo.db'}", settings=args.settings
        )
        try:
            tracker.load_file(milan_dataset_path())
            return _run_tui(tracker, fmt.language, getattr(args, "as_of", None))
        finally:
            tracker.close()


def cmd_load(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.dataset import read_dataset_file

    del fmt
    dataset = read_dataset_file(args.file)
    path = sqlite_path(resolve_db_url(getattr(args, "db", None) or None))
    if path is not None and not path.exists():
        summary = load_into_new(path, dataset, args.settings)
    else:
        with opened(args, create=True) as tracker:
            summary = tracker.load_dataset(dataset)
    parts = counted(summary.counts)
    print(
        _("Loaded {file}: {parts}").format(file=args.file, parts=parts or _("nothing"))
    )
    return EXIT_OK


def cmd_dump(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker.backup import write_dump
    from tracker.files import write_private

    del fmt
    with opened(args) as tracker:
        if args.file == "-":
            sys.stdout.flush()
            try:
                write_dump(tracker.engine, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            except BrokenPipeError:
                # The reader stopped early (| head): nothing went wrong here
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            return EXIT_OK
        target = Path(args.file)
        write_private(target, lambda stream: write_dump(tracker.engine, stream))
    print(_("Written {file}").format(file=target))
    return EXIT_OK


def _pages(tracker: Any, name: str, args: argparse.Namespace) -> Iterable[Any]:
    """The pages of a list, read as of --as-of (a contract's state, a tender's
    countdowns are those of a day); services, consortia and acts are listed as
    they are recorded."""
    read: Callable[..., Iterable[Any]] = getattr(tracker, name)
    undated = args.kind in ("services", "consortia", "acts")
    return read() if undated else read(args.as_of)


def cmd_list(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker import render, render_json, render_lists
    from tracker.schemas import LIST_ROW_ADAPTERS

    name = f"{args.kind}_text"
    with opened(args) as tracker:
        # Pages are read as they are written: a list of any length holds one page
        # of records at a time (the text keeps its cells to size the columns).
        if cli_tables.wants_csv(args):
            table = cli_tables.list_table(tracker, args.kind, args.as_of)
            cli_tables.write_table(table, args)
        elif args.format == "json":
            pages: Iterable[Sequence[Any]] = _pages(tracker, PAGES[args.kind], args)
            adapter = LIST_ROW_ADAPTERS[args.kind]
            for chunk in render_json.json_list_chunks(adapter, args.kind, pages):
                sys.stdout.write(chunk)
        else:
            pages = _pages(tracker, TEXT_PAGES.get(args.kind, PAGES[args.kind]), args)
            text_of: Callable[[Any, Formatter], str] = getattr(
                render_lists if hasattr(render_lists, name) else render, name
            )
            sys.stdout.write(text_of((r for page in pages for r in page), fmt))
    return EXIT_OK


def cmd_show(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker import render, render_json
    from tracker.schemas import DETAIL_ADAPTER

    with opened(args) as tracker:
        detail = tracker.get_record(args.ref)
    if args.format == "json":
        sys.stdout.write(render_json.json_text(DETAIL_ADAPTER, detail))
    else:
        sys.stdout.write(render.detail_text(detail, fmt))
    return EXIT_OK


def cmd_continuity(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker import render, render_json
    from tracker.schemas import (
        CONTINUITY_ADAPTER,
        SERVICE_CONTINUITY_ADAPTER,
        SERVICE_CONTINUITY_ROWS_ADAPTER,
    )

    with opened(args) as tracker:
        as_of = args.as_of or tracker.today()
        if cli_tables.wants_csv(args):
            cli_tables.write_table(cli_tables.services_table(tracker, as_of), args)
            return EXIT_OK
        services = tracker.continuity(as_of)
    if args.format == "json":
        report = {"as_of": as_of, "services": services}
        write_utf8(
            render_json.json_records(
                CONTINUITY_ADAPTER,
                report,
                "services",
                SERVICE_CONTINUITY_ADAPTER,
                SERVICE_CONTINUITY_ROWS_ADAPTER,
            )
        )
    else:
        sys.stdout.write(render.continuity_text(as_of, services, fmt))
    return EXIT_OK


def cmd_alerts(args: argparse.Namespace, fmt: Formatter) -> int:
    from tracker import render, render_json
    from tracker.domain.alerts import Severity
    from tracker.schemas import ALERT_ADAPTER, ALERT_ROWS_ADAPTER, ALERTS_ADAPTER

    with opened(args) as tracker:
        as_of = args.as_of or tracker.today()
        within = (
            args.within if args.within is not None else tracker.settings.horizon_days
        )
        findings = tracker.day_alerts(as_of, within=within)
        made_at, author = tracker.clock(), tracker.actor
    alerts = findings.alerts
    if args.output is not None:
        cli_documents.write_alerts(
            args, fmt, findings, within=within, made_at=made_at, author=author
        )
    elif cli_tables.wants_csv(args):
        cli_tables.write_table(cli_tables.alerts_table(alerts, as_of), args)
    elif args.format == "json":
        report = {"as_of": as_of, "within": within, "alerts": alerts}
        write_utf8(
            render_json.json_records(
                ALERTS_ADAPTER, report, "alerts", ALERT_ADAPTER, ALERT_ROWS_ADAPTER
            )
        )
    else:
        sys.stdout.write(render.alerts_text(as_of, within, alerts, fmt))
    if args.fail_on and any(
        a.severity.at_least(Severity(args.fail_on)) for a in alerts
    ):
        return EXIT_ALERTS
    return EXIT_OK


def cmd_generate(args: argparse.Namespace, fmt: Formatter) -> int:
    import time

    del fmt
    with opened(args, create=True) as tracker:
        started = time.perf_counter()
        summary = tracker.generate(contracts=args.contracts, seed=args.seed)
    seconds = time.perf_counter() - started
    print(
        _(
            "Generated {contracts} contracts ({rows} rows, seed {seed}) in {seconds} s"
        ).format(
            contracts=summary.counts["contract"],
            rows=sum(summary.counts.values()),
            seed=summary.seed,
            seconds=f"{seconds:.1f}",
        )
    )
    return EXIT_OK


def cmd_deadline(args: argparse.Namespace, fmt: Formatter) -> int:
    del fmt
    with opened(args) as tracker:
        if args.action == "done":
            tracker.mark_deadline_done(args.ref, through=args.as_of)
            print(_("Deadline {ref} marked done").format(ref=alert_key(args.ref)))
        else:
            tracker.acknowledge_deadline(args.ref, as_of=args.as_of)
            print(_("Deadline {ref} acknowledged").format(ref=alert_key(args.ref)))
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace, Formatter], int]] = {
    "tui": cmd_tui,
    "demo": cmd_demo,
    "load": cmd_load,
    "dump": cmd_dump,
    "list": cmd_list,
    "show": cmd_show,
    "continuity": cmd_continuity,
    "alerts": cmd_alerts,
    "deadline": cmd_deadline,
    "generate": cmd_generate,
    **cli_documents.HANDLERS,
    **cli_ocds.HANDLERS,
    **cli_sheets.HANDLERS,
    **cli_calendar.HANDLERS,
    **cli_admin.HANDLERS,
    **cli_history.HANDLERS,
    **cli_digest.HANDLERS,
    **cli_plan.HANDLERS,
}
