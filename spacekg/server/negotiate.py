"""Content negotiation for /sparql: pick the answer's format from the Accept header (or ?format=).

SELECT and ASK answer in SPARQL 1.1 Query Results JSON (the default), XML, CSV or TSV;
CONSTRUCT and DESCRIBE in Turtle (the default), N-Triples, JSON-LD or RDF/XML.
"""
from __future__ import annotations

# media type -> Results.serialize format, in the server's order of preference
TABULAR = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "xml",
    "application/x-turtle": "ttl",
    "text/plain": "nt",
}
# ?format= shorthands -> media type
SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
         "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle", "turtle": "text/turtle",
         "nt": "application/n-triples", "ntriples": "application/n-triples", "jsonld": "application/ld+json",
         "rdfxml": "application/rdf+xml"}
CHARSET = "; charset=utf-8"


class NotAcceptable(Exception):
    """No format the client accepts fits this kind of answer (HTTP 406)."""


def choose(kind: str, accept: str | None, format_param: str | None = None) -> tuple[str, str]:
    """(serialize format, Content-Type) for a result of `kind` ("select" | "ask" | "graph")."""
    table = GRAPH if kind == "graph" else TABULAR
    if format_param:
        media = SHORT.get(format_param.lower(), format_param.lower())
        if format_param.lower() == "xml" and kind == "graph":
            media = "application/rdf+xml"
        if media in table:
            return table[media], media + CHARSET
        raise NotAcceptable(f"format '{format_param}' does not fit a {_kind_name(kind)} answer "
                            f"(use one of: {', '.join(_names(table))})")
    ranges = parse_accept(accept or "*/*")
    best, best_q = None, 0.0
    for media in table:
        q = _quality(media, ranges)
        if q > best_q:
            best, best_q = media, q
    if best is None:
        raise NotAcceptable(f"none of the formats in 'Accept: {accept}' fits a {_kind_name(kind)} answer "
                            f"(offered: {', '.join(_names(table))})")
    return table[best], best + CHARSET


def parse_accept(header: str) -> list[tuple[str, float, int]]:
    """[(media range, q, specificity)] from an Accept header; malformed parts are skipped."""
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for f in fields[1:]:
            key, _, value = f.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        main, _, sub = media.partition("/")
        specificity = 0 if main == "*" else 1 if sub == "*" else 2
        out.append((media, q, specificity))
    return out


def _quality(media: str, ranges: list[tuple[str, float, int]]) -> float:
    """The q of the most specific range matching `media` (RFC 9110 12.5.1); 0 if none."""
    main = media.split("/")[0]
    best = None
    for rng, q, specificity in ranges:
        if rng == media or rng == f"{main}/*" or rng == "*/*":
            if best is None or specificity > best[1]:
                best = (q, specificity)
    return best[0] if best else 0.0


def _names(table: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(table))


def _kind_name(kind: str) -> str:
    return {"select": "SELECT", "ask": "ASK"}.get(kind, "CONSTRUCT/DESCRIBE")
