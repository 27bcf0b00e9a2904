"""Writing from the app: every form on an existing record remembers the version it
read, and its save is checked against it.

A form stays open while it saves: on success it closes (and whoever opened it is
told the record's reference); on a refusal it stays with everything typed and
shows why. If someone else saved the record meanwhile, nothing is overwritten: the
form is opened again with everything the person typed, says who changed what and
when, and Ctrl+R reads the record again and reapplies the person's changes on it,
marking the fields both changed; the next Ctrl+S saves. A delete is checked the
same way. On a database the role may only read, every key that would write says so
instead.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import App

from tracker.api import Tracker
from tracker.drafts import Draft
from tracker.errors import (
    N_,
    ConflictError,
    NotFoundError,
    TrackerError,
    ValidationError,
)
from tracker.formatting import Formatter
from tracker.forms import read_values
from tracker.i18n import _
from tui.records import (
    ROME,
    Editing,
    FormKind,
    Notice,
    Writing,
    conflict_notice,
    form_kind,
    form_title,
    form_values,
    new_values,
    reapplied,
)

if TYPE_CHECKING:
    from tui.app import TrackerApp
    from tui.screens.form import FormResult, RecordForm

Saved = Callable[[str], None]
"""Told the reference of the record a form saved (a picker fills it in)."""


class RecordEditing(App[None]):
    """The app's writes (``TrackerApp`` is one)."""

    tracker: Tracker
    formatter: Formatter

    def data_changed(self) -> None:
        """Tell every screen that the data changed (the app defines it)."""
        raise NotImplementedError

    def read_only_notice(self) -> str:
        return _("Read only: the role {role} cannot change the data").format(
            role=self.tracker.role or "?"
        )

    def refuse_read_only(self) -> bool:
        """On a database this role may only read, say so; True if refused."""
        if not self.tracker.read_only:
            return False
        self.notify(self.read_only_notice(), severity="warning")
        return True

    def create(
        self,
        kind: FormKind,
        parent: str | None = None,
        *,
        on_saved: Saved | None = None,
        initial: dict[str, str] | None = None,
    ) -> None:
        """Open the form for a new record of ``kind`` (under ``parent``), its
        fields starting with ``initial`` besides the usual defaults;
        ``on_saved`` is told the new record's reference once it is saved."""
        if self.refuse_read_only():
            return
        values = new_values(kind, parent, cast("TrackerApp", self))
        values.update(initial or {})
        self.open_form(Editing(kind, parent=parent), values, on_saved=on_saved)

    def edit(
        self, ref: str, focus: str | None = None, *, on_saved: Saved | None = None
    ) -> None:
        """Open the form of an existing record, filled in (the cursor on the field
        ``focus``, when given); ``on_saved`` is told once it is saved."""
        if self.refuse_read_only():
            return
        self.read_for_edit(ref, focus, on_saved)

    @work(thread=True, group="read-for-edit")
    def read_for_edit(
        self, ref: str, focus: str | None = None, on_saved: Saved | None = None
    ) -> None:
        try:
            kind = form_kind(self.tracker.record_kind(ref))
            if kind is None:
                raise TrackerError(N_("{ref} cannot be edited here"), ref=ref)
            read = self.tracker.edit_of(ref)
            parent = self.tracker.owner_of(ref)
        except TrackerError as error:
            self.call_from_thread(self.notify, str(error), severity="error")
            return
        editing = Editing(kind, ref, parent, read.draft, read.version)
        values = form_values(kind, read.draft)
        self.call_from_thread(
            self.open_form, editing, values, focus=focus, on_saved=on_saved
        )

    def exercise_option(self, ref: str) -> None:
        """Record the decision to exercise a planned option."""
        if self.refuse_read_only():
            return
        self.read_for_exercise(ref)

    @work(thread=True, group="read-for-edit")
    def read_for_exercise(self, ref: str) -> None:
        try:
            version = self.tracker.edit_of(ref).version
        except TrackerError as error:
            self.call_from_thread(self.notify, str(error), severity="error")
            return
        values = new_values(Writing.EXERCISE, None, cast("TrackerApp", self))
        editing = Editing(Writing.EXERCISE, ref, version=version)
        self.call_from_thread(self.open_form, editing, values)

    def open_form(
        self,
        editing: Editing,
        values: dict[str, str],
        *,
        error: ValidationError | None = None,
        notice: Notice | None = None,
        on_saved: Saved | None = None,
        changed: bool = False,
        focus: str | None = None,
    ) -> None:
        """Open the form that writes ``editing``, filled with ``values``; a save
        runs while it stays open (``changed``: the values are someone's typing;
        ``focus``: the field the cursor starts on)."""
        form = self._form(editing, values, error, notice, on_saved, changed=changed)
        form.start_on = focus
        self.push_screen(form)

    def _form(
        self,
        editing: Editing,
        values: dict[str, str],
        error: ValidationError | None,
        notice: Notice | None,
        on_saved: Saved | None,
        *,
        changed: bool,
    ) -> RecordForm:
        from tui.screens.form import RecordForm

        def submit(form: RecordForm, result: FormResult) -> None:
            conflict = form.notice.conflict if form.notice is not None else None
            if result.reload and conflict is not None:
                self.reload_form(form, editing, result, conflict, on_saved)
            else:
                self.save(form, editing, result, on_saved)

        return RecordForm(
            editing.kind,
            form_title(editing.kind, editing.original, editing.parent),
            values,
            base=editing.base,
            error=error,
            notice=notice,
            changed=changed,
            submit=submit,
            open_record=lambda ref, field, form: self.edit(
                ref, field, on_saved=form.cause_saved
            ),
        )

    def _replace_form(
        self,
        form: RecordForm,
        editing: Editing,
        values: dict[str, str],
        notice: Notice,
        on_saved: Saved | None,
    ) -> None:
        """Put a form filled anew in place of ``form`` (a conflict to show, a
        record read again): the forms below it stay as they were."""
        replacement = self._form(editing, values, None, notice, on_saved, changed=True)
        if self.screen is form:
            self.switch_screen(replacement)
        else:
            self.push_screen(replacement)

    @work(thread=True, group="write")
    def save(
        self,
        form: RecordForm,
        editing: Editing,
        result: FormResult,
        on_saved: Saved | None = None,
    ) -> None:
        """Write a form while it stays open; a refusal is shown on it."""
        try:
            ref = self.write(editing, result)
        except ValidationError as error:
            self.call_from_thread(self._refused, form, error)
            return
        except ConflictError as error:
            current = self._current(editing)
            notice = conflict_notice(editing.kind, error, current, self.formatter)
            self.call_from_thread(
                self._replace_form, form, editing, result.values, notice, on_saved
            )
            return
        except TrackerError as error:
            self.call_from_thread(self._refused, form, error)
            return
        self.call_from_thread(self._saved, form, result, ref, on_saved)

    def _refused(self, form: RecordForm, error: TrackerError) -> None:
        if form not in self.screen_stack:  # closed meanwhile: say it all the same
            self.notify(str(error), severity="error", timeout=15)
            return
        form.refused()
        if isinstance(error, ValidationError):
            form.show_error(error)
        else:
            form.show_refusal(str(error), error.cause, error.cause_field)

    def _saved(
        self, form: RecordForm, result: FormResult, ref: str, on_saved: Saved | None
    ) -> None:
        if self.screen is form:
            form.dismiss(result)
        self.data_changed()
        self.notify(_("Saved: {ref}").format(ref=ref))
        if on_saved is not None:
            on_saved(ref)

    def write(self, editing: Editing, result: FormResult) -> str:
        """Save a form's result through the tracker, checked against the version
        the form was opened on; the record's reference."""
        seen = editing.version if editing.original is not None else None
        if editing.kind is Writing.NOTE:
            assert editing.parent is not None
            text = read_values(Writing.NOTE, result.values)["text"]
            self.tracker.add_note(editing.parent, text)
            return editing.parent
        if editing.kind is Writing.EXERCISE:
            assert editing.original is not None
            read = read_values(Writing.EXERCISE, result.values)
            self.tracker.exercise_option(
                editing.original,
                decided_on=read["decided_on"],
                act=read["act"],
                base_version=seen,
            )
            return editing.original
        assert result.draft is not None, "a record's form makes its draft"
        return self.tracker.save(
            result.draft,
            original=editing.original,
            owner=editing.parent,
            base_version=seen,
        )

    def _current(self, editing: Editing) -> Draft | None:
        """The record as it is now, to show what the other person wrote."""
        if editing.original is None or editing.base is None:
            return None
        try:
            return self.tracker.edit_of(editing.original).draft
        except TrackerError:
            return None

    @work(thread=True, group="write")
    def reload_form(
        self,
        form: RecordForm,
        editing: Editing,
        result: FormResult,
        conflict: ConflictError,
        on_saved: Saved | None = None,
    ) -> None:
        """Read the record again and reapply what was typed on it (Ctrl+R)."""
        try:
            reread, values, notice = reapplied(self.tracker, editing, result, conflict)
        except TrackerError as error:
            # Still offered: nothing typed is lost, the person may try again.
            self.call_from_thread(self._refused, form, error)
            return
        self.call_from_thread(
            self._replace_form, form, reread, values, notice, on_saved
        )

    def delete(self, ref: str) -> None:
        """Delete a record after asking; refused if someone changed it after the
        question was asked."""
        from tui.screens.confirm import ConfirmScreen

        if self.refuse_read_only():
            return
        # The version is read as the question opens; the delete waits for it.
        seen: Future[int | None] = Future()
        self.read_version(ref, seen)

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_record(ref, seen)

        self.push_screen(
            ConfirmScreen(_("Delete {ref}? This cannot be undone.").format(ref=ref)),
            callback=answered,
        )

    @work(thread=True, group="read-for-edit")
    def read_version(self, ref: str, seen: Future[int | None]) -> None:
        try:
            seen.set_result(self.tracker.edit_of(ref).version)
        except NotFoundError as error:
            seen.set_exception(error)
        except TrackerError:
            seen.set_result(None)  # not a record the forms edit: no version to check

    @work(thread=True, group="write")
    def delete_record(self, ref: str, seen: Future[int | None] | None = None) -> None:
        try:
            version = None if seen is None else seen.result()
            self.tracker.delete(ref, base_version=version)
        except ConflictError as error:
            self.call_from_thread(
                self.notify, self.delete_refused(error), severity="error", timeout=10
            )
            self.call_from_thread(self.data_changed)
            return
        except TrackerError as error:
            self.call_from_thread(self.notify, str(error), severity="error")
            return
        self.call_from_thread(self.deleted, ref)

    def deleted(self, ref: str) -> None:
        from tui.screens.records.detail import shows_record

        while len(self.screen_stack) > 1 and shows_record(self.screen, ref):
            self.pop_screen()
        self.data_changed()
        self.notify(_("Deleted: {ref}").format(ref=ref))

    def delete_refused(self, error: ConflictError) -> str:
        actor = error.actor or _("someone else")
        if error.at is None:
            return _(
                "Not deleted: {ref} was changed by {actor} after you asked to delete "
                "it. Look at it again, then delete it if you still want to."
            ).format(ref=error.ref, actor=actor)
        moment = error.at.astimezone(ROME)
        return _(
            "Not deleted: {ref} was changed by {actor} on {day} at {time}, after you "
            "asked to delete it. Look at it again, then delete it if you still want to."
        ).format(
            ref=error.ref,
            actor=actor,
            day=self.formatter.day(moment.date()),
            time=moment.strftime("%H:%M"),
        )
