"""The vocabulary's namespaces (spacekg/data/ontology.ttl) as plain strings.

Plain strings keep the query path free of rdflib (its import costs ~150 ms); the RDF builder
wraps them in rdflib Namespaces where it needs them (graph/rdf.py).
"""

SM = "https://w3id.org/spacekg/ontology#"
SMR = "https://w3id.org/spacekg/id/"

ONTOLOGY_GRAPH = SMR + "graph/ontology"
ALIAS_GRAPH = SMR + "graph/aliases"         # acronyms joined across reports (graph/aliases.py)

PREFIXES = {
    "sm": SM, "smr": SMR,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
}


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, to put in front of a query for another engine."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
