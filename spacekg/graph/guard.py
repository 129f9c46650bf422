"""Refusing queries that could write, reach the network or read outside the store.

pyoxigraph's Store.query follows SERVICE to remote endpoints (0.5 has no switch to turn it off),
and other engines fetch FROM / FROM NAMED graphs from the web. So every query is read first, and
a query using SERVICE, any update operation, or FROM / FROM NAMED with a graph that is not in
the store is refused before it runs.

Reading the query is a tokenizer that follows the terminals of the SPARQL 1.1 grammar exactly
(https://www.w3.org/TR/sparql11-query/#terminals): IRIREF, PNAME_NS / PNAME_LN with every PN_LOCAL
escape (`ex:a\\#` and `ex:a\\'` are names, not a comment or a string), PERCENT, the four string
forms with ECHAR (and UCHAR, which oxigraph accepts in strings and IRIs), variables, blank node
labels, numbers, language tags and comments. The words SERVICE, FROM and the update operations
can only ever be keywords in SPARQL, so a keyword token is all it takes to decide: no parse tree
is needed, only tokens that are exactly the engine's.

It fails closed:
- a query that does not tokenize (a character no terminal allows, a string never closed) is
  refused ("cannot be read"), so nothing the guard cannot see runs;
- SPARQL says `\\uXXXX` escapes are replaced before parsing, but engines differ (oxigraph 0.5
  replaces them in strings and IRIs only; others everywhere, pairing `\\\\` or not). The query is
  read under each of these readings and refused if any reading that tokenizes shows a forbidden
  keyword or an unknown FROM graph.

The decision for a query text is cached: the named queries run again and again. The cache is
keyed by a SHA-256 digest of the text and bounded in bytes (item 5 of issue 15: a cache of whole
query texts let 600 different 900 KB queries take a server from 139 MB to 588 MB).
"""
from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from ..errors import QueryError

# ---------------------------------------------------------------- the SPARQL 1.1 terminals

_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"
_ESC = r"""\\[tbnrf\\"']|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"""
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_EXPONENT = r"[eE][+-]?[0-9]+"

TOKEN = re.compile(
    rf"""(?P<comment>\#[^\n\r]*)
      | (?P<string>'''(?:(?:''|')?(?:[^'\\]|{_ESC}))*'''
                  |\"\"\"(?:(?:""|")?(?:[^"\\]|{_ESC}))*\"\"\"
                  |'(?:[^'\\\n\r]|{_ESC})*'
                  |"(?:[^"\\\n\r]|{_ESC})*")
      | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
      | (?P<var>[?$]{_VARNAME})
      | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
      | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
      | (?P<word>[A-Za-z][A-Za-z0-9_]*)
      | (?P<number>[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}|[0-9]*\.[0-9]+|[0-9]+)
      | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)
      | (?P<space>[\x20\t\r\n]+)
      | (?P<other>[{{}}()\[\];,.=!<>&|+\-*/^?~])""",
    re.X,
)

SERVICE_WORDS = {"SERVICE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH",
                "USING", "DATA"}
