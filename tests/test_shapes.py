"""The SHACL shapes (spacekg/data/shapes.ttl): what spacekg writes conforms, and each kind of broken
graph is caught, by both engines, at build time, by `spacekg validate` and before `spacekg push`.

Graphs here are built from hand-written facts, then broken on purpose, so a change of extraction
cannot change what these tests check."""
from __future__ import annotations

import importlib.util
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from spacekg.cli import cli
from spacekg.extract.facts import (Collaboration, Evidence, Extraction, MarketFigure, Player, TechnologyUse,
                                   Target)
from spacekg.graph import convert
from spacekg.graph.rdf import SM, document_triples
from spacekg.graph.shapes import Validator, validate_source
from spacekg.graph.store import Store

ENGINES = [e for e, module in (("turbo", "pyshacl_turbo"), ("pyshacl", "pyshacl"))
           if importlib.util.find_spec(module)]
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
TEXT = ("Orbit Kiln will mine lunar ice. Orbit Kiln and Basalt Forge signed a partnership. "
        "Orbit Kiln develops the Regolith Oven. The market will reach USD 3 billion in 2030.")


def ev(sentence: str, rule: str = "hand-written") -> Evidence:
    start = TEXT.index(sentence)
    return Evidence(sentence, start, start + len(sentence), rule, 0.9)


def facts() -> Extraction:
    return Extraction(
        "probe.txt", title="Probe report",
        players=[Player("Orbit Kiln", ["Orbit Kiln Inc."]), Player("Basalt Forge")],
        targets=[Target("Orbit Kiln", ["Water/Ice"], ["Moon"], ev("Orbit Kiln will mine lunar ice."))],
        collaborations=[Collaboration(("Orbit Kiln", "Basalt Forge"),
                                      ev("Orbit Kiln and Basalt Forge signed a partnership."))],
        technologies=[TechnologyUse("Orbit Kiln", "Regolith Oven", ev("Orbit Kiln develops the Regolith Oven."))],
        market=[MarketFigure("market_size", 3e9, "USD", year=2030, forecast=True,
                             evidence=ev("The market will reach USD 3 billion in 2030."))])


def triples(ex: Extraction | None = None) -> list[tuple]:
    return document_triples(ex or facts(), "0" * 64, "probe.txt", text_length=len(TEXT))[1]


def ox_triples(rdflib_triples) -> list[ox.Triple]:
    return [q.triple for q in convert.triple_quads(rdflib_triples, "urn:x")]


def node(ts, cls) -> URIRef:
    return next(s for s, p, o in ts if p == RDF.type and o == cls)


def without(ts, predicate=None, subject=None):
    return [t for t in ts if not ((predicate is None or t[1] == predicate) and (subject is None or t[0] == subject))]


# Each way of breaking a graph, and the message the shapes give for it.
def no_player_label(ts):
    return without(ts, RDFS.label, URIRef("https://w3id.org/spacekg/id/player/basalt-forge"))


def two_player_labels(ts):
    return ts + [(URIRef("https://w3id.org/spacekg/id/player/basalt-forge"), RDFS.label, Literal("Basalt"))]


def collaboration_without_evidence(ts):
    ev_nodes = {s for s, p, o in ts if p == SM.predicate and o == SM.collaboratesWith}
    return [t for t in ts if t[0] not in ev_nodes]


def claim_without_player(ts):
    return without(ts, SM.player)


def claim_without_evidence(ts):
    claim = node(ts, SM.TargetClaim)
    return [t for t in ts if not (t[1] == SM.about and t[2] == claim)]


def figure_without_unit(ts):
    return without(ts, SM.unit)


def cagr_in_dollars(ts):
    figure = node(ts, SM.MarketFigure)
    return [t for t in ts if not (t[0] == figure and t[1] == SM.metric)] + [(figure, SM.metric, Literal("cagr"))]


def resource_outside_its_scheme(ts):
    moon = URIRef("https://w3id.org/spacekg/id/platform/moon")
    return [(s, p, moon) if p == SM.resource else (s, p, o) for s, p, o in ts]


