"""Settings: where the database is. Pure functions; nothing is read at import."""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "appalti"
DB_ENV = "APPALTI_DB"


def default_db_path() -> Path:
    """The SQLite file in the user data directory (created on first use)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "appalti.db"


def resolve_db_url(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """``--db`` wins over ``APPALTI_DB``, which wins over the default SQLite file.

    A plain file path is accepted as a SQLite database.
    """
    env = os.environ if environ is None else environ
    value = option or env.get(DB_ENV) or ""
    if not value:
        return f"sqlite:///{default_db_path()}"
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    return value


def current_user(environ: Mapping[str, str] | None = None) -> str:
    """Who is making changes, for the history."""
    env = os.environ if environ is None else environ
    named = env.get("APPALTI_USER") or env.get("USER") or env.get("USERNAME")
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
