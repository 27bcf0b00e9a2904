"""The outcome of ``appalti check`` as a person reads it and as JSON."""

from __future__ import annotations

from typing import Any

from tracker.health import HealthReport
from tracker.i18n import _, ngettext


def report_text(report: HealthReport) -> str:
    """The report as a person reads it, in the active language."""
    titles = {
        "integrity": _("integrity of the storage"),
        "foreign_keys": _("references between records"),
        "schema": _("schema revision"),
        "data": _("data against the rules"),
        "facts": _("kept facts of the findings"),
    }
    lines = [_("Checking {target}").format(target=report.target)]
    for check in report.checks:
        if check.skipped is not None:
            state = check.skipped
        elif check.ok:
            state = _("ok")
        else:
            count = len(check.problems) + check.more
            state = ngettext("{count} problem", "{count} problems", count).format(
                count=count
            )
        if check.note and check.ok:
            state = f"{state} ({check.note})"
        lines.append(f"  {titles[check.name]}: {state}")
        lines.extend(f"    - {problem}" for problem in check.problems)
        if check.more:
            lines.append("    " + _("... and {count} more").format(count=check.more))
    lines.append(
        _("All is well.")
        if report.ok
        else _("Problems found: the database needs attention.")
    )
    return "\n".join(lines) + "\n"


def report_json(report: HealthReport) -> dict[str, Any]:
    return {
        "target": report.target,
        "ok": report.ok,
        "checks": [
            {
                "check": check.name,
                "ok": check.ok,
                "problems": check.problems,
                "more": check.more,
                "skipped": check.skipped,
                "note": check.note,
            }
            for check in report.checks
        ],
    }
