"""The competitive map: players x resources, platforms, phases and applications.

A cell counts the statements that put a player on a concept: its target claims, and the
developments it takes part in that concern the concept. A claim and a development read from the
same sentence are one statement, so a cell counts distinct evidence sentences.

Columns are the concepts some statement names plus those a report's segmentation lists (a
segment nobody targets is white space on the map); rows are the players with at least one
statement in that dimension, busiest first.

Rows are named players only. The unnamed counterparties the reports mention ("consortium in
China", sm:generic true) are not competitors one can compare (and "investors in China" in two
reports need not be the same investors), so they are not rows: they are listed beside the map,
marked "(unnamed)", with the concepts their statements concern (`Map.unnamed`).

The counts are counted in SPARQL (competitive-map-counts: one row per cell); the statements
themselves, with their sentences, are read only when the evidence is asked for (competitive-map),
as reading every sentence of a thousand reports takes seven times as long as counting them.

`store` is anything with `.query(sparql, substitutions=, timeout=)`.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SpacekgError
from ..vocabulary import load_vocabulary
from .access import Reader, literal
from .answer import Evidence
from .format import render as render_rows
from .format import table
from .network import unnamed_label

DIMENSIONS = ("resource", "platform", "phase", "application")
VOCAB_DIMENSION = {"resource": "resource_type", "platform": "platform", "phase": "phase",
                   "application": "application"}


@dataclass
class Map:
    """One dimension of the map. `cells` holds each cell's statements when the evidence was read."""
    dimension: str
    players: list[str] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    cells: dict[tuple[str, str], list[Evidence]] | None = None
    # unnamed counterparties, not rows of the map: ("consortium in China (unnamed)", concept) -> statements
    unnamed: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, player: str, concept: str) -> int:
        return self.counts.get((player, concept), 0)

    def unnamed_by_counterparty(self) -> dict[str, dict[str, int]]:
        """"consortium in China (unnamed)" -> concept -> statements, concepts in the map's order."""
        out: dict[str, dict[str, int]] = {}
        order = {c: i for i, c in enumerate(self.concepts)}
        for (name, concept), n in sorted(self.unnamed.items(),
                                         key=lambda kv: (kv[0][0].casefold(), order.get(kv[0][1], len(order)), kv[0][1])):
            out.setdefault(name, {})[concept] = n
        return out


def competitive_map(store, dimensions: list[str] | tuple[str, ...] | None = None,
                    timeout: float | None = None, evidence: bool = False) -> list[Map]:
    """The map of each dimension asked for (default: each that has statements); with `evidence`,
    every cell's statements too."""
    reader = Reader(store, timeout)
    wanted = list(dimensions or DIMENSIONS)
    bound = literal(wanted[0]) if len(wanted) == 1 else None
    cells = _statements(reader, bound) if evidence else None
    counts = ({dim: {k: len(v) for k, v in by_cell.items()} for dim, by_cell in cells.items()} if evidence
              else _counts(reader, bound))
    listed: dict[str, set[str]] = {}
    for r in reader.rows("listed-segments", dimension=bound):
        listed.setdefault(r["dimension"], set()).add(r["label"])
    unnamed: dict[str, dict[tuple[str, str], int]] = {}
    generic: set[str] = set()
    for r in reader.rows("competitive-map-unnamed", dimension=bound):
        generic.add(r["name"])
        unnamed.setdefault(r["dimension"], {})[(unnamed_label(r["name"]), r["conceptLabel"])] = int(r["statements"])
    maps = []
    for dim in wanted:
        # a generic sm:Player's own target claims are counted by the queries above too: not a row
        named = {k: v for k, v in counts.get(dim, {}).items() if k[0] not in generic}
        named_cells = {k: v for k, v in cells.get(dim, {}).items() if k[0] not in generic} if cells is not None else None
        m = Map(dim, counts=named, cells=named_cells, unnamed=unnamed.get(dim, {}))
        m.concepts = _order(dim, {c for _, c in m.counts} | listed.get(dim, set()) | {c for _, c in m.unnamed})
        totals: dict[str, int] = {}
        for (p, _), n in m.counts.items():
            totals[p] = totals.get(p, 0) + n
        m.players = sorted(totals, key=lambda p: (-totals[p], p.casefold()))
        if m.players or m.unnamed or dimensions:
            maps.append(m)
    return maps


def _counts(reader: Reader, dimension) -> dict[str, dict[tuple[str, str], int]]:
    """dimension -> (player, concept) -> statements, counted by the store."""
    counts: dict[str, dict[tuple[str, str], int]] = {}
    for r in reader.rows("competitive-map-counts", dimension=dimension):
        counts.setdefault(r["dimension"], {})[(r["name"], r["conceptLabel"])] = r["statements"]
    return counts


def _statements(reader: Reader, dimension) -> dict[str, dict[tuple[str, str], list[Evidence]]]:
    """dimension -> (player, concept) -> its statements, one per evidence sentence."""
    statements: dict[str, dict[tuple[str, str], dict[tuple, Evidence]]] = {}
    for r in reader.rows("competitive-map", dimension=dimension):
        ev = Evidence(r.get("sentence") or "", r.get("source"), r.get("start"), r.get("end"))
        ident = (r.get("source"), r.get("start")) if r.get("sentence") else (r["statement"],)
        cell = statements.setdefault(r["dimension"], {}).setdefault((r["name"], r["conceptLabel"]), {})
        cell.setdefault(ident, ev)
    return {dim: {k: list(v.values()) for k, v in by_cell.items()} for dim, by_cell in statements.items()}


def _order(dim: str, concepts: set[str]) -> list[str]:
    """The vocabulary's order (the reports' segmentation order), then other concepts by name."""
    vocab = [c.label for c in load_vocabulary().concepts(VOCAB_DIMENSION[dim])]
    return [c for c in vocab if c in concepts] + sorted(concepts - set(vocab), key=str.casefold)


