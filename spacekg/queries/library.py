"""The library of named SPARQL queries: one documented .rq file per question.

A file's header comment says what it answers, then one `# param NAME: description` line per
parameter. Parameters are bound with substitutions when the query runs: values never become
query text. A line ending in `# if NAME` is kept only when the parameter NAME is bound: that is
how optional parameters filter.

    >>> from spacekg.queries.library import named_queries, run_named
    >>> run_named(store, "players-targeting", platform="smr:platform/moon").records()
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pyoxigraph as ox

from ..errors import QueryError
from ..graph.namespaces import PREFIXES

PARAM = re.compile(r"^#\s*param\s+(\w+)\s*:\s*(.*)$")
IF_BOUND = re.compile(r"#\s*if\s+(\w+)\s*$")


@dataclass
class NamedQuery:
    name: str
    summary: str
    text: str
    params: dict[str, str] = field(default_factory=dict)      # name -> description

    def text_for(self, bound: set[str]) -> str:
        """The query with the lines marked `# if NAME` kept only when NAME is bound.

        That is how an optional parameter filters: `?claim sm:resource ?resource .  # if resource`
        is a plain triple pattern, which every engine and every binding mechanism (pyoxigraph
        substitutions, a VALUES block for remote servers) treats alike. Only our own lines are
        chosen; values never enter the text.
        """
        lines = []
        for line in self.text.splitlines(keepends=True):
            m = IF_BOUND.search(line)
            if m is None or m.group(1) in bound:
                lines.append(line)
        return "".join(lines)


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    out = {}
    for entry in sorted(resources.files("spacekg.queries").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text("utf-8")
        summary_lines, params = [], {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            m = PARAM.match(line)
            if m:
                params[m.group(1)] = m.group(2).strip()
            elif line.strip("# ").strip() and not params:
                summary_lines.append(line.lstrip("#").strip())
        name = entry.name[:-3]
        out[name] = NamedQuery(name, " ".join(summary_lines), text, params)
    return out


def get(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query '{name}' (see `spacekg query --list`)")
    return queries[name]


def parse_value(value: str) -> ox.NamedNode | ox.Literal:
    """A parameter from the command line: <IRI>, http(s) IRI, prefix:name, or a plain literal."""
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if re.match(r"^https?://\S+$", value):
        return ox.NamedNode(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and " " not in value:
        return ox.NamedNode(PREFIXES[prefix] + local)
    return ox.Literal(value)


def run_named(store, name: str, timeout: float | None = None, **params):
    """Run a named query with its parameters bound (str values are parsed with `parse_value`)."""
    q = get(name)
    unknown = set(params) - set(q.params)
    if unknown:
        raise QueryError(f"query '{name}' has no parameter {', '.join(sorted(unknown))} "
                         f"(it takes: {', '.join(q.params) or 'none'})")
    bindings = {k: parse_value(v) if isinstance(v, str) else v for k, v in params.items() if v is not None}
    return store.query(q.text_for(set(bindings)), substitutions=bindings, timeout=timeout)