def evidence_past_the_end(ts):
    return [(s, p, Literal(len(TEXT) + 40, datatype=XSD_INTEGER)) if p == SM.charEnd else (s, p, o)
            for s, p, o in ts]


def evidence_without_rule(ts):
    return without(ts, SM.rule)


BROKEN = {
    no_player_label: "exactly one rdfs:label",
    two_player_labels: "exactly one rdfs:label",
    collaboration_without_evidence: "no evidence states it",
    claim_without_player: "names at least one player",
    claim_without_evidence: "has the evidence it was read from",
    figure_without_unit: "has a unit",
    cagr_in_dollars: "is measured in percent",
    resource_outside_its_scheme: "",
    evidence_past_the_end: "past the end of its document",
    evidence_without_rule: "names the rule",
}


@pytest.mark.parametrize("engine", ENGINES)
def test_hand_written_facts_conform(engine):
    assert Validator(engine).check(ox_triples(triples())) == []


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("breaking", list(BROKEN), ids=lambda f: f.__name__)
def test_each_broken_graph_is_caught(engine, breaking):
    violations = Validator(engine).check(ox_triples(breaking(triples())))
    assert violations, f"{breaking.__name__} was not caught by {engine}"
    assert any(BROKEN[breaking] in v.message for v in violations), [v.line() for v in violations]


@pytest.mark.skipif(len(ENGINES) < 2, reason="needs both pySHACL and pyshacl-turbo to compare them")
@pytest.mark.parametrize("breaking", list(BROKEN), ids=lambda f: f.__name__)
def test_engines_agree(breaking):
    data = ox_triples(breaking(triples()))
    found = [{(v.focus, v.path, v.message) for v in Validator(e).check(data)} for e in ENGINES]
    assert found[0] == found[1]


def test_graphs_spacekg_extracts_conform(sample_extraction, sample_document, devset_extractions):
    """The bundled report and every devset document, extracted for real."""
    validator = Validator()
    docs = [(sample_document, sample_extraction)] + [(d, e) for _, d, e in devset_extractions]
    for doc, ex in docs:
        _, ts = document_triples(ex, doc.sha256, doc.path, text_length=len(doc.text))
        assert validator.check(ox_triples(ts)) == [], doc.name


# ---------------------------------------------------------------- build, validate, push

@pytest.fixture
def probe_file(tmp_path):
    path = tmp_path / "probe.txt"
    path.write_text(TEXT)
    return path