# ---------------------------------------------------------------- output

def render(maps: list[Map], fmt: str = "table", evidence: bool = False) -> str:
    """The maps as a table, JSON or CSV; with `evidence`, the statements too (maps read with evidence=True)."""
    if fmt == "json":
        return json.dumps(to_json(maps, evidence), indent=2, ensure_ascii=False)
    if fmt == "csv":
        return to_csv(maps, evidence)
    return to_text(maps, evidence)


def to_text(maps: list[Map], evidence: bool = False) -> str:
    _check_evidence(maps, evidence)
    if not maps:
        return "The store holds no target claims or developments to map."
    out = []
    for m in maps:
        out.append(f"players x {m.dimension}s (statements per cell)")
        rows = [[p] + [m.count(p, c) or "-" for c in m.concepts] + [sum(m.count(p, c) for c in m.concepts)]
                for p in m.players]
        out += [table(["player", *m.concepts, "total"], rows), ""]
        if m.unnamed:
            out.append("unnamed counterparties (not rows of the map: the reports do not name them)")
            for name, by_concept in m.unnamed_by_counterparty().items():
                out.append(f"  {name}: " + ", ".join(f"{c} {n}" for c, n in by_concept.items()))
            out.append("")
        if evidence:
            for p in m.players:
                for c in m.concepts:
                    for e in m.cells.get((p, c), ()):
                        out.append(f"  {p} x {c}: {e.sentence} [{e.where()}]")
            out.append("")
    return "\n".join(out).rstrip("\n")


def to_json(maps: list[Map], evidence: bool = False) -> dict:
    _check_evidence(maps, evidence)
    return {m.dimension: {
        "players": m.players,
        "concepts": m.concepts,
        "counts": {p: {c: m.count(p, c) for c in m.concepts} for p in m.players},
        "unnamed": m.unnamed_by_counterparty(),
        **({"evidence": [{"player": p, "concept": c, "statements": [e.to_json() for e in evs]}
                         for (p, c), evs in sorted(m.cells.items())]} if evidence else {}),
    } for m in maps}


def to_csv(maps: list[Map], evidence: bool = False) -> str:
    """Long form: one row per non-empty cell (per statement with --evidence); named players only."""
    _check_evidence(maps, evidence)
    headers = ["dimension", "player", "concept", "statements"] + (["sentence", "source", "start", "end"]
                                                                   if evidence else [])
    rows = []
    for m in maps:
        for p in m.players:
            for c in m.concepts:
                n = m.count(p, c)
                if not n:
                    continue
                if evidence:
                    rows += [[m.dimension, p, c, n, e.sentence, e.source, e.start, e.end] for e in m.cells[(p, c)]]
                else:
                    rows.append([m.dimension, p, c, n])
    return render_rows(headers, rows, "csv")


def _check_evidence(maps: list[Map], evidence: bool) -> None:
    if evidence and any(m.cells is None for m in maps):
        raise ValueError("the map's evidence was not read: build it with competitive_map(..., evidence=True)")


def heatmap(maps: list[Map], path: str | os.PathLike) -> None:
    """A labelled heatmap per dimension, stacked, written to PNG, SVG or PDF (by the file's suffix)."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in ("png", "svg", "pdf"):
        raise SpacekgError(f"{path}: the heatmap is written as .png, .svg or .pdf")
    maps = [m for m in maps if m.players]
    if not maps:
        raise SpacekgError("nothing to draw: the store holds no target claims or developments")
    try:
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError:
        raise SpacekgError("drawing the map needs matplotlib: pip install matplotlib") from None

    heights = [max(len(m.players), 1) * 0.45 + 1.8 for m in maps]
    width = max(len(m.concepts) for m in maps) * 1.3 + 3.5
    fig = Figure(figsize=(width, sum(heights)), layout="constrained")
    axes = fig.subplots(len(maps), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, m in zip(axes, maps):
        grid = [[m.count(p, c) for c in m.concepts] for p in m.players]
        top = max((v for row in grid for v in row), default=1) or 1
        ax.imshow(grid, cmap="Blues", vmin=0, vmax=top, aspect="auto")
        ax.set_xticks(range(len(m.concepts)), [_wrap(c) for c in m.concepts], rotation=30, ha="right", fontsize=8)
        ax.set_yticks(range(len(m.players)), m.players, fontsize=8)
        ax.set_title(f"players x {m.dimension}s (statements per cell)", fontsize=10)
        if m.unnamed:               # not rows (the reports do not name them), but not hidden either
            listed = list(m.unnamed_by_counterparty().items())
            note = "; ".join(f"{name}: " + ", ".join(f"{c} {n}" for c, n in by.items()) for name, by in listed[:4])
            note += f"; and {len(listed) - 4} more (spacekg map)" if len(listed) > 4 else ""
            ax.set_xlabel(f"unnamed counterparties, not rows: {note}", fontsize=7, loc="left")
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                if v:
                    ax.text(j, i, str(v), ha="center", va="center", fontsize=8,
                            color="white" if v > top / 2 else "black")
    from ..output import output_file             # a random temporary name, or straight to a FIFO/device
    try:
        with output_file(path) as out:
            fig.savefig(out, format=suffix, dpi=150)
    except OSError as e:
        raise SpacekgError(f"cannot write {path}: {e.strerror or e}") from None


def _wrap(label: str, width: int = 18) -> str:
    words, lines = label.split(), [""]
    for w in words:
        if lines[-1] and len(lines[-1]) + 1 + len(w) > width:
            lines.append(w)
        else:
            lines[-1] = f"{lines[-1]} {w}".strip()
    return "\n".join(lines)
