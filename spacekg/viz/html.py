"""The interactive page: one self-contained HTML file that works offline.

    >>> from spacekg.viz.html import render
    >>> page = render(graph, title="Space mining market")     # a str, ready to write or serve
    >>> page = render(store)                                  # the store's whole network view

The drawing is written here (spacekg/viz/page/: a canvas, pan, zoom, drag, search, details) and
the layout is computed in Python, so the page loads nothing from anywhere: no script, font or
style from the network (its Content-Security-Policy forbids it too). Text from documents
travels as JSON in a <script type="application/json"> with <, > and & escaped, and the page
inserts it with textContent only, so a report containing `<script>` shows it as text.
"""
from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources

import networkx as nx

from ..queries.network import DEFAULT_SEED, add_communities, project, view
from .layout import positions
from .style import (COMMUNITY_COLOURS, DIAMOND_TYPES, LINE_STYLES, RELATION_NAMES, SQUARE_TYPES, TYPE_COLOURS,
                    TYPE_NAMES, line_style, node_short_label, short_label)

PLACEHOLDER = re.compile(r"\{\{(TITLE|CSS|JS|DATA)\}\}")
# A cluster is named after its first two members in this order of types (events have long names).
NAME_ORDER = {"player": 0, "counterparty": 1, "resource": 1, "platform": 1, "technology": 2, "region": 3, "development": 4}
DEFAULT_TITLE = "spacekg: space-mining market network"


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    page = resources.files("spacekg.viz").joinpath("page")
    return {name: page.joinpath(f"page.{name}").read_text("utf-8") for name in ("html", "css", "js")}


def page_data(graph: nx.Graph, seed: int = DEFAULT_SEED) -> dict:
    """What the page draws: nodes with positions, edges by node index, types, clusters."""
    pos = positions(graph, seed)
    index = {n: i for i, n in enumerate(graph.nodes)}
    nodes = []
    for n, d in graph.nodes(data=True):
        x, y = pos[n]
        nodes.append({"id": n, "label": d["label"], "short": node_short_label(d), "type": d["type"],
                      "kind": d.get("kind", ""), "text": d.get("text", ""), "aliases": list(d.get("aliases", ())),
                      "date": str(d.get("date") or ""), "expected": str(d.get("expected") or ""),
                      "generic": bool(d.get("generic")),
                      "community": d.get("community", 0), "degree": graph.degree(n),
                      "x": round(x, 5), "y": round(y, 5)})
    edges = [{"s": index[a], "t": index[b], "relation": d.get("relation", ""), "line": line_style(d.get("relation", "")),
              "subject": index.get(d.get("subject"), index[a]),
              "evidence": [{"sentence": e["sentence"], "source": e.get("source", "")} for e in d.get("evidence", ())]}
             for a, b, d in graph.edges(data=True)]
    communities = {}
    for n, d in graph.nodes(data=True):
        communities.setdefault(d.get("community", 0), []).append(n)
    clusters = []
    for cid in sorted(communities):
        members = sorted(communities[cid], key=lambda n: (NAME_ORDER[graph.nodes[n]["type"]], -graph.degree(n),
                                                          graph.nodes[n]["label"].casefold()))
        name = ", ".join(node_short_label(graph.nodes[n], 20) if graph.nodes[n]["type"] == "counterparty"
                         else short_label(node_short_label(graph.nodes[n]), 20) for n in members[:2])
        clusters.append({"id": cid, "size": len(members), "name": name,
                         "colour": COMMUNITY_COLOURS[cid % len(COMMUNITY_COLOURS)]})
    focus = graph.graph.get("focus")
    return {"types": [{"id": t, "name": TYPE_NAMES[t], "colour": c, "square": t in SQUARE_TYPES,
                       "diamond": t in DIAMOND_TYPES}
                      for t, c in TYPE_COLOURS.items()],
            "relations": RELATION_NAMES, "lines": [{"style": s, "meaning": m} for s, m in LINE_STYLES],
            "nodes": nodes, "edges": edges, "communities": clusters,
            "focus": index.get(focus) if focus is not None else None}


def script_json(value) -> str:
    """JSON safe inside a <script> element: no <, > or & (so no `</script>`), no line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render(graph, title: str = DEFAULT_TITLE, seed: int = DEFAULT_SEED) -> str:
    """The whole page as one string.

    `graph` is a networkx graph from `spacekg.queries.network.view` (or any graph with the same node
    and edge attributes), or a store (anything with `.query`, local or remote): then the page
    shows its whole network view. So `render` is what `spacekg serve` calls for GET /graph.
    """
    if not isinstance(graph, nx.Graph):
        graph = view(project(graph), seed=seed)
    if any("community" not in d for _, d in graph.nodes(data=True)):
        graph = graph.copy()
        add_communities(graph, seed)
    assets = _assets()
    values = {"TITLE": html.escape(title), "CSS": assets["css"], "JS": assets["js"],
              "DATA": script_json(page_data(graph, seed))}
    # One pass, so text inside the data can never be taken for a placeholder.
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], assets["html"])
