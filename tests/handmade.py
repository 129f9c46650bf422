"""Stores built from hand-written facts, so that query, map and server tests do not depend on
extraction (a change of extraction cannot change what they check)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from spacekg.extract.facts import Extraction
from spacekg.graph.convert import quads, triple_quads
from spacekg.graph.namespaces import ONTOLOGY_GRAPH
from spacekg.graph.ontology import ontology_graph
from spacekg.graph.rdf import document_triples
from spacekg.graph.store import Store


def store_of_facts(path: Path, extractions: Iterable[Extraction]) -> Store:
    """A store at `path` holding the ontology and one named graph per extraction, as a build writes them."""
    with Store.open(path, create=True).writer() as w:
        w.replace_graph(ONTOLOGY_GRAPH, quads(ontology_graph()))
        for ex in extractions:
            report, triples = document_triples(ex)
            w.replace_graph(str(report), triple_quads(triples, str(report)))
    return Store.open(path)
