"""Binding values to query variables: the same way for the local store and for remote servers.

A value is bound with a SPARQL VALUES block, never pasted as query syntax (see `bind`). The local
store binds this way too, rather than with pyoxigraph's `substitutions`: pyoxigraph plans the
query without looking at substituted values, so a selective query (one player's targets) was
evaluated over every player and filtered afterwards (408 ms against 24 ms with VALUES on a
1.5M-triple store).
"""
from __future__ import annotations

import pyoxigraph as ox

from ..errors import QueryError
from .guard import TOKEN, tokens

QUERY_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}
XSD = "http://www.w3.org/2001/XMLSchema#"


def term(value: object) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A Python value as an RDF term: terms as they are, bool and int as typed literals, else a string."""
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(str(value))


def bind(query: str, substitutions: dict[str, object]) -> str:
    """The query with a `VALUES (?a ?b) { (<iri> "literal") }` block first in its outermost WHERE group.

    This is binding, not pasting. A value never becomes query syntax: each one is turned into an
    RDF term first (an IRI, or a literal, as `Store.query` does), and the term is written by
    pyoxigraph's N-Triples serialiser, which checks IRIs (no `>`, space, quote or brace can be
    inside one) and escapes every quote, backslash and line break in a literal. So the value is
    always exactly one term in a VALUES data block, the standard SPARQL 1.1 way to hand bindings
    to a query (inline data), and cannot end the block, start a clause or reach a FILTER as code.
    Variable names are checked by pyoxigraph too. A VALUES block first in the group joins the
    bindings with everything the group matches, and the bound variables stay in the answer.
    Blank nodes cannot be bound (VALUES does not allow them).
    """
    names, terms = [], []
    for name, value in substitutions.items():
        try:
            var = ox.Variable(name)
        except ValueError:
            raise QueryError(f"'{name}' is not a valid SPARQL variable name") from None
        value = term(value)
        if isinstance(value, ox.BlankNode):
            raise QueryError(f"?{name}: a blank node cannot be bound in a query sent to a server")
        names.append(str(var))
        terms.append(str(value))                # N-Triples: checked IRI, escaped literal
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
