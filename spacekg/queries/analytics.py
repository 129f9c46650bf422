"""Network measures of the players: who is central by degree, betweenness and PageRank.

Measured on the whole network view (`network.project`), so a player who targets many resources
or takes part in many developments counts as connected, not only one with partners; the ranking
lists players only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from .network import DEFAULT_SEED, add_communities

MEASURES = ("degree", "betweenness", "pagerank")
EXACT_BETWEENNESS_UP_TO = 800       # nodes; above this, betweenness is estimated from a seeded sample


@dataclass
class Ranked:
    rank: int
    player: str          # label
    iri: str
    score: float
    degree: int          # number of edges, whatever the measure


@dataclass
class Community:
    id: int
    size: int
    players: list[str] = field(default_factory=list)      # labels, most connected first
    members: list[str] = field(default_factory=list)      # every label, most connected first


def scores(graph: nx.Graph, measure: str, seed: int = DEFAULT_SEED) -> dict[str, float]:
    """One centrality measure for every node."""
    if measure == "degree":
        return nx.degree_centrality(graph)
    if measure == "betweenness":
        n = graph.number_of_nodes()
        k = None if n <= EXACT_BETWEENNESS_UP_TO else EXACT_BETWEENNESS_UP_TO // 2
        return nx.betweenness_centrality(graph, k=k, seed=seed if k else None)
    if measure == "pagerank":
        return nx.pagerank(graph, weight="weight") if graph.number_of_edges() else \
            {n: 1 / max(graph.number_of_nodes(), 1) for n in graph}
    raise ValueError(f"unknown measure {measure!r}")


def top_players(graph: nx.Graph, measure: str, top: int = 10, seed: int = DEFAULT_SEED) -> list[Ranked]:
    """The `top` players by `measure`, ties broken by name. A player with no edge is left out: it
    is not central by any measure (PageRank still gives it a share, which put it among the ranked)."""
    values = scores(graph, measure, seed)
    players = [n for n, d in graph.nodes(data=True) if d["type"] == "player" and graph.degree(n) > 0]
    players.sort(key=lambda n: (-values[n], graph.nodes[n]["label"].casefold()))
    return [Ranked(i + 1, graph.nodes[n]["label"], n, round(values[n], 6), graph.degree(n))
            for i, n in enumerate(players[:top])]


def centrality(graph: nx.Graph, top: int = 10, seed: int = DEFAULT_SEED) -> dict[str, list[Ranked]]:
    """The top players for each of MEASURES."""
    return {m: top_players(graph, m, top, seed) for m in MEASURES}


def communities(graph: nx.Graph, seed: int = DEFAULT_SEED) -> list[Community]:
    """The clusters of the network (Louvain, seeded), largest first, with their members."""
    out = []
    for i, members in enumerate(add_communities(graph, seed)):
        ordered = sorted(members, key=lambda n: (-graph.degree(n), graph.nodes[n]["label"].casefold()))
        labels = [graph.nodes[n]["label"] for n in ordered]
        players = [graph.nodes[n]["label"] for n in ordered if graph.nodes[n]["type"] == "player"]
        out.append(Community(i, len(members), players, labels))
    return out
