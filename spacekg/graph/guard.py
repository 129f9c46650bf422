"""Refusing queries that could write, reach the network or read outside the store.

pyoxigraph's Store.query would follow SERVICE to remote endpoints, and other engines fetch
FROM/FROM NAMED graphs from the web. So every query is tokenised first (comments, strings and
IRIs are skipped properly, so `"SERVICE"` in a string or `ex:load` as a name are fine), and a
query using SERVICE, any update operation, or FROM / FROM NAMED with a graph that is not in the
store is refused before it runs.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from ..errors import QueryError

TOKEN = re.compile(
    r"""(?P<comment>\#[^\n\r]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                  |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
      | (?P<pname>[A-Za-z\u00c0-\uffff][\w.\-\u00b7]*:[\w.\-:%\u00b7]*|:[\w.\-:%]*)
      | (?P<word>[A-Za-z_][\w]*)
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.X | re.S,
)

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


def tokens(query: str) -> Iterator[tuple[str, str]]:
    for m in TOKEN.finditer(query):
        kind = m.lastgroup
        if kind not in ("space", "comment"):
            yield kind, m.group()


def check_query(query: str, graph_exists: Callable[[str], bool] | None = None,
                prefixes: dict[str, str] | None = None) -> None:
    """Raise QueryError if the query is not a read-only query over this store alone."""
    for graph in _checked(query, tuple(sorted((prefixes or {}).items()))):
        if graph_exists is not None and not graph_exists(graph):
            raise QueryError(f"FROM <{graph}> names a graph that is not in the store "
                             f"(queries never fetch graphs from the web or files)")


@lru_cache(maxsize=512)
def _checked(query: str, prefixes: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """What can be checked from the text alone (a refused query raises, and is not cached); the
    graphs its FROM clauses name. Cached: the same named query runs many times, and tokenising it
    cost as much as running a selective query."""
    declared = dict(prefixes)
    toks = list(tokens(query))
    graphs = []
    for i, (kind, text) in enumerate(toks):
        if kind != "word":
            continue
        word = text.upper()
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            declared[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
        elif word == "SERVICE":
            raise QueryError("SERVICE is not allowed: a query never leaves the store (no federated queries)")
        elif word in UPDATE_WORDS:
            raise QueryError(f"{word} is not allowed: queries are read-only (rebuild with `spacekg build` "
                             f"to change the store)")
        elif word == "FROM":
            j = i + 2 if i + 1 < len(toks) and toks[i + 1][1].upper() == "NAMED" else i + 1
            if j >= len(toks):
                continue                  # incomplete: the parser reports the syntax error
            graph = _graph_name(toks[j], declared)
            if graph is None:
                raise QueryError("FROM must name a graph by its IRI")
            graphs.append(graph)
    return tuple(graphs)


@lru_cache(maxsize=512)
def has_dataset_clause(query: str) -> bool:
    """True if the query names its own dataset (FROM / FROM NAMED), which then replaces the default one."""
    return any(kind == "word" and text.upper() == "FROM" for kind, text in tokens(query))


def _graph_name(token: tuple[str, str], declared: dict[str, str]) -> str | None:
    kind, text = token
    if kind == "iri":
        return text[1:-1]
    if kind == "pname":
        prefix, _, local = text.partition(":")
        if prefix in declared:
            return declared[prefix] + local
        raise QueryError(f"unknown prefix '{prefix}:' in FROM")
    return None