def test_build_refuses_a_graph_that_violates_the_shapes(tmp_path, probe_file, monkeypatch):
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", str(store), "build", str(probe_file)]).exit_code == 0
    before = sorted(map(str, Store.open(store).quads()))

    import spacekg.graph.rdf as rdf
    real = rdf.document_triples

    def broken(*args, **kwargs):
        report, ts = real(*args, **kwargs)
        return report, [t for t in ts if t[1] != RDFS.label]

    monkeypatch.setattr(rdf, "document_triples", broken)
    probe_file.write_text(TEXT + " Basalt Forge will mine helium-3 on the Moon.")
    result = runner.invoke(cli, ["--store", str(store), "build", str(probe_file)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "violates the shapes" in line]
    assert len(errors) == 1 and "probe.txt" in errors[0] and "rdfs:label" in errors[0], result.output
    assert sorted(map(str, Store.open(store).quads())) == before          # the store is as it was


def store_of(path, *graphs: tuple[str, list[tuple]]) -> Store:
    """A store holding the given document graphs, as (file name, triples)."""
    from spacekg.graph import iri
    store = Store.open(path, create=True)
    with store.writer() as w:
        for name, ts in graphs:
            w.replace_graph(iri.report(name), convert.triple_quads(ts, iri.report(name)))
    return store


def renamed(name: str) -> Extraction:
    ex = facts()
    ex.doc = name
    return ex


def test_validate_command(tmp_path):
    store = store_of(tmp_path / "store", ("probe.txt", triples()),
                     ("broken.txt", figure_without_unit(triples(renamed("broken.txt")))))
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", str(store.path), "validate"])
    assert result.exit_code == 1
    assert "smr:report/broken-txt" in result.output and "has a unit" in result.output
    assert "1 violation(s) in 1 graph(s)" in result.output
    data = json.loads(runner.invoke(cli, ["--store", str(store.path), "validate", "--format", "json"]).output)
    assert data["conforms"] is False and data["graphs"] == 2 and data["violations"] == 1
    assert data["results"][0]["path"] == str(SM.unit)
    ttl = runner.invoke(cli, ["--store", str(store.path), "validate", "--format", "ttl"]).output
    assert "sh:conforms false" in ttl

    with store.writer() as w:
        w.remove_graph("https://w3id.org/spacekg/id/report/broken-txt")
    result = runner.invoke(cli, ["--store", str(store.path), "validate"])
    assert result.exit_code == 0 and "all conform" in result.output
    assert validate_source(Store.open(store.path)) == {"https://w3id.org/spacekg/id/report/probe-txt": []}


def test_push_refuses_a_store_that_does_not_validate(tmp_path):
    store = store_of(tmp_path / "store", ("broken.txt", no_player_label(triples(renamed("broken.txt")))))
    # Nothing listens on this port: a push that went ahead would fail with a connection error instead.
    result = CliRunner().invoke(cli, ["--store", str(store.path), "push", "--graph-store", "http://127.0.0.1:9/store"])
    assert result.exit_code == 1
    assert "does not conform to the shapes" in result.output and "nothing was pushed" in result.output
    forced = CliRunner().invoke(cli, ["--store", str(store.path), "push", "--no-validate",
                                      "--graph-store", "http://127.0.0.1:9/store"])
    assert forced.exit_code != 0 and "shapes" not in forced.output


def test_validate_reads_the_graphs_on_a_real_server(tmp_path):
    """`validate --endpoint` checks what `push` sent to an Oxigraph server, graph by graph."""
    from spacekg.graph.remote.push import push
    from triplestores import oxigraph

    server = oxigraph("shapes")
    good = store_of(tmp_path / "good", ("probe.txt", triples()))
    push(good, graph_store=server.base + "/store")
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", "--endpoint", server.base + "/query"])
    assert result.exit_code == 0, result.output
    assert "1 document graph(s)" in result.output and "all conform" in result.output

    bad = store_of(tmp_path / "bad", ("broken.txt", claim_without_player(triples(renamed("broken.txt")))))
    push(bad, graph_store=server.base + "/store")
    result = runner.invoke(cli, ["validate", "--endpoint", server.base + "/query", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["graphs"] == 2
    assert {r["graph"] for r in data["results"]} == {"https://w3id.org/spacekg/id/report/broken-txt"}


# ---------------------------------------------------------------- the build's path: check_statements

PROBE_GRAPH = "https://w3id.org/spacekg/id/report/probe-txt"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("breaking", [None, *BROKEN], ids=lambda f: f.__name__ if f else "conforming")
def test_check_statements_finds_what_check_finds(engine, breaking):
    """A build validates each document from the lines it also writes the N-Quads from
    (`check_statements`: N-Triples text to turbo, no store): the same violations, focus, path,
    message, value and shape, as `check` on the same graph's N-Quads."""
    ts = breaking(triples()) if breaking else triples()
    validator = Validator(engine)
    found = validator.check(convert.nquads(ts, PROBE_GRAPH))
    assert validator.check_statements(convert.statements(ts), PROBE_GRAPH,
                                      {str(o) for _, _, o in ts if isinstance(o, URIRef)}) == found
    assert bool(found) == (breaking is not None)     # N-Quads in a named graph are read, by either engine


def test_check_reads_quads_of_every_graph_as_one_graph():
    data = convert.nquads(no_player_label(triples()), PROBE_GRAPH)
    stray = convert.nquads([(URIRef("urn:x:a"), RDFS.label, Literal("a <x> .\nb"))], "urn:x:other")
    found = Validator().check(data + stray)
    assert any("exactly one rdfs:label" in v.message for v in found)