_PN_LOCAL_ESC = re.compile(r"\\(.)")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_CODEPOINT_PAIRED = re.compile(r"\\\\|\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

CACHE_BYTES = 4 * 1024 * 1024          # bound of the decision cache (digests and graph names)


class Unreadable(QueryError):
    """The text is not a sequence of SPARQL tokens (the guard refuses what it cannot read)."""


def tokens(query: str) -> Iterator[tuple[str, str]]:
    """(kind, text) of every token but spaces and comments; raises Unreadable at a character no
    SPARQL terminal allows. Kinds: string iri var bnode pname word number langtag other."""
    for kind, text, _, _ in spans(query):
        yield kind, text


def spans(query: str) -> Iterator[tuple[str, str, int, int]]:
    """(kind, text, start, end) of every token but spaces and comments, in order."""
    pos, end = 0, len(query)
    match = TOKEN.match
    while pos < end:
        m = match(query, pos)
        if m is None:
            line = query.count("\n", 0, pos) + 1
            col = pos - (query.rfind("\n", 0, pos) + 1) + 1
            raise Unreadable(f"the query cannot be read at line {line}, column {col} "
                             f"({query[pos:pos + 12]!r}): refused")
        kind = m.lastgroup
        if kind not in ("space", "comment"):
            yield kind, m.group(), pos, m.end()
        pos = m.end()


def readings(query: str) -> list[str]:
    """The texts engines may parse: as written (\\u escapes in strings and IRIs only: oxigraph),
    and with every \\u escape replaced first as SPARQL says, with and without pairing `\\\\`."""
    out = [query]
    if "\\u" in query or "\\U" in query:
        for text in (_CODEPOINT.sub(_codepoint, query), _CODEPOINT_PAIRED.sub(_codepoint, query)):
            if text not in out:
                out.append(text)
    return out


def _codepoint(m: re.Match) -> str:
    hexdigits = m.group(1) or m.group(2)
    if hexdigits is None:
        return m.group()                          # a paired `\\`: kept as it is
    n = int(hexdigits, 16)
    if n > 0x10FFFF or 0xD800 <= n <= 0xDFFF:
        return m.group()
    return chr(n)


# ---------------------------------------------------------------- the decision

@dataclass(frozen=True)
class Decision:
    """What reading a query decided: the graphs its FROM / FROM NAMED clauses name (each must be
    in the store), whether it names its own dataset, or why it is refused."""
    graphs: tuple[str, ...] = ()
    dataset: bool = False
    refused: str | None = None

    def size(self) -> int:
        return 64 + sum(len(g) for g in self.graphs) + len(self.refused or "")


def check_query(query: str, graph_exists: Callable[[str], bool] | None = None,
                prefixes: dict[str, str] | None = None) -> None:
    """Raise QueryError if the query is not a read-only query over this store alone."""
    decision = decide(query, prefixes)
    if decision.refused:
        raise QueryError(decision.refused)
    for graph in decision.graphs:
        if graph_exists is not None and not graph_exists(graph):
            raise QueryError(f"FROM <{graph}> names a graph that is not in the store "
                             f"(queries never fetch graphs from the web or files)")


def has_dataset_clause(query: str, prefixes: dict[str, str] | None = None) -> bool:
    """True if the query names its own dataset (FROM / FROM NAMED), which then replaces the default one."""
    return decide(query, prefixes).dataset


def decide(query: str, prefixes: dict[str, str] | None = None) -> Decision:
    """The decision for this text, from the cache when the same text was read before."""
    key = hashlib.sha256(query.encode("utf-8", "surrogatepass")).digest()
    if prefixes:
        key += hashlib.sha256(repr(sorted(prefixes.items())).encode("utf-8", "surrogatepass")).digest()
    found = _CACHE.get(key)
    if found is None:
        found = _decide(query, dict(prefixes or {}))
        _CACHE.put(key, found)
    return found


def _decide(query: str, prefixes: dict[str, str]) -> Decision:
    graphs: list[str] = []
    dataset = False
    read = 0
    first_problem = None
    for text in readings(query):
        try:
            toks = list(spans(text))
        except Unreadable as e:
            first_problem = first_problem or str(e)
            continue                 # an engine reading the text this way refuses it too
        read += 1
        try:
            found = _graphs_of(toks, prefixes)
        except QueryError as e:
            return Decision(refused=str(e))
        if found is not None:
            dataset = True
            graphs += [g for g in found if g not in graphs]
    if not read:
        return Decision(refused=first_problem)
    return Decision(tuple(graphs), dataset)


def _graphs_of(toks: list[tuple[str, str, int, int]], prefixes: dict[str, str]) -> list[str] | None:
    """The FROM graphs of one reading (None: no FROM); raises QueryError for a forbidden keyword."""
    declared = dict(prefixes)
    base = None
    graphs = None
    for i, (kind, text, _, _) in enumerate(toks):
        if kind != "word":
            continue
        word = text.upper()
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            declared[toks[i + 1][1][:-1]] = _iri_text(toks[i + 2][1], base)
        elif word == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = _iri_text(toks[i + 1][1], base)
        elif word in SERVICE_WORDS:
            raise QueryError("SERVICE is not allowed: a query never leaves the store (no federated queries)")
        elif word in UPDATE_WORDS:
            raise QueryError(f"{word} is not allowed: queries are read-only (rebuild with `spacekg build` "
                             f"to change the store)")
        elif word == "FROM":
            j = i + 2 if i + 1 < len(toks) and toks[i + 1][1].upper() == "NAMED" else i + 1
            if j >= len(toks) or toks[j][0] not in ("iri", "pname"):
                raise QueryError("FROM must name a graph by its IRI")
            graphs = graphs or []
            graphs.append(_graph_name(toks[j], declared, base))
    return graphs


def _iri_text(token: str, base: str | None) -> str:
    text = _CODEPOINT.sub(_codepoint, token[1:-1])
    return urljoin(base, text) if base and ":" not in text else text


def _graph_name(token: tuple[str, str, int, int], declared: dict[str, str], base: str | None) -> str:
    kind, text = token[0], token[1]
    if kind == "iri":
        return _iri_text(text, base)
    prefix, _, local = text.partition(":")
    if prefix not in declared:
        raise QueryError(f"unknown prefix '{prefix}:' in FROM")
    return declared[prefix] + _PN_LOCAL_ESC.sub(r"\1", local)


# ---------------------------------------------------------------- the cache

class _BoundedCache:
    """Least recently used, keyed by digests, bounded by the bytes its entries take."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[bytes, Decision] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> Decision | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: bytes, value: Decision) -> None:
        cost = len(key) + value.size()
        if cost > self.max_bytes:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self.bytes += cost
            while self.bytes > self.max_bytes:
                old_key, old = self._items.popitem(last=False)
                self.bytes -= len(old_key) + old.size()

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0


_CACHE = _BoundedCache(CACHE_BYTES)
