"""Choose the record a form's reference field names, by typing part of its name.

F4 on a reference field opens this over the form: what is typed is searched, as
it is typed, in the names and references of the kinds the field may point to
(``FormField.targets``), and each hit reads "REF · name". Enter puts the
highlighted reference in the field, Escape goes back to the form as it was. For
an organisation, a consortium or an act the list ends with "New …", which opens
that record's form over this one: once saved, its reference lands in the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tracker.api import RecordKind, SearchHit
from tracker.errors import TrackerError
from tracker.forms import FORMS, FormField
from tracker.i18n import _
from tracker.vocabulary import N_
from tui.commands import kind_word
from tui.text import literal

if TYPE_CHECKING:
    from tui.editing import RecordEditing

SHOWN_HITS = 30

CREATABLE: dict[RecordKind, str] = {
    RecordKind.ORGANISATION: N_("New organisation…"),
    RecordKind.CONSORTIUM: N_("New consortium (ATI/RTI)…"),
    RecordKind.ACT: N_("New act…"),
}
"""The records a picker may create on the spot (message ids), when a form for
them exists."""

_NEW = "new:"


@dataclass(frozen=True)
class Picked:
    """What the person chose: a record's reference, or to create one of ``new``."""

    ref: str | None = None
    new: RecordKind | None = None
    typed: str = ""
    """What was typed in the search: the new record's name starts as it."""


def hit_line(hit: SearchHit, *, with_kind: bool) -> Text:
    """A hit as the list shows it: "REF · name", user text kept as text."""
    line = Text()
    if with_kind:  # a field that names records of several kinds says which
        line.append(f"{kind_word(hit.kind)}: ", style="italic")
    line.append_text(literal(f"{hit.ref} · {hit.name}"))
    return line


