"""Acts and consortia: their lists (search, filter, sort), an act with what cites
it, and acts written like every record (a stale save refused, a cited act kept)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import COMMITTEE_DAY
from tracker.api import BrowseQuery, Tracker
from tracker.drafts import ActDraft
from tracker.errors import ConflictError, TrackerError
from tracker.formatting import Formatter
from tracker.i18n import set_language
from tracker.present.acts import act_name
from tracker.present.consortia import lead_words, shares_words
from tracker.queries.rows import MemberRow


def query(**changes: object) -> BrowseQuery:
    values: dict[str, object] = {"as_of": COMMITTEE_DAY, **changes}
    return BrowseQuery(**values)  # type: ignore[arg-type]


def refs(rows: object) -> list[str]:
    return [row.ref for row in rows]  # type: ignore[attr-defined]


# -- acts ----------------------------------------------------------------------------


def test_acts_come_by_date_with_the_records_citing_each(milan: Tracker) -> None:
    page = milan.browse_acts(query())
    assert page.sort == "adopted_on"
    assert page.total == 2
    # an act whose date is not known comes last either way
    assert [(r.ref, r.adopted_on, r.cited) for r in page.rows] == [
        ("DGC-1397-2017", date(2017, 8, 4), 6),
        ("DGC-2016-LDQ", None, 1),
    ]
    newest = milan.browse_acts(query(descending=True))
    assert refs(newest.rows) == ["DGC-1397-2017", "DGC-2016-LDQ"]
    by_cited = milan.browse_acts(query(sort="cited"))
    assert refs(by_cited.rows) == ["DGC-2016-LDQ", "DGC-1397-2017"]


@pytest.mark.parametrize(
    ("search", "status", "found"),
    [
        ("presidio", None, ["DGC-1397-2017"]),  # the subject
        ("1397", None, ["DGC-1397-2017"]),  # the number
        ("giunta comunale", None, ["DGC-1397-2017", "DGC-2016-LDQ"]),  # the body
        ("ldq", None, ["DGC-2016-LDQ"]),  # the ref
        ("", "delibera_gc", ["DGC-1397-2017", "DGC-2016-LDQ"]),
        ("", "determina_dirigenziale", []),
    ],
)
def test_acts_are_searched_and_filtered(
    milan: Tracker, search: str, status: str | None, found: list[str]
) -> None:
    page = milan.browse_acts(query(search=search, status=status))
    assert refs(page.rows) == found
    assert page.total == len(found)


def test_an_act_lists_what_cites_it(milan: Tracker) -> None:
    view = milan.act_view("DGC-1397-2017")
    assert (view.kind, view.number, view.adopted_on) == (
        "delibera_gc",
        "1397",
        date(2017, 8, 4),
    )
    assert [(c.kind, c.ref) for c in view.cited_by] == [
        ("contract", "PRO-2020-GRATOSOGLIO"),
        ("contract", "PRO-2020-MAZZINI"),
        ("contract", "PRO-2020-MOLISE-CALVAIRATE"),
        ("contract", "PRO-2020-PONTE-LAMBRO"),
        ("contract", "PRO-2020-SAN-SIRO"),
        ("in_house_period", "INT-2018"),
    ]
    tender = milan.act_view("DGC-2016-LDQ").cited_by
    assert [(c.kind, c.ref, c.option_kind) for c in tender] == [
        ("tender", "LDQ-2016", None)
    ]


def test_an_option_decided_by_an_act_is_cited_with_its_contract(
    milan: Tracker,
) -> None:
    option = milan.edit_of("LOR-2019-C1-R1")
    milan.save(
        option.draft.model_copy(update={"act": "DGC-1397-2017"}),
        original="LOR-2019-C1-R1",
        owner="LOR-2019-C1",
        base_version=option.version,
    )
    cited = milan.act_view("DGC-1397-2017").cited_by
    assert ("option", "LOR-2019-C1-R1", "LOR-2019-C1", "renewal") in [
        (c.kind, c.ref, c.title, c.option_kind) for c in cited
    ]
    assert milan.browse_acts(query(search="1397")).rows[0].cited == 7


def test_an_act_is_edited_against_the_version_read(milan: Tracker) -> None:
    read = milan.edit_of("DGC-2016-LDQ")
    assert isinstance(read.draft, ActDraft)
    numbered = read.draft.model_copy(update={"number": "870"})
    milan.save(numbered, original="DGC-2016-LDQ", base_version=read.version)
    assert milan.act_view("DGC-2016-LDQ").number == "870"
    # a second save based on the first read is someone else's stale copy
    with pytest.raises(ConflictError) as refused:
        milan.save(
            read.draft.model_copy(update={"adopted_on": date(2016, 5, 6)}),
            original="DGC-2016-LDQ",
            base_version=read.version,
        )
    assert refused.value.fields == ("number",)
    assert milan.act_view("DGC-2016-LDQ").adopted_on is None


def test_an_act_goes_only_when_nothing_cites_it(milan: Tracker) -> None:
    with pytest.raises(TrackerError) as refused:
        milan.delete("DGC-2016-LDQ")
    assert str(refused.value) == (
        "DGC-2016-LDQ: LDQ-2016 cites it; change LDQ-2016 first"
    )
    milan.save(
        ActDraft(
            ref="DD-1-2023",
            kind="determina_dirigenziale",
            subject="Proroga tecnica",
        )
    )
    assert milan.record_kind("DD-1-2023") == "act"
    milan.delete("DD-1-2023")
    assert milan.record_kind("DD-1-2023") is None


# -- consortia -----------------------------------------------------------------------


def test_the_milan_ati_is_listed_with_its_lead_and_members(milan: Tracker) -> None:
    page = milan.browse_consortia(query())
    assert page.total == 1
    [ati] = page.rows
    assert (ati.ref, ati.kind, ati.contracts) == ("ATI-LORENTEGGIO-2019", "ATI", 1)
    assert [(m.ref, m.role, m.share) for m in ati.members] == [
        ("SPAZIO-APERTO", "mandataria", None),
        ("ARS", "mandante", None),
        ("A-I", "mandante", None),
        ("DIKE", "mandante", None),
        ("KCITY", "mandante", None),
    ]
    assert [m.ref for m in ati.leads] == ["SPAZIO-APERTO"]


@pytest.mark.parametrize(
    ("search", "status", "found"),
    [
        ("lorenteggio", None, ["ATI-LORENTEGGIO-2019"]),  # its ref
        ("kcity", None, ["ATI-LORENTEGGIO-2019"]),  # its name
        ("mediazione", None, ["ATI-LORENTEGGIO-2019"]),  # a member's name only
        ("dike mediazione", None, ["ATI-LORENTEGGIO-2019"]),
        ("regione", None, []),
        ("", "ATI", ["ATI-LORENTEGGIO-2019"]),
        ("", "RTI", []),
    ],
)
def test_consortia_are_searched_by_their_members_too(
    milan: Tracker, search: str, status: str | None, found: list[str]
) -> None:
    page = milan.browse_consortia(query(search=search, status=status))
    assert refs(page.rows) == found
    assert page.total == len(found)


@pytest.mark.parametrize("sort", ["ref", "name", "kind", "members", "contracts"])
def test_consortia_sort_by_every_key(milan: Tracker, sort: str) -> None:
    for descending in (False, True):
        page = milan.browse_consortia(query(sort=sort, descending=descending))
        assert refs(page.rows) == ["ATI-LORENTEGGIO-2019"]


def member(name: str, role: str, share: str | None) -> MemberRow:
    return MemberRow(
        ref=name.upper(),
        name=name,
        role=role,
        share=None if share is None else Decimal(share),
        partita_iva=None,
    )


@pytest.mark.parametrize(
    ("members", "lead", "shares"),
    [
        (
            [member("Alfa", "mandataria", "60"), member("Beta", "mandante", "40")],
            "Alfa",
            "60% / 40%",
        ),
        (
            [member("Alfa", "mandante", None), member("Beta", "mandante", None)],
            "mandataria non indicata",
            "quote non indicate",
        ),
        (
            [member("Alfa", "capogruppo", "70.5"), member("Beta", "mandante", None)],
            "Alfa",
            "70,5% / n.d.",
        ),
        (
            [member("Alfa", "mandataria", None), member("Beta", "capogruppo", None)],
            "Alfa / Beta",
            "quote non indicate",
        ),
    ],
)
def test_a_consortium_lead_and_shares_in_words(
    members: list[MemberRow], lead: str, shares: str
) -> None:
    set_language("it")
    fmt = Formatter("it")
    assert lead_words(members, "ATI") == lead
    assert shares_words(members, fmt) == shares


def test_a_consorzio_has_no_lead_to_miss() -> None:
    set_language("it")
    members = [member("Alfa", "consorziata", None), member("Beta", "consorziata", None)]
    assert lead_words(members, "consorzio") == "-"
    assert lead_words(members, "RTI") == "mandataria non indicata"


@pytest.mark.parametrize(
    ("language", "number", "words"),
    [
        ("it", "12", "Determina dirigenziale n. 12"),
        ("it", None, "Determina dirigenziale (numero non indicato)"),
        ("en", None, "executive decision (determina) (number not stated)"),
    ],
)
def test_an_act_named_by_kind_and_number(
    language: str, number: str | None, words: str
) -> None:
    set_language(language)
    assert act_name("determina_dirigenziale", number) == words
