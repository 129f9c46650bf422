"""The ontology (data/ontology.ttl) and the SKOS segment schemes, as one graph for the store."""
from __future__ import annotations

from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..vocabulary import Vocabulary, load_vocabulary
from . import iri
from .namespaces import ONTOLOGY_GRAPH
from .rdf import SM, new_graph, target_triples


def ontology_ttl() -> str:
    return resources.files("spacekg").joinpath("data/ontology.ttl").read_text("utf-8")


def ontology_graph(vocabulary: Vocabulary | None = None) -> Graph:
    """Ontology + one skos:ConceptScheme per segmentation dimension + the sm:Target of each resource on
    each platform, in the graph smr:graph/ontology."""
    g = new_graph(URIRef(ONTOLOGY_GRAPH))
    g.parse(data=ontology_ttl(), format="turtle")
    vocab = vocabulary or load_vocabulary()
    for name, dim in vocab.dimensions.items():
        scheme = URIRef(iri.scheme(name))
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, RDFS.label, Literal(dim.scheme_label)))
        g.add((scheme, SKOS.prefLabel, Literal(dim.scheme_label)))
        for concept in dim.concepts:
            c = URIRef(iri.concept(name, concept.label))
            g.add((c, RDF.type, SM[dim.rdf_class]))
            g.add((c, RDF.type, SKOS.Concept))
            g.add((c, RDFS.label, Literal(concept.label)))
            g.add((c, SKOS.prefLabel, Literal(concept.label)))
            g.add((c, SKOS.inScheme, scheme))
            g.add((c, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, c))
            for synonym in concept.synonyms:
                if synonym.casefold() != concept.label.casefold():
                    g.add((c, SKOS.altLabel, Literal(synonym)))
    for resource in vocab.concepts("resource_type"):           # every resource on every platform
        for platform in vocab.concepts("platform"):
            for triple in target_triples(URIRef(iri.concept("resource_type", resource.label)), resource.label,
                                         URIRef(iri.concept("platform", platform.label)), platform.label):
                g.add(triple)
    return g
