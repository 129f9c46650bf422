"""`spacekg stats`: what the store holds."""
from __future__ import annotations

from .library import run_named


def store_stats(store) -> dict[str, int]:
    figures = run_named(store, "stats").records()[0]
    figures = {k: int(v or 0) for k, v in figures.items()}
    figures["named_graphs"] = len(store.graphs())
    figures["quads"] = len(store)
    return figures
