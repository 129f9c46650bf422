"""Pictures and exports of the network view (spacekg.queries.network).

    >>> from spacekg.queries.network import project, view
    >>> from spacekg.viz import write
    >>> write(view(project(store), focus="Moon", depth=2), "moon.html")

`write` picks the format from the file's extension: .html (interactive page, see
spacekg.viz.html.render for the page as a string), .png / .svg (matplotlib), .graphml, .gexf,
.dot. The file is written next to its final name and then moved there, so a failed write never
leaves half a file.
"""
from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from ..errors import VizError
from ..queries.network import DEFAULT_SEED

FORMATS = ("html", "png", "svg", "graphml", "gexf", "dot")


def format_of(path: str | os.PathLike) -> str:
    ext = Path(path).suffix.lower().lstrip(".")
    if ext == "htm":
        ext = "html"
    if ext not in FORMATS:
        raise VizError(f"cannot tell the format of '{path}': use one of the extensions "
                       f"{', '.join('.' + f for f in FORMATS)}")
    return ext


def write(graph: nx.Graph, path: str | os.PathLike, title: str | None = None, seed: int = DEFAULT_SEED) -> str:
    """Write `graph` to `path` in the format its extension names; returns that format."""
    fmt = format_of(path)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        if fmt == "html":
            from .html import DEFAULT_TITLE, render
            tmp.write_text(render(graph, title or DEFAULT_TITLE, seed), encoding="utf-8")
        elif fmt in ("png", "svg"):
            from .static import save
            save(graph, tmp, fmt, title or "", seed)
        elif fmt == "graphml":
            from .export import write_graphml
            write_graphml(graph, tmp)
        elif fmt == "gexf":
            from .export import write_gexf
            write_gexf(graph, tmp, seed)
        else:
            from .export import write_dot
            write_dot(graph, tmp)
        tmp.replace(path)
    except OSError as e:
        raise VizError(f"cannot write {path}: {e.strerror or e}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return fmt
