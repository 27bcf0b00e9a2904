"""One version of a record from its history beside the record now: the fields
that differ, and a key to restore that version. The restore is saved like any
change (the core checks every rule, and that nobody changed the record since
this screen read it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich import box
from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tracker.api import RecordKind, Restorable
from tracker.drafts import ContractDraft, TenderDraft
from tracker.forms import FORMS
from tracker.i18n import _
from tracker.vocabulary import N_
from tui.records import FormKind, form_kind, form_values, shown_value
from tui.text import literal


@dataclass(frozen=True)
class Difference:
    label: str
    then: str
    now: str


def differences(kind: FormKind, read: Restorable) -> list[Difference]:
    """The form's fields whose value the version and the record now disagree on,
    worded as the form shows them."""
    then = form_values(kind, read.then)
    now = form_values(kind, read.now)
    found: list[Difference] = []
    for field in FORMS[kind]:
        if field.name.endswith(("_vat_rate", "_basis")):
            continue
        if field.kind == "payments":
            texts = [_payments(values) for values in (then, now)]
        else:
            texts = [
                _with_rate(shown_value(kind, field.name, values), field.name, values)
                for values in (then, now)
            ]
        if texts[0] != texts[1]:
            found.append(Difference(_(field.label), texts[0], texts[1]))
    return found


def _with_rate(text: str, name: str, values: dict[str, str]) -> str:
    rate = values.get(f"{name}_vat_rate")
    if not rate or not values.get(name):
        return text
    return f"{text}, {_('VAT')} {_(rate) if not rate.isdigit() else rate + '%'}"


def _payments(values: dict[str, str]) -> str:
    rows = sorted({key.split(".")[1] for key in values if key.startswith("payment.")})
    parts = [
        " ".join(
            v
            for v in (
                values.get(f"payment.{row}.paid_on", ""),
                values.get(f"payment.{row}.amount", ""),
            )
            if v
        )
        for row in rows
    ]
    return "; ".join(parts) or _("(not set)")


class VersionScreen(ModalScreen[bool]):
    """Version ``version`` of the record ``ref``; dismissed with True to restore it."""

    DEFAULT_CSS = """
    VersionScreen { align: center middle; }
    VersionScreen > Vertical {
        width: 110; max-width: 100%; height: auto; max-height: 95%;
        padding: 1 2; border: thick $primary; background: $surface;
    }
    VersionScreen #version-title { text-style: bold; }
    VersionScreen VerticalScroll { height: auto; max-height: 24; }
    VersionScreen .muted { color: $text-muted; }
    VersionScreen Horizontal { height: auto; margin-top: 1; }
    VersionScreen Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "restore", N_("Restore")),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(
        self, ref: str, kind: RecordKind | None, version: int, read: Restorable
    ) -> None:
        super().__init__()
        self.ref = ref
        self.version = version
        self.read = read
        form = form_kind(kind)
        self.found = [] if form is None else differences(form, read)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                literal(
                    _("{ref}: version {version} (now version {now})").format(
                        ref=self.ref, version=self.version, now=self.read.version
                    )
                ),
                id="version-title",
            )
            with VerticalScroll():
                if self.found:
                    yield Static(self._table(), id="differences")
                else:
                    yield Static(
                        literal(_("This version is the same as the record now.")),
                        id="same",
                    )
                part = _parts_note(self.read)
                if part:
                    yield Static(literal(part), classes="muted")
            with Horizontal():
                if self.found:
                    yield Button(
                        _("Restore version {version}").format(version=self.version),
                        id="restore",
                        variant="warning",
                        compact=True,
                    )
                yield Button(_("Cancel"), id="cancel", variant="primary", compact=True)

    def _table(self) -> Table:
        """The differences, long values wrapped in their column."""
        table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
        table.add_column(literal(_("Field")), style="bold", no_wrap=True)
        for heading in (_("Version {version}").format(version=self.version), _("Now")):
            table.add_column(literal(heading), ratio=1, overflow="fold")
        for difference in self.found:
            table.add_row(
                literal(difference.label),
                literal(difference.then, multiline=True),
                literal(difference.now, multiline=True),
            )
        return table

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        del parameters
        if action == "restore":
            return bool(self.found)
        return True

    @on(Button.Pressed, "#restore")
    def action_restore(self) -> None:
        if self.found:
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


def _parts_note(read: Restorable) -> str:
    """A tender's lots and a contract's options are records of their own."""
    if isinstance(read.then, TenderDraft):
        return _("Its lots stay as they are: each lot has its own history.")
    if isinstance(read.then, ContractDraft):
        return _("Its options stay as they are: each option has its own history.")
    return ""
