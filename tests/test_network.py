"""The network view (spacekg.queries.network) and its measures (spacekg.queries.analytics)."""
from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest

from network_data import market_store
from spacekg.cli import cli
from spacekg.errors import VizError
from spacekg.queries import analytics, network
from spacekg.graph.namespaces import SMR
from spacekg.graph.results import Results

PLAYER = SMR + "player/"


@pytest.fixture(scope="module")
def sample_graph(sample_store):
    return network.project(sample_store)


@pytest.fixture(scope="module")
def market():
    return market_store(60)


@pytest.fixture(scope="module")
def market_graph(market):
    return network.project(market)


# ---------------------------------------------------------------- projection

def test_sample_projection_has_typed_nodes_and_evidence(sample_graph):
    g = sample_graph
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert {"player", "resource", "platform", "technology", "development"} <= types
    assert sum(d["type"] == "player" for _, d in g.nodes(data=True)) == 10      # every player, linked or not
    moon_express, water = PLAYER + "moon-express", SMR + "resource/water-ice"
    edge = g.edges[moon_express, water]
    assert edge["relation"] == "targets" and edge["subject"] == moon_express
    assert any("lunar ice" in e["sentence"] for e in edge["evidence"])
    assert all(e["source"] == "china-space-mining-market.txt" and e["start"] < e["end"] for e in edge["evidence"])
    assert "Moon Express, Inc." in g.nodes[moon_express]["aliases"]
    relations = {d["relation"] for _, _, d in g.edges(data=True)}
    assert {"targets", "develops", "participant", "concerns"} <= relations
    developments = [n for n, d in g.nodes(data=True) if d["type"] == "development"]
    assert developments and all(g.nodes[n]["text"] for n in developments)
    # Phases and applications are not nodes of this view, so no edge leads to them.
    assert not any("/phase/" in n or "/application/" in n for n in g)


def test_collaboration_is_one_undirected_edge_with_its_evidence(market, market_graph):
    rows = market.query("SELECT ?a ?b { ?a sm:collaboratesWith ?b FILTER(STR(?a) < STR(?b)) }").records()
    assert rows
    for row in rows:
        data = market_graph.edges[row["a"], row["b"]]
        assert data["relation"] == "collaborates"
        assert len(data["evidence"]) >= 1 and "signed an agreement" in data["evidence"][0]["sentence"]
        assert data["weight"] == len(data["evidence"])


def test_evidence_is_listed_once_per_edge(market_graph):
    for _, _, d in market_graph.edges(data=True):
        keys = [(e["source"], e["start"], e["sentence"]) for e in d["evidence"]]
        assert len(keys) == len(set(keys))


def test_projection_is_repeatable(market):
    a, b = network.project(market), network.project(market)
    assert list(a.nodes) == list(b.nodes) == sorted(a.nodes)
    assert list(a.edges) == list(b.edges)


def test_projection_needs_only_a_query_method(market, market_graph):
    """A remote endpoint client answers with SPARQL JSON; the graph must come out the same."""
    class Remote:
        calls = []

        def query(self, sparql, substitutions=None, timeout=None):
            self.calls.append(sparql)
            return Results.from_json(market.query(sparql, substitutions, timeout).raw)

    remote = Remote()
    g = network.project(remote)
    assert len(remote.calls) == 2
    assert nx.utils.graphs_equal(g, market_graph)


