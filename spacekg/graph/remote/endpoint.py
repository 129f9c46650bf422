"""A remote SPARQL 1.1 endpoint that answers like the local store.

`Endpoint(url).query(sparql, substitutions=None, timeout=None)` has the interface of
`Store.query` and returns the same `Results`, so every read command can run against Oxigraph
server, Virtuoso, Fuseki, GraphDB or `spacekg serve` with `--endpoint URL`:

    >>> ep = Endpoint("http://127.0.0.1:7878/query")
    >>> ep.query("SELECT ?name { ?p a sm:Player ; rdfs:label ?name }").records()

What makes the answers the same as the local store's:
- the same guard (graph/guard.py) refuses updates, SERVICE and FROM graphs that are not there,
  before anything is sent;
- the predeclared prefixes (sm:, smr:, ...) are put in front of the query;
- the dataset is the spacekg graphs on the server: the named graphs whose IRI is under smr: (what
  `spacekg push` sends) are passed as `default-graph-uri` (so the default graph is their union, as
  locally) and `named-graph-uri` (for GRAPH ?g). Other graphs on the server (Virtuoso keeps system
  graphs there) stay out. A query with its own FROM / FROM NAMED keeps its own dataset;
- literals a server writes in a non-canonical form of the same value are put back in canonical
  form (Virtuoso answers xsd:boolean as "1"/"0").

A time limit here is the client's: the request is abandoned, the server may go on working.
"""
from __future__ import annotations

import json

import pyoxigraph as ox
import requests

from ...errors import QueryError, QueryTimeout, RemoteError
from . import http
from ..binding import bind, query_form
from ..guard import check_query, has_dataset_clause, spans
from ..namespaces import PREFIXES, SMR, sparql_prologue
from ..results import Results

DEFAULT_TIMEOUT = 60.0
ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
JSON_TYPES = {"application/sparql-results+json", "application/json"}
XML_RESULT_TYPES = {"application/sparql-results+xml", "application/xml", "text/xml"}
RDF_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
             "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
             "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
             "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG}
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
GRAPHS_QUERY = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{SMR}\")) }}"


