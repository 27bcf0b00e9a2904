"""Whether a database is new: nothing recorded in it yet, so the app greets the
person and offers a start instead of a dashboard of zeros."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlmodel import Session

from tracker.history import RECORDS


def holds_no_records(session: Session) -> bool:
    """True when no record a person names is stored (no programme, place, service,
    party, act, fund, tender, contract or deadline). The history alone does not
    count: a database whose records were all deleted is not new, but it is empty
    and starts the same way."""
    for model in RECORDS.values():
        table: Any = model.__table__  # type: ignore[attr-defined]
        if session.execute(select(exists().select_from(table))).scalar():
            return False
    return True
