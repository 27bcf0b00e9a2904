"""Every record a form writes is saved through one table; a reference says what
kind of record it names."""

from __future__ import annotations

import pytest

from tracker.api import RecordKind, Tracker
from tracker.drafts import LotDraft, OptionDraft, TenderDraft
from tracker.errors import ValidationError
from tracker.forms import DRAFTS
from tracker.services.saving import SAVERS


def test_every_record_a_form_writes_has_its_service_in_the_table() -> None:
    assert sorted(d.__name__ for d in DRAFTS.values() if d not in SAVERS) == []


@pytest.mark.parametrize(
    ("ref", "kind"),
    [
        ("CDQ2", RecordKind.PROGRAMME),
        ("LORENTEGGIO", RecordKind.NEIGHBOURHOOD),
        ("SEDE-GRATOSOGLIO", RecordKind.SITE),
        ("LDQ-MAZZINI", RecordKind.SERVICE),
        ("SPAZIO-APERTO", RecordKind.ORGANISATION),
        ("ATI-LORENTEGGIO-2019", RecordKind.CONSORTIUM),
        ("DGC-2016-LDQ", RecordKind.ACT),
        ("MIT", RecordKind.FUNDING_SOURCE),
        ("LOR-2019", RecordKind.TENDER),
        ("LOR-2019-L1", RecordKind.LOT),
        ("LOR-2019-C1", RecordKind.CONTRACT),
        ("LOR-2019-C1-R1", RecordKind.OPTION),
        ("INT-2018", RecordKind.IN_HOUSE_PERIOD),
        ("FIN-LDQ-2016-MIT", RecordKind.ALLOCATION),
        ("NO-SUCH-REF", None),
    ],
)
def test_a_reference_names_one_kind_of_record(
    milan: Tracker, ref: str, kind: RecordKind | None
) -> None:
    assert milan.record_kind(ref) is kind


def test_record_kinds_keep_the_words_the_data_uses() -> None:
    assert [k.value for k in RecordKind if "_" in k.value] == [
        "funding_source",
        "in_house_period",
    ]


def test_a_lot_or_an_option_changed_is_saved_under_its_own_owner(
    milan: Tracker,
) -> None:
    lot = milan.edit_of("LOR-2019-L1")
    tender_before = milan.edit_of("LOR-2019").version
    draft = lot.draft
    assert isinstance(draft, LotDraft)
    saved = milan.save(
        draft.model_copy(update={"title": "Lotto unico"}),
        original="LOR-2019-L1",
        base_version=lot.version,
    )
    assert saved == "LOR-2019-L1"
    assert milan.edit_of("LOR-2019").version == tender_before + 1

    option = milan.edit_of("LOR-2019-C1-R1")
    assert isinstance(option.draft, OptionDraft)
    with pytest.raises(ValidationError) as error:
        milan.save(option.draft, original="LOR-2019-C1-R1", owner="CDQ-2006-MAZZINI")
    assert error.value.field == "contract"


def test_a_new_lot_needs_its_tender(milan: Tracker) -> None:
    with pytest.raises(ValidationError) as error:
        milan.save(LotDraft(ref="LOR-2019-L9", number=9, title="Lotto nove"))
    assert error.value.field == "tender"


def test_a_tender_changed_in_its_form_leaves_its_lots_to_their_own_forms(
    milan: Tracker,
) -> None:
    from tracker.forms import draft_from_values, values_from_draft

    opened = milan.edit_of("LOR-2019")
    assert isinstance(opened.draft, TenderDraft)
    assert opened.draft.lots
    values = values_from_draft("tender", opened.draft)
    values["title"] = "Laboratorio sociale Lorenteggio"
    draft = draft_from_values("tender", values, base=opened.draft)
    assert isinstance(draft, TenderDraft)
    assert draft.lots == []
    milan.save(draft, original="LOR-2019", base_version=opened.version)
    saved = milan.edit_of("LOR-2019").draft
    assert isinstance(saved, TenderDraft)
    assert saved.title == "Laboratorio sociale Lorenteggio"
    assert saved.lots == opened.draft.lots
