"""Pictures and exports of the network view (spacekg.queries.network).

    >>> from spacekg.queries.network import project, view
    >>> from spacekg.viz import write
    >>> write(view(project(store), focus="Moon", depth=2), "moon.html")

`write` picks the format from the file's extension: .html (interactive page, see
spacekg.viz.html.render for the page as a string), .png / .svg (matplotlib), .graphml, .gexf,
.dot. The file is written through spacekg.output: next to its final name under a random name and
then moved there (a failed write never leaves half a file), or directly to a FIFO or device.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..output import output_file

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
    try:
        with output_file(path) as out:
            if fmt == "html":
                from .html import DEFAULT_TITLE, render
                out.write(render(graph, title or DEFAULT_TITLE, seed).encode("utf-8"))
            elif fmt in ("png", "svg"):
                from .static import save
                save(graph, out, fmt, title or "", seed)
            elif fmt == "graphml":
                from .export import write_graphml
                write_graphml(graph, out)
            elif fmt == "gexf":
                from .export import write_gexf
                write_gexf(graph, out, seed)
            else:
                from .export import write_dot
                write_dot(graph, out)
    except OSError as e:
        raise VizError(f"cannot write {path}: {e.strerror or e}") from None
    return fmt
