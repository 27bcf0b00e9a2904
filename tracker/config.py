"""Settings: where the database is. Pure functions; nothing is read at import."""

from __future__ import annotations

import getpass
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.config_mail import MailSettings, mail_settings
from tracker.domain.kinds import ProcedureType
from tracker.domain.periods import days_problem
from tracker.errors import N_, TrackerError, file_reason, quote

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


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for other databases and in-memory SQLite."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (
        None,
        "",
        ":memory:",
    ):
        return None
    return Path(parsed.database).expanduser()


def current_user(
    environ: Mapping[str, str] | None = None, *, configured: str | None = None
) -> str:
    """Who is making changes, for the history: the ``user`` of the settings file,
    else ``APPALTI_USER``, else the login of the operating system."""
    if configured:
        return configured
    env = os.environ if environ is None else environ
    named = env.get("APPALTI_USER") or env.get("USER") or env.get("USERNAME")
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


CONFIG_ENV = "APPALTI_CONFIG"
USER_LENGTH = 200
DEFAULT_LEAD_DAYS = 180
DEFAULT_OPTION_NOTICE_DAYS = 90
DEFAULT_HORIZON_DAYS = 60
DEFAULT_BUSY_TIMEOUT = 15.0
MAX_BUSY_TIMEOUT = 600.0
DEFAULT_OCDS_PREFIX = "ocds-appalti"
# OCP issues prefixes as "ocds-" and six lowercase letters or digits; a publisher
# without one may use any such word, never a "#" (OCDS forbids it in ids).
_OCDS_PREFIX = re.compile(r"^ocds-[a-z0-9-]{1,40}$")


@dataclass(frozen=True)
class Settings:
    """Tunable rules of the engine; every field has a sensible default.

    ``lead_days`` maps a procedure type (``aperta``, ``negoziata``...) to the days a
    successor procedure needs; ``default`` applies to any type not listed.
    """

    lead_days: Mapping[str, int] = field(
        default_factory=lambda: {"default": DEFAULT_LEAD_DAYS}
    )
    option_notice_days: int = DEFAULT_OPTION_NOTICE_DAYS
    horizon_days: int = DEFAULT_HORIZON_DAYS
    language: str | None = None
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT
    """Seconds a SQLite write waits for another appalti writing the same file."""
    user: str | None = None
    """The person's name in the history (else APPALTI_USER, else the OS login)."""
    ocds_prefix: str = DEFAULT_OCDS_PREFIX
    """The ocid prefix of exported tenders without a published ocid of their own."""
    documents: Path | None = None
    """The folder dossiers and reports are written to unless told otherwise
    (None: the user's documents folder, see ``documents_folder``)."""
    mail: MailSettings = field(default_factory=MailSettings)
    """The SMTP server of the morning digest (``[mail]``; ``tracker.config_mail``)."""

    def lead_days_for(self, procedure_type: str | None) -> int:
        if procedure_type is not None and procedure_type in self.lead_days:
            return self.lead_days[procedure_type]
        return self.lead_days.get("default", DEFAULT_LEAD_DAYS)


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def settings_path(environ: Mapping[str, str] | None = None) -> Path:
    """The settings file this person's appalti reads: ``$APPALTI_CONFIG``, else
    the user config file (it may not exist yet)."""
    env = os.environ if environ is None else environ
    return Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else default_config_path()


