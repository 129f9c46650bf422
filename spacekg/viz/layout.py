"""A deterministic layout (seeded) shared by the HTML page and the static drawing.

Force layouts spread one connected piece well but let separate pieces drift apart, so each
connected component is laid out on its own (ForceAtlas2, starting from a layout of its
communities so that clusters stay together), scaled by its size, and the pieces are packed in
rows, largest first; nodes without edges go on a grid below them.
"""
from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np

from ..queries.network import DEFAULT_SEED

GAP = 0.35                    # space between packed components, in units of one node's share
INSIDE, BETWEEN = 2.0, 0.3        # edge weights of the layout: inside a community, across two
FORCEATLAS_UP_TO = 1500           # nodes in one component; above, a quicker spring layout
SINGLE_DX, SINGLE_DY = 3.0, 0.8   # grid spacing of nodes without edges


def positions(graph: nx.Graph, seed: int = DEFAULT_SEED) -> dict[str, tuple[float, float]]:
    """Node -> (x, y) with x in [0, 1] and y in [0, height/width]; y grows downwards."""
    if graph.number_of_nodes() == 0:
        return {}
    pieces = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    boxes = []                # (side, {node: (x, y)} within a box of that side)
    singles = [c[0] for c in pieces if len(c) == 1]
    for nodes in (c for c in pieces if len(c) > 1):
        side = math.sqrt(len(nodes)) * 1.4
        boxes.append((side, _fit(_landscape(_component(graph.subgraph(nodes), seed)), side)))
    placed = _pack(boxes) if boxes else {}
    if singles:                   # a grid below the rest, wider than high: labels run to the right
        width = max((p[0] for p in placed.values()), default=0.0)
        cols = max(int(width / SINGLE_DX) + 1, math.ceil(math.sqrt(len(singles) * 2)))
        top = max((p[1] for p in placed.values()), default=-GAP) + GAP + 0.5
        for i, n in enumerate(singles):
            placed[n] = ((i % cols) * SINGLE_DX + 0.5, top + (i // cols) * SINGLE_DY)
    xs = [p[0] for p in placed.values()]
    ys = [p[1] for p in placed.values()]
    x0, y0 = min(xs), min(ys)
    span = max(max(xs) - x0, max(ys) - y0, 1e-9)
    return {n: (float((x - x0) / span), float((y - y0) / span)) for n, (x, y) in placed.items()}


def _component(sub: nx.Graph, seed: int) -> dict:
    """A force layout of one connected component that keeps clusters together.

    Nodes start around their community's place in a layout of the communities themselves, and
    edges inside a community pull harder than edges between communities.
    """
    n = sub.number_of_nodes()
    community = {v: sub.nodes[v].get("community", 0) for v in sub}
    groups = sorted(set(community.values()))
    if len(groups) > 1:
        between = nx.Graph()
        between.add_nodes_from(groups)
        for a, b in sub.edges:
            ca, cb = community[a], community[b]
            if ca != cb:
                w = between.get_edge_data(ca, cb, {"weight": 0})["weight"]
                between.add_edge(ca, cb, weight=w + 1)
        centres = nx.spring_layout(between, seed=seed, weight="weight")
    else:
        centres = {groups[0]: (0.0, 0.0)}
    rnd = random.Random(seed)
    spread = 0.6 / math.sqrt(len(groups))
    start = {v: (centres[community[v]][0] + rnd.uniform(-spread, spread),
                 centres[community[v]][1] + rnd.uniform(-spread, spread)) for v in sub}
    weighted = nx.Graph()
    weighted.add_nodes_from(sub)
    weighted.add_edges_from((a, b, {"w": INSIDE if community[a] == community[b] else BETWEEN}) for a, b in sub.edges)
    if n > FORCEATLAS_UP_TO:           # ForceAtlas2 here is O(n^2) in time and memory per step
        return nx.spring_layout(weighted, pos=start, seed=seed, weight="w", iterations=40, k=1.8 / math.sqrt(n))
    start_arrays = {v: np.array(p, dtype=float) for v, p in start.items()}
    # Hubs (a platform most players target) pushed to the edge of their cluster, and node sizes
    # that keep nodes from sitting on top of each other.
    return nx.forceatlas2_layout(weighted, pos=start_arrays, seed=seed, weight="w", distributed_action=True,
                                 node_size={v: 0.5 for v in weighted},
                                 max_iter=300 if n <= 300 else max(60, 300 * 300 // n))


def _landscape(pos: dict) -> dict:
    """Turned so that the longest spread runs left to right (pages and pictures are wide)."""
    nodes = list(pos)
    xy = np.array([pos[v] for v in nodes], dtype=float)
    xy -= xy.mean(axis=0)
    if len(nodes) < 3 or not np.any(xy):
        return {v: tuple(p) for v, p in zip(nodes, xy)}
    _, vectors = np.linalg.eigh(np.cov(xy.T))
    major = vectors[:, -1] * (1 if vectors[0, -1] >= 0 else -1)        # a fixed sign: repeatable
    minor = np.array([-major[1], major[0]])
    turned = np.column_stack([xy @ major, xy @ minor])
    return {v: (float(p[0]), float(p[1])) for v, p in zip(nodes, turned)}


def _fit(raw: dict, side: float) -> dict[str, tuple[float, float]]:
    """Coordinates scaled so that the longer side of their box is `side` (shape kept)."""
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    w = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return {n: ((p[0] - min(xs)) / w * side, (p[1] - min(ys)) / w * side) for n, p in raw.items()}


def _pack(boxes: list[tuple[float, dict]]) -> dict[str, tuple[float, float]]:
    """Shelf packing: boxes left to right in rows of about the total area's square root."""
    total = sum((side + GAP) ** 2 for side, _ in boxes)
    width = max(math.sqrt(total) * 1.3, max(side for side, _ in boxes))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for side, coords in boxes:
        w = max(max((p[0] for p in coords.values()), default=0), side)
        h = max(max((p[1] for p in coords.values()), default=0), side * 0.2)
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for n, (px, py) in coords.items():
            out[n] = (x + px, y + py)
        x += w + GAP
        row_height = max(row_height, h)
    return out


def convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of `points`, counter-clockwise (Andrew's monotone chain)."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    upper: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
