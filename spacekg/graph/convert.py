"""rdflib terms and graphs -> pyoxigraph quads (rdflib builds, pyoxigraph stores and queries)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef


def term(t) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"not an RDF term: {t!r}")


def quads(graph: Graph, name: str | None = None) -> Iterator[ox.Quad]:
    """The triples of `graph` as quads in the named graph `name` (default: the graph's identifier)."""
    return triple_quads(graph, name or str(graph.identifier))


def triple_quads(triples: Iterable[tuple], name: str) -> Iterator[ox.Quad]:
    """(subject, predicate, object) rdflib triples as quads in the named graph `name`. IRIs repeat
    (predicates, classes, the document's own nodes), so each is converted once."""
    g = ox.NamedNode(name)
    iris: dict[URIRef, ox.NamedNode] = {}

    def convert(t):
        if type(t) is URIRef:
            found = iris.get(t)
            if found is None:
                found = iris[t] = ox.NamedNode(str(t))
            return found
        return term(t)

    for s, p, o in triples:
        yield ox.Quad(convert(s), convert(p), convert(o), g)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# How pyoxigraph's N-Quads serialiser writes the characters a literal may not hold as they are.
_ESCAPES = {**{c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F)},
            0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_NEEDS_ESCAPE = frozenset(chr(c) for c in _ESCAPES)


def nquads(triples: Iterable[tuple], name: str) -> bytes:
    """(subject, predicate, object) rdflib triples as N-Quads in the named graph `name`: the bytes
    `ox.serialize(triple_quads(triples, name), format=N_QUADS)` writes, without making a pyoxigraph
    term of every rdflib term first (a build writes every document's graph this way). Each IRI is
    checked once by pyoxigraph, so an invalid one fails here as it would there."""
    return in_graph(statements(triples), name)


def statements(triples: Iterable[tuple]) -> list[str]:
    """Each (subject, predicate, object) rdflib triple as its three N-Triples terms ("s p o",
    without the graph and the final dot): what `in_graph` makes N-Quads of and `ntriples` N-Triples
    (a build writes a document's graph as both: the store loads the one, the shapes read the other)."""
    written: dict = {}

    def text(t) -> str:
        found = written.get(t)
        if found is None:
            found = written[t] = _term_text(t)
        return found

    return [f"{text(s)} {text(p)} {text(o)}" for s, p, o in triples]


def in_graph(lines: list[str], name: str) -> bytes:
    """`statements` lines as N-Quads in the named graph `name`."""
    tail = f" {_term_text(URIRef(name))} .\n"
    return (tail.join(lines) + tail).encode("utf-8") if lines else b""


def ntriples(lines: list[str]) -> str:
    """`statements` lines as N-Triples."""
    return " .\n".join(lines) + " .\n" if lines else ""


def _term_text(t) -> str:
    if isinstance(t, URIRef):
        return f"<{ox.NamedNode(str(t)).value}>"
    if isinstance(t, Literal):
        value = str(t)
        if not _NEEDS_ESCAPE.isdisjoint(value):
            value = value.translate(_ESCAPES)
        if t.language:
            return f'"{value}"@{ox.Literal("", language=t.language).language}'
        if t.datatype and str(t.datatype) != XSD_STRING:
            return f'"{value}"^^<{ox.NamedNode(str(t.datatype)).value}>'
        return f'"{value}"'
    return str(term(t))