class Endpoint:
    """A SPARQL 1.1 Protocol query endpoint, read through the same interface as `Store`.

    dataset: "spacekg" (default) queries the union of the spacekg graphs on the server;
    "server" leaves the dataset to the server (its own default graph).
    """

    path = None                      # not a local store (code that prints a store path checks this)

    def __init__(self, url: str, user: str | None = None, password: str | None = None, auth: str = "digest",
                 dataset: str = "spacekg", timeout: float = DEFAULT_TIMEOUT):
        if not url.startswith(("http://", "https://")):
            raise RemoteError(f"--endpoint must be an http(s) URL of a SPARQL query service, got '{url}'")
        if dataset not in ("spacekg", "server"):
            raise RemoteError(f"unknown dataset mode '{dataset}' (spacekg or server)")
        self.url = url
        self.dataset = dataset
        self.timeout = timeout
        self._http = http.session(user, password, auth)
        self._graphs: list[str] | None = None

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    # ---------------------------------------------------------------- the Store interface

    def query(self, sparql: str, substitutions: dict[str, object] | None = None,
              timeout: float | None = None) -> Results:
        """Run a read-only query on the server; `substitutions` are bound with VALUES (see `bind`)."""
        check_query(sparql, self.has_graph, PREFIXES)
        text = bind(sparql, substitutions) if substitutions else sparql
        if text is not sparql:
            check_query(text, self.has_graph, PREFIXES)        # the bound query is checked again
        form = [("query", sparql_prologue() + text)]
        if self.dataset == "spacekg" and not has_dataset_clause(text):
            graphs = self.graphs()
            if not graphs:
                raise RemoteError(f"{self.url} holds no spacekg graphs (none named under {SMR}): "
                                  f"send them with `spacekg push`")
            form += [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        graph = query_form(text) in ("CONSTRUCT", "DESCRIBE")
        results = self._post(form, timeout if timeout is not None else self.timeout, graph)
        return self._expect(results, projected(text))

    def graphs(self) -> list[str]:
        """The spacekg named graphs on the server (listed once; `refresh()` lists them again)."""
        if self._graphs is None:
            form = [("query", GRAPHS_QUERY)]
            res = self._expect(self._post(form, self.timeout), ["g"])
            self._graphs = sorted(str(r["g"]) for r in res.records())
        return self._graphs

    def has_graph(self, name: str) -> bool:
        return name in self.graphs()

    def refresh(self) -> bool:
        """Forget the list of graphs (another `push` may have changed it); True if it changed."""
        before = self._graphs
        self._graphs = None
        return before is not None and before != self.graphs()

    def __len__(self) -> int:
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(res.records()[0]["n"])

    def _expect(self, results: Results, columns: list[str] | None) -> Results:
        """The results, if they have every column the query projects (code reads them by name)."""
        if results.kind != "select" or not columns:
            return results
        missing = [c for c in columns if c not in results.variables]
        if missing:
            sent = ", ".join("?" + v for v in results.variables) or "none"
            raise RemoteError(f"{self.url} answered without the column(s) {', '.join('?' + c for c in missing)} "
                              f"that the query asks for (it sent the columns: {sent})")
        return results

    # ---------------------------------------------------------------- HTTP

    def _post(self, form: list[tuple[str, str]], timeout: float, graph: bool = False) -> Results:
        what = f"query to {self.url}"
        try:
            response = http.send(self._http, "POST", self.url, what, timeout, data=form,
                                 headers={"Accept": ACCEPT_GRAPH if graph else ACCEPT_RESULTS})
        except requests.Timeout:
            raise QueryTimeout(f"query stopped: {self.url} did not answer within the {timeout:g} s "
                               f"time limit (raise it with --timeout)") from None
        if response.status_code == 400:
            raise QueryError(f"the server refused the query: {http.describe(response)}")
        http.check(response, what)
        if response.headers.get("X-SQL-State"):          # Virtuoso's "anytime" answer: cut short, not complete
            raise QueryTimeout(f"{self.url} stopped the query early and sent a partial answer "
                               f"({response.headers.get('X-SQL-Message') or response.headers['X-SQL-State']})")
        return parse_response(response.content, response.headers.get("Content-Type", ""), self.url)


def projected(query: str) -> list[str] | None:
    """The variables a SELECT query projects, in order (None: SELECT *, or not a SELECT query)."""
    toks = list(spans(query))
    start = next((i for i, t in enumerate(toks) if t[0] == "word" and t[1].upper() == "SELECT"), None)
    if start is None:
        return None
    out, depth = [], 0
    for i in range(start + 1, len(toks)):
        kind, text = toks[i][0], toks[i][1]
        if depth == 0 and (text == "{" or (kind == "word" and text.upper() in ("WHERE", "FROM"))):
            break
        if text == "*" and depth == 0:
            return None
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif kind == "var" and (depth == 0 or (i > 0 and toks[i - 1][1].upper() == "AS")):
            out.append(text[1:])
    return out


def parse_response(body: bytes, content_type: str, url: str = "the server") -> Results:
    """A SPARQL answer in any of the standard formats, as `Results` (canonical literal forms)."""
    media = content_type.split(";")[0].strip().lower()
    try:
        if media in JSON_TYPES:
            return Results.from_json(_canonical_json(body))
        if media in XML_RESULT_TYPES:
            parsed = ox.parse_query_results(body, ox.QueryResultsFormat.XML)
            return Results.from_json(_canonical_json(parsed.serialize(format=ox.QueryResultsFormat.JSON)))
        if media in RDF_TYPES:
            triples = [_canonical_triple(q.triple if isinstance(q, ox.Quad) else q)
                       for q in ox.parse(body, format=RDF_TYPES[media])]
            return Results.from_ntriples(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    except (SyntaxError, ValueError) as e:
        raise RemoteError(f"{url} sent an answer that does not parse as {media}: "
                          f"{http.first_line(str(e))}") from None
    raise RemoteError(f"{url} answered with content type '{media or 'none'}', not a SPARQL result format")


# ---------------------------------------------------------------- canonical forms

def _canonical_json(raw: bytes) -> bytes:
    """SPARQL JSON with booleans in canonical form and the old `typed-literal` type as `literal`."""
    doc = json.loads(raw)
    for row in doc.get("results", {}).get("bindings", []):
        for cell in row.values():
            if cell.get("type") == "typed-literal":
                cell["type"] = "literal"
            if cell.get("datatype") == XSD_BOOLEAN and cell.get("value") in ("1", "0"):
                cell["value"] = "true" if cell["value"] == "1" else "false"
    return json.dumps(doc).encode("utf-8")


def _canonical_triple(t: ox.Triple) -> ox.Triple:
    o = t.object
    if isinstance(o, ox.Literal) and o.datatype.value == XSD_BOOLEAN and o.value in ("1", "0"):
        o = ox.Literal("true" if o.value == "1" else "false", datatype=o.datatype)
        return ox.Triple(t.subject, t.predicate, o)
    return t
