"""The summary queries (targets-by-reports, partners-by-reports) against the evidence queries they
summarise, on a store of three reports built from facts (no spaCy): the same player in several
reports, a claim with two resources, targets named apart in one report."""
from collections import Counter

import pytest

from handmade import store_of_facts
from spacekg.extract.facts import Collaboration, Evidence, Extraction, Player, Target, TechnologyUse
from spacekg.graph import iri
from spacekg.queries.library import run_named
from spacekg.queries.players import players_table


def _ev(text: str) -> Evidence:
    return Evidence(text, 0, len(text), "test")


def _report(doc: str, targets: list[tuple], pairs: list[tuple[str, str]], uses=()) -> Extraction:
    names = {t[0] for t in targets} | {n for pair in pairs for n in pair} | {p for p, _ in uses}
    return Extraction(doc, players=[Player(n) for n in sorted(names)],
                      technologies=[TechnologyUse(p, t, _ev(f"{p} uses {t} ({doc}).")) for p, t in uses],
                      targets=[Target(p, list(r), list(pl), _ev(f"{p} targets {r} on {pl} ({doc}).")) for p, r, pl in targets],
                      collaborations=[Collaboration(pair, _ev(f"{pair[0]} and {pair[1]} partner ({doc}).")) for pair in pairs])


REPORTS = [
    _report("one.txt", [("Orbit Kiln", ["Water/Ice", "Helium-3"], ["Moon"]), ("Vesta Hauling", ["Platinum Group Metals"], ["Asteroids"])],
            [("Orbit Kiln", "Vesta Hauling")], [("Orbit Kiln", "regolith sintering"), ("Vesta Hauling", "CubeSat")]),
    _report("two.txt", [("Orbit Kiln", ["Water/Ice"], ["Moon"]), ("Orbit Kiln", ["Water/Ice"], ["Moon"])],
            [("Orbit Kiln", "Vesta Hauling"), ("Orbit Kiln", "Lunar Tether Co")],
            [("Orbit Kiln", "regolith sintering"), ("Orbit Kiln", "cubesat")]),
    # Water/Ice and the Moon in this report, but never in one claim: not "lunar ice"
    _report("three.txt", [("Vesta Hauling", ["Water/Ice"], ["Asteroids"]), ("Vesta Hauling", [], ["Moon"])], []),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return store_of_facts(tmp_path_factory.mktemp("summaries") / "store", REPORTS)


LUNAR_ICE = iri.target(iri.concept("resource_type", "Water/Ice"), iri.concept("platform", "Moon"))


def test_who_targets_a_resource_on_a_platform_means_one_claim(store):
    rows = run_named(store, "targets-by-reports", target=LUNAR_ICE).records()
    assert [(r["name"], r["targetLabel"], r["kind"], r["reports"]) for r in rows] == \
        [("Orbit Kiln", "Water/Ice on Moon", "resource on platform", 2)]
    claims = run_named(store, "players-targeting", resource=iri.concept("resource_type", "Water/Ice"),
                       platform=iri.concept("platform", "Moon")).records()
    assert {r["name"] for r in claims} == {"Orbit Kiln"} and len(claims) == 3      # 3 claims in 2 reports


def test_the_counts_agree_with_the_claims_on_every_player_and_target(store):
    counted = {(r["player"], r["target"]): r["reports"] for r in run_named(store, "targets-by-reports").records()}
    expected: Counter = Counter()
    for ex in REPORTS:
        seen = set()
        for t in ex.targets:
            p = iri.player(t.player)
            rs = [iri.concept("resource_type", r) for r in t.resources]
            ps = [iri.concept("platform", pl) for pl in t.platforms]
            seen |= {(p, x) for x in rs + ps} | {(p, iri.target(r, pl)) for r in rs for pl in ps}
        expected.update(seen)
    assert counted == dict(expected)


def test_one_players_targets_most_reported_first(store):
    rows = run_named(store, "targets-by-reports", player=iri.player("Orbit Kiln")).records()
    assert [(r["targetLabel"], r["reports"]) for r in rows] == [
        ("Moon", 2), ("Water/Ice", 2), ("Water/Ice on Moon", 2), ("Helium-3", 1), ("Helium-3 on Moon", 1)]
    assert {r["name"] for r in rows} == {"Orbit Kiln"}


def test_partners_counted_in_reports(store):
    rows = run_named(store, "partners-by-reports", player=iri.player("Orbit Kiln")).records()
    assert [(r["partnerName"], r["reports"]) for r in rows] == [("Vesta Hauling", 2), ("Lunar Tether Co", 1)]
    every = run_named(store, "partners-by-reports").records()
    sentences = run_named(store, "collaborations").records()
    assert {(r["name"], r["partnerName"]) for r in every} == {(r["name"], r["partnerName"]) for r in sentences}


def test_players_table_filters_through_the_counts(store):
    assert [r[0] for r in players_table(store, resource="water", platform="moon").rows] == ["Orbit Kiln"]
    assert [r[0] for r in players_table(store, resource="water").rows] == ["Orbit Kiln", "Vesta Hauling"]
    table = players_table(store)
    row = dict(zip(table.columns, next(r for r in table.rows if r[0] == "Orbit Kiln")))
    assert row["resources"] == "Water/Ice; Helium-3" and row["platforms"] == "Moon"      # most reported first


def test_technologies_counted_in_reports(store):
    rows = run_named(store, "technologies-by-reports", player=iri.player("Orbit Kiln")).records()
    assert [(r["technologyLabel"], r["reports"]) for r in rows] == [("regolith sintering", 2), ("CubeSat", 1)]
    users = run_named(store, "technologies-by-reports", technology=iri.technology("CubeSat")).records()
    assert [(r["name"], r["reports"]) for r in users] == [("Orbit Kiln", 1), ("Vesta Hauling", 1)]
    sentences = run_named(store, "players-technologies").records()
    assert {(r["name"], r["technologyLabel"]) for r in run_named(store, "technologies-by-reports").records()} == \
        {(r["name"], r["technologyLabel"]) for r in sentences}
    assert players_table(store, technology="cubesat").rows and \
        {r[0] for r in players_table(store, technology="cubesat").rows} == {"Orbit Kiln", "Vesta Hauling"}


def test_a_node_two_reports_spell_in_two_cases_is_one_row(tmp_path):
    cased = [_report("a.txt", [("Tarn School Of Mines", ["Water/Ice"], ["Moon"])], []),
             _report("b.txt", [("Tarn School of Mines", ["Regolith"], ["Moon"])], [])]
    table = players_table(store_of_facts(tmp_path / "store", cased))
    name = table.columns.index("player")
    assert [row[name] for row in table.rows] == ["Tarn School Of Mines"]      # one node, the first label
    assert table.rows[0][table.columns.index("reports")] == 2
