"""Static pictures (PNG, SVG) with matplotlib's Agg backend: no window, no display needed.

The layout is the seeded one of `layout.positions` (the same as the HTML page's), so the same
graph and seed always give the same picture. Labels are cut short and outlined in white to stay
readable at around a hundred nodes; above LABEL_ALL only the best connected nodes are labelled.
"""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib
import networkx as nx
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

from ..queries.network import DEFAULT_SEED, add_communities
from .layout import convex_hull, positions
from .style import (DIAMOND_TYPES, LINE_STYLES, SQUARE_TYPES, TYPE_COLOURS, TYPE_NAMES, community_colour, line_style,
                    node_short_label)

DASHES = {"solid": "-", "dashed": (0, (3, 2)), "dotted": (0, (1, 1.5))}

WIDTH, HEIGHT, DPI = 1600, 1200, 100          # pixels of a PNG; an SVG has the same proportions
LABEL_ALL = 160                                # more nodes than this: label the best connected only

matplotlib.rcParams["svg.hashsalt"] = "spacekg"          # repeatable ids inside SVG files


def figure(graph: nx.Graph, title: str = "", seed: int = DEFAULT_SEED, width: int = WIDTH,
           height: int = HEIGHT) -> Figure:
    """The drawing as a matplotlib Figure (Agg canvas attached)."""
    if any("community" not in d for _, d in graph.nodes(data=True)):
        graph = graph.copy()
        add_communities(graph, seed)
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.94 if title else 0.98))
    ax.set_axis_off()
    if title:
        fig.suptitle(title, fontsize=14, y=0.985)
    n = graph.number_of_nodes()
    if n == 0:
        ax.text(0.5, 0.5, "nothing to show: the graph is empty", ha="center", va="center", fontsize=14)
        return fig
    pos = positions(graph, seed)
    ax_width, ax_height = width * 0.98, height * (0.94 if title else 0.98)
    to_pixels = _frame(ax, pos, ax_width, ax_height, _label_room(graph, n, ax_width))
    _clusters(ax, graph, pos)
    _edges(ax, graph, pos)
    _nodes(ax, graph, pos, n)
    _labels(ax, graph, pos, n, to_pixels, (ax_width, ax_height))
    _legend(ax, graph)
    return fig


def _font(n: int) -> float:
    return 9 if n <= 60 else 7.5 if n <= LABEL_ALL else 6.5


def _label_room(graph, n: int, ax_width: float) -> float:
    """Pixels kept free on each side for labels: the longest label beside its node (at most a
    fifth of the width; a label that still does not fit is placed on another side or left out)."""
    char_w = _font(n) * 0.58 * DPI / 72
    longest = max((len(node_short_label(d)) for _, d in graph.nodes(data=True)), default=0)
    return min(longest * char_w + 16, ax_width * 0.2)