def load_settings(
    path: Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Settings from ``path``, ``$APPALTI_CONFIG`` or the user config file, if any.

    A missing file means the defaults; a malformed one is an error naming the key.
    """
    env = os.environ if environ is None else environ
    if path is None:
        path = Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else default_config_path()
        if not path.is_file():
            return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TrackerError(
            N_("{path}: the configuration file does not exist"), path=path
        ) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TrackerError(
            N_("{path}: cannot read the configuration: {reason}"),
            path=path,
            reason=file_reason(error),
        ) from None
    return settings_from_mapping(data, source=str(path))


def settings_from_mapping(
    data: Mapping[str, Any], *, source: str = "config"
) -> Settings:
    """Check and convert a parsed configuration document."""
    known = {
        "lead_days",
        "option_notice_days",
        "horizon_days",
        "language",
        "user",
        "busy_timeout",
        "ocds_prefix",
        "documents",
        "mail",
    }
    for key in data:
        if key not in known:
            raise TrackerError(
                N_("{source}: unknown setting {key}"), source=source, key=quote(key)
            )
    lead_days = {"default": DEFAULT_LEAD_DAYS}
    raw_lead = data.get("lead_days", {})
    if not isinstance(raw_lead, Mapping):
        raise TrackerError(
            N_("{source}: lead_days must be a table of procedure type = days"),
            source=source,
        )
    known_types = {"default", *(p.value for p in ProcedureType)}
    for procedure, days in raw_lead.items():
        if procedure not in known_types:
            raise TrackerError(
                N_(
                    "{source}: lead_days.{procedure} is not a procedure type; use "
                    "one of {types}"
                ),
                source=source,
                procedure=procedure,
                types=", ".join(sorted(known_types)),
            )
        lead_days[str(procedure)] = _days(days, f"lead_days.{procedure}", source)
    user = data.get("user")
    if user is not None and (
        not isinstance(user, str) or not user.strip() or len(user) > USER_LENGTH
    ):
        raise TrackerError(
            N_(
                "{source}: user must be a name of 1 to {most} characters (value: {value})"
            ),
            source=source,
            most=USER_LENGTH,
            value=quote(user),
        )
    language = data.get("language")
    if language is not None and language not in ("it", "en"):
        raise TrackerError(
            N_("{source}: language must be 'it' or 'en' (value: {value})"),
            source=source,
            value=quote(language),
        )
    prefix = data.get("ocds_prefix", DEFAULT_OCDS_PREFIX)
    if not isinstance(prefix, str) or not _OCDS_PREFIX.match(prefix):
        raise TrackerError(
            N_(
                "{source}: ocds_prefix must be 'ocds-' followed by lowercase letters "
                "or digits (value: {value})"
            ),
            source=source,
            value=quote(prefix),
        )
    documents = data.get("documents")
    if documents is not None and (not isinstance(documents, str) or not documents):
        raise TrackerError(
            N_("{source}: documents must be the path of a folder (value: {value})"),
            source=source,
            value=quote(documents),
        )
    return Settings(
        documents=None if documents is None else Path(documents).expanduser(),
        lead_days=lead_days,
        option_notice_days=_days(
            data.get("option_notice_days", DEFAULT_OPTION_NOTICE_DAYS),
            "option_notice_days",
            source,
        ),
        horizon_days=_days(
            data.get("horizon_days", DEFAULT_HORIZON_DAYS), "horizon_days", source
        ),
        language=language,
        busy_timeout=_seconds(data.get("busy_timeout", DEFAULT_BUSY_TIMEOUT), source),
        user=user,
        ocds_prefix=prefix,
        mail=mail_settings(data.get("mail"), source=source),
    )


def documents_folder(
    settings: Settings,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path:
    """Where documents go unless a path is given: the ``documents`` setting, else
    the user's documents folder as ``xdg-user-dir DOCUMENTS`` names it (read from
    ``user-dirs.dirs``, which is all that command does), else ``~/Documents`` when
    it exists, else the home folder."""
    if settings.documents is not None:
        return settings.documents
    env = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    named = _xdg_documents(env, home)
    if named is not None and named.is_dir():
        return named
    documents = home / "Documents"
    return documents if documents.is_dir() else home


_XDG_DOCUMENTS = re.compile(r'^\s*XDG_DOCUMENTS_DIR\s*=\s*"([^"]*)"\s*$')


def _xdg_documents(env: Mapping[str, str], home: Path) -> Path | None:
    """The documents folder of ``$XDG_CONFIG_HOME/user-dirs.dirs``, if it names one
    (a folder set to the home itself means none, by the XDG convention)."""
    config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    try:
        lines = (config / "user-dirs.dirs").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        match = _XDG_DOCUMENTS.match(line)
        if match is None:
            continue
        value = match.group(1)
        if value.startswith("$HOME"):
            folder = home / value.removeprefix("$HOME").lstrip("/")
        elif value.startswith("/"):
            folder = Path(value)
        else:
            return None
        return None if folder == home else folder
    return None


def _seconds(value: object, source: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= MAX_BUSY_TIMEOUT
    ):
        raise TrackerError(
            N_(
                "{source}: busy_timeout must be a number of seconds from 0 to "
                "{most} (value: {value})"
            ),
            source=source,
            most=f"{MAX_BUSY_TIMEOUT:g}",
            value=quote(value),
        )
    return float(value)


def _days(value: object, key: str, source: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TrackerError(
            N_("{source}: {key} must be a whole number of days (value: {value})"),
            source=source,
            key=key,
            value=quote(value),
        )
    problem = days_problem(value)
    if problem is not None:
        raise TrackerError(
            N_("{source}: {key}: {problem} (value: {value})"),
            source=source,
            key=key,
            problem=problem,
            value=quote(value),
        )
    return value
