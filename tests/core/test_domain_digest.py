"""Which alerts a digest sent "only new" carries (tracker.domain.digest)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.alerts import Alert, AlertKind, Severity
from tracker.domain.digest import alert_mark, new_alerts, recipients_key

GAP = Alert(
    Severity.CRITICAL,
    AlertKind.CONTINUITY_GAP,
    date(2022, 12, 21),
    "Laboratorio Sociale Lorenteggio",
    "LSL-LORENTEGGIO",
    "no service since 21/12/2022 (for 28 days)",
)
RISK = Alert(
    Severity.WARNING,
    AlertKind.CONTINUITY_RISK,
    date(2023, 3, 1),
    "Laboratorio di Quartiere Mazzini",
    "LDQ-MAZZINI",
    "start the successor procedure by 01/03/2023",
)


def _with(alert: Alert, **changes: object) -> Alert:
    values = {
        "severity": alert.severity,
        "kind": alert.kind,
        "due": alert.due,
        "subject": alert.subject,
        "ref": alert.ref,
        "message": alert.message,
        "key": alert.key,
        **changes,
    }
    return Alert(**values)  # type: ignore[arg-type]


WORSE = _with(RISK, severity=Severity.CRITICAL)
MOVED = _with(RISK, due=date(2023, 2, 1))
LATER = _with(GAP, message="no service since 21/12/2022 (for 29 days)")


@pytest.mark.parametrize(
    ("sent", "today", "new"),
    [
        ([], [GAP, RISK], [GAP, RISK]),
        ([GAP, RISK], [GAP, RISK], []),
        ([GAP], [GAP, RISK], [RISK]),
        # the sentence counts one more day: the same alert
        ([GAP], [LATER], []),
        # worse: news
        ([RISK], [WORSE], [WORSE]),
        # its day moved (a successor procedure's new day to start): news
        ([RISK], [MOVED], [MOVED]),
        # gone and back again after the last digest: news
        ([RISK], [GAP], [GAP]),
    ],
    ids=["first", "same", "one-more", "same-words-later", "worse", "moved", "other"],
)
def test_only_the_alerts_the_last_digest_did_not_carry_are_new(
    sent: list[Alert], today: list[Alert], new: list[Alert]
) -> None:
    assert new_alerts(today, {alert_mark(a) for a in sent}) == new


def test_an_alert_mark_names_its_key_kind_severity_and_day() -> None:
    assert alert_mark(GAP) == (
        "LSL-LORENTEGGIO/continuity_gap continuity_gap critical 2022-12-21"
    )
    assert alert_mark(_with(GAP, due=None)).endswith(" critical -")


@pytest.mark.parametrize(
    ("addresses", "key"),
    [
        (["b@x.it", "A@x.it"], "a@x.it, b@x.it"),
        (["a@x.it", " a@X.it "], "a@x.it"),
        ([], ""),
    ],
)
def test_recipients_are_one_spelling_whatever_their_order_and_case(
    addresses: list[str], key: str
) -> None:
    assert recipients_key(addresses) == key
