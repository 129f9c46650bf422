"""A store of two invented reports built from hand-written facts (no spaCy), for the question
frames: what each question must answer, decline, or answer "the reports don't say" does not move
when extraction changes. Every company here is invented."""
from __future__ import annotations

from handmade import store_of_facts
from spacekg.extract.facts import (Collaboration, Development, Evidence, Extraction, MarketFigure, Player,
                                   RelatedReport, ReportInfo, SegmentItem, Statement, Target, TechnologyUse)
from spacekg.graph.store import Store


def ev(text: str, start: int = 0) -> Evidence:
    return Evidence(text, start, start + len(text), "test")


def _japan() -> Extraction:
    ex = Extraction("japan-lunar.txt", title="Japan Lunar Resources Market")
    ex.players = [Player("Kestrel Regolith", based_in=["Japan"]), Player("Harrow Orbital", based_in=["United Kingdom"]),
                  Player("Ferrovia Space", aliases=["Ferrovia"], based_in=["Luxembourg"]),
                  Player("Tamsin Dynamics", based_in=["United States"]), Player("Selva Lunar")]
    ex.counterparties = [Player("consortium in India", kind="generic", based_in=["India"], generic=True),
                         Player("investors in India", kind="generic", based_in=["India"], generic=True)]
    ex.targets = [
        Target("Kestrel Regolith", ["Water/Ice"], ["Moon"], ev("Kestrel Regolith plans to mine lunar ice.", 100)),
        Target("Harrow Orbital", ["Platinum Group Metals"], ["Asteroids"],
               ev("Harrow Orbital prospects platinum on near-Earth asteroids.", 200)),
        Target("Ferrovia Space", ["Platinum Group Metals", "Iron & Nickel"], ["Asteroids"],
               ev("Ferrovia Space goes after platinum and nickel on asteroids.", 300)),
        Target("Tamsin Dynamics", [], ["Moon"], ev("Tamsin Dynamics is active on the Moon.", 400)),
        Target("Selva Lunar", ["Regolith"], ["Moon"], ev("Selva Lunar works on lunar regolith.", 500)),
    ]
    ex.collaborations = [Collaboration(("Harrow Orbital", "Kestrel Regolith"),
                                       ev("Harrow Orbital signed an agreement with Kestrel Regolith.", 600)),
                         Collaboration(("Ferrovia Space", "Tamsin Dynamics"),
                                       ev("Ferrovia Space teamed up with Tamsin Dynamics.", 700))]
    ex.counterparty_links = [Collaboration(("Ferrovia Space", "consortium in India"),
                                           ev("Ferrovia Space partnered with a consortium in India.", 800))]
    ex.technologies = [
        TechnologyUse("Kestrel Regolith", "ice drill", ev("Kestrel Regolith builds an ice drill.", 900)),
        TechnologyUse("Harrow Orbital", "prospecting telescope", ev("Harrow Orbital flies a prospecting telescope.", 1000)),
        TechnologyUse("Ferrovia Space", "excavation robots", ev("Ferrovia Space develops excavation robots.", 1100)),
        TechnologyUse("Tamsin Dynamics", "ISRU systems", ev("Tamsin Dynamics develops ISRU systems.", 1200)),
    ]
    ex.developments = [
        Development(["Kestrel Regolith"], "Kestrel Regolith tested its ice drill at a lunar analogue site.", "2026",
                    ev("Kestrel Regolith tested its ice drill at a lunar analogue site.", 1300), {"platform": ["Moon"]}),
        Development(["Ferrovia Space"], "Ferrovia Space partnered with a consortium in India.",
                    "2028", ev("Ferrovia Space partnered with a consortium in India.", 800),
                    {"platform": ["Asteroids"], "region": ["India"]}, counterparties=["consortium in India"]),
        Development(["Harrow Orbital"],
                    "Harrow Orbital received seed funding from investors in India.", "2025",
                    ev("Harrow Orbital received seed funding from investors in India.", 1400),
                    {"topic": ["Investment & Funding"], "region": ["India"]}, counterparties=["investors in India"]),
        Development(["Selva Lunar"], "Selva Lunar began regolith trials.", None,
                    ev("Selva Lunar began regolith trials.", 1500), {"platform": ["Moon"]}),
        Development(["Tamsin Dynamics"], "Tamsin Dynamics will fly an ISRU demonstrator, expected by 2031.", None,
                    ev("Tamsin Dynamics will fly an ISRU demonstrator, expected by 2031.", 1600),
                    {"platform": ["Moon"]}, expected_date="2031"),
    ]
    ex.market = [MarketFigure("market_size", 2.0e9, "USD", year=2025, evidence=ev("The market is USD 2.0 billion in 2025.", 1700)),
                 MarketFigure("market_size", 9.5e9, "USD", year=2032, forecast=True,
                              evidence=ev("It will reach USD 9.5 billion by 2032.", 1750)),
                 MarketFigure("cagr", 24.5, "percent", from_year=2025, to_year=2032, forecast=True,
                              evidence=ev("The market grows at a CAGR of 24.5% over 2025-2032.", 1800))]
    ex.segments = [SegmentItem("resource_type", "Water/Ice", "Water/Ice"),
                   SegmentItem("resource_type", "Platinum Group Metals", "Platinum Group Metals"),
                   SegmentItem("resource_type", "Helium-3", "Helium-3"),
                   SegmentItem("platform", "Moon", "Moon"), SegmentItem("platform", "Asteroids", "Asteroids"),
                   SegmentItem("phase", "Extraction & Excavation", "Extraction & Excavation")]
    ex.regions = ["Japan"]
    ex.report = ReportInfo(title="Japan Lunar Resources Market", region="Japan",
                           related=[RelatedReport("India Lunar Resources Market", "India")])
    ex.statements = [Statement("challenge", "Launch costs in Japan remain high.", "High launch costs",
                               ev("Launch costs in Japan remain high.", 1900), {"region": ["Japan"]}),
                     Statement("driver", "Demand for lunar water drives investment.", "Lunar water demand",
                               ev("Demand for lunar water drives investment.", 2000), {"resource_type": ["Water/Ice"]})]
    return ex


