"""Writing a document from the app (a tender's dossier, the alert list): to the
documents folder unless another path is typed, over an existing file only if the
person says so, whole or not at all, and saying where it went."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import TrackerError
from tracker.files import probe
from tracker.i18n import _

if TYPE_CHECKING:
    from tui.app import TrackerApp


def save_document(
    app: TrackerApp,
    prompt: str,
    name: str,
    make: Callable[[], bytes],
    written: str,
) -> None:
    """Ask where to write the document, proposing ``name`` in the documents
    folder, and write what ``make`` returns there.

    ``make`` runs in a worker thread (it reads the database); ``written`` is the
    notice once done, with ``{path}`` where the path goes. A folder typed as the
    path gets the file ``name`` in it."""
    from tracker.config import documents_folder
    from tui.screens.confirm import ConfirmScreen, TextScreen

    def confirmed(path: Path, overwrite: bool | None) -> None:
        if overwrite:
            _write(app, path, make, written)
        else:
            app.notify(_("Nothing written: {path} is as it was.").format(path=path))

    def chosen(typed: str | None) -> None:
        if not typed:
            return
        path = Path(typed).expanduser()
        try:
            if probe(path, Path.is_dir):
                path /= name
            exists = probe(path, Path.exists)
        except TrackerError as error:  # a name the system refuses (too long)
            app.notify(str(error), severity="error")
            return
        if not exists:
            _write(app, path, make, written)
            return
        # the path was typed a moment ago; the dialog holds one short line
        app.push_screen(
            ConfirmScreen(
                _("The file already exists. Overwrite it?"), yes=_("Overwrite")
            ),
            callback=lambda answer: confirmed(path, answer),
        )

    folder = documents_folder(app.tracker.settings)
    app.push_screen(TextScreen(prompt, str(folder / name)), callback=chosen)


def _write(
    app: TrackerApp, path: Path, make: Callable[[], bytes], written: str
) -> None:
    from tracker.files import write_private_bytes

    def run() -> None:
        try:
            # whole or not at all: a failed write leaves an existing file as it was
            write_private_bytes(path, make())
        except TrackerError as error:
            app.call_from_thread(app.notify, str(error), severity="error")
            return
        app.call_from_thread(app.notify, written.format(path=path))

    app.run_worker(run, thread=True, group="write")
