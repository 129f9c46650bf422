"""spacekg: space-mining market reports -> an RDF knowledge graph you can question.

The Python API, for notebooks (each name is imported on first use, so `import spacekg` is cheap):

    >>> import spacekg
    >>> spacekg.build(["reports/"], store="my-store")          # read, extract, store
    >>> store = spacekg.open_store("my-store")
    >>> spacekg.sparql(store, "SELECT ?p { ?p a sm:Player }").records()
    >>> facts = spacekg.extract("report.txt")                  # no store involved
"""
from __future__ import annotations

__version__ = "0.1.0"

_API = {
    "build": ("spacekg.corpus", "build"),
    "remove": ("spacekg.corpus", "remove"),
    "open_store": ("spacekg.api", "open_store"),
    "sparql": ("spacekg.api", "sparql"),
    "open_source": ("spacekg.graph.source", "open_source"),
    "extract": ("spacekg.extract", "extract"),
    "extract_text": ("spacekg.extract", "extract_text"),
    "Store": ("spacekg.graph.store", "Store"),
    "SpacekgError": ("spacekg.errors", "SpacekgError"),
}

__all__ = list(_API)


def __getattr__(name: str):
    if name in _API:
        import importlib

        module, attr = _API[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'spacekg' has no attribute {name!r}")