def _digest() -> Extraction:
    ex = Extraction("asteroid-digest.md", title="Asteroid Digest")
    ex.players = [Player("Ferrovia Space", based_in=["Luxembourg"]), Player("Quillon Mining")]
    ex.targets = [Target("Ferrovia Space", ["Platinum Group Metals"], ["Asteroids"],
                         ev("Ferrovia Space targets platinum-group metals on asteroids.", 50)),
                  Target("Quillon Mining", ["Water/Ice"], ["Asteroids"], ev("Quillon Mining harvests water from asteroids.", 150))]
    ex.technologies = [TechnologyUse("Quillon Mining", "ISRU", ev("Quillon Mining relies on ISRU.", 250))]
    ex.regions = ["Europe"]
    return ex


REPORTS = [_japan(), _digest()]


def build(path) -> Store:
    return store_of_facts(path, REPORTS)


# ---------------------------------------------------------------- the tests

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
import yaml  # noqa: E402

from spacekg.cli import cli  # noqa: E402
from spacekg.queries.ask import QuestionError, ask  # noqa: E402

PHRASINGS = yaml.safe_load((Path(__file__).parent / "ask_phrasings.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build(tmp_path_factory.mktemp("frames") / "store")


def everything(answer) -> str:
    """The answer's words: its interpretation, summary, notes and every table cell."""
    cells = [str(v) for s in answer.sections for row in s.rows for k, v in row.items() if k != "evidence"]
    return "\n".join([answer.understood, *answer.summary, *answer.notes, *cells])


def said_nothing(answer) -> bool:
    text = " ".join(answer.summary)
    return ("don't" in text or text.startswith("No ") or " no " in text.lower()) and \
        not any(s.rows for s in answer.sections[:1])


@pytest.mark.parametrize("case", PHRASINGS, ids=[c["q"] for c in PHRASINGS])
def test_phrasing(store, case):
    q, expect = case["q"], case["expect"]
    if expect == "decline":
        with pytest.raises(QuestionError) as e:
            ask(store, q)
        assert "cannot" in str(e.value) or "no " in str(e.value)
        return
    answer = ask(store, q)
    text = everything(answer)
    if expect == "none":
        assert said_nothing(answer), f"{q!r} should find nothing: {answer.summary}"
        return
    for name in case.get("names", []):
        assert name in text, f"{q!r}: {name!r} missing from {answer.summary}"
    for name in case.get("absent", []):
        assert name not in text, f"{q!r}: {name!r} should not be in the answer"
    if "summary" in case:
        assert case["summary"] in " ".join(answer.summary), answer.summary


def test_there_are_at_least_80_phrasings_of_each_kind():
    kinds = {c["expect"] for c in PHRASINGS}
    assert len(PHRASINGS) >= 80 and kinds == {"answer", "none", "decline"}


# ---------------------------------------------------------------- the frame, in words

def test_a_declined_question_says_what_was_understood_and_what_was_not(store):
    with pytest.raises(QuestionError) as e:
        ask(store, "what is the weather on Mars tomorrow")
    message = str(e.value)
    assert "Mars (platform)" in message and "'weather'" in message and "'tomorrow'" in message
    assert "Nearest questions" in message


def test_synonyms_never_match_common_verbs(store):
    # "based" is not the phase synonym "base"; "used" not a technology
    answer = ask(store, "which players are based in Japan?")
    assert "Support Infrastructure" not in everything(answer)
    with pytest.raises(QuestionError):
        ask(store, "which players are based on the Moon in the reports they are covered by and used")


def test_the_interpretation_names_every_filter(store):
    assert ask(store, "developments in 2026 involving the Moon").understood.startswith(
        "developments in 2026 involving Moon")
    assert ask(store, "which British companies target asteroids?").understood == \
        "players based in United Kingdom that target Asteroids"


def test_generic_players_are_shown_as_such_and_left_out_of_named_lists(store):
    answer = ask(store, "which players are based in India?")
    assert "don't name a player based in India" in answer.summary[0]
    assert "Unnamed counterparties in India: consortium in India, investors in India." in answer.summary


def test_expected_dates_are_not_announcement_dates(store):
    # "expected by 2031" is when it should happen, not when it happened
    assert said_nothing(ask(store, "what happened in 2031?"))
    rows = [r for s in ask(store, "list developments").sections for r in s.rows]
    assert rows[-1]["development"].startswith(("Selva", "Tamsin")) and rows[-1]["date"] == ""   # undated last


def test_a_count_counts_distinct_players(store):
    answer = ask(store, "how many players target the Moon?")
    assert answer.summary[0] == "3 players."


# ---------------------------------------------------------------- plain names for named queries

def test_query_parameters_take_plain_names(store):
    from spacekg.queries.library import run_named
    from spacekg.queries.names import UnknownName, resolve_params
    params = resolve_params(store, "players-targeting", {"platform": "Moon", "resource": "lunar ice"})
    assert {r["name"] for r in run_named(store, "players-targeting", **params).records()} == {"Kestrel Regolith"}
    assert resolve_params(store, "targets-by-reports", {"target": "lunar ice"})["target"].endswith("water-ice/moon")
    assert resolve_params(store, "players-targeting", {"platform": "smr:platform/moon"}) == \
        {"platform": "smr:platform/moon"}
    with pytest.raises(UnknownName, match="'Jupiter'"):
        resolve_params(store, "players-targeting", {"platform": "Jupiter"})


def test_cli_query_resolves_names_and_shows_labels(store):
    from click.testing import CliRunner
    runner = CliRunner()
    r = runner.invoke(cli, ["query", "players-targeting", "-p", "platform=Moon", "--store", str(store.path)])
    assert r.exit_code == 0, r.output
    assert "Kestrel Regolith" in r.output and "https://" not in r.output and "smr:" not in r.output
    assert all(len(line) <= 100 for line in r.output.splitlines())
    iris = runner.invoke(cli, ["query", "players-targeting", "-p", "platform=Moon", "--iris", "--store", str(store.path)])
    assert "smr:player/" in iris.output and "smr:claim/" in iris.output
    bad = runner.invoke(cli, ["query", "players-targeting", "-p", "platform=Jupiter", "--store", str(store.path)])
    assert bad.exit_code == 2 and "Jupiter" in bad.output and "Traceback" not in bad.output


def test_the_names_index_is_kept_per_snapshot(tmp_path):
    store = build(tmp_path / "store")
    first = ask(store, "which players target lunar ice?")
    cached = list((tmp_path / "store" / "cache").glob("names-*.json"))
    assert len(cached) == 1
    again = ask(store, "which players target lunar ice?")
    assert again.summary == first.summary and "labels" not in [r.name for r in again.runs]
    with store.writer() as w:                       # a new snapshot: a new index, the old one removed
        w.replace_graph("https://w3id.org/spacekg/id/report/empty", [])
    from spacekg.graph.store import Store
    ask(Store.open(tmp_path / "store"), "which players target lunar ice?")
    assert [p.name for p in (tmp_path / "store" / "cache").glob("names-*.json")] != [cached[0].name]
