"""Files the tool writes: whole or not at all, readable by their owner only.

Contracts, names and amounts are not for every account on a shared machine, so
what appalti writes is created 0600 (narrower still if the umask says so) and
folders it creates 0700.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from tracker.errors import N_, TrackerError
from tracker.i18n import _

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def os_reason(error: OSError) -> str:
    """Why the system refused, in the active language when it is a common case."""
    reasons = {
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"),
        errno.EROFS: _("the file system is read-only"),
        errno.ENOSPC: _("the disk is full"),
        errno.EDQUOT: _("the disk quota is exhausted"),
        errno.ENOENT: _("the folder does not exist"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.EISDIR: _("it is a folder"),
        errno.ENAMETOOLONG: _("the name is too long"),
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


def cannot_write(target: Path, error: OSError) -> TrackerError:
    return TrackerError(
        N_("cannot write {file}: {reason}"), file=target, reason=os_reason(error)
    )


def probe(path: Path, test: Callable[[Path], bool]) -> bool:
    """``test(path)`` (``Path.exists``, ``Path.is_dir``) for a file about to be
    written: on a name the system refuses (too long) they raise instead of
    answering, and that is said as a failure to write the file."""
    try:
        return test(path)
    except OSError as error:
        raise cannot_write(path, error) from None


def write_private(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``target`` whole or leave it as it was.

    ``write`` fills a temporary file in the same folder, created 0600 (the umask
    may narrow it further); once flushed to disk it replaces ``target`` in one step.
    Any failure of the system is a TrackerError naming the file and the reason.
    """
    target = Path(target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError as error:
        raise cannot_write(target, error) from None
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise cannot_write(target, error) from None
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    sync_folder(target.parent)


def write_private_bytes(target: Path, content: bytes) -> None:
    """``write_private`` for content already in memory."""

    def write(stream: BinaryIO) -> None:
        stream.write(content)

    write_private(target, write)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable; where folders cannot be synced, skip."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) 0700; an existing one is left as it is."""
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except FileExistsError:
        raise TrackerError(
            N_("cannot create the folder {folder}: a file has that name"), folder=folder
        ) from None
    except OSError as error:
        raise TrackerError(
            N_("cannot create the folder {folder}: {reason}"),
            folder=folder,
            reason=os_reason(error),
        ) from None