class PickerScreen(ModalScreen[Picked | None]):
    """Search the records of ``targets`` and choose one."""

    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical {
        width: 80; max-width: 100%; height: 80%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    PickerScreen #picker-title { text-style: bold; }
    PickerScreen Input { background: $boost; margin-bottom: 1; }
    PickerScreen OptionList { height: 1fr; }
    PickerScreen .muted { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Back to the form")),
        Binding("down", "move(1)", N_("Cursor down"), show=False),
        Binding("up", "move(-1)", N_("Cursor up"), show=False),
        Binding("pagedown", "move(10)", N_("Page down"), show=False),
        Binding("pageup", "move(-10)", N_("Page up"), show=False),
    ]

    def __init__(self, targets: tuple[RecordKind, ...], title: str, query: str = ""):
        super().__init__()
        self.targets = targets
        self.heading = title
        self.query_text = query
        self.searched: str | None = None
        """The text the list shows the hits of (None before the first search)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.heading), id="picker-title")
            yield Input(
                self.query_text,
                placeholder=_("Type part of a name or a reference"),
                compact=True,
                id="picker-query",
            )
            yield OptionList(id="picker-hits")
            yield Label(
                _("Enter chooses, ↑ ↓ move, Escape goes back to the form"),
                classes="muted",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.find(self.query_text)

    @property
    def creatable(self) -> list[RecordKind]:
        """What the list offers to create. A field that may name any record (what
        a deadline is about) names one that exists: it offers none."""
        if set(self.targets) == set(RecordKind):
            return []
        return [kind for kind in self.targets if kind in CREATABLE and kind in FORMS]

    @on(Input.Changed, "#picker-query")
    def typed(self, event: Input.Changed) -> None:
        self.find(event.value)

    @work(thread=True, exclusive=True, group="picker-search")
    def find(self, text: str) -> None:
        app = cast("RecordEditing", self.app)
        try:
            hits = app.tracker.search(text, limit=SHOWN_HITS, kinds=self.targets)
        except TrackerError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.show_hits, text, hits)

    def show_hits(self, text: str, hits: list[SearchHit]) -> None:
        if not self.is_attached:
            return  # chosen or left meanwhile
        if text != self.query_one(Input).value:
            return  # typed on meanwhile: the next search shows its own hits
        options = self.query_one(OptionList)
        options.clear_options()
        with_kind = len(self.targets) > 1
        for hit in hits:
            options.add_option(Option(hit_line(hit, with_kind=with_kind), id=hit.ref))
        if not hits and text.strip():
            options.add_option(
                Option(Text(_("Nothing found for what you typed")), disabled=True)
            )
        elif len(hits) == SHOWN_HITS:
            more = _("Only the first {count}: type more to narrow them down")
            options.add_option(
                Option(
                    Text(more.format(count=SHOWN_HITS), style="italic"), disabled=True
                )
            )
        for kind in self.creatable:
            options.add_option(Option(Text("+ " + _(CREATABLE[kind])), id=_NEW + kind))
        if options.option_count and not options.get_option_at_index(0).disabled:
            options.highlighted = 0
        elif options.option_count > 1:
            options.highlighted = 1
        self.searched = text

    def action_move(self, step: int) -> None:
        """Move the highlight from the search field, over what cannot be chosen."""
        options = self.query_one(OptionList)
        count = options.option_count
        if not count:
            return
        current = -1 if options.highlighted is None else options.highlighted
        target = max(0, min(count - 1, current + step))
        direction = 1 if step > 0 else -1
        while 0 <= target < count and options.get_option_at_index(target).disabled:
            target += direction
        if 0 <= target < count:
            options.highlighted = target

    @on(Input.Submitted, "#picker-query")
    def submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        self.choose(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#picker-hits")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option.id)

    def choose(self, option_id: str | None) -> None:
        if option_id is None:
            return
        if option_id.startswith(_NEW):
            kind = RecordKind(option_id.removeprefix(_NEW))
            self.dismiss(Picked(new=kind, typed=self.query_one(Input).value.strip()))
        else:
            self.dismiss(Picked(ref=option_id))

    def action_cancel(self) -> None:
        self.dismiss(None)


_A_REF = re.compile(r"[A-Z0-9][A-Z0-9._/-]*")
NAMED_BY = ("name", "subject", "title")
"""The field a new record's form names it in: it starts as what was searched."""


def picker_query(field: FormField, value: str) -> tuple[str, bool]:
    """What the picker starts searching for on a field holding ``value``, and
    whether the choice replaces it. In a list of references only the last item
    is searched, and only if it is not a reference yet (``LDQ-MAZZINI, san``):
    otherwise the choice is added to the list."""
    if field.kind != "refs":
        return value.strip(), True
    last = value.split(",")[-1].strip()
    if last and not _A_REF.fullmatch(last):
        return last, True
    return "", False


def with_choice(field: FormField, value: str, ref: str) -> str:
    """The field's value once ``ref`` is chosen for it."""
    if field.kind != "refs":
        return ref
    _query, replaces = picker_query(field, value)
    parts = [part.strip() for part in value.split(",")]
    if replaces:
        parts = parts[:-1]
    parts = [part for part in parts if part]
    if ref not in parts:
        parts.append(ref)
    return ", ".join(parts)


def open_picker(field: FormField, widget: Input) -> None:
    """Open the picker for the form field shown by ``widget``; the choice lands
    in it (appended to a list of references), a new record once it is saved."""
    app = cast("RecordEditing", widget.app)
    query, _replaces = picker_query(field, widget.value)

    def put(ref: str) -> None:
        if not widget.is_attached:
            return  # the form was closed meanwhile
        widget.value = with_choice(field, widget.value, ref)
        widget.cursor_position = len(widget.value)
        widget.focus()

    def chosen(picked: Picked | None) -> None:
        if picked is None:
            widget.focus()
        elif picked.ref is not None:
            put(picked.ref)
        elif picked.new is not None:
            names = [f.name for f in FORMS[picked.new] if f.name in NAMED_BY]
            initial = {names[0]: picked.typed} if names and picked.typed else {}
            app.create(picked.new, on_saved=put, initial=initial)

    title = _("Choose: {field}").format(field=_(field.label))
    app.push_screen(PickerScreen(field.targets, title, query), callback=chosen)