def _frame(ax, pos, ax_width: float, ax_height: float, room: float):
    """Axis limits with equal scales on x and y (y downwards, `room` pixels for labels on both
    sides, a line above and below), and the function from layout coordinates to pixels (y downwards too)."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    room_y = 30.0
    scale = min((ax_width - 2 * room) / max(x1 - x0, 1e-9), (ax_height - 2 * room_y) / max(y1 - y0, 1e-9))
    scale = min(scale, ax_width, ax_height)              # one node, or a line of nodes: not infinitely close
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = ax_width / scale / 2, ax_height / scale / 2
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy + half_h, cy - half_h)
    return lambda p: ((p[0] - (cx - half_w)) * scale, (p[1] - (cy - half_h)) * scale)


def _clusters(ax, graph, pos) -> None:
    groups: dict[int, list] = {}
    for node, d in graph.nodes(data=True):
        groups.setdefault(d["community"], []).append(pos[node])
    for cid, pts in groups.items():
        if len(pts) < 2:
            continue
        hull = convex_hull([(float(x), float(y)) for x, y in pts])
        colour = _pale(community_colour(cid), 0.16)     # opaque: no darker band where edge meets face
        ax.add_patch(Polygon(hull, closed=True, facecolor=colour, edgecolor=colour, linewidth=22,
                             joinstyle="round", zorder=0))


def _pale(hex_colour: str, amount: float) -> tuple[float, float, float]:
    """`hex_colour` mixed into white."""
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return tuple(1 - (1 - c) * amount for c in rgb)


def _edges(ax, graph, pos) -> None:
    for a, b, d in graph.edges(data=True):
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.plot([x0, x1], [y0, y1], color="#777777", alpha=0.5, linewidth=0.6 + 0.3 * min(d.get("weight", 1), 4),
                linestyle=DASHES[line_style(d.get("relation", ""))], zorder=1, gid=f"edge-{d.get('relation', '')}")


def _size(degree: int, n: int) -> float:
    base = 90 if n <= 60 else 55 if n <= 160 else 25
    return base * (1 + 0.6 * math.sqrt(degree))


def _marker(node_type: str) -> str:
    """Circles; squares for developments, diamonds for unnamed counterparties."""
    return "s" if node_type in SQUARE_TYPES else "D" if node_type in DIAMOND_TYPES else "o"


def _nodes(ax, graph, pos, n: int) -> None:
    for marker, scale in (("o", 1), ("s", 0.8), ("D", 0.75)):
        nodes = [v for v in graph.nodes if _marker(graph.nodes[v]["type"]) == marker]
        if not nodes:
            continue
        ax.scatter([pos[v][0] for v in nodes], [pos[v][1] for v in nodes],
                   s=[_size(graph.degree(v), n) * scale for v in nodes],
                   c=[TYPE_COLOURS[graph.nodes[v]["type"]] for v in nodes], marker=marker,
                   edgecolors="white", linewidths=0.8, zorder=2)


def _labels(ax, graph, pos, n: int, to_pixels, area: tuple[float, float]) -> int:
    """Labels beside their nodes, best connected first, each where it overlaps no label or node
    placed before it and stays inside the picture (right, left, above or below); a label that
    fits nowhere is left out, never cut at the edge. Returns how many were drawn."""
    fontsize = _font(n)
    px_per_pt = DPI / 72
    char_w, line_h = fontsize * 0.58 * px_per_pt, fontsize * 1.25 * px_per_pt
    centres = {v: to_pixels(pos[v]) for v in graph}
    taken = []                                            # boxes (x0, y0, x1, y1) in pixels
    for v in graph:
        r = math.sqrt(_size(graph.degree(v), n)) / 2 * px_per_pt
        x, y = centres[v]
        taken.append((x - r, y - r, x + r, y + r))
    order = sorted(graph.nodes, key=lambda v: (-graph.degree(v), v))
    outline = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    drawn = 0
    for v in order[:LABEL_ALL * 2]:
        text = node_short_label(graph.nodes[v])
        w, h = len(text) * char_w, line_h
        x, y = centres[v]
        gap = math.sqrt(_size(graph.degree(v), n)) / 2 * px_per_pt + 3
        candidates = [((x + gap, y - h / 2, x + gap + w, y + h / 2), (gap, 0), "left", "center"),
                      ((x - gap - w, y - h / 2, x - gap, y + h / 2), (-gap, 0), "right", "center"),
                      ((x - w / 2, y - gap - h, x + w / 2, y - gap), (0, gap), "center", "bottom"),
                      ((x - w / 2, y + gap, x + w / 2, y + gap + h), (0, -gap), "center", "top")]
        for box, offset, ha, va in candidates:
            inside = box[0] >= 2 and box[1] >= 2 and box[2] <= area[0] - 2 and box[3] <= area[1] - 2
            if inside and not any(_overlap(box, other) for other in taken):
                taken.append(box)
                ax.annotate(text, pos[v], xytext=(offset[0] / px_per_pt, offset[1] / px_per_pt),
                            textcoords="offset points", fontsize=fontsize, ha=ha, va=va, color="#222222",
                            path_effects=outline, zorder=3)
                drawn += 1
                break
        if drawn >= LABEL_ALL:
            break
    return drawn


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legend(ax, graph) -> None:
    present = [t for t in TYPE_COLOURS if any(d["type"] == t for _, d in graph.nodes(data=True))]
    handles = [Line2D([], [], marker=_marker(t), linestyle="", markersize=8,
                      markerfacecolor=TYPE_COLOURS[t], markeredgecolor="white", label=TYPE_NAMES[t]) for t in present]
    drawn = {line_style(d.get("relation", "")) for _, _, d in graph.edges(data=True)}
    for style, meaning in LINE_STYLES:
        if style in drawn:
            handles.append(Line2D([], [], color="#777777", linewidth=1.2, linestyle=DASHES[style], label=meaning))
    # the clusters shaded: those with two members or more (a node on its own gets no shading)
    sizes: dict[int, int] = {}
    for _, d in graph.nodes(data=True):
        sizes[d["community"]] = sizes.get(d["community"], 0) + 1
    clusters = sum(1 for size in sizes.values() if size >= 2)
    ax.legend(handles=handles, loc="lower right", fontsize=9, framealpha=0.9, title_fontsize=9,
              title=f"{clusters} cluster{'s' if clusters != 1 else ''} (shaded)")


def save(graph: nx.Graph, path: str | Path, fmt: str, title: str = "", seed: int = DEFAULT_SEED,
         width: int = WIDTH, height: int = HEIGHT) -> None:
    """Write a PNG or SVG (`fmt` "png" or "svg") of exactly width x height pixels (PNG)."""
    fig = figure(graph, title, seed, width, height)
    metadata = {"Date": None} if fmt == "svg" else {"Software": "spacekg"}
    fig.savefig(path, format=fmt, dpi=DPI, metadata=metadata, facecolor="white")
