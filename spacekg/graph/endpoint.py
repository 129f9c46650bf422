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

from ..errors import QueryError, QueryTimeout, RemoteError
from . import http
from .guard import TOKEN, check_query, has_dataset_clause, tokens
from .namespaces import PREFIXES, SMR, sparql_prologue
from .results import Results

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
QUERY_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}


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
        return self._post(form, timeout if timeout is not None else self.timeout, graph)

    def graphs(self) -> list[str]:
        """The spacekg named graphs on the server (listed once; `refresh()` lists them again)."""
        if self._graphs is None:
            form = [("query", GRAPHS_QUERY)]
            res = self._post(form, self.timeout)
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


# ---------------------------------------------------------------- binding values

def bind(query: str, substitutions: dict[str, object]) -> str:
    """The query with a `VALUES (?a ?b) { (<iri> "literal") }` block first in its outermost WHERE group.

    This is binding, not pasting. A value never becomes query syntax: each one is turned into an
    RDF term first (an IRI, or a literal, as `Store.query` does), and the term is written by
    pyoxigraph's N-Triples serialiser, which checks IRIs (no `>`, space, quote or brace can be
    inside one) and escapes every quote, backslash and line break in a literal. So the value is
    always exactly one term in a VALUES data block, the standard SPARQL 1.1 way to hand bindings
    to a query (inline data), and cannot end the block, start a clause or reach a FILTER as code.
    Variable names are checked by pyoxigraph too. A VALUES block first in the group joins the
    bindings with everything the group matches, which is what pyoxigraph's substitutions do for
    the local store, and the bound variables stay in the answer (they must be projected).
    Blank nodes cannot be bound (VALUES does not allow them).
    """
    from .store import _term                    # the same value -> term rules as the local store

    names, terms = [], []
    for name, value in substitutions.items():
        try:
            var = ox.Variable(name)
        except ValueError:
            raise QueryError(f"'{name}' is not a valid SPARQL variable name") from None
        term = _term(value)
        if isinstance(term, ox.BlankNode):
            raise QueryError(f"?{name}: a blank node cannot be bound in a query sent to a server")
        names.append(str(var))
        terms.append(str(term))                 # N-Triples: checked IRI, escaped literal
    block = f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} "
    at = _where_group_start(query)
    return query[:at] + " " + block + query[at:]


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE (None if the text has none of them)."""
    return next((text.upper() for kind, text in tokens(query) if kind == "word" and text.upper() in QUERY_FORMS),
                None)


def _where_group_start(query: str) -> int:
    """The offset just after the `{` that opens the outermost WHERE group."""
    toks = [(m.lastgroup, m.group(), m.end()) for m in TOKEN.finditer(query)
            if m.lastgroup not in ("space", "comment")]
    i = next((k for k, (kind, text, _) in enumerate(toks) if kind == "word" and text.upper() in QUERY_FORMS),
             None)
    if i is None:
        raise QueryError("values can only be bound in a SELECT, CONSTRUCT, ASK or DESCRIBE query")
    i += 1
    if toks[i - 1][1].upper() == "CONSTRUCT":
        if i < len(toks) and toks[i][1].upper() == "WHERE":
            raise QueryError("values cannot be bound in the short form CONSTRUCT WHERE { ... }: "
                             "write CONSTRUCT { template } WHERE { ... }")
        if i < len(toks) and toks[i][1] == "{":           # skip the template
            depth = 0
            for k in range(i, len(toks)):
                depth += {"{": 1, "}": -1}.get(toks[k][1], 0) if toks[k][0] == "other" else 0
                if depth == 0:
                    i = k + 1
                    break
    parens = 0
    for kind, text, end in toks[i:]:
        if kind != "other":
            continue
        if text == "(":
            parens += 1
        elif text == ")":
            parens -= 1
        elif text == "{" and parens == 0:
            return end
    raise QueryError("values can only be bound in a query with a WHERE { ... } group")


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