def test_projection_never_loads_spacy(tmp_path):
    code = ("import sys; sys.path.insert(0, 'tests'); from network_data import market_store; "
            "from spacekg.queries.network import project, view; from spacekg.queries.analytics import centrality; "
            "import spacekg.viz.html, spacekg.viz.static, spacekg.viz.export; "
            "g = view(project(market_store(20))); centrality(g); spacekg.viz.html.render(g); "
            "assert 'spacy' not in sys.modules, 'spaCy was imported'; print(g.number_of_nodes())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 20


# ---------------------------------------------------------------- choosing what to show

def test_resolve_by_label_alias_and_iri(sample_graph):
    g = sample_graph
    assert network.resolve(g, "moon express") == PLAYER + "moon-express"
    assert network.resolve(g, "MOON EXPRESS, INC.") == PLAYER + "moon-express"
    assert network.resolve(g, "smr:player/nasa") == PLAYER + "nasa"
    assert network.resolve(g, PLAYER + "nasa") == PLAYER + "nasa"
    assert network.resolve(g, "lunar") == SMR + "platform/moon"            # an alias of the concept
    with pytest.raises(VizError, match=r"no entity named 'Moon Expres'.*did you mean 'Moon Express'"):
        network.resolve(g, "Moon Expres")


def test_view_types_focus_depth_and_min_degree(market_graph):
    g = market_graph
    players = network.view(g, types={"player"})
    assert {d["type"] for _, d in players.nodes(data=True)} == {"player"}
    assert all(d["relation"] == "collaborates" for _, _, d in players.edges(data=True))

    hub = max((n for n, d in g.nodes(data=True) if d["type"] == "platform"), key=g.degree)
    label = g.nodes[hub]["label"]
    near = network.view(g, focus=label.upper(), depth=1)
    assert set(near) == {hub, *g.neighbors(hub)} and near.graph["focus"] == hub
    two = network.view(g, focus=label, depth=2)
    assert set(two) == set(nx.ego_graph(g, hub, radius=2))
    assert set(network.view(g, focus=label, depth=0)) == {hub}

    # The focus stays even when its own type is not asked for.
    only_players = network.view(g, focus=label, depth=1, types={"player"})
    assert hub in only_players and set(only_players) - {hub} <= {n for n in g if g.nodes[n]["type"] == "player"}

    dense = network.view(g, min_degree=3)
    assert dense.number_of_nodes()
    trimmed = g.subgraph([n for n in g if g.degree(n) >= 3])
    assert set(dense) == set(trimmed)


def test_view_is_a_copy_with_communities(market_graph):
    v = network.view(market_graph)
    assert all(isinstance(d["community"], int) for _, d in v.nodes(data=True))
    assert "community" not in next(iter(market_graph.nodes(data=True)))[1]       # the source is untouched
    sizes = [sum(1 for _, d in v.nodes(data=True) if d["community"] == c) for c in range(v.graph["communities"])]
    assert sizes == sorted(sizes, reverse=True)                                  # 0 is the largest
    again = network.view(market_graph)
    assert [d["community"] for _, d in v.nodes(data=True)] == [d["community"] for _, d in again.nodes(data=True)]


def test_view_rejects_bad_values(market_graph):
    with pytest.raises(VizError, match="no entity named"):
        network.view(market_graph, focus="Nobody At All Ltd")
    with pytest.raises(VizError):
        network.view(market_graph, depth=-1)


def test_parse_types():
    assert network.parse_types("player, Resources") == {"player", "resource"}
    assert network.parse_types(None) is None and network.parse_types(" , ") is None
    with pytest.raises(VizError, match="unknown type moons"):
        network.parse_types("player,moons")


# ---------------------------------------------------------------- analytics

def star_graph() -> nx.Graph:
    """A hub player linked to four players, one of whom also links a resource: the hub must lead."""
    rows = [{"node": PLAYER + n, "class": "https://w3id.org/spacekg/ontology#Player", "label": n.title()}
            for n in ("hub", "a", "b", "c", "d")]
    rows.append({"node": SMR + "resource/ore", "class": "https://w3id.org/spacekg/ontology#Resource",
                 "label": "Ore"})
    edges = [{"relation": "collaborates", "a": PLAYER + "hub", "b": PLAYER + x} for x in "abcd"]
    edges.append({"relation": "targets", "a": PLAYER + "a", "b": SMR + "resource/ore"})
    return network.build(rows, edges)


def test_centrality_ranks_the_hub_first_and_lists_players_only():
    g = star_graph()
    ranked = analytics.centrality(g, top=3)
    assert set(ranked) == {"degree", "betweenness", "pagerank"}
    for rows in ranked.values():
        assert rows[0].player == "Hub" and rows[0].rank == 1
        assert [r.rank for r in rows] == [1, 2, 3]
        assert all(r.iri.startswith(PLAYER) for r in rows)
        assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    assert ranked["degree"][0].degree == 4
    assert ranked["degree"][1].player == "A"                 # two edges: the hub and the resource


def test_centrality_leaves_isolated_players_out():
    g = star_graph()
    g.add_node(PLAYER + "alone", label="Alone", type="player", kind="", text="", aliases=[])
    for rows in analytics.centrality(g, top=10).values():
        assert [r.player for r in rows if r.player == "Alone"] == [] and len(rows) == 5


def test_communities_name_their_players(market_graph):
    clusters = analytics.communities(network.view(market_graph))
    assert sum(c.size for c in clusters) == market_graph.number_of_nodes()
    assert all(set(c.players) <= set(c.members) and len(c.members) == c.size for c in clusters)


def test_stats_centrality_cli(runner, sample_store):
    r = runner.invoke(cli, ["stats", "--store", str(sample_store.path), "--centrality", "--top", "3"])
    assert r.exit_code == 0, r.output
    for heading in ("top players by degree centrality", "top players by betweenness centrality",
                    "top players by PageRank", "clusters"):
        assert heading in r.output
    r = runner.invoke(cli, ["stats", "--store", str(sample_store.path), "--centrality", "--format", "json"])
    data = json.loads(r.output)
    # the sample's 10 players, of whom 6 have an edge: the 4 on their own are in no ranking
    assert len(data["pagerank"]) == 6 and data["pagerank"][0]["rank"] == 1
    assert all(r["degree"] > 0 for measure in ("degree", "betweenness", "pagerank") for r in data[measure])
    assert {"player", "iri", "score", "degree"} <= set(data["degree"][0])
    assert all(c["size"] > 1 for c in data["communities"])
    plain = runner.invoke(cli, ["stats", "--store", str(sample_store.path), "--format", "json"])
    assert json.loads(plain.output)["players"] == 10                       # the counts are unchanged


# ---------------------------------------------------------------- geography (hand-built store)

@pytest.fixture(scope="module")
def geo_store(tmp_path_factory):
    from geo_facts import geography_store
    return geography_store(tmp_path_factory.mktemp("geo") / "store")


@pytest.fixture(scope="module")
def geo_graph(geo_store):
    return network.project(geo_store)


def _named(g, label):
    return next(n for n, d in g.nodes(data=True) if d["label"] == label)


def test_regions_are_nodes_with_based_in_and_concerns_edges(geo_graph):
    g = geo_graph
    japan, brazil, lux = SMR + "region/japan", SMR + "region/brazil", SMR + "region/luxembourg"
    assert all(g.nodes[r]["type"] == "region" for r in (japan, brazil, lux))
    based = {(d["subject"], a if d["subject"] == b else b) for a, b, d in g.edges(data=True) if d["relation"] == "based_in"}
    assert based == {(PLAYER + "pellucid-regolith", japan), (PLAYER + "ombra-excavation", japan),
                     (PLAYER + "varrow-astrometals", lux),
                     (SMR + "counterparty/consortium-in-brazil", brazil),
                     (SMR + "counterparty/aerospace-suppliers-in-brazil", brazil)}
    concerns = {a if b.startswith(SMR + "region/") else b for a, b, d in g.edges(data=True)
                if d["relation"] == "concerns" and SMR + "region/" in a + b}
    assert len(concerns) == 3 and all(g.nodes[n]["type"] == "development" for n in concerns)
    # a region nothing links to (none here) would be dropped; a player with no edge stays
    assert g.nodes[PLAYER + "quillfeather-orbital"]["type"] == "player"


def test_unnamed_counterparties_are_their_own_type_and_say_so(geo_graph):
    g = geo_graph
    c = SMR + "counterparty/consortium-in-brazil"
    d = g.nodes[c]
    assert (d["type"], d["label"], d["generic"]) == ("counterparty", "consortium in Brazil (unnamed)", True)
    assert "consortium in Brazil" in d["aliases"]
    assert network.resolve(g, "consortium in brazil") == c == network.resolve(g, "consortium in Brazil (unnamed)")
    edge = g.edges[PLAYER + "varrow-astrometals", c]
    assert edge["relation"] == "works_with" and edge["subject"] == PLAYER + "varrow-astrometals"
    assert "partnered with a consortium in Brazil" in edge["evidence"][0]["sentence"]
    devs = [n for n in g[c] if g.nodes[n]["type"] == "development"]
    assert devs and g.edges[c, devs[0]]["relation"] == "participant"
    assert not any(d["generic"] for _, d in g.nodes(data=True) if d["type"] == "player")


def test_developments_carry_their_stored_and_expected_dates(geo_graph):
    dates = {d["text"].split()[0] + " " + d["text"].split()[1]: (d["date"], d["expected"])
             for _, d in geo_graph.nodes(data=True) if d["type"] == "development"}
    assert dates == {"Varrow Astrometals": ("2027", ""), "Pellucid Regolith": ("", "2030"),
                     "Ombra Excavation": ("2026-05", "")}


def test_view_by_types_keeps_regions_and_leaves_counterparties_to_their_own_type(geo_graph):
    v = network.view(geo_graph, types=network.parse_types("players,regions"))
    assert {d["type"] for _, d in v.nodes(data=True)} == {"player", "region"}
    assert {d["relation"] for _, _, d in v.edges(data=True)} == {"based_in", "collaborates"}
    only = network.view(geo_graph, types=network.parse_types("region"))
    assert {d["label"] for _, d in only.nodes(data=True)} == {"Japan", "Brazil", "Luxembourg"}
    with_c = network.view(geo_graph, types={"player", "counterparty", "region"})
    assert any(d["relation"] == "works_with" for _, _, d in with_c.edges(data=True))
    focus = network.view(geo_graph, focus="Japan", depth=1)
    assert {d["label"] for _, d in focus.nodes(data=True) if d["type"] == "player"} == {"Pellucid Regolith",
                                                                                      "Ombra Excavation"}


def test_centrality_ranks_named_players_only(geo_graph):
    for rows in analytics.centrality(geo_graph, top=20).values():
        assert {r.player for r in rows} == {"Pellucid Regolith", "Ombra Excavation", "Varrow Astrometals",
                                            "Quillfeather Orbital"}
    clusters = analytics.communities(network.view(geo_graph))
    assert not any("(unnamed)" in p for c in clusters for p in c.players)
    g = geo_graph.copy()
    g.add_node(PLAYER + "alone", label="Alone", type="player", kind="", text="", aliases=[], generic=False)
    assert all("Alone" not in {r.player for r in rows} for rows in analytics.centrality(g, top=20).values())


def test_viz_graphml_of_regions_and_counterparties(runner, tmp_path, geo_store):
    out = tmp_path / "geo.graphml"
    r = runner.invoke(cli, ["viz", "--store", str(geo_store.path), "--types", "player,counterparty,region,development",
                            "-o", str(out)])
    assert r.exit_code == 0, r.output
    g = nx.read_graphml(out)
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert types == {"player", "counterparty", "region", "development"}
    c = g.nodes[SMR + "counterparty/consortium-in-brazil"]
    assert c["label"] == "consortium in Brazil (unnamed)" and c["generic"] is True
    assert g.nodes[PLAYER + "pellucid-regolith"]["generic"] is False
    assert g.edges[PLAYER + "pellucid-regolith", SMR + "region/japan"]["relation"] == "based_in"
    dates = sorted((d["date"], d["expected"]) for _, d in g.nodes(data=True) if d["type"] == "development")
    assert dates == [("", "2030"), ("2026-05", ""), ("2027", "")]


def test_generic_marks_players_only():
    """sm:generic makes a player an unnamed counterparty; on anything else it changes nothing."""
    sm = "https://w3id.org/spacekg/ontology#"
    rows = [{"node": PLAYER + "p", "class": sm + "Player", "label": "prospectors in Chile", "generic": True},
            {"node": PLAYER + "q", "class": sm + "Player", "label": "Quarry Co", "generic": "false"},
            {"node": SMR + "technology/t", "class": sm + "Technology", "label": "drills", "generic": True}]
    edges = [{"relation": "develops", "a": PLAYER + "q", "b": SMR + "technology/t"},
             {"relation": "collaborates", "a": PLAYER + "q", "b": PLAYER + "p"}]
    g = network.build(rows, edges)
    assert (g.nodes[PLAYER + "p"]["type"], g.nodes[PLAYER + "p"]["label"]) == ("counterparty", "prospectors in Chile (unnamed)")
    assert (g.nodes[PLAYER + "q"]["type"], g.nodes[PLAYER + "q"]["generic"]) == ("player", False)
    assert (g.nodes[SMR + "technology/t"]["type"], g.nodes[SMR + "technology/t"]["label"]) == ("technology", "drills")
