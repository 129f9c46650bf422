"""Query results, the same whether they come from the local store or a remote SPARQL endpoint.

Results travel as SPARQL 1.1 Query Results JSON (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE):
that is what a child process running a query with a time limit sends back, and what a remote
endpoint answers. pyoxigraph parses and re-serialises them, so every output format is standard.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .namespaces import PREFIXES

TABULAR_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                   "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}


@dataclass
class Results:
    kind: str                                   # "select" | "ask" | "graph"
    raw: bytes                                  # SPARQL JSON for select/ask, N-Triples for graph
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)      # pyoxigraph terms or None, in variable order
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    @classmethod
    def from_json(cls, raw: bytes) -> Results:
        parsed = ox.parse_query_results(raw, ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return cls("ask", raw, boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        rows = [tuple(solution) for solution in parsed]          # values in the order of the variables
        return cls("select", raw, variables, rows)

    @classmethod
    def from_ntriples(cls, raw: bytes) -> Results:
        triples = [q.triple for q in ox.parse(raw, ox.RdfFormat.N_TRIPLES)]
        return cls("graph", raw, triples=triples)

    @classmethod
    def from_pyoxigraph(cls, answer) -> Results:
        """From what pyoxigraph.Store.query returns."""
        if isinstance(answer, ox.QueryBoolean):
            return cls.from_json(answer.serialize(format=ox.QueryResultsFormat.JSON))
        if isinstance(answer, ox.QuerySolutions):
            return cls.from_json(answer.serialize(format=ox.QueryResultsFormat.JSON))
        return cls.from_ntriples(answer.serialize(format=ox.RdfFormat.N_TRIPLES))

    def records(self) -> list[dict[str, object]]:
        """Rows as dicts of plain Python values (str for IRIs, Python numbers/str for literals)."""
        return [{v: plain(t) for v, t in zip(self.variables, row)} for row in self.rows]

    def serialize(self, fmt: str) -> bytes:
        """json | csv | tsv | xml for SELECT/ASK; ttl | nt | jsonld | xml for CONSTRUCT/DESCRIBE."""
        if self.kind == "graph":
            rdf_format = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
            return ox.serialize(self.triples, format=rdf_format,
                                prefixes=PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None)
        if fmt == "json":
            return self.raw
        parsed = ox.parse_query_results(self.raw, ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=TABULAR_FORMATS[fmt])


def plain(term) -> object:
    """A pyoxigraph term as a plain Python value."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        try:
            if dt in ("integer", "int", "long", "gYear", "nonNegativeInteger"):
                return int(term.value)
            if dt in ("decimal", "double", "float"):
                return float(term.value)
            if dt == "boolean":
                return term.value == "true"
        except ValueError:
            pass
        return term.value
    return term.value


def compact(term) -> str:
    """A term for display: prefixed IRIs, literal values as they are."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
