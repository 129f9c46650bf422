"""rdflib terms and graphs -> pyoxigraph quads (rdflib builds, pyoxigraph stores and queries)."""
from __future__ import annotations

from collections.abc import Iterator

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
    g = ox.NamedNode(name or str(graph.identifier))
    for s, p, o in graph:
        yield ox.Quad(term(s), term(p), term(o), g)
