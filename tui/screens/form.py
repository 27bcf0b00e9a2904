"""The form of any record: it reads what is typed into a draft and never writes.

The fields come from ``tracker.forms``. On Save the typed values are read by the
core into a draft; every mistake is shown next to its field, the first focused,
and nothing closes. The caller saves the draft while the form stays open: on
success it closes the form; if the core refuses, the form stays with everything
typed and shows why, whole. When the refusal names another record as its cause
(a tender still planned), F5 opens that record's form over this one; saving or
leaving it comes back here, ready for Ctrl+S again. If someone else saved the
record first, the caller opens the form again with what was typed and says who
changed what; Ctrl+R asks the caller to reload the record and reapply the typed
changes on it. Escape on a changed form asks before throwing the changes away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from tracker.drafts import Draft
from tracker.errors import ValidationError
from tracker.form_payments import (
    MAX_PAYMENTS,
    PAYMENT_PARTS,
    payment_name,
    payment_row_of,
)
from tracker.forms import (
    FORMS,
    MAX_MEMBERS,
    MEMBER_ROLES,
    FormField,
    draft_from_values,
    read_values,
)
from tracker.i18n import _
from tracker.vocabulary import N_
from tui.records import FormKind, Notice, Writing
from tui.screens.form_errors import Marks, cause_hint, field_reason, marks, summary
from tui.screens.form_payments import payment_rows, show_next_payment
from tui.text import literal

PLACEHOLDERS = {
    "date": "gg/mm/aaaa",
    "money": "1.234,56",
    "refs": "REF-1, REF-2",
    "int": "0",
}
SHOWN_MEMBERS = 3


def widget_id(name: str) -> str:
    return "f-" + name.replace(".", "-").replace("_", "-")


@dataclass(frozen=True)
class FormResult:
    values: dict[str, str]
    """What was typed, to show again if the save is refused."""
    draft: Draft | None
    """The record's draft; None for notes and for exercising an option."""
    reload: bool = False
    """Not a save: reload the record and reapply ``values`` on it (Ctrl+R)."""


