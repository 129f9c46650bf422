"""Checking document graphs against the SHACL shapes in data/shapes.ttl.

    >>> from spacekg.graph.shapes import validate_source
    >>> for graph, violations in validate_source(store).items(): ...

A document's graph is validated together with the ontology graph (which types the vocabulary's
concepts and describes its schemes), never with other documents: the shapes describe what one
build of one document writes.

Two engines run the same shapes: pySHACL, the reference implementation in Python, and
pyshacl-turbo, a Rust implementation of pySHACL's API. Turbo is preferred when installed, because
a build validates every document: on the bundled report it takes about 20 ms where pySHACL takes
about 700 ms (most of it re-parsing each SPARQL constraint for every focus node). The test suite
checks that both engines agree on conforming and broken graphs.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources

import pyoxigraph as ox

from ..errors import SpacekgError
from . import convert
from .namespaces import ONTOLOGY_GRAPH, PREFIXES, SM
from .results import compact

SH = "http://www.w3.org/ns/shacl#"
ENGINES = ("turbo", "pyshacl")
REPORT_GRAPHS = ("SELECT ?g WHERE { GRAPH ?g { ?g a sm:Report ; sm:fileName ?name } } ORDER BY ?g")
GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class ShapesError(SpacekgError):
    """A graph does not conform to the shapes (a bug in spacekg's graph builder), or no engine is installed."""


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, in plain strings."""
    focus: str
    path: str | None
    message: str
    value: str | None = None
    severity: str = "Violation"
    shape: str | None = None

    def line(self) -> str:
        where = f"{short(self.focus)}" + (f" {short(self.path)}" if self.path else "")
        value = f" (value {short(self.value)})" if self.value else ""
        return f"{where}: {self.message}{value}"

    def to_json(self) -> dict:
        return asdict(self)


def shapes_ttl() -> str:
    return resources.files("spacekg").joinpath("data/shapes.ttl").read_text("utf-8")


def engine_name(preferred: str | None = None) -> str:
    """The engine to use: `preferred`, else SPACEKG_SHACL_ENGINE, else turbo when installed."""
    choice = preferred or os.environ.get("SPACEKG_SHACL_ENGINE") or "auto"
    if choice not in (*ENGINES, "auto"):
        raise ShapesError(f"unknown SHACL engine '{choice}' (choose {' or '.join(ENGINES)})")
    for name in (ENGINES if choice == "auto" else (choice,)):
        try:
            __import__("pyshacl_turbo" if name == "turbo" else "pyshacl")
            return name
        except ImportError:
            continue
    raise ShapesError("no SHACL engine is installed: pip install pyshacl")


class Validator:
    """The shapes, parsed once; `check(nquads_or_triples)` validates one document's graph."""

    def __init__(self, engine: str | None = None):
        self.engine = engine_name(engine)
        self._shapes = _compiled(self.engine)

    def check(self, data: bytes | Iterable[ox.Triple | ox.Quad]) -> list[Violation]:
        """Violations of one document graph, given as N-Triples/N-Quads bytes or pyoxigraph triples
        (quads are read as triples: the graph name does not matter to the shapes)."""
        store = ox.Store()
        if isinstance(data, (bytes, bytearray)):      # (loading N-Quads keeps each quad in its named graph)
            data = ox.parse(bytes(data), format=ox.RdfFormat.N_QUADS)
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in data)
        store.extend(_context(store))
        if self.engine == "turbo":
            conforms, results, _ = self._shapes.validate(store, inference="none")
        else:
            import pyshacl
            from rdflib import Graph
            graph = Graph().parse(data=ox.serialize(store, format=ox.RdfFormat.N_QUADS), format="nquads")
            conforms, results, _ = pyshacl.validate(graph, shacl_graph=self._shapes, inference="none",
                                                    advanced=True)
        return [] if conforms else _violations(results)

    def check_statements(self, lines: list[str], graph: str, objects: Iterable[str]) -> list[Violation]:
        """Violations of one document graph as a build writes it: `convert.statements` lines (whose
        N-Quads in the named graph `graph` the store loads) and the IRIs its triples point at
        (`objects`: the ontology's context about them is checked with it). The same result as
        `check(convert.in_graph(lines, graph))`; with turbo the triples reach the engine as
        N-Triples text written from the lines, without filling a store for every document only for
        the engine to dump it again."""
        if self.engine != "turbo" or _turbo_input() is None:
            return self.check(convert.in_graph(lines, graph))
        return self._check_text(convert.ntriples(lines) + _context_ntriples(objects).decode("utf-8"))

    def _check_text(self, ntriples: str) -> list[Violation]:
        """Violations of a graph given to turbo as N-Triples text (with its ontology context)."""
        conforms, results, _ = self._shapes.validate(_turbo_input()(ntriples), inference="none")
        return [] if conforms else _violations(results)


@lru_cache(maxsize=1)
def _turbo_input():
    """What makes pyshacl-turbo's input of N-Triples text, or None if this version has none."""
    try:
        from pyshacl_turbo.rdf import Input
    except ImportError:
        return None
    return lambda text: Input(text, "nt", None, {})


def _context_ntriples(objects: Iterable[str]) -> bytes:
    """`_context` as N-Triples, for the IRIs a document graph points at."""
    about = _ontology_lines()
    out: list[bytes] = []
    wanted = set(objects)
    seen: set[str] = set()
    while wanted:
        node = wanted.pop()
        if node in seen:
            continue
        seen.add(node)
        found = about.get(node)
        if found is not None:
            out.append(found[0])
            wanted.update(found[1])
    return b"".join(out)


