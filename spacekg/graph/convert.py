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