class RecordForm(ModalScreen[FormResult | None]):
    """Create or edit one record of ``kind``."""

    DEFAULT_CSS = """
    RecordForm { align: center middle; }
    RecordForm > Vertical {
        width: 90; max-width: 100%; height: 95%;
        border: thick $primary; background: $surface;
    }
    RecordForm #form-title { text-style: bold; padding: 0 1; }
    RecordForm #form-error { color: $error; padding: 0 1; height: auto; }
    RecordForm #form-notice {
        color: $warning; padding: 0 1; height: auto; max-height: 12;
    }
    RecordForm #form-notice Static { width: 100%; }
    RecordForm #open-cause { margin: 0 1; }
    RecordForm VerticalScroll { height: 1fr; padding: 0 1; }
    RecordForm .field { height: auto; }
    RecordForm .label { margin-top: 1; color: $text-muted; }
    RecordForm .hint { width: 100%; }
    RecordForm Input, RecordForm Select { background: $boost; }
    RecordForm .error { color: $error; height: auto; width: 100%; }
    RecordForm .clash { color: $warning; height: auto; width: 100%; }
    RecordForm .member { height: auto; margin-bottom: 1; }
    RecordForm .member Input { width: 1fr; }
    RecordForm .member Select { width: 18; }
    RecordForm .member .share { width: 12; }
    RecordForm .payment { height: auto; }
    RecordForm .payment Input { width: 1fr; }
    RecordForm .payment .day { width: 14; }
    RecordForm .payment .amount { width: 16; }
    RecordForm #buttons { height: auto; padding: 0 1; }
    RecordForm #buttons Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+r", "reapply", N_("Reload and reapply")),
        Binding("f5", "open_cause", N_("Open the record that caused the refusal")),
        Binding("f4", "pick", N_("Search a reference")),
    ]

    def __init__(
        self,
        kind: FormKind,
        title: str,
        values: dict[str, str] | None = None,
        *,
        base: Draft | None = None,
        error: ValidationError | None = None,
        notice: Notice | None = None,
        changed: bool = False,
        submit: Callable[[RecordForm, FormResult], None] | None = None,
        open_record: Callable[[str, str | None, RecordForm], None] | None = None,
        focus: str | None = None,
    ) -> None:
        """``changed``: the values are already someone's typing (a form opened again
        after a refusal), so Escape asks. ``submit`` saves a result while the form
        stays open (without it the form closes with the result); ``open_record``
        opens the form of the record a refusal names as its cause, on the field to
        change, telling this form when it is saved; ``focus`` is the field the
        cursor starts on."""
        super().__init__()
        self.kind = kind
        self.heading = title
        self.values = dict(values or {})
        self.base = base
        self.initial_error = error
        self.notice = notice
        self.changed = changed
        self.submit = submit
        self.open_record = open_record
        self.start_on = focus
        self.fields = FORMS[kind]
        self.opened_with: dict[str, str] | None = None
        """What the fields held when the form was ready: Escape asks if it changed."""
        self.cause: str | None = None
        """The record a refusal named as its cause, which F5 opens."""
        self.cause_field: str | None = None
        self.saving = False
        self.pickers: dict[str, FormField] = {}
        """The reference fields with a picker, by widget id (a member's
        organisation is one): the field says what they may point to."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.heading), id="form-title")
            yield Static("", id="form-error")
            notice = VerticalScroll(id="form-notice")
            notice.display = self.notice is not None
            with notice:
                yield Static(
                    literal(self.notice.message if self.notice else "", multiline=True)
                )
            cause = Button("", id="open-cause", variant="warning", compact=True)
            cause.display = False
            yield cause
            with VerticalScroll(id="form-fields"):
                for field in self.fields:
                    yield from self._field(field)
            with Horizontal(id="buttons"):
                yield Button(_("Save"), id="save", variant="primary", compact=True)
                if self.offers_reapply:
                    yield Button(_("Reload and reapply"), id="reapply", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)
                if not self.offers_reapply:  # the notice names the keys then
                    yield Label(_("Ctrl+S saves, Escape cancels"), classes="muted")

    @property
    def offers_reapply(self) -> bool:
        """Someone else saved the record first: Ctrl+R reloads and reapplies."""
        return self.notice is not None and self.notice.conflict is not None

    def _field(self, field: FormField) -> ComposeResult:
        label = Text(_(field.label) + (" *" if field.required else ""))
        if field.targets:
            label.append("  " + _("F4 searches"), style="italic")
        error = Label("", classes="error", id=widget_id(field.name) + "-error")
        error.display = False
        with Vertical(classes="field", id=widget_id(field.name) + "-box"):
            yield Label(label, classes="label")
            if field.hint:
                yield Label(_(field.hint), classes="muted hint")
            clash = self.notice.notes.get(field.name) if self.notice else None
            if clash is not None:
                yield Label(
                    literal("⚠ " + clash),
                    classes="clash",
                    id=widget_id(field.name) + "-clash",
                )
            if field.kind == "members":
                # The members' error goes above the rows, where it is seen.
                yield error
                yield from self._members(field)
                return
            if field.kind == "payments":
                yield error
                yield from payment_rows(self.values)
                return
            elif field.kind == "choice":
                yield Select(
                    [(_(choice), choice) for choice in field.choices],
                    value=self.values.get(field.name) or Select.NULL,
                    allow_blank=not field.required or not self.values.get(field.name),
                    prompt=_("(not set)"),
                    compact=True,
                    id=widget_id(field.name),
                )
            else:
                placeholder = PLACEHOLDERS.get(field.kind, "")
                if field.targets:
                    self.pickers[widget_id(field.name)] = field
                    placeholder = _("F4: search by name or reference")
                yield Input(
                    self.values.get(field.name, ""),
                    placeholder=placeholder,
                    compact=True,
                    id=widget_id(field.name),
                )
            yield error

    def _members(self, field: FormField) -> ComposeResult:
        filled = sum(
            1
            for index in range(MAX_MEMBERS)
            if self.values.get(f"member.{index}.organisation")
        )
        for index in range(MAX_MEMBERS):
            prefix = f"member.{index}"
            row = Horizontal(classes="member", id=widget_id(prefix) + "-row")
            row.display = index < max(SHOWN_MEMBERS, filled)
            with row:
                self.pickers[widget_id(f"{prefix}.organisation")] = field
                yield Input(
                    self.values.get(f"{prefix}.organisation", ""),
                    placeholder=_("organisation: F4 searches"),
                    compact=True,
                    id=widget_id(f"{prefix}.organisation"),
                )
                role = self.values.get(f"{prefix}.role") or (
                    "mandataria" if index == 0 else "mandante"
                )
                yield Select(
                    [(_(choice), choice) for choice in MEMBER_ROLES],
                    value=role,
                    allow_blank=False,
                    compact=True,
                    id=widget_id(f"{prefix}.role"),
                )
                yield Input(
                    self.values.get(f"{prefix}.share", ""),
                    placeholder="%",
                    compact=True,
                    classes="share",
                    id=widget_id(f"{prefix}.share"),
                )
        yield Button(_("Add a member"), id="add-member", compact=True)

    cursor_placed = False
    """True once the form has put the cursor where it starts (a focus moved before
    that would be taken back)."""

    def on_mount(self) -> None:
        self.call_after_refresh(self._place_cursor)

    def _place_cursor(self) -> None:
        self.cursor_placed = True
        self.opened_with = self.typed_values()
        if self.initial_error is not None:
            self.show_error(self.initial_error)
            return
        start = self.query("#" + widget_id(self.start_on or ""))
        fields = start if start else self.query(Input)
        if fields:
            fields.first().focus()

    def focused_picker(self) -> tuple[FormField, Input] | None:
        """The reference field with the cursor, if it has a picker."""
        focused = self.focused
        if isinstance(focused, Input) and focused.id in self.pickers:
            return self.pickers[focused.id], focused
        return None

    def action_pick(self) -> None:
        """F4: search the records the field may point to, and choose one."""
        from tui.screens.picker import open_picker

        found = self.focused_picker()
        if found is not None:
            open_picker(*found)

    @on(Button.Pressed, "#add-member")
    def add_member(self) -> None:
        for index in range(MAX_MEMBERS):
            row = self.query_one("#" + widget_id(f"member.{index}") + "-row")
            if not row.display:
                row.display = True
                self.query_one(
                    "#" + widget_id(f"member.{index}.organisation"), Input
                ).focus()
                return
        self.notify(
            _("A consortium here has at most {n} members").format(n=MAX_MEMBERS),
            severity="warning",
        )

    @on(Button.Pressed, "#add-payment")
    def add_payment(self) -> None:
        if not show_next_payment(self):
            self.notify(
                _("A contract here has at most {n} payments in the form").format(
                    n=MAX_PAYMENTS
                ),
                severity="warning",
            )

    def typed_values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for field in self.fields:
            if field.kind == "payments":
                for index in range(MAX_PAYMENTS):
                    for part in PAYMENT_PARTS:
                        name = payment_name(index, part)
                        values[name] = self._value_of(name)
                continue
            if field.kind == "members":
                for index in range(MAX_MEMBERS):
                    for part in ("organisation", "role", "share"):
                        name = f"member.{index}.{part}"
                        values[name] = self._value_of(name)
                continue
            values[field.name] = self._value_of(field.name)
        return values

    def _value_of(self, name: str) -> str:
        widget = self.query_one("#" + widget_id(name))
        if isinstance(widget, Select):
            value = widget.value
            return "" if value is Select.NULL else str(value)
        if isinstance(widget, Input):
            return widget.value
        return ""

    def clear_errors(self) -> None:
        for label in self.query(".error").results(Label):
            label.update("")
            label.display = False
        self.query_one("#form-error", Static).update("")

    def show_error(self, error: ValidationError) -> None:
        """Show each of the core's messages next to the field it names, say how
        many fields want correcting, and put the cursor on the first of them."""
        self.clear_errors()
        found = marks(self.kind, self.fields, error)
        for name, one in found.fields.items():
            label = self.query_one("#" + widget_id(name) + "-error", Label)
            label.update(literal("⚠ " + field_reason(name, one)))
            label.display = True
        self.offer_cause(*(found.cause or ()))
        if not self.offers_reapply:  # a conflict's notice stays, the rest goes
            self.query_one("#form-notice").display = False
            if found.loose:  # about the whole form, however long: where it scrolls
                self._notice("\n".join(found.loose))
                found = Marks(found.fields, [])
        self.query_one("#form-error", Static).update(
            literal(summary(found, self.cause), multiline=True)
        )
        for name, one in found.fields.items():
            target = self._focus_target(name, one.field)
            if target is not None:
                target.focus()
                target.scroll_visible()
                break

    def show_refusal(
        self, message: str, cause: str | None = None, cause_field: str | None = None
    ) -> None:
        """A refusal that is about no field of the form: shown whole above the
        fields (it wraps, and scrolls when long); the form keeps what was typed."""
        self.clear_errors()
        self._notice(message)
        self.offer_cause(cause, cause_field)
        if self.cause is not None:
            hint = literal(cause_hint(self.cause))
            self.query_one("#form-error", Static).update(hint)

    def _notice(self, message: str) -> None:
        """Show ``message`` above the fields, wrapped, scrolling when long."""
        notes = self.notice.notes if self.notice else {}
        conflict = self.notice.conflict if self.notice else None
        self.notice = Notice(message, notes=notes, conflict=conflict)
        area = self.query_one("#form-notice", VerticalScroll)
        area.query_one(Static).update(literal(message, multiline=True))
        area.display = True
        area.scroll_home(animate=False)

    def offer_cause(self, cause: str | None = None, field: str | None = None) -> None:
        """Offer F5 to open the record a refusal names as its cause (on the field
        to change); no cause, no offer."""
        self.cause = cause if self.open_record is not None else None
        self.cause_field = field
        button = self.query_one("#open-cause", Button)
        button.display = self.cause is not None
        if self.cause is not None:
            button.label = literal(_("F5 Open {ref}").format(ref=self.cause))
        self.refresh_bindings()

    def _focus_target(self, name: str, error_field: str) -> Input | Select[str] | None:
        candidates = [error_field, name]
        if name == "payments":
            candidates = [payment_row_of(error_field) or payment_name(0, "paid_on")]
        if name == "members":
            candidates = [
                error_field,
                *(
                    f"member.{i}.share"
                    for i in range(MAX_MEMBERS)
                    if self._value_of(f"member.{i}.share")
                ),
            ]
        for candidate in candidates:
            found = self.query("#" + widget_id(candidate))
            if found:
                widget = found.first()
                if isinstance(widget, Input | Select):
                    return widget
        return None

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self._finish(reload=False)

    @on(Button.Pressed, "#reapply")
    def action_reapply(self) -> None:
        self._finish(reload=True)

    @on(Button.Pressed, "#open-cause")
    def action_open_cause(self) -> None:
        if self.cause is not None and self.open_record is not None and not self.saving:
            self.open_record(self.cause, self.cause_field, self)

    def cause_saved(self, ref: str) -> None:
        """The record that caused the refusal was saved: the refusal may no
        longer hold, and the next Ctrl+S tries again."""
        self.clear_errors()
        self.offer_cause()
        self.query_one("#form-error", Static).update(
            literal(_("{ref} saved: Ctrl+S saves this form again.").format(ref=ref))
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        del parameters
        if action == "reapply":
            return self.offers_reapply
        if action == "open_cause":
            return self.cause is not None
        if action == "pick":
            return self.focused_picker() is not None or None
        return True

    def _finish(self, *, reload: bool) -> None:
        """Read what was typed; mistakes are marked and the form stays open."""
        if self.saving:
            return
        values = self.typed_values()
        draft = None
        try:
            if isinstance(self.kind, Writing):
                read_values(self.kind, values)
            else:
                draft = draft_from_values(self.kind, values, base=self.base)
        except ValidationError as error:
            self.show_error(error)
            return
        result = FormResult(values, draft, reload)
        if self.submit is None:
            self.dismiss(result)
            return
        self.saving = True
        self.clear_errors()
        self.offer_cause()
        if not self.offers_reapply:  # an earlier refusal no longer holds
            self.query_one("#form-notice").display = False
        self.query_one("#form-error", Static).update(_("Saving…"))
        self.submit(self, result)

    def refused(self) -> None:
        """The save did not go through: the form takes keys again."""
        self.saving = False

    @property
    def is_changed(self) -> bool:
        """Whether closing would lose typing: a field changed since the form was
        ready, or the form was opened again with someone's typing."""
        if self.changed:
            return True
        return self.opened_with is not None and self.typed_values() != self.opened_with

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.saving:
            return
        if not self.is_changed:
            self.dismiss(None)
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(_("Discard your changes?"), yes=_("Yes"), no=_("No")),
            callback=answered,
        )
