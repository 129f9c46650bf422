"""Acronyms joined across reports through real builds of hand-written documents (invented names):
`spacekg build` in any order, with --jobs and on a Dask cluster, gives one store; `remove` of the
defining report undoes the join; `players`, `ask`, `players --aliases` and the network show one
player."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from spacekg.cli import cli
from spacekg.corpus import build, remove
from spacekg.graph import iri
from spacekg.graph.store import Store
from spacekg.queries.library import run_named

DOCS = {
    "alpha.txt": """Lunar ice licensing moves ahead

The Tessaly Regolith Administration (TRA) licenses drilling for water ice on the Moon. The TRA signed a contract with Korvane Drillworks to survey the south pole.
""",
    "beta.txt": """Drill makers line up for polar contracts

TRA awarded a contract to Pellucid Mining for a lunar excavator. Pellucid Mining plans to extract helium-3 on the Moon. TRA also works with Korvane Drillworks.
""",
    "gamma.txt": """Excavators for the south pole

Korvane Drillworks is developing a regolith excavator for the Moon. Korvane Drillworks partners with Pellucid Mining on lunar water ice.
""",
}
# the same acronym, another organisation: no report's bare "TRA" may join either
OTHER = """Rovers for hire

The Tessaly Rover Alliance (TRA) rents rovers to lunar prospectors. The Tessaly Rover Alliance works with Pellucid Mining.
"""
FULL, BARE = iri.player("Tessaly Regolith Administration"), iri.player("TRA")


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("docs")
    for name, text in DOCS.items():
        (d / name).write_text(text)
    return d


def content(store: Store) -> set[str]:
    return {str(q) for q in store.quads()}


def names(store: Store) -> set[str]:
    return {r["name"] for r in run_named(store, "players").records()}


@pytest.fixture(scope="module")
def together(docs, tmp_path_factory) -> Store:
    store = Store.open(tmp_path_factory.mktemp("together") / "s", create=True)
    report = build([docs], store)
    assert [line for line in report.aliases.lines()] == \
        ["alias: TRA = Tessaly Regolith Administration (defined in alpha.txt; joined in 1 other report)"]
    return store


def test_the_bare_acronym_is_the_defined_player(together):
    assert "TRA" not in names(together) and "Tessaly Regolith Administration" in names(together)
    rows = {r["name"]: r for r in run_named(together, "players").records()}
    assert rows["Tessaly Regolith Administration"]["aliases"] == "TRA"
    assert set(rows["Tessaly Regolith Administration"]["sources"].split("; ")) == {"alpha.txt", "beta.txt"}


def test_any_build_order_and_jobs_give_the_same_store(docs, together, tmp_path):
    one = Store.open(tmp_path / "one", create=True)
    for name in ["beta.txt", "gamma.txt", "alpha.txt"]:               # the definition last
        build([docs / name], one)
    two = Store.open(tmp_path / "two", create=True)
    build([docs / "alpha.txt"], two)
    build([docs / "gamma.txt", docs / "beta.txt"], two, jobs=2)
    assert content(one) == content(two) == content(together)


def test_remove_of_the_defining_report_undoes_the_join(docs, tmp_path):
    store = Store.open(tmp_path / "s", create=True)
    build([docs], store)
    heard = []
    remove(["alpha.txt"], store, on_aliases=heard.append)
    plain = Store.open(tmp_path / "plain", create=True)
    build([docs / "beta.txt", docs / "gamma.txt"], plain)
    assert content(store) == content(plain)
    assert "TRA" in names(store) and heard[0].applied == []


def test_an_acronym_defined_differently_is_joined_to_neither(docs, tmp_path, runner):
    (tmp_path / "delta.txt").write_text(OTHER)
    store_path = tmp_path / "s"
    out = runner.invoke(cli, ["build", "--store", str(store_path), str(docs), str(tmp_path / "delta.txt")])
    assert out.exit_code == 0, out.output
    assert "alias: TRA not joined: reports define it differently (Tessaly Regolith Administration in " \
           "alpha.txt; Tessaly Rover Alliance in delta.txt)" in out.output
    store = Store.open(store_path)
    assert {"TRA", "Tessaly Regolith Administration", "Tessaly Rover Alliance"} <= names(store)
    listed = json.loads(runner.invoke(cli, ["players", "--store", str(store_path), "--aliases", "--format", "json"]).output)
    assert {(r["acronym"], r["player"], r["status"]) for r in listed} == {
        ("TRA", "Tessaly Regolith Administration", "not joined: defined differently elsewhere"),
        ("TRA", "Tessaly Rover Alliance", "not joined: defined differently elsewhere")}
    out = runner.invoke(cli, ["remove", "--store", str(store_path), "delta.txt"])
    assert "alias: TRA = Tessaly Regolith Administration" in out.output
    assert "TRA" not in names(Store.open(store_path))


def test_players_aliases_ask_and_network_show_one_node(together, runner):
    path = str(together.path)
    listed = json.loads(runner.invoke(cli, ["players", "--store", path, "--aliases", "--format", "json"]).output)
    assert [(r["acronym"], r["player"], r["status"], r["defined in"], r["joined in"], r["rule"]) for r in listed] == \
        [("TRA", "Tessaly Regolith Administration", "joined", "alpha.txt", "beta.txt", "acronym_join")]
    assert listed[0]["sentence"] == "The Tessaly Regolith Administration (TRA) licenses drilling for water ice on the Moon."
    by_acronym = runner.invoke(cli, ["ask", "--store", path, "--format", "json", "who collaborates with TRA?"])
    by_name = runner.invoke(cli, ["ask", "--store", path, "--format", "json",
                                  "who collaborates with Tessaly Regolith Administration?"])
    assert by_acronym.exit_code == 0 and by_name.exit_code == 0, by_acronym.output + by_name.output
    partners = json.loads(by_acronym.output)
    assert partners["answer"] == json.loads(by_name.output)["answer"]
    text = " ".join(partners["answer"])
    assert "Korvane Drillworks" in text and "Pellucid Mining" in text       # from alpha.txt and beta.txt
    from spacekg.queries.network import project
    g = project(together)
    labels = [d["label"] for _, d in g.nodes(data=True)]
    assert "TRA" not in labels and labels.count("Tessaly Regolith Administration") == 1


def graph_content(source, graphs) -> set[tuple[str, str]]:
    from spacekg.graph.shapes import graph_triples
    return {(g, str(t)) for g in graphs for t in graph_triples(source, g)}


def test_built_on_a_dask_cluster_the_store_is_the_same(docs, together, tmp_path):
    distributed = pytest.importorskip("distributed", reason='dask/distributed are not installed (pip install -e ".[test]")')
    from spacekg.cluster import cluster_build
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as lc:
        cluster_build([docs / "beta.txt"], tmp_path / "s", scheduler=lc.scheduler_address)
        report = cluster_build([docs], tmp_path / "s", scheduler=lc.scheduler_address)
    assert [j.acronym for j in report.aliases.applied] == ["TRA"]
    assert content(Store.open(tmp_path / "s")) == content(together)


def test_pushed_to_a_server_the_join_is_made_there(docs, together, runner):
    """`--push-to` with `--endpoint`: the server's graphs end as a local build's, whatever came first."""
    from triplestores import oxigraph

    from spacekg.graph.remote.endpoint import Endpoint
    server = oxigraph("aliases")
    push = ["--push-to", server.base + "/store", "--endpoint", server.base + "/query"]
    first = runner.invoke(cli, ["build", str(docs / "beta.txt"), *push])
    second = runner.invoke(cli, ["build", str(docs / "alpha.txt"), str(docs / "gamma.txt"), *push])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "alias: TRA = Tessaly Regolith Administration" in second.output
    ep = Endpoint(server.base + "/query")
    graphs = together.graphs()
    assert sorted(ep.graphs()) == graphs
    assert graph_content(ep, graphs) == graph_content(together, graphs)
    rows = runner.invoke(cli, ["players", "--endpoint", server.base + "/query", "--format", "json"])
    assert "TRA" not in {r["player"] for r in json.loads(rows.output)}
    # without --endpoint nothing can be read back: said, and the documents land as built
    blind = runner.invoke(cli, ["build", str(docs / "beta.txt"), "--force", "--push-to", server.base + "/store"])
    assert blind.exit_code == 0 and "aliases not joined on the server: give --endpoint" in blind.output


def test_the_workspace_shows_one_entity_and_sends_the_acronym_to_it(together):
    from test_server import InThread

    from spacekg.server.app import create_app
    with InThread(create_app(together)) as site:
        page = site.get("/entity/player/tessaly-regolith-administration", headers={"Accept": "application/json"})
        assert page.status_code == 200, page.text
        data = page.json()
        assert data["label"] == "Tessaly Regolith Administration" and "TRA" in data["aliases"]
        assert data["report_count"] == 2
        moved = site.get("/entity/player/tra", headers={"Accept": "text/html"}, allow_redirects=False)
        assert moved.status_code == 301 and moved.headers["location"] == "/entity/player/tessaly-regolith-administration"
        assert site.get("/entity/player/no-such-player", headers={"Accept": "text/html"}).status_code == 404


def test_a_question_about_an_acronym_finds_the_player_it_was_defined_for(tmp_path):
    """A page that writes a word like the acronym ("Tra", as some outlets write "Nasa") keeps its own
    node (a title-case word may be another organisation: see test_near_misses_stay_apart), but "who
    collaborates with TRA?" is about the player the reports define as TRA, known by more names."""
    d = tmp_path / "docs"
    d.mkdir()
    (d / "alpha.txt").write_text(DOCS["alpha.txt"])
    (d / "delta.txt").write_text("Ice drills for hire\n\nTra signed a contract with Pellucid Mining to drill for lunar "
                                 "ice. Tra will pay for two drills.\n")
    store = Store.open(tmp_path / "s", create=True)
    build([d], store)
    assert {"Tra", "Tessaly Regolith Administration"} <= names(store)
    from spacekg.queries.ask import ask
    answer = ask(store, "who collaborates with TRA?")
    assert "Tessaly Regolith Administration" in answer.understood and \
        any("Korvane Drillworks" in line for line in answer.summary)


def test_of_two_players_one_name_names_the_one_known_by_more_names_wins():
    """The tie between two nodes a name matches alike is decided by the names they are known by, not
    by the order of a set (which changes from one process to the next)."""
    from spacekg.queries.names import Entity, Names
    weak = Entity("urn:x:tra", "player", "Tra")
    strong = Entity("urn:x:tessaly", "player", "Tessaly Regolith Administration")
    for order in ([weak, strong], [strong, weak]):
        forms = {"tra": set(order), "tessaly regolith administration": {strong}}
        assert Names(order, forms).one("TRA", ("player",)) == strong
