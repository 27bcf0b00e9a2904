"""Schede H and G of the programma triennale, as pure rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tracker.domain.commitments import YearFigure
from tracker.domain.money import Amount, VatRate
from tracker.domain.periods import Period
from tracker.domain.programme_schede import (
    Cui,
    CuiGap,
    Purchase,
    Weight,
    build_cui,
    programme,
    weigh,
    written_cui,
)

D = date
E = Decimal
CF = "01199250158"
TRIENNIUM = Period(D(2023, 1, 1), D(2025, 12, 31))


def purchase(
    key: str,
    value: Amount | None,
    period: Period | None = TRIENNIUM,
    *,
    funding: tuple[str, ...] = (),
    plan_entry: str | None = None,
    cf: str | None = CF,
    supplies: bool = False,
) -> Purchase:
    return Purchase(
        key=key,
        description=f"Servizio {key}",
        tender=key,
        needs=(),
        services=("S1",),
        period=period,
        months=36,
        value=value,
        funding=funding,
        codice_fiscale=cf,
        plan_entry=plan_entry,
        supplies=supplies,
    )


@pytest.mark.parametrize(
    ("value", "weight"),
    [
        (None, Weight.NOT_ESTIMATED),
        (Amount.of_net(E("140000.00"), VatRate.STANDARD), Weight.ABOVE),
        (Amount.of_net(E("139999.99"), VatRate.UNKNOWN), Weight.BELOW),
        # the net of a gross is weighed when the rate is known
        (Amount.of_gross(E("170000.00"), VatRate.STANDARD), Weight.BELOW),
        (Amount.of_gross(E("147000.00"), VatRate.REDUCED_5), Weight.ABOVE),
        # with the rate unknown: below when the gross is, above when even at 22% it is
        (Amount.of_gross(E("139999.99")), Weight.BELOW),
        (Amount.of_gross(E("170800.00")), Weight.ABOVE),
        (Amount.of_gross(E("170799.99")), Weight.UNCERTAIN),
        (Amount.of_gross(E("140000.00")), Weight.UNCERTAIN),
    ],
)
def test_weigh_against_the_threshold(value: Amount | None, weight: Weight) -> None:
    assert weigh(value) is weight


@pytest.mark.parametrize(
    ("text", "cui"),
    [
        (None, None),
        ("Piano Biennale delle Acquisizioni", None),
        ("Programma 2023-2025, CUI S01199250158202300004", "S01199250158202300004"),
        ("cui f01199250158202400012.", "F01199250158202400012"),
        ("S011992501582023000041", None),
        ("XS01199250158202300004", None),
    ],
)
def test_the_cui_written_in_a_plan_entry(text: str | None, cui: str | None) -> None:
    assert written_cui(text) == cui


def test_build_cui() -> None:
    assert build_cui(False, CF, 2023, 1) == "S01199250158202300001"
    assert build_cui(True, CF, 2024, 12345) == "F01199250158202412345"
    with pytest.raises(ValueError, match="codice fiscale"):
        build_cui(False, "RSSMRA80A01F205X", 2023, 1)
    with pytest.raises(ValueError, match="progressive"):
        build_cui(False, CF, 2023, 100000)


def test_scheda_h_and_g_add_up_year_by_year() -> None:
    big = purchase(
        "LOR-2023",
        Amount.of_gross(E("848000.00")),
        Period(D(2022, 12, 21), D(2025, 12, 31)),
        funding=("REGIONE-LOMBARDIA",),
    )
    two = purchase(
        "CDQ-2024",
        Amount.of_net(E("300000.00"), VatRate.REDUCED_5),
        Period(D(2024, 1, 1), D(2025, 12, 31)),
        plan_entry="CUI S01199250158202300007",
    )
    three = purchase(
        "SS-2024",
        Amount.of_net(E("200000.00"), VatRate.STANDARD),
        Period(D(2024, 7, 1), D(2026, 12, 31)),
        funding=("PINQUA",),
    )
    small = purchase("SMALL", Amount.of_net(E("50000.00"), VatRate.STANDARD))
    unknown = purchase("UNKNOWN", None)
    plan = programme([three, unknown, small, two, big], 2023)

    assert [r.purchase.key for r in plan.scheda_h] == [
        "LOR-2023",
        "CDQ-2024",
        "SS-2024",
    ]
    assert [r.purchase.key for r in plan.below] == ["SMALL"]
    assert [r.purchase.key for r in plan.not_estimated] == ["UNKNOWN"]
    lor, cdq, ss = plan.scheda_h
    # 848,000.00 over 11 + 365 + 366 + 365 days; 2022 is past and said apart
    assert [f.value for f in lor.cost.years] == [
        E("279602.53"),
        E("280368.56"),
        E("279602.53"),
    ]
    assert lor.before == E("8426.38")
    assert lor.cost.total.stated + lor.before == E("848000.00")
    # 315,000.00 VAT included over 2024-2025
    assert [f.value for f in cdq.cost.years] == [
        E("0.00"),
        E("157715.46"),
        E("157284.54"),
    ]
    assert [f.value for f in ss.cost.years] == [E("0.00"), E("49120.35"), E("97439.83")]
    assert ss.cost.later.value == E("97439.82")

    # the written CUI is kept; the others follow the highest written in the year
    assert cdq.cui == Cui("S01199250158202300007", written=True)
    assert lor.cui == Cui("S01199250158202300008", written=False)
    assert ss.cui == Cui("S01199250158202300009", written=False)
    assert (lor.cui.first_year, lor.cui.progressive) == (2023, 8)

    g = plan.scheda_g
    by_funding = {group.refs: group.figures for group in g.by_funding}
    assert list(by_funding) == [(), ("PINQUA",), ("REGIONE-LOMBARDIA",)]
    for year in range(3):
        assert g.total.years[year].value == sum(
            (r.cost.years[year].value or E(0) for r in plan.scheda_h), E(0)
        )
        assert g.total.years[year].value == sum(
            (row.years[year].value or E(0) for row in by_funding.values()), E(0)
        )
    assert [f.value for f in g.total.years] == [
        E("279602.53"),
        E("487204.37"),
        E("534326.90"),
    ]
    assert g.total.later.value == E("97439.82")
    assert by_funding[()].total.value == E("315000.00")


def test_what_is_not_known_stays_unknown_in_both_schede() -> None:
    # above the threshold for certain, but with no period: no year can be given
    undated = purchase("U1", Amount.of_net(E("500000.00"), VatRate.STANDARD), None)
    # the net only, rate unknown: in the programme, its cost VAT included unknown
    net_only = purchase("N1", Amount.of_net(E("500000.00"), VatRate.UNKNOWN))
    plan = programme([undated, net_only], 2023)
    assert [r.purchase.key for r in plan.scheda_h] == ["N1", "U1"]
    assert all(f.value is None for f in plan.scheda_g.total.years)
    assert plan.scheda_g.total.years[0] == YearFigure(E("0.00"), ("N1", "U1"))
    assert plan.scheda_g.total.later == YearFigure(E("0.00"), ("U1",))


@pytest.mark.parametrize(
    ("cf", "gap"),
    [
        (None, CuiGap.NO_CODICE_FISCALE),
        ("RSSMRA80A01F205X", CuiGap.NO_CODICE_FISCALE),
        (CF, None),
    ],
)
def test_no_cui_without_the_administrations_codice_fiscale(
    cf: str | None, gap: CuiGap | None
) -> None:
    plan = programme(
        [
            purchase(
                "T1",
                Amount.of_net(E("200000.00"), VatRate.STANDARD),
                cf=cf,
                supplies=True,
            )
        ],
        2024,
    )
    (row,) = plan.scheda_h
    assert row.cui_gap is gap
    assert (row.cui.code if row.cui else None) == (
        None if gap else "F01199250158202400001"
    )


def test_confirmed_funds_follow_the_cost_and_leave_the_rest_to_find() -> None:
    period = Period(D(2024, 1, 1), D(2025, 12, 31))
    value = Amount.of_gross(E("731000.00"))
    funded = replace(purchase("A", value, period), confirmed=E("100000.00"))
    unstated = replace(purchase("B", value, period), confirmed=None)
    plan = programme([funded], 2023)
    (row,) = plan.scheda_h
    # 366 and 365 of 731 days
    assert [f.value for f in row.cost.years] == [
        E("0.00"),
        E("366000.00"),
        E("365000.00"),
    ]
    assert [f.value for f in row.confirmed.years] == [
        E("0.00"),
        E("50068.40"),
        E("49931.60"),
    ]
    assert plan.scheda_g.to_find == (
        E("0.00"),
        E("315931.60"),
        E("315068.40"),
        E("0.00"),
    )
    # a confirmed allocation with no amount: the years it would fall in are not known
    plan = programme([funded, unstated], 2023)
    assert plan.scheda_g.confirmed.years[0] == YearFigure(E("0.00"))
    assert plan.scheda_g.confirmed.years[1] == YearFigure(E("50068.40"), ("B",))
    assert plan.scheda_g.to_find == (E("0.00"), None, None, E("0.00"))
    # funds for a cost not known cannot be placed
    undated = replace(purchase("C", value, None), confirmed=E("1.00"))
    (row,) = programme([undated], 2023).scheda_h
    assert all(f.missing == ("C",) for f in (*row.confirmed.years, row.confirmed.later))
