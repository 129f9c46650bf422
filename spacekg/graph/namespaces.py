"""The vocabulary's namespaces (DESIGN.md) as plain strings and rdflib Namespaces."""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

SM = Namespace("https://w3id.org/spacekg/ontology#")
SMR = Namespace("https://w3id.org/spacekg/id/")
SCHEMA = Namespace("https://schema.org/")

ONTOLOGY_GRAPH = SMR["graph/ontology"]

PREFIXES = {
    "sm": str(SM), "smr": str(SMR), "skos": str(SKOS), "prov": str(PROV), "schema": str(SCHEMA),
    "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "dcterms": str(DCTERMS),
}


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, to put in front of a user's query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


__all__ = ["SM", "SMR", "SCHEMA", "SKOS", "PROV", "RDF", "RDFS", "XSD", "OWL", "DCTERMS", "ONTOLOGY_GRAPH",
           "PREFIXES", "sparql_prologue"]
