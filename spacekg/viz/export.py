"""The network view for other tools: GraphML and GEXF (Gephi, Cytoscape, yEd) and DOT (Graphviz).

These formats hold plain values only, so lists become text: aliases joined by "; ", evidence
sentences one per line. The community is a node attribute everywhere; GEXF also carries each
node's colour and position (Gephi shows the same picture), DOT draws each community as a cluster.
"""
from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from ..queries.network import DEFAULT_SEED, add_communities
from .layout import positions
from .style import (DIAMOND_TYPES, RELATION_NAMES, SQUARE_TYPES, TYPE_COLOURS, community_colour,
                    line_style, node_short_label)


def flat(graph: nx.Graph) -> nx.Graph:
    """A copy with only str, int, float and bool attributes (what GraphML and GEXF can hold)."""
    if any("community" not in d for _, d in graph.nodes(data=True)):
        graph = graph.copy()
        add_communities(graph)
    out = nx.Graph()
    for n, d in graph.nodes(data=True):
        out.add_node(n, label=d["label"], type=d["type"], kind=d.get("kind", ""), text=d.get("text", ""),
                     aliases="; ".join(d.get("aliases", ())), community=int(d["community"]),
                     degree=graph.degree(n), generic=bool(d.get("generic", False)),
                     date=str(d.get("date") or ""), expected=str(d.get("expected") or ""))
    for a, b, d in graph.edges(data=True):
        evidence = d.get("evidence", ())
        out.add_edge(a, b, relation=d.get("relation", ""), subject=d.get("subject", a),
                     weight=int(d.get("weight", 1)),
                     evidence="\n".join(e["sentence"] for e in evidence),
                     sources="; ".join(sorted({e["source"] for e in evidence if e.get("source")})))
    return out


def _target(path):
    """A binary file as it is (spacekg.output hands one over), else the path as a string."""
    return path if hasattr(path, "write") else str(path)


def write_graphml(graph: nx.Graph, path) -> None:
    """To a path or a binary file."""
    nx.write_graphml(flat(graph), _target(path), encoding="utf-8", prettyprint=True)


def write_gexf(graph: nx.Graph, path, seed: int = DEFAULT_SEED) -> None:
    """To a path or a binary file."""
    g = flat(graph)
    pos = positions(g, seed)
    for n, d in g.nodes(data=True):
        r, gr, b = _rgb(TYPE_COLOURS[d["type"]])
        d["viz"] = {"color": {"r": r, "g": gr, "b": b, "a": 1.0},
                    "position": {"x": round(pos[n][0] * 1000, 2), "y": round(-pos[n][1] * 1000, 2), "z": 0.0},
                    "size": round(5 + 2 * d["degree"] ** 0.5, 2)}
    nx.write_gexf(g, _target(path), encoding="utf-8", prettyprint=True)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def dot_text(graph: nx.Graph) -> str:
    """Graphviz source: nodes coloured by type, one `cluster_N` subgraph per community."""
    g = flat(graph)
    lines = ["graph spacekg {", "  graph [overlap=false, splines=true, fontname=\"Helvetica\"];",
             "  node [shape=ellipse, style=filled, fontname=\"Helvetica\", fontsize=10, fontcolor=white];",
             "  edge [color=\"#888888\", fontname=\"Helvetica\", fontsize=8];"]
    communities: dict[int, list[str]] = {}
    for n, d in g.nodes(data=True):
        communities.setdefault(d["community"], []).append(n)
    for cid in sorted(communities):
        lines.append(f"  subgraph cluster_{cid} {{")
        lines.append(f"    label={_q(f'cluster {cid + 1}')}; style=filled; color={_q(community_colour(cid) + '30')};")
        for n in communities[cid]:
            d = g.nodes[n]
            shape = "box" if d["type"] in SQUARE_TYPES else "diamond" if d["type"] in DIAMOND_TYPES else "ellipse"
            label = node_short_label(d, 40)          # a development: its kind and date; "(unnamed)" never cut
            lines.append(f"    {_q(n)} [label={_q(label)}, tooltip={_q(d['label'])}, shape={shape}, "
                         f"fillcolor={_q(TYPE_COLOURS[d['type']])}, type={_q(d['type'])}, community={cid}];")
        lines.append("  }")
    for a, b, d in g.edges(data=True):
        first, second = (a, b) if d["subject"] == a else (b, a)
        verb = RELATION_NAMES.get(d["relation"], (d["relation"],))[0]
        lines.append(f"  {_q(first)} -- {_q(second)} [label={_q(verb)}, relation={_q(d['relation'])}, "
                     f"style={line_style(d['relation'])}, weight={d['weight']}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


_LINE_BREAKS = re.compile(r"\r\n|[\n\r\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _q(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, line breaks as \\n, no control characters."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _CONTROL.sub(" ", _LINE_BREAKS.sub("\\\\n", escaped)) + '"'


def write_dot(graph: nx.Graph, path) -> None:
    """To a path or a binary file."""
    data = dot_text(graph).encode("utf-8")
    if hasattr(path, "write"):
        path.write(data)
    else:
        Path(path).write_bytes(data)
