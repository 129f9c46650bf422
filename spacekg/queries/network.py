"""The network view of the knowledge graph: RDF query results -> one networkx graph.

Every picture (HTML, PNG, SVG, GraphML, GEXF, DOT) and every measure (centrality, communities)
starts from `project()`, so they all show the same nodes and edges.

Nodes are entity IRIs with the attributes

    label      the canonical name (rdfs:label); an unnamed counterparty's ends in " (unnamed)"
    type       player | counterparty | resource | platform | technology | development | region
    aliases    skos:altLabel values, sorted (a counterparty's: also its name without " (unnamed)")
    kind       players: company, agency, ... ("" when unknown)
    generic    True for an unnamed counterparty (sm:Counterparty, or a sm:Player with sm:generic true)
    text       developments: the reported event ("" otherwise)
    date       developments: sm:date as stored ("2029", "2026-03"; "" when none)
    expected   developments: sm:expectedDate, when it is expected to happen ("" when none)
    community  an int, set by `add_communities` (0 is the largest cluster)

Edges are undirected (nx.Graph) with

    relation   targets | collaborates | works_with | develops | based_in | participant | concerns
    subject    the node the relation reads from ("X targets Y": X; a development for participant)
    evidence   a list of {"sentence", "source", "start", "end"} dicts, in document order
    weight     how many evidence sentences back the edge (at least 1)

The store is anything with `.query(sparql, substitutions=None, timeout=None) -> Results` (the local
Store, or a client of a remote SPARQL endpoint). This module never imports spaCy.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from importlib import resources

import networkx as nx

from ..errors import VizError
from ..graph.namespaces import SM, SMR

NODE_TYPES = ("player", "counterparty", "resource", "platform", "technology", "development", "region")
CLASS_TYPES = {SM + "Player": "player", SM + "Counterparty": "counterparty", SM + "Resource": "resource",
               SM + "Platform": "platform", SM + "Technology": "technology", SM + "Development": "development",
               SM + "Region": "region"}
UNNAMED = " (unnamed)"          # how an unnamed counterparty's label ends, in every picture and export
# When one name fits several nodes, the first type in this order wins (a player before a concept).
TYPE_PREFERENCE = {t: i for i, t in enumerate(NODE_TYPES)}
DEFAULT_SEED = 42


def _query_text(name: str) -> str:
    """A graph-*.rq file of the query library (read as data; graph/ does not import queries/)."""
    return resources.files("spacekg.queries").joinpath(f"{name}.rq").read_text("utf-8")


def project(store, timeout: float | None = None) -> nx.Graph:
    """The whole network view of what `store` holds."""
    nodes = store.query(_query_text("graph-nodes"), substitutions=None, timeout=timeout).records()
    edges = store.query(_query_text("graph-edges"), substitutions=None, timeout=timeout).records()
    return build(nodes, edges)


def build(node_rows: Iterable[dict], edge_rows: Iterable[dict]) -> nx.Graph:
    """The graph from the records of graph-nodes.rq and graph-edges.rq (plain dicts)."""
    graph = nx.Graph()
    aliases: dict[str, set[str]] = {}
    for row in node_rows:
        node, ntype = row["node"], CLASS_TYPES.get(row["class"])
        if ntype is None:
            continue
        label = str(row.get("label") or _local_name(node))
        if node not in graph:
            graph.add_node(node, label=label, type=ntype, kind="", text="", generic=False, date="", expected="")
            aliases[node] = set()
        data = graph.nodes[node]
        if row.get("label") and (label.casefold(), label) < (data["label"].casefold(), data["label"]):
            data["label"] = label        # several labels (several reports): the same one every time
        if TYPE_PREFERENCE[ntype] < TYPE_PREFERENCE[data["type"]]:
            data["type"] = ntype
        if row.get("alias"):
            aliases[node].add(str(row["alias"]))
        if row.get("kind"):
            data["kind"] = str(row["kind"])
        if row.get("text"):
            data["text"] = str(row["text"])
        if _true(row.get("generic")):
            data["generic"] = True
        for key, var in (("date", "date"), ("expected", "expected")):
            value = row.get(var)
            if value not in (None, "") and (not data[key] or str(value) < data[key]):
                data[key] = str(value)           # several dates: the earliest, the same one every time
    for node, names in aliases.items():
        data = graph.nodes[node]
        if data["type"] == "counterparty":
            data["generic"] = True
        if data["generic"] and data["type"] in ("player", "counterparty"):
            # An unnamed player ("a consortium in China"): its own type, and said so wherever it
            # is shown; its name without the mark stays findable as an alias. (sm:generic on
            # anything else is kept as the attribute, and changes nothing.)
            data["type"] = "counterparty"
            names.add(data["label"])
            data["label"] = unnamed_label(data["label"])
        data["aliases"] = sorted(names - {data["label"]}, key=str.casefold)

    seen: dict[tuple[str, str], set[tuple]] = {}
    for row in edge_rows:
        a, b, relation = row["a"], row["b"], row["relation"]
        if a == b or a not in graph or b not in graph:
            continue                     # an endpoint outside the view (a phase, an application ...)
        if not graph.has_edge(a, b):
            graph.add_edge(a, b, relation=relation, subject=a, evidence=[], weight=1)
            seen[_key(a, b)] = set()
        if row.get("sentence"):
            ev = {"sentence": str(row["sentence"]), "source": str(row.get("source") or ""),
                  "start": row.get("start"), "end": row.get("end")}
            marker = (ev["source"], ev["start"], ev["sentence"])
            if marker not in seen[_key(a, b)]:
                seen[_key(a, b)].add(marker)
                graph.edges[a, b]["evidence"].append(ev)
    for _, _, data in graph.edges(data=True):
        data["evidence"].sort(key=lambda e: (e["source"], e["start"] if e["start"] is not None else -1))
        data["weight"] = max(1, len(data["evidence"]))
    # Players are shown even with no edge yet; other entities only when something links to them.
    graph.remove_nodes_from([n for n, d in list(graph.nodes(data=True))
                             if d["type"] != "player" and graph.degree(n) == 0])
    # Sorted, so that layouts and communities (which depend on node order) repeat exactly.
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes(data=True), key=lambda nd: nd[0]))
    ordered.add_edges_from(sorted(graph.edges(data=True), key=lambda e: _key(e[0], e[1])))
    return ordered


def unnamed_label(name: str) -> str:
    """"a consortium in China" -> "a consortium in China (unnamed)" (once)."""
    return name if name.endswith(UNNAMED) else name + UNNAMED


def _true(value) -> bool:
    """sm:generic read locally (a bool) or from a remote endpoint (maybe the text "true")."""
    return value is True or str(value).strip().lower() in ("true", "1")


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _local_name(node: str) -> str:
    return node.rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- choosing what to show

def parse_types(text: str | Iterable[str] | None) -> set[str] | None:
    """'player,resource' -> {'player', 'resource'}; None or empty: every type."""
    if text is None:
        return None
    items = text.split(",") if isinstance(text, str) else list(text)
    wanted = {t.strip().lower() for t in items if t.strip()}
    # Plural forms read naturally on a command line (--types players,resources).
    wanted = {t[:-1] if t.endswith("s") and t[:-1] in NODE_TYPES else t for t in wanted}
    unknown = sorted(wanted - set(NODE_TYPES))
    if unknown:
        raise VizError(f"unknown type {', '.join(unknown)} (choose from {', '.join(NODE_TYPES)})")
    return wanted or None


def resolve(graph: nx.Graph, name: str) -> str:
    """The node a user means by `name`: its IRI, smr:... form, label or alias (any case)."""
    text = name.strip()
    if text in graph:
        return text
    if text.startswith("smr:") and SMR + text[4:] in graph:
        return SMR + text[4:]
    folded = text.casefold()
    by_label = [n for n, d in graph.nodes(data=True) if d["label"].casefold() == folded]
    matches = by_label or [n for n, d in graph.nodes(data=True)
                           if any(a.casefold() == folded for a in d.get("aliases", ()))]
    if matches:
        return min(matches, key=lambda n: (TYPE_PREFERENCE[graph.nodes[n]["type"]], n))
    names = sorted({d["label"] for _, d in graph.nodes(data=True)})
    close = difflib.get_close_matches(text, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise VizError(f"no entity named '{name}' in the graph{hint}")


def view(graph: nx.Graph, focus: str | None = None, depth: int = 1, types: Iterable[str] | None = None,
         min_degree: int = 0, seed: int = DEFAULT_SEED) -> nx.Graph:
    """The part of `graph` to show, with communities.

    Order: keep the chosen types, then the neighbourhood of `focus` within `depth` steps, then
    drop nodes with fewer than `min_degree` edges in what is left. The focus node always stays.
    """
    if depth < 0:
        raise VizError("--depth must be 0 or more")
    if min_degree < 0:
        raise VizError("--min-degree must be 0 or more")
    center = resolve(graph, focus) if focus else None
    wanted = set(types) if types else set(NODE_TYPES)
    keep = [n for n, d in graph.nodes(data=True) if d["type"] in wanted or n == center]
    sub = graph.subgraph(keep)
    if center is not None:
        sub = nx.ego_graph(sub, center, radius=depth)
    if min_degree > 0:
        sub = sub.subgraph([n for n in sub if sub.degree(n) >= min_degree or n == center])
    out = nx.Graph(sub)                    # a copy: attributes of the view never reach `graph`
    out.graph.update(graph.graph)
    if center is not None:
        out.graph["focus"] = center
    add_communities(out, seed=seed)
    return out


def add_communities(graph: nx.Graph, seed: int = DEFAULT_SEED) -> list[set[str]]:
    """Louvain communities (seeded, so repeatable) as the node attribute `community`.

    Numbered by size, largest first (ties by smallest label), so the numbers are stable too.
    """
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(graph.nodes[n]["label"].casefold() for n in c)))
    for i, members in enumerate(ordered):
        for n in members:
            graph.nodes[n]["community"] = i
    graph.graph["communities"] = len(ordered)
    return ordered
