"""Binding values to query variables: the same way for the local store and for remote servers.

A value is bound with a SPARQL VALUES block, never pasted as query syntax (see `bind`). The local
store binds this way too, rather than with pyoxigraph's `substitutions`: pyoxigraph plans the
query without looking at substituted values, so a selective query (one player's targets) was
evaluated over every player and filtered afterwards (408 ms against 24 ms with VALUES on a
1.5M-triple store).
"""
from __future__ import annotations

from functools import lru_cache

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
    """The query with a `VALUES (?a ?b) { (<iri> "literal") }` block first in its outermost WHERE group,
    or, for variables the query lists in a `VALUES ... { (UNDEF ...) }` placeholder, in its place
    (see `_placeholders`).

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
    values = _terms(substitutions)
    placed = set()
    for start, end, variables in reversed(_placeholders(query)):     # where the query asks for them
        if variables & values.keys():
            query = query[:start] + _block({k: v for k, v in values.items() if k in variables}) + query[end:]
            placed |= variables
    values = {k: v for k, v in values.items() if k not in placed}
    if not values:
        return query
    at = _where_group_start(query)
    return query[:at] + " " + _block(values) + " " + query[at:]


def _terms(substitutions: dict[str, object]) -> dict[str, str]:
    """Each value as one N-Triples term, by variable name (checked)."""
    out = {}
    for name, value in substitutions.items():
        try:
            var = ox.Variable(name)
        except ValueError:
            raise QueryError(f"'{name}' is not a valid SPARQL variable name") from None
        value = term(value)
        if isinstance(value, ox.BlankNode):
            raise QueryError(f"?{name}: a blank node cannot be bound in a query sent to a server")
        out[str(var)[1:]] = str(value)          # N-Triples: checked IRI, escaped literal
    return out


def _block(values: dict[str, str]) -> str:
    return f"VALUES ({' '.join('?' + k for k in values)}) {{ ({' '.join(values.values())}) }}"


@lru_cache(maxsize=256)
def _placeholders(query: str) -> tuple[tuple[int, int, frozenset[str]], ...]:
    """Where a query asks for its parameters: the spans of its `VALUES (?a ?b) { (UNDEF UNDEF) }`
    blocks, each with its variables, in order. (Cached: the named queries are bound again and
    again, and reading a query's tokens costs more than a small query takes to run.)

    Such a block matches anything, so the query runs as it is when nothing is bound. A query
    that aggregates in a subquery puts one there: the bound values then narrow the subquery
    itself (a VALUES block outside is joined only with the subquery's finished answer). A
    variable listed in a placeholder is bound in every placeholder that lists it, and only there.
    """
    found = []
    toks = _spans(query)
    for i, (kind, text, start, _) in enumerate(toks):
        if kind != "word" or text.upper() != "VALUES":
            continue
        k = i + 1
        variables = []
        parens = k < len(toks) and toks[k][1] == "("
        k += parens
        while k < len(toks) and toks[k][0] == "var":
            variables.append(toks[k][1][1:])
            k += 1
        k += parens and k < len(toks) and toks[k][1] == ")"
        if not variables or k >= len(toks) or toks[k][1] != "{":
            continue
        k += 1
        body = []
        while k < len(toks) and toks[k][1] != "}":
            body.append(toks[k][1])
            k += 1
        cells = [t.upper() for t in body if t not in ("(", ")")]
        if k < len(toks) and cells == ["UNDEF"] * len(variables):
            found.append((start, toks[k][3], frozenset(variables)))
    return tuple(found)


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE (None if the text has none of them)."""
    return next((text.upper() for kind, text in tokens(query) if kind == "word" and text.upper() in QUERY_FORMS),
                None)


@lru_cache(maxsize=256)
def _spans(query: str) -> tuple[tuple[str, str, int, int], ...]:
    """The query's tokens other than spaces and comments: (kind, text, start, end), read once per text."""
    return tuple((m.lastgroup, m.group(), m.start(), m.end()) for m in TOKEN.finditer(query)
                 if m.lastgroup not in ("space", "comment"))


@lru_cache(maxsize=256)
def _where_group_start(query: str) -> int:
    """The offset just after the `{` that opens the outermost WHERE group."""
    toks = _spans(query)
    i = next((k for k, (kind, text, _, _) in enumerate(toks) if kind == "word" and text.upper() in QUERY_FORMS),
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
    for kind, text, _, end in toks[i:]:
        if kind != "other":
            continue
        if text == "(":
            parens += 1
        elif text == ")":
            parens -= 1
        elif text == "{" and parens == 0:
            return end
    raise QueryError("values can only be bound in a query with a WHERE { ... } group")
