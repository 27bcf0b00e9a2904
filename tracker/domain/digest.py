"""Which alerts a digest sent "only new" carries: those its recipients were not
sent in their last digest.

An alert is the same alert from one morning to the next while its key, its kind,
its severity and its day stay: its sentence changes every day (the countdown), so
it is not compared. An alert that grew worse (a warning now critical, a deadline
now overdue) or whose day moved (a recurring deadline's next occurrence, a
successor procedure's new day to start) is news, and is sent again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from tracker.domain.alerts import Alert


def alert_mark(alert: Alert) -> str:
    """What identifies an alert across digests: ``key kind severity day``."""
    day = alert.due.isoformat() if alert.due is not None else "-"
    return f"{alert.key} {alert.kind.value} {alert.severity.value} {day}"


def new_alerts(alerts: Sequence[Alert], sent: Collection[str]) -> list[Alert]:
    """The alerts whose mark is not among those ``sent``, in their order."""
    return [alert for alert in alerts if alert_mark(alert) not in sent]


def recipients_key(addresses: Iterable[str]) -> str:
    """One spelling of a set of recipients, to find the last digest they were sent:
    bare addresses, lower case, sorted, without repeats."""
    return ", ".join(sorted({address.strip().lower() for address in addresses}))
