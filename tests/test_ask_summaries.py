"""`ask` answers the questions about every report from the store's summaries (queries/summaries.py):
the same answers as running the named queries, on a store of invented reports built from facts
(no spaCy). The slow path is the same store seen through an object with only `.query`, as a remote
endpoint is: it has no summaries, so every question runs its queries."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from handmade import store_of_facts
from spacekg.cli import cli
from spacekg.extract.facts import (Collaboration, Development, Evidence, Extraction, MarketFigure, Player,
                                   ReportInfo, Target)
from spacekg.graph.convert import triple_quads
from spacekg.graph.rdf import document_triples
from spacekg.graph.store import Store
from spacekg.queries.ask import ask
from spacekg.queries.library import get
from spacekg.queries.summaries import Summaries, cache_file, summarise

PLAYERS = ["Orbit Kiln", "Vesta Hauling", "Lunar Tether Co", "Quarry Nine", "Basalt Works", "Perihelion Dig"]


def ev(text: str, start: int) -> Evidence:
    return Evidence(text, start, start + len(text), "test")


def report(i: int) -> Extraction:
    """Report i: pairs, dated and undated developments (two on the latest date), funding, market
    figures; the same pairs and players recur in several reports, so counts differ."""
    a, b, c = PLAYERS[i % 6], PLAYERS[(i + 1) % 6], PLAYERS[(i + 3) % 6]
    ex = Extraction(f"report-{i:02d}.txt", title=f"Report {i}")
    ex.players = [Player(a), Player(b), Player(c)]
    ex.counterparties = [Player(f"investors in Chile {i % 2}", kind="generic", based_in=["Chile"], generic=True)]
    ex.targets = [Target(a, ["Water/Ice"], ["Moon"], ev(f"{a} mines lunar ice ({i}).", 10)),
                  Target(b, ["Platinum Group Metals"], ["Asteroids"], ev(f"{b} goes after platinum ({i}).", 60))]
    ex.collaborations = [Collaboration((a, b), ev(f"{a} teamed up with {b} ({i}).", 100)),
                         Collaboration((a, c) if i % 2 else (c, a), ev(f"{a} and {c} signed an agreement ({i}).", 150))]
    ex.counterparty_links = [Collaboration((c, f"investors in Chile {i % 2}"),
                                           ev(f"{c} works with investors in Chile ({i}).", 200))]
    year = 2024 + i % 4
    ex.developments = [
        Development([a], f"{a} tested a drill ({i}).", f"{year}-0{1 + i % 3}", ev(f"{a} tested a drill ({i}).", 300),
                    {"platform": ["Moon"]}),
        Development([b], f"{b} launched a prospector ({i}).", "2028-06" if i in (2, 5) else str(year - 1),
                    ev(f"{b} launched a prospector ({i}).", 350), {"platform": ["Asteroids"]}),
        Development([c], f"{c} received seed funding from investors in Chile ({i}).", None if i % 3 else str(year),
                    ev(f"{c} received seed funding from investors in Chile ({i}).", 400),
                    {"topic": ["Investment & Funding"]}, counterparties=[f"investors in Chile {i % 2}"]),
        Development([a, c], f"{a} and {c} plan a lunar pilot ({i}).", None,
                    ev(f"{a} and {c} plan a lunar pilot ({i}).", 450), {"platform": ["Moon"]}, expected_date="2031"),
    ]
    ex.market = [MarketFigure("market_size", (1 + i) * 1.0e9, "USD", year=2024 + i % 3,
                              evidence=ev(f"The market is USD {1 + i} billion ({i}).", 500)),
                 MarketFigure("cagr", 10.0 + i, "percent", from_year=2024, to_year=2030 + i % 2, forecast=True,
                              evidence=ev(f"It grows at a CAGR of {10 + i}% ({i}).", 550))]
    ex.regions = ["Chile"] if i % 2 else ["Peru"]
    ex.report = ReportInfo(title=f"Report {i}", region=ex.regions[0])
    return ex


REPORTS = [report(i) for i in range(7)]

QUESTIONS = [
    "who partners with whom?",
    "how many partnerships are there?",
    "what happened in 2026?",
    "what happened between 2025 and 2026?",
    "what happened since 2027?",
    "what happened before 2026?",
    "what are the latest developments?",
    "what is the CAGR?",
    "what is the market size?",
    "what is the market size in 2025?",
    "what are the market figures?",
    "which players appear in the most reports?",
    "who got funding?",
    "did Quarry Nine get funding?",
    "who collaborates with Orbit Kiln?",
    "which players target lunar ice?",
    "what does Orbit Kiln work on?",
    "tell me about Chile",
    "which players list?",
]


class Remote:
    """The store as an endpoint sees it: `.query` only, so no summaries."""

    def __init__(self, store: Store):
        self.store = store

    def query(self, sparql, substitutions=None, timeout=None):
        return self.store.query(sparql, substitutions=substitutions, timeout=timeout)


class Counting(Remote):
    """The local store (its summaries too), recording the query texts it is sent."""

    def __init__(self, store: Store):
        super().__init__(store)
        self.sent: list[str] = []

    @property
    def snapshot(self):
        return self.store.snapshot

    def query(self, sparql, substitutions=None, timeout=None):
        self.sent.append(sparql)
        return super().query(sparql, substitutions, timeout)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return store_of_facts(tmp_path_factory.mktemp("summaries") / "store", REPORTS)


def answered(source, question: str, limit: int | None) -> dict:
    try:
        out = ask(source, question, limit=limit).to_json()
        # the names are read from the store or from their own cache file (queries/names.py)
        out["queries"] = [q for q in out["queries"] if q["name"] != "labels"]
        return out
    except Exception as e:          # a decline must be the same decline
        return {"error": f"{type(e).__name__}: {e}"}


@pytest.mark.parametrize("limit", [None, 2, 20])
@pytest.mark.parametrize("question", QUESTIONS)
def test_the_summaries_give_the_answer_the_queries_give(store, question, limit):
    slow = answered(Remote(store), question, limit)
    assert "error" not in slow or question == "which players list?"
    assert answered(store, question, limit) == slow            # first: fills the summary it needs
    assert answered(store, question, limit) == slow            # then: read from the file


def test_the_answers_are_not_empty(store):
    """The comparison above means something: the store has partnerships, dated developments,
    funding and figures for the questions to find."""
    partners = ask(store, "who partners with whom?").to_json()
    pairs, unnamed = partners["sections"]
    assert pairs["total"] == 9 and pairs["rows"][0]["reports"] > 1 and unnamed["total"] > 0
    latest = ask(store, "what are the latest developments?").to_json()
    assert latest["sections"][0]["total"] == 2
    assert ask(store, "what is the CAGR?").to_json()["sections"][0]["total"] == 7
    assert ask(store, "who got funding?").to_json()["sections"][0]["total"] == 7


def test_a_question_about_every_report_reads_the_file_not_the_store(store):
    summarise(store)
    assert cache_file(store).exists()
    whole_store = {name: get(name).text for name in (
        "partners-by-reports", "counterparties", "developments-dated", "latest-development-date", "market-figures",
        "players-by-reports")}
    for question in ("who partners with whom?", "what happened in 2026?", "what are the latest developments?",
                     "what is the CAGR?", "which players appear in the most reports?", "who got funding?"):
        source = Counting(store)
        answer = ask(source, question, limit=20)
        ran = [name for name, text in whole_store.items() if any(text in sent for sent in source.sent)]
        assert ran == [], f"{question}: ran {ran}"
        assert answer.runs, "the queries it answers from are still listed (--show-sparql)"


def test_only_the_pairs_shown_read_their_sentences(store):
    source = Counting(store)
    answer = ask(source, "who partners with whom?", limit=3)
    assert sum(get("pair-sentences").text in s for s in source.sent) == 3
    assert [bool(r.get("evidence")) for r in answer.sections[0].rows] == [True] * 3
    assert answer.sections[0].total == 9


def test_a_new_snapshot_never_reads_an_older_summary(tmp_path):
    st = store_of_facts(tmp_path / "store", REPORTS[:3])
    before = ask(st, "who partners with whom?").to_json()
    old = cache_file(st)
    assert old.exists()
    extra = Extraction("extra.txt", players=[Player("Quarry Nine"), Player("Selene Rigging")],
                       collaborations=[Collaboration(("Quarry Nine", "Selene Rigging"),
                                                     ev("Quarry Nine teamed up with Selene Rigging.", 0))])
    with st.writer() as w:
        graph, triples = document_triples(extra)
        w.replace_graph(str(graph), triple_quads(triples, str(graph)))
    assert cache_file(st) != old
    after = ask(st, "who partners with whom?").to_json()
    assert after["sections"][0]["total"] == before["sections"][0]["total"] + 1
    assert after == answered(Remote(st), "who partners with whom?", None)


def test_remove_summarises_the_new_snapshot(tmp_path):
    st = store_of_facts(tmp_path / "store", REPORTS[:4])
    result = CliRunner().invoke(cli, ["remove", "report-01.txt", "--store", str(st.path)])
    assert result.exit_code == 0, result.output
    st = Store.open(st.path)
    path = cache_file(st)
    assert path.exists()
    summaries = Summaries(path)
    assert {"partners-by-reports", "developments-dated", "market-figures"} <= summaries._kept()
    summaries.close()
    result = CliRunner().invoke(cli, ["ask", "who partners with whom?", "--store", str(st.path), "--format", "json"])
    assert json.loads(result.output) == answered(Remote(st), "who partners with whom?", 0) | {
        "question": "who partners with whom?"}


def test_a_store_that_cannot_keep_summaries_still_answers(store, monkeypatch):
    import spacekg.queries.summaries as summaries

    monkeypatch.setattr(summaries, "cache_file", lambda source: store.path / "HEAD" / "not-a-directory.sqlite")
    assert answered(store, "who partners with whom?", 5) == answered(Remote(store), "who partners with whom?", 5)


def test_claim_sentences_are_the_first_five_of_the_claims(tmp_path):
    """claim-sentences reads only the first reports that hold a claim; its rows are the first five,
    in document order, of every claim's evidence (players-targeting), for each row of
    targets-by-reports: a resource, a platform, or both named in one claim."""
    import pyoxigraph as ox

    from spacekg.graph import iri
    from spacekg.queries.library import run_named

    split = Extraction("a-split.txt", players=[Player("Orbit Kiln")],
                       targets=[Target("Orbit Kiln", ["Water/Ice"], ["Asteroids"],
                                       ev("Orbit Kiln eyes asteroid ice.", 0)),
                                Target("Orbit Kiln", [], ["Moon"], ev("Orbit Kiln also looks at the Moon.", 40))])
    # lunar ice in one claim each, after the report that names Water/Ice and the Moon apart: the
    # first five reports with both links are not the first five with a claim naming both
    lunar = [Extraction(f"b-{j}.txt", players=[Player("Orbit Kiln")],
                        targets=[Target("Orbit Kiln", ["Water/Ice"], ["Moon"],
                                        ev(f"Orbit Kiln mines lunar ice {j}.", 9))])
             for j in range(5)]
    many = [report(i) for i in range(9)] + [split] + lunar
    for i, ex in enumerate(many[:9]):           # more than five reports per player, several claims each
        ex.targets += [Target(t.player, t.resources, t.platforms, ev(f"{t.player} again ({i}).", 700))
                       for t in ex.targets]
    st = store_of_facts(tmp_path / "store", many)
    checked = 0
    for row in run_named(st, "targets-by-reports").records():
        kind, target = row["kind"], row["target"]
        if kind == "resource on platform":
            r, p = (st.query("SELECT ?r ?p { ?t sm:targetResource ?r ; sm:targetPlatform ?p }",
                             substitutions={"t": ox.NamedNode(target)}).records()[0][k] for k in ("r", "p"))
            params = {"resource": r, "platform": p}
        else:
            params = {kind: target}
        every = run_named(st, "players-targeting", player=row["player"], **params).records()
        first = sorted({(str(c["source"]), c["start"], c["sentence"]) for c in every})[:5]
        got = run_named(st, "claim-sentences", player=row["player"], **params,
                        **({"target": target} if kind == "resource on platform" else {})).records()
        assert [(str(c["source"]), c["start"], c["sentence"]) for c in got] == first, (row["name"], row["targetLabel"])
        checked += 1
    assert checked > 20
    lunar_ice = iri.target(iri.concept("resource_type", "Water/Ice"), iri.concept("platform", "Moon"))
    kiln = run_named(st, "targets-by-reports", player=iri.player("Orbit Kiln")).records()
    assert any(r["target"] == lunar_ice for r in kiln)