@lru_cache(maxsize=1)
def _ontology_lines() -> dict[str, tuple[bytes, tuple[str, ...]]]:
    """Each ontology subject's triples as N-Triples, and the nodes `_context` follows from it."""
    out = {}
    for subject, triples in _ontology_by_subject().items():
        followed = tuple(t.object.value for t in triples if t.predicate in _FOLLOWED)
        out[subject.value] = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), followed)
    return out


def _context(store: ox.Store) -> list[ox.Quad]:
    """What the ontology graph says about the nodes a document graph points at (the vocabulary's
    concepts and targets, and the concepts those targets join), so that the shapes can check their
    classes and schemes. Only those: validating the whole vocabulary again for every document
    would cost more than the document itself."""
    about = _ontology_by_subject()
    wanted = {q.object for q in store if isinstance(q.object, ox.NamedNode)}
    out: list[ox.Quad] = []
    seen: set[ox.NamedNode] = set()
    while wanted:
        node = wanted.pop()
        if node in seen:
            continue
        seen.add(node)
        for t in about.get(node, ()):
            out.append(ox.Quad(t.subject, t.predicate, t.object))
            if t.predicate in _FOLLOWED:
                wanted.add(t.object)
    return out


_FOLLOWED = {ox.NamedNode(SM + "targetResource"), ox.NamedNode(SM + "targetPlatform")}


@lru_cache(maxsize=1)
def _ontology_by_subject() -> dict[ox.NamedNode, list[ox.Triple]]:
    from .convert import quads
    from .ontology import ontology_graph
    about: dict[ox.NamedNode, list[ox.Triple]] = {}
    for q in quads(ontology_graph()):
        about.setdefault(q.subject, []).append(q.triple)
    return about


@lru_cache(maxsize=2)
def _compiled(engine: str):
    from rdflib import Graph
    graph = Graph().parse(data=shapes_ttl(), format="turtle")
    if engine == "turbo":
        import pyshacl_turbo
        return pyshacl_turbo.compile_shapes(graph, advanced=True)
    return graph


def _violations(results) -> list[Violation]:
    """The sh:ValidationResult nodes of a report graph (rdflib), sorted for stable output."""
    from rdflib import Namespace
    from rdflib.namespace import RDF
    sh = Namespace(SH)

    def one(node, prop) -> str | None:
        value = results.value(node, sh[prop])
        return None if value is None else str(value)

    out = []
    for r in results.subjects(RDF.type, sh.ValidationResult):
        severity = one(r, "resultSeverity") or SH + "Violation"
        path = results.value(r, sh.resultPath)
        out.append(Violation(
            focus=one(r, "focusNode") or "", path=str(path) if path is not None and not _is_blank(path) else None,
            message=one(r, "resultMessage") or "does not conform", value=one(r, "value"),
            severity=severity.rsplit("#", 1)[-1], shape=one(r, "sourceShape") if not _is_blank(
                results.value(r, sh.sourceShape)) else None))
    return sorted(set(out), key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))


def _is_blank(term) -> bool:
    from rdflib import BNode
    return term is None or isinstance(term, BNode)


def short(iri: str | None) -> str:
    """An IRI for display, prefixed where a spacekg prefix fits (a literal value as it is)."""
    return compact(ox.NamedNode(iri)) if iri and iri.startswith(("http://", "https://")) else (iri or "")


# ---------------------------------------------------------------- whole stores and endpoints

def document_graphs(source) -> list[str]:
    """The named graphs of the documents in a store or at an endpoint (the ontology graph aside)."""
    return [str(r["g"]) for r in source.query(REPORT_GRAPHS).records() if str(r["g"]) != ONTOLOGY_GRAPH]


def graph_triples(source, graph: str) -> list[ox.Triple]:
    """One named graph's triples, from a local Store (read directly) or an Endpoint (CONSTRUCT)."""
    if hasattr(source, "quads"):
        return [q.triple for q in source.quads(graph)]
    return list(source.query(GRAPH_TRIPLES, substitutions={"g": ox.NamedNode(graph)}).triples)


def validate_source(source, graphs: list[str] | None = None, engine: str | None = None,
                    progress: Callable[[int, int], None] | None = None) -> dict[str, list[Violation]]:
    """Every document graph of a store or endpoint -> its violations (empty list: it conforms)."""
    validator = Validator(engine)
    names = document_graphs(source) if graphs is None else graphs
    out: dict[str, list[Violation]] = {}
    for i, graph in enumerate(names, 1):
        out[graph] = validator.check(graph_triples(source, graph))
        if progress:
            progress(i, len(names))
    return out


def report_ttl(found: dict[str, list[Violation]]) -> str:
    """A SHACL validation report (sh:ValidationReport) in Turtle, one report for all graphs."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF
    sh = Namespace(SH)
    g = Graph()
    g.bind("sh", sh)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    report = BNode()
    violations = [v for vs in found.values() for v in vs]
    g.add((report, RDF.type, sh.ValidationReport))
    g.add((report, sh.conforms, Literal(not violations)))
    for v in violations:
        r = BNode()
        g.add((report, sh.result, r))
        g.add((r, RDF.type, sh.ValidationResult))
        g.add((r, sh.focusNode, URIRef(v.focus)))
        g.add((r, sh.resultSeverity, sh[v.severity]))
        g.add((r, sh.resultMessage, Literal(v.message)))
        if v.path:
            g.add((r, sh.resultPath, URIRef(v.path)))
        if v.value:
            g.add((r, sh.value, URIRef(v.value) if v.value.startswith(("http://", "https://")) else Literal(v.value)))
        if v.shape:
            g.add((r, sh.sourceShape, URIRef(v.shape)))
    return g.serialize(format="turtle")


