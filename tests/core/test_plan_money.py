"""The money side of the plan read from the Milan dataset: yearly commitments
and the tenders the programme may list."""

from __future__ import annotations

from decimal import Decimal

from tests.core.test_plan_workbook import plan
from tracker.api import Tracker
from tracker.db import session_scope
from tracker.domain.commitments import Columns, YearFigure
from tracker.queries.plan_money import read_commitments, tender_purchases

E = Decimal
PROFESSIONALS = (
    "PRO-2020-GRATOSOGLIO",
    "PRO-2020-MAZZINI",
    "PRO-2020-MOLISE-CALVAIRATE",
    "PRO-2020-PONTE-LAMBRO",
    "PRO-2020-SAN-SIRO",
)


def test_lorenteggio_2019_by_financial_year(milan: Tracker) -> None:
    with session_scope(milan._sessions) as session:
        years = read_commitments(session, Columns(2019, 4))
    (lor,) = [c for c in years.contracts if c.ref == "LOR-2019-C1"]
    assert [f.value for f in lor.committed.years] == [
        E("146635.54"),
        E("276642.30"),
        E("275886.45"),
        E("267320.11"),
    ]
    assert lor.committed.total.value == E("828415.20") + E("138069.20")
    assert lor.services == ("LSL-LORENTEGGIO",)
    assert lor.programmes == ("ADP-LORENTEGGIO",)
    assert lor.funding == ("POR-FSE-2014-2020",)
    assert years.names["POR-FSE-2014-2020"] == "POR FSE Lombardia 2014-2020"
    assert [
        f.value
        for f in {g.refs: g.figures for g in years.by_service}[
            ("LSL-LORENTEGGIO",)
        ].years
    ] == [f.value for f in lor.committed.years]
    # the professionals' contracts state no amount: from 2020 no year has a figure
    assert years.committed.years[0] == YearFigure(E("146635.54"))
    assert years.committed.years[1] == YearFigure(E("276642.30"), PROFESSIONALS)
    # POR FSE is confirmed for it with no amount: no year's funds are known
    assert years.confirmed.years[0] == YearFigure(E("0.00"), ("FIN-LOR-2019-FSE",))
    assert years.shortfall == (None, None, None, None, None)
    assert years.paid.total == YearFigure()


def test_contracts_ended_before_the_first_year_are_left_out(milan: Tracker) -> None:
    with session_scope(milan._sessions) as session:
        years = read_commitments(session, Columns(2023))
    assert [c.ref for c in years.contracts] == list(PROFESSIONALS)
    assert years.committed.years[0] == YearFigure(E("0.00"), PROFESSIONALS)
    # the contracts of 2020-2023 end in 2023: nothing is committed after it
    assert years.committed.years[1] == YearFigure()


def test_the_tenders_the_programme_may_list(milan: Tracker) -> None:
    with session_scope(milan._sessions) as session:
        purchases = tender_purchases(session)
    assert sorted(purchases) == [
        "LDQ-2016",
        "LOR-2023",
        "SCN-CDQ-2024",
        "SCN-LOR-2025",
        "SCN-SAN-SIRO-PINQUA",
    ]
    lor = purchases["LOR-2023"]
    assert (
        lor.period and (lor.period.start.isoformat(), lor.period.end.isoformat())
    ) == (
        "2023-01-01",
        "2025-12-31",
    )
    assert lor.funding == ("REGIONE-LOMBARDIA",)
    assert lor.value is None
    assert lor.plan_entry == "Piano Biennale delle Acquisizioni"
    assert purchases["SCN-CDQ-2024"].services == (
        "LDQ-GRATOSOGLIO",
        "LDQ-MAZZINI",
        "LDQ-MOLISE-CALVAIRATE",
        "LDQ-PONTE-LAMBRO",
    )
    assert purchases["SCN-SAN-SIRO-PINQUA"].period is None


def test_milan_programme_2023_scheda_g_is_scheda_h_added_up(milan: Tracker) -> None:
    found = plan(milan)
    money = found.baseline.money
    assert money is not None
    h, g = money.programme.scheda_h, money.programme.scheda_g
    assert [r.purchase.tender for r in h] == ["LOR-2023"]
    assert [f.value for f in h[0].cost.years] == [
        E("263724.05"),
        E("276570.20"),
        E("275814.55"),
    ]
    for year in range(3):
        assert g.total.years[year] == YearFigure(
            sum((r.cost.years[year].stated for r in h), E("0.00"))
        )
    assert g.to_find == (E("263724.05"), E("276570.20"), E("275814.55"), E("0.00"))
    assert [(grp.refs, grp.figures.total.value) for grp in g.by_funding] == [
        (("REGIONE-LOMBARDIA",), E("816108.80"))
    ]
    # the five laboratories' needs have no amount in the sources: apart, never 0
    assert [r.purchase.tender for r in money.programme.not_estimated] == [
        "SCN-CDQ-2024",
        "SCN-SAN-SIRO-PINQUA",
    ]
    assert money.programme.not_estimated[0].purchase.needs == (
        "LDQ-MAZZINI/2023-07-01",
        "LDQ-GRATOSOGLIO/2024-01-01",
        "LDQ-MOLISE-CALVAIRATE/2024-01-01",
        "LDQ-PONTE-LAMBRO/2024-01-01",
    )


def test_a_scenario_leaves_the_baseline_programme_as_it_was(milan: Tracker) -> None:
    baseline = plan(milan).baseline.money
    found = plan(milan, "SCN-CDQ-2024", "SCN-SAN-SIRO-PINQUA", "SCN-LOR-2025")
    assert found.baseline.money == baseline
    scenario = found.with_scenario
    assert scenario is not None
    assert scenario.money is not None
    # Lorenteggio's need is met by the scenario's tender, which states no value:
    # it takes the need's estimate for the days it covers, with no funding yet;
    # the planned LOR-2023 meets no need there and stands alone, unestimated
    programme = scenario.money.programme
    assert [r.purchase.tender for r in programme.scheda_h] == ["SCN-LOR-2025"]
    (lor,) = programme.scheda_h
    assert lor.purchase.needs == ("LSL-LORENTEGGIO/2023-01-17",)
    assert [f.value for f in lor.cost.years] == [
        E("263724.05"),
        E("276570.20"),
        E("275814.55"),
    ]
    assert [grp.refs for grp in programme.scheda_g.by_funding] == [()]
    assert [r.purchase.key for r in programme.not_estimated] == [
        "LOR-2023",
        "LDQ-MAZZINI/2023-07-01",
        "SCN-CDQ-2024",
        "SCN-SAN-SIRO-PINQUA",
    ]
    assert baseline is not None
    assert scenario.money.commitments == baseline.commitments
