"""The form of any record: it reads what is typed into a draft and never writes.

The fields come from ``tracker.forms``. On Save the typed values are read by the
core into a draft; a mistake is shown next to its field and nothing closes. The
caller saves the draft; if the core refuses it, the caller opens the form again
with the same values and the core's message next to the field. If someone else
saved the record first, the form opens again with what was typed and says who
changed what; Ctrl+R asks the caller to reload the record and reapply the typed
changes on it.
"""

from __future__ import annotations

import re
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
    field_for_error,
    read_values,
)
from tracker.i18n import _
from tracker.present.errors import shown
from tracker.vocabulary import N_
from tui.records import FormKind, Notice, Writing
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
    RecordForm VerticalScroll { height: 1fr; padding: 0 1; }
    RecordForm .field { height: auto; }
    RecordForm .label { margin-top: 1; color: $text-muted; }
    RecordForm Input, RecordForm Select { background: $boost; }
    RecordForm .error { color: $error; height: auto; }
    RecordForm .clash { color: $warning; height: auto; }
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
    ) -> None:
        super().__init__()
        self.kind = kind
        self.heading = title
        self.values = dict(values or {})
        self.base = base
        self.initial_error = error
        self.notice = notice
        self.fields = FORMS[kind]
        self.pickers: dict[str, FormField] = {}
        """The reference fields with a picker, by widget id (a member's
        organisation is one): the field says what they may point to."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.heading), id="form-title")
            yield Static("", id="form-error")
            if self.notice is not None:
                with VerticalScroll(id="form-notice"):
                    yield Static(literal(self.notice.message, multiline=True))
            with VerticalScroll():
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
        if self.initial_error is not None:
            self.show_error(self.initial_error)
            return
        fields = self.query(Input)
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
        """Show the core's message next to the field it names."""
        self.clear_errors()
        name = field_for_error(self.kind, error.field)
        if name is None:
            self.query_one("#form-error", Static).update(
                literal(str(error), multiline=True)
            )
            return
        reason = error.reason
        if error.value not in (None, ""):
            reason = f"{reason} ({shown(error.value)})"
        within = re.search(r"\[([^\]]+)\]", error.field)
        row = payment_row_of(error.field) if name == "payments" else None
        if row is not None:
            # payments[1].amount, payment.1.amount: the second row
            number = int(row.split(".")[1]) + 1
            reason = _("payment {n}: {reason}").format(n=number, reason=reason)
        elif within is not None:
            # members[DIKE].share, services[1]: say which one
            reason = f"{within.group(1)}: {reason}"
        label = self.query_one("#" + widget_id(name) + "-error", Label)
        label.update(literal("⚠ " + reason))
        label.display = True
        self.query_one("#form-error", Static).update(
            _("Not saved: see the field marked ⚠")
        )
        target = self._focus_target(name, error.field)
        if target is not None:
            target.focus()
            target.scroll_visible()

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        del parameters
        if action == "reapply":
            return self.offers_reapply
        if action == "pick":
            return self.focused_picker() is not None or None
        return True

    def _finish(self, *, reload: bool) -> None:
        """Read what was typed; a mistake is marked and the form stays open."""
        values = self.typed_values()
        if isinstance(self.kind, Writing):
            try:
                read_values(self.kind, values)
            except ValidationError as error:
                self.show_error(error)
                return
            self.dismiss(FormResult(values, None, reload))
            return
        try:
            draft = draft_from_values(self.kind, values, base=self.base)
        except ValidationError as error:
            self.show_error(error)
            return
        self.dismiss(FormResult(values, draft, reload))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
