"""Market figures in the wordings of different publishers: sizes with their year, CAGRs with their period."""
import pytest

from spacekg.extract.facts import Evidence
from spacekg.extract.market import figures_in

EV = Evidence("", 0, 0, "test")


def found(sentence, period=None):
    return {(m.metric, m.value, m.year, m.from_year, m.to_year) for m in figures_in(sentence, EV, period)}


@pytest.mark.parametrize("sentence, expected", [
    ("The global space mining market was valued at $1.85 billion in 2024 and is projected to reach $6.12 billion "
     "by 2030, growing at a CAGR of 22.1% from 2024 to 2030.",
     {("market_size", 1.85e9, 2024, None, None), ("market_size", 6.12e9, 2030, None, None),
      ("cagr", 22.1, None, 2024, 2030)}),
    ("Global Space Mining Market size was valued at USD 2.10 Billion in 2023 and is poised to grow from USD 2.48 "
     "Billion in 2024 to USD 9.97 Billion by 2032, growing at a CAGR of 18.9% during the forecast period (2025-2032).",
     {("market_size", 2.1e9, 2023, None, None), ("market_size", 2.48e9, 2024, None, None),
      ("market_size", 9.97e9, 2032, None, None), ("cagr", 18.9, None, 2025, 2032)}),
    ("The space mining market is expected to grow from $1.2B in 2025 to $4.5B in 2032.",
     {("market_size", 1.2e9, 2025, None, None), ("market_size", 4.5e9, 2032, None, None)}),
    ("Space mining market revenue reached 1.7 billion U.S. dollars in 2024.",
     {("market_size", 1.7e9, 2024, None, None)}),
    ("The market is anticipated to witness a CAGR of 15.2% during 2024-2032 and reach US$ 3,210.5 million by 2032.",
     {("market_size", 3.2105e9, 2032, None, None), ("cagr", 15.2, None, 2024, 2032)}),
    ("Asteroid Mining Market Size 2024: USD 1.3 billion; 2030: USD 4.0 billion",
     {("market_size", 1.3e9, 2024, None, None), ("market_size", 4.0e9, 2030, None, None)}),
])
def test_publishers_wordings(sentence, expected):
    assert found(sentence) == expected


def test_cagr_takes_the_study_period_when_the_sentence_has_none():
    assert found("The market will expand at a CAGR of 35.4% during the forecast period.", (2025, 2031)) == \
        {("cagr", 35.4, None, 2025, 2031)}


@pytest.mark.parametrize("sentence", [
    "Ferrolith raised $40 million in 2026 from Halcyon Ventures.",
    "Sovereign funds committed more than USD 2 billion to space programs in 2024.",
    "The asteroids segment accounted for the largest revenue share of 46.5% in 2024.",
])
def test_funding_and_shares_are_not_market_figures(sentence):
    assert found(sentence) == set()


def test_growth_rate_makes_a_sentence_about_the_market():
    from spacekg.extract.market import figures_in
    found = figures_in("We forecast USD 410 million in 2034, a compound annual growth rate of 22.9% between "
                       "2025 and 2034.", None, None)
    assert {(f.metric, f.value, f.year, f.from_year, f.to_year) for f in found} == {
        ("market_size", 410e6, 2034, None, None), ("cagr", 22.9, None, 2025, 2034)}
    found = figures_in("Services were a USD 410 million market in 2025.", None, None)
    assert [(f.metric, f.value, f.year) for f in found] == [("market_size", 410e6, 2025)]
    assert figures_in("Acme raised USD 40 million in 2025 to build a drill.", None, None) == []
